package org.monge.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric CSV (comma-separated; blank lines and lines starting with '#' ignored; an optional
 * first header line whose fields are not all numbers is skipped; NumPy's inf, -inf and nan are
 * numbers, so a first row holding them is data, not a header). Rows must have equal length,
 * except with {@link #readRagged}. Hand-written: the subset is tiny and needs exact errors.
 */
public final class Csv {
    private Csv() {}

    public static NdArray read(Path path) throws IOException {
        List<double[]> rows = readRagged(path);
        int c = rows.isEmpty() ? 0 : rows.get(0).length;
        double[] data = new double[rows.size() * c];
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != c) {
                throw new IllegalArgumentException(path + ": row " + (i + 1) + " has " + rows.get(i).length + " values, the first row has " + c);
            }
            System.arraycopy(rows.get(i), 0, data, i * c, c);
        }
        return new NdArray(new int[] {rows.size(), c}, data);
    }

    /** Rows of possibly different lengths (for preference lists); a blank line after the first row is an empty row, also at the end. */
    public static List<double[]> readRagged(Path path) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path)) {
            String line;
            int lineNo = 0;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    if (t.isEmpty() && !first) rows.add(new double[0]); // an empty row is meaningful for ragged lists
                    continue;
                }
                String[] f = t.split("\\s*,\\s*", -1);
                double[] v = new double[f.length];
                boolean numeric = true;
                for (int i = 0; i < f.length && numeric; i++) {
                    try {
                        v[i] = number(f[i]);
                    } catch (NumberFormatException e) {
                        numeric = false;
                    }
                }
                if (!numeric) {
                    if (first) { first = false; continue; } // header
                    throw new IllegalArgumentException(path + ": line " + lineNo + " is not a list of numbers: " + abbreviate(t));
                }
                first = false;
                rows.add(v);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file not found: " + path);
        }
        return rows;
    }

    public static void write(Path path, NdArray a) throws IOException {
        int[] s = a.shape();
        int cols = s.length == 2 ? s[1] : 1;
        if (s.length > 2) throw new IllegalArgumentException("CSV holds 1-D or 2-D arrays, got rank " + s.length);
        try (Writer w = Files.newBufferedWriter(path)) {
            double[] d = a.data();
            for (int i = 0; i < d.length; i++) {
                w.write(Double.toString(d[i]));
                w.write((i + 1) % cols == 0 ? "\n" : ",");
            }
        }
    }

    /** A number in Java's syntax or NumPy's spellings of the non-finite values (inf, -inf, nan, any case). */
    private static double number(String f) {
        switch (f.toLowerCase(java.util.Locale.ROOT)) {
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            case "nan": case "+nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(f);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
