package org.monge.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0, 3.0): element type, byte
 * order, C or Fortran order and shape. Written by hand: the format is a short documented text
 * header (numpy.lib.format) and no small, well-kept Java library reads it.
 */
record NpyHeader(char kind, int itemSize, ByteOrder order, boolean fortranOrder, int[] shape, int headerBytes) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    long count() {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    static NpyHeader read(InputStream in, String name) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] magic = new byte[6];
        try {
            din.readFully(magic);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(name + " is not a .npy file: it is shorter than the header");
        }
        if (!Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException(name + " is not a .npy file (no NumPy magic number)");
        int major = din.readUnsignedByte();
        din.readUnsignedByte();
        int len;
        int pre;
        if (major == 1) {
            len = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
            pre = 10;
        } else if (major == 2 || major == 3) {
            len = Integer.reverseBytes(din.readInt());
            pre = 12;
        } else {
            throw new IllegalArgumentException(name + ": unsupported .npy format version " + major);
        }
        if (len < 0 || len > (1 << 24)) throw new IllegalArgumentException(name + ": corrupt .npy header length " + len);
        byte[] h = new byte[len];
        din.readFully(h);
        String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(name + ": cannot parse .npy header " + header.trim());
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        boolean supported = (kind == 'f' && (size == 4 || size == 8)) || (kind == 'i' && (size == 1 || size == 2 || size == 4 || size == 8))
                || (kind == 'u' && (size == 1 || size == 2 || size == 4)) || (kind == 'b' && size == 1);
        if (!supported) {
            throw new IllegalArgumentException(name + ": unsupported .npy element type '" + d.group(1) + kind + size + "' (expected float32 or float64, or integers)");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String[] parts = s.group(1).split(",");
        int[] shape = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).mapToInt(Integer::parseInt).toArray();
        return new NpyHeader(kind, size, order, f.group(1).equals("True"), shape, pre + len);
    }
}
