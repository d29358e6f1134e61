package org.monge.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Loads and saves arrays by file extension: {@code .npy}, {@code .csv}; anything else is a clear error. */
public final class ArrayFiles {
    private ArrayFiles() {}

    public static NdArray read(Path path) throws IOException {
        if (!Files.exists(path)) throw new IllegalArgumentException("file not found: " + path);
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) return Npy.read(path);
        if (n.endsWith(".csv") || n.endsWith(".txt")) return Csv.read(path);
        if (n.endsWith(".npz")) {
            Map<String, NdArray> all = Npz.read(path);
            if (all.size() == 1) return all.values().iterator().next();
            throw new IllegalArgumentException(path + " holds several arrays " + all.keySet() + "; name one .npy or .csv file instead");
        }
        throw new IllegalArgumentException("unsupported file type for " + path + " (expected .npy, .npz or .csv)");
    }

    public static void write(Path path, NdArray a) throws IOException {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) Npy.write(path, a);
        else if (n.endsWith(".csv")) Csv.write(path, a);
        else throw new IllegalArgumentException("unsupported output type for " + path + " (expected .npy or .csv)");
    }
}
