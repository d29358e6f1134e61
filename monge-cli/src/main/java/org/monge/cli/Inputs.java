package org.monge.cli;

import org.monge.gaussian.Gaussian;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.NpyRowReader;
import org.monge.linalg.Matrix;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the CLI's array arguments, naming the option in every error. What a reader notices (a
 * CSV header that was skipped) goes to the notes stream of the running command, one
 * "monge: note: ..." line each.
 */
public final class Inputs {
    private static final ThreadLocal<PrintWriter> NOTES = new ThreadLocal<>();

    private Inputs() {}

    /** Where notes go while a command runs on this thread; null to stop. */
    static void sendNotesTo(PrintWriter err) {
        if (err == null) NOTES.remove();
        else NOTES.set(err);
    }

    /** Tells the user something the input reading noticed. */
    static void note(String message) {
        PrintWriter err = NOTES.get();
        if (err == null) return;
        err.println("monge: note: " + message);
        err.flush();
    }

    public static NdArray array(Path p, String option) throws IOException {
        ArrayFiles.Loaded loaded;
        try {
            loaded = Options.tag(option, () -> ArrayFiles.load(p));
        } catch (IOException e) { // an I/O failure while reading (the readers turn format problems into IllegalArgumentException)
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(option + ": " + (m.startsWith(p.toString()) ? m : p + ": " + m), e);
        }
        loaded.notes().forEach(Inputs::note);
        NdArray a = loaded.array();
        if (a.data().length == 0) {
            throw new IllegalArgumentException(option + ": " + p + ": holds no values (shape " + Arrays.toString(a.shape()) + ")");
        }
        return a;
    }

    /**
     * Refuses an .npy matrix whose {@code copies} dense copies would not fit in the heap, from its header,
     * before reading it; other files (and unreadable headers, reported by the reading) pass.
     */
    static void requireFits(Path p, String option, int copies) throws IOException {
        if (!p.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) return;
        long entries;
        String shape;
        try (NpyRowReader r = new NpyRowReader(p)) {
            entries = (long) r.rows() * r.cols();
            shape = r.rows() + "×" + r.cols();
        } catch (IOException | RuntimeException e) {
            return;
        }
        Heap.require(option, "the " + shape + " matrix " + p, entries, copies * 8 * entries);
    }

    public static Matrix matrix(Path p, String option) throws IOException {
        return array(p, option).toMatrix(option);
    }

    /** Points, one per row: an n×d array, or a 1-D array of n points on the line (never one n-dimensional point). */
    public static Matrix points(Path p, String option) throws IOException {
        return array(p, option).toPoints(option);
    }

    public static double[] vector(Path p, String option) throws IOException {
        return array(p, option).toVector(option);
    }

    /** N(mean, cov) from files; a missing mean means zero. */
    public static Gaussian gaussian(Path mean, Path cov, String meanOption, String covOption) throws IOException {
        Matrix c = matrix(cov, covOption);
        double[] m = mean == null ? new double[c.rows()] : vector(mean, meanOption);
        return Options.tag(Map.of(covOption, covOption), meanOption + "/" + covOption, () -> Gaussian.of(m, c, covOption));
    }
}
