package org.monge.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads and writes NumPy {@code .npz} archives (a zip of {@code .npy} members, stored or deflated). */
public final class Npz {
    private Npz() {}

    /** Every array in the archive, by name (without the {@code .npy} suffix), in archive order. */
    public static Map<String, NdArray> read(Path path) throws IOException {
        if (!Files.exists(path)) throw new IllegalArgumentException("file not found: " + path);
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, Npy.read(in, path + ":" + e.getName()));
                }
            }
        } catch (ZipException | NoSuchFileException e) {
            throw new IllegalArgumentException(path + " is not a readable .npz archive: " + e.getMessage());
        }
        return out;
    }

    /** The named array, or a clear error listing the names the archive has. */
    public static NdArray require(Map<String, NdArray> arrays, String key, Path path) {
        NdArray a = arrays.get(key);
        if (a == null) throw new IllegalArgumentException(path + " has no array '" + key + "' (it has " + arrays.keySet() + ")");
        return a;
    }

    /** Writes the arrays as a deflated archive. */
    public static void write(Path path, Map<String, NdArray> arrays) throws IOException {
        try (OutputStream fo = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(fo)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(new NonClosing(zip), e.getValue());
                zip.closeEntry();
            }
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override
        public void close() throws IOException { flush(); }
    }
}
