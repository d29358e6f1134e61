package org.monge.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} arrays: float32/float64 (and integer types, read as
 * doubles), either byte order, C or Fortran order, any rank (the library uses 1-D to 3-D).
 * Writes little-endian float64 in C order, format 1.0. Hand-written: see {@link NpyHeader}.
 */
public final class Npy {
    private Npy() {}

    /** Values one Java array can hold. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Values allocated up front when the stream's length cannot be trusted; more as data arrives. */
    private static final int FIRST_BLOCK = 1 << 16;

    public static NdArray read(Path path) throws IOException {
        Sources.requireReadable(path);
        long length = Sources.lengthIfRegular(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString(), length, length >= 0);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(path + ": file not found");
        }
    }

    /** Reads one array from a stream; {@code name} is used in error messages. */
    public static NdArray read(InputStream in, String name) throws IOException {
        return read(in, name, -1, false);
    }

    /**
     * Reads one array from a stream that claims to hold {@code length} bytes (-1: unknown). A header
     * declaring more data than that is refused before anything is allocated; unless the length is
     * {@code exact}, memory grows only with the data actually read, so a corrupt header cannot
     * make the reader allocate what the input does not hold.
     */
    static NdArray read(InputStream in, String name, long length, boolean exact) throws IOException {
        NpyHeader h = NpyHeader.read(in, name);
        long count = h.count();
        int[] shape = h.shape();
        if (length >= 0 && length - h.headerBytes() < h.dataBytes()) {
            throw new IllegalArgumentException(name + ": is truncated: the header declares shape " + Arrays.toString(shape) + ", "
                    + h.dataBytes() + " bytes of data, but the file holds " + Math.max(0, length - h.headerBytes()));
        }
        if (count > MAX_VALUES) {
            throw new IllegalArgumentException(name + ": is too large to load at once (" + count + " values); stream it instead");
        }
        boolean reorder = h.fortranOrder() && shape.length > 1;
        long needed = count * Double.BYTES * (reorder ? 2 : 1);
        if (exact) Sources.requireHeap(name, needed);
        int n = (int) count;
        double[] raw = new double[exact ? n : Math.min(n, FIRST_BLOCK)];
        byte[] buf = new byte[1 << 16 - (1 << 16) % 8];
        int done = 0;
        int item = h.itemSize();
        while (done < n) {
            int want = Math.min(buf.length / item, n - done) * item;
            int got = in.readNBytes(buf, 0, want);
            if (got < want) {
                throw new IllegalArgumentException(name + ": is truncated: expected " + n + " values, file ends after "
                        + (done + got / item));
            }
            if (done + got / item > raw.length) {
                Sources.requireHeap(name, needed); // real data keeps coming: the whole array is wanted
                raw = Arrays.copyOf(raw, (int) Math.min(n, 2L * raw.length + got / item));
            }
            decode(h, ByteBuffer.wrap(buf, 0, got).order(h.order()), raw, done, got / item);
            done += got / item;
        }
        double[] data = reorder ? fortranToC(raw, shape) : raw;
        return new NdArray(shape, data);
    }

    static void decode(NpyHeader h, ByteBuffer bb, double[] out, int offset, int count) {
        char k = h.kind();
        int s = h.itemSize();
        if (k == 'f' && s == 8) { // float64, the usual case: one bulk copy (byte-swapped if need be), fast from a cold start
            bb.asDoubleBuffer().get(out, offset, count);
            bb.position(bb.position() + count * Double.BYTES);
            return;
        }
        for (int i = 0; i < count; i++) {
            double v;
            if (k == 'f') v = s == 4 ? bb.getFloat() : bb.getDouble();
            else if (k == 'u') {
                v = s == 1 ? Byte.toUnsignedInt(bb.get())
                        : s == 2 ? Short.toUnsignedInt(bb.getShort())
                        : Integer.toUnsignedLong(bb.getInt());
            }
            else v = s == 1 ? bb.get() : s == 2 ? bb.getShort() : s == 4 ? bb.getInt() : (double) bb.getLong();
            out[offset + i] = v;
        }
    }

    private static double[] fortranToC(double[] f, int[] shape) {
        int rank = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[rank];
        long[] fstride = new long[rank];
        fstride[0] = 1;
        for (int a = 1; a < rank; a++) fstride[a] = fstride[a - 1] * shape[a - 1];
        for (int lin = 0; lin < c.length; lin++) {
            long fo = 0;
            for (int a = 0; a < rank; a++) fo += idx[a] * fstride[a];
            c[lin] = f[(int) fo];
            for (int a = rank - 1; a >= 0; a--) { // advance the C-order multi-index
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
        return c;
    }

    public static void write(Path path, NdArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(out, array);
        }
    }

    /** Writes little-endian float64, C order, format 1.0. */
    public static void write(OutputStream out, NdArray array) throws IOException {
        int[] shape = array.shape();
        StringBuilder sb = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (");
        for (int s : shape) sb.append(s).append(", ");
        if (shape.length > 1) sb.setLength(sb.length() - 2);
        else if (shape.length == 1) sb.setLength(sb.length() - 1);
        sb.append("), }");
        int total = 10 + sb.length() + 1;
        int pad = (64 - total % 64) % 64;
        sb.append(" ".repeat(pad)).append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0).putShort((short) header.length);
        out.write(pre.array());
        out.write(header);
        double[] d = array.data();
        ByteBuffer bb = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < d.length; i++) {
            bb.putDouble(d[i]);
            if (!bb.hasRemaining()) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
        }
        out.write(bb.array(), 0, bb.position());
    }
}
