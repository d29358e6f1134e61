package org.monge.io;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives (a zip of {@code .npy} members, stored or deflated).
 * Members are read one by one, so a caller that names the arrays it needs is not stopped by an
 * unrelated member (a note, a string array) that is no numeric array.
 */
public final class Npz {
    private Npz() {}

    /** Every array in the archive, by name (without the {@code .npy} suffix), in archive order. */
    public static Map<String, NdArray> read(Path path) throws IOException {
        return read(path, (String[]) null);
    }

    /**
     * The named arrays only, in the order asked for; other members are not read. A missing name is
     * a clear error listing the names the archive has.
     */
    public static Map<String, NdArray> read(Path path, String... keys) throws IOException {
        Sources.requireReadable(path);
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipFile zip = open(path)) {
            Map<String, ZipEntry> members = members(zip, path);
            for (String key : keys == null ? members.keySet() : List.of(keys)) {
                ZipEntry e = members.get(key);
                if (e == null) throw new IllegalArgumentException(path + ": has no array '" + key + "' (it has " + members.keySet() + ")");
                String name = path + ":" + e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, Npy.read(in, name, e.getSize(), false));
                } catch (ZipException | EOFException ex) {
                    throw new IllegalArgumentException(name + ": cannot be decompressed: " + describe(ex), ex);
                }
            }
        }
        return out;
    }

    /** The names of the archive's arrays, in archive order, without reading any of them. */
    public static Set<String> names(Path path) throws IOException {
        Sources.requireReadable(path);
        try (ZipFile zip = open(path)) {
            return new LinkedHashSet<>(members(zip, path).keySet());
        }
    }

    private static ZipFile open(Path path) throws IOException {
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException | EOFException | NoSuchFileException | IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": is not a readable .npz archive: " + describe(e), e);
        }
    }

    /** The archive's members by array name (a member's name without its .npy suffix), directories left out. */
    private static Map<String, ZipEntry> members(ZipFile zip, Path path) {
        Map<String, ZipEntry> members = new LinkedHashMap<>();
        try {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                members.putIfAbsent(key, e);
            }
        } catch (IllegalArgumentException e) { // a member name that is not valid in the archive's encoding
            throw new IllegalArgumentException(path + ": is not a readable .npz archive: " + describe(e), e);
        }
        return members;
    }

    private static String describe(Exception e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) return e.getMessage();
        return e instanceof EOFException ? "it ends early" : e.getClass().getSimpleName();
    }

    /** The named array, or a clear error listing the names the archive has. */
    public static NdArray require(Map<String, NdArray> arrays, String key, Path path) {
        NdArray a = arrays.get(key);
        if (a == null) throw new IllegalArgumentException(path + ": has no array '" + key + "' (it has " + arrays.keySet() + ")");
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

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override
        public void close() throws IOException { flush(); }
    }
}
