package org.monge.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Loads and saves arrays by file extension: {@code .npy}, {@code .npz}, {@code .csv}/{@code .txt}; anything else is a clear error. */
public final class ArrayFiles {
    private ArrayFiles() {}

    /**
     * An array and what the reader noticed that its user should be told (a CSV header line that was
     * skipped); the library prints nothing itself.
     */
    public record Loaded(NdArray array, List<String> notes) {
        public Loaded {
            notes = List.copyOf(notes);
        }
    }

    public static NdArray read(Path path) throws IOException {
        return load(path).array();
    }

    public static Loaded load(Path path) throws IOException {
        String n = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) return new Loaded(Npy.read(path), List.of());
        if (n.endsWith(".csv") || n.endsWith(".txt")) {
            Csv.Table t = Csv.readTable(path);
            return new Loaded(t.array(), t.header() == null ? List.of() : List.of(headerNote(path)));
        }
        if (n.endsWith(".npz")) {
            Set<String> names = Npz.names(path);
            if (names.size() == 1) return new Loaded(Npz.read(path, names.iterator().next()).values().iterator().next(), List.of());
            throw new IllegalArgumentException(path + ": holds " + (names.isEmpty() ? "no arrays" : "several arrays " + names)
                    + "; name one .npy or .csv file instead");
        }
        Sources.requireReadable(path);
        throw new IllegalArgumentException(path + ": unsupported file type (expected .npy, .npz, .csv or .txt)");
    }

    /** The note for a CSV file whose first row was taken as a header. */
    public static String headerNote(Path path) {
        return "first row of " + path + " taken as a header";
    }

    public static void write(Path path, NdArray a) throws IOException {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) Npy.write(path, a);
        else if (n.endsWith(".csv")) Csv.write(path, a);
        else throw new IllegalArgumentException("unsupported output type for " + path + " (expected .npy or .csv)");
    }
}
