package org.monge.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0, 3.0): element type, byte
 * order, C or Fortran order and shape. Written by hand: the format is a short documented text
 * header (numpy.lib.format), a Python dict literal with exactly the keys descr, fortran_order and
 * shape, and no small, well-kept Java library reads it. A key given twice is refused (NumPy's
 * literal_eval would keep the last one silently).
 */
record NpyHeader(char kind, int itemSize, ByteOrder order, boolean fortranOrder, int[] shape, int headerBytes) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([a-zA-Z])(\\d{1,3})");
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    /** NumPy itself refuses headers over 10000 bytes unless told otherwise; this leaves room and bounds the allocation. */
    private static final int MAX_HEADER = 1 << 16;

    /** The number of values the header declares. */
    long count() {
        return NdArray.size(shape);
    }

    /** The bytes of data the header declares. */
    long dataBytes() {
        long n = count();
        return n > Long.MAX_VALUE / itemSize ? Long.MAX_VALUE : n * itemSize;
    }

    static NpyHeader read(InputStream in, String name) throws IOException {
        try {
            return parse(new DataInputStream(in), name);
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + ": not a .npy file: it ends inside the header");
        }
    }

    private static NpyHeader parse(DataInputStream din, String name) throws IOException {
        byte[] magic = new byte[6];
        din.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException(name + ": is not a .npy file (no NumPy magic number)");
        int major = din.readUnsignedByte();
        din.readUnsignedByte();
        long len;
        int pre;
        if (major == 1) {
            len = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
            pre = 10;
        } else if (major == 2 || major == 3) {
            len = Integer.toUnsignedLong(Integer.reverseBytes(din.readInt()));
            pre = 12;
        } else {
            throw new IllegalArgumentException(name + ": unsupported .npy format version " + major);
        }
        if (len > MAX_HEADER) throw new IllegalArgumentException(name + ": corrupt .npy header length " + len);
        byte[] h = new byte[(int) len];
        din.readFully(h);
        String text = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new Literal(text).dict();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": cannot parse .npy header " + abbreviate(text.trim()) + ": " + e.getMessage());
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new IllegalArgumentException(name + ": .npy header must have exactly the keys descr, fortran_order and shape, got "
                    + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new IllegalArgumentException(name + ": unsupported .npy element type " + abbreviate(String.valueOf(dict.get("descr")))
                    + " (expected float32 or float64, or integers)");
        }
        Matcher d = DESCR.matcher(descr);
        char kind = 0;
        int size = 0;
        if (d.matches()) {
            kind = d.group(2).charAt(0);
            size = Integer.parseInt(d.group(3));
        }
        boolean supported = (kind == 'f' && (size == 4 || size == 8)) || (kind == 'i' && (size == 1 || size == 2 || size == 4 || size == 8))
                || (kind == 'u' && (size == 1 || size == 2 || size == 4)) || (kind == 'b' && size == 1);
        if (!supported) {
            throw new IllegalArgumentException(name + ": unsupported .npy element type '" + abbreviate(descr)
                    + "' (expected float32 or float64, or integers)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException(name + ": .npy header: fortran_order must be True or False, got "
                    + dict.get("fortran_order"));
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw new IllegalArgumentException(name + ": .npy header: shape must be a tuple of integers, got " + dict.get("shape"));
        }
        try {
            NdArray.size(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NpyHeader(kind, size, order, fortran, shape, (int) (pre + len));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /**
     * The subset of Python literals a .npy header uses: a dict with string keys, and string,
     * True/False and tuple-of-integers values (integers may carry Python 2's L suffix).
     */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(String s) { this.s = s; }

        Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (true) {
                if (peek() == '}') break;
                String key = string();
                expect(':');
                Object value = value();
                if (out.put(key, value) != null) throw new IllegalArgumentException("key '" + abbreviate(key) + "' appears twice");
                if (peek() == ',') { i++; continue; }
                if (peek() == '}') break;
                throw error("',' or '}'");
            }
            i++;
            if (peek() != 0) throw error("the end of the header");
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
            throw error("a string, True, False or a tuple");
        }

        private int[] tuple() {
            int start = i;
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (peek() != ')') {
                if (!Character.isDigit(peek()) && peek() != '-') throw notIntegers(start);
                dims.add(dimension());
                if (peek() == ',') i++;
                else if (peek() != ')') throw notIntegers(start);
            }
            i++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private IllegalArgumentException notIntegers(int start) {
            int end = s.indexOf(')', start);
            String text = end < 0 ? s.substring(start) : s.substring(start, end + 1);
            return new IllegalArgumentException("shape must be a tuple of integers, got " + abbreviate(text.trim()));
        }

        private int dimension() {
            peek();
            boolean negative = i < s.length() && s.charAt(i) == '-';
            if (negative) i++;
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
            if (i == start) throw error("an integer");
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++;
            if (negative) throw new IllegalArgumentException("shape has a negative extent -" + abbreviate(digits));
            if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape extent " + abbreviate(digits) + " exceeds " + Integer.MAX_VALUE);
            }
            return Integer.parseInt(digits);
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') throw error("a quoted string");
            int end = s.indexOf(q, i + 1);
            if (end < 0) throw error("the end of a string");
            String out = s.substring(i + 1, end);
            if (out.indexOf('\\') >= 0) throw new IllegalArgumentException("escape sequences are not supported in strings");
            i = end + 1;
            return out;
        }

        private void expect(char c) {
            if (peek() != c) throw error("'" + c + "'");
            i++;
        }

        /** Skips white space; the next character, or 0 at the end. */
        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            return i < s.length() ? s.charAt(i) : 0;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at character " + i);
        }
    }
}
