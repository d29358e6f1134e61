package org.monge.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads numeric CSV: UTF-8 (a leading byte-order mark is dropped), comma-separated numbers in
 * decimal notation, or NumPy's inf, -inf and nan; lines starting with '#' are ignored. The first
 * row is taken as a header only when none of its cells is or looks like a number (starts with a
 * digit, a sign and a digit, or a point and a digit), so a malformed first data row is an error
 * rather than silently dropped; the result says whether a header was skipped, for the caller to
 * tell its user. {@link #read} ignores blank lines; {@link #readRagged} keeps each blank line as
 * an empty row. Lines are bounded in length and the values read in number, so a device or an
 * endless stream is refused instead of filling the heap. Hand-written: the subset is tiny and
 * needs exact errors.
 */
public final class Csv {
    /** The longest line read, in characters. */
    static final int MAX_LINE = 1 << 20;

    private Csv() {}

    /** A rectangular table and the header line that was skipped, or null. */
    public record Table(NdArray array, String header) {}

    /** Rows of possibly different lengths and the header line that was skipped, or null. */
    public record Rows(List<double[]> rows, String header) {}

    public static NdArray read(Path path) throws IOException {
        return readTable(path).array();
    }

    /** The rows as an n × c array; every row must have the first row's number of values. */
    public static Table readTable(Path path) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String header = parse(path, false, rows, lines);
        int c = rows.isEmpty() ? 0 : rows.get(0).length;
        Sources.requireHeap(path.toString(), (long) rows.size() * c * Double.BYTES);
        double[] data = new double[rows.size() * c];
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != c) {
                throw new IllegalArgumentException(path + ": line " + lines.get(i) + ": row " + (i + 1) + " has " + rows.get(i).length
                        + " values, the first row has " + c);
            }
            System.arraycopy(rows.get(i), 0, data, i * c, c);
        }
        return new Table(new NdArray(new int[] {rows.size(), c}, data), header);
    }

    /** Rows of possibly different lengths (for preference lists); every blank line is an empty row, also at the start and end. */
    public static Rows readRagged(Path path) throws IOException {
        List<double[]> rows = new ArrayList<>();
        String header = parse(path, true, rows, new ArrayList<>());
        return new Rows(rows, header);
    }

    /** Appends the data rows and their line numbers; returns the skipped header line, or null. */
    private static String parse(Path path, boolean blankIsRow, List<double[]> rows, List<Integer> lines) throws IOException {
        Sources.requireReadable(path);
        String header = null;
        long values = 0;
        long nextHeapCheck = 1 << 20;
        try (Lines r = new Lines(Files.newInputStream(path), path)) {
            int lineNo = 0;
            boolean seenRow = false;
            String line;
            while ((line = r.next(lineNo + 1)) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\ufeff")) line = line.substring(1);
                String t = line.trim();
                if (t.startsWith("#")) continue;
                if (t.isEmpty()) {
                    if (blankIsRow) {
                        rows.add(new double[0]);
                        lines.add(lineNo);
                        seenRow = true;
                    }
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (!seenRow && header == null && isHeader(cells)) {
                    header = t;
                    continue;
                }
                seenRow = true;
                rows.add(row(cells, path, lineNo));
                lines.add(lineNo);
                values += cells.length + 2; // + the row's own overhead, about two values' worth
                if (values >= nextHeapCheck) {
                    Sources.requireHeap(path.toString(), 3 * values * Double.BYTES); // the rows, and the array built from them
                    nextHeapCheck *= 2;
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(path + ": file not found");
        }
        return header;
    }

    private static double[] row(String[] cells, Path path, int lineNo) {
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String f = cells[i].trim();
            double x = number(f);
            if (Double.isNaN(x) && !isNan(f)) {
                throw new IllegalArgumentException(path + ": line " + lineNo + " is not a list of numbers: " + problem(f, i, cells.length));
            }
            v[i] = x;
        }
        return v;
    }

    private static String problem(String f, int i, int n) {
        String which = "value " + (i + 1);
        if (f.isEmpty()) return which + " is empty" + (i == n - 1 && n > 1 ? " (a trailing comma?)" : "");
        String s = which + " '" + abbreviate(f) + "' is not a number";
        if (f.indexOf('\u2212') >= 0) s += " (it uses the Unicode minus sign U+2212; write '-')";
        else if (f.contains(";") || f.contains("\t") || f.trim().contains(" ")) s += " (values must be separated by commas)";
        return s;
    }

    /** A header: no cell is or looks like a number, and some cell has text. */
    private static boolean isHeader(String[] cells) {
        boolean text = false;
        for (String c : cells) {
            String f = c.trim();
            if (!Double.isNaN(number(f)) || isNan(f) || looksNumeric(f)) return false;
            text |= !f.isEmpty();
        }
        return text;
    }

    /** Starts like a number: optional sign (ASCII or Unicode minus), then a digit or a point and a digit. */
    private static boolean looksNumeric(String f) {
        int i = 0;
        if (i < f.length() && (f.charAt(i) == '+' || f.charAt(i) == '-' || f.charAt(i) == '\u2212')) i++;
        if (i < f.length() && f.charAt(i) == '.') i++;
        return i < f.length() && f.charAt(i) >= '0' && f.charAt(i) <= '9';
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

    private static boolean isNan(String f) {
        String l = f.toLowerCase(Locale.ROOT);
        return l.equals("nan") || l.equals("+nan") || l.equals("-nan");
    }

    /**
     * A decimal number ([sign] digits [. digits] [e [sign] digits]) or NumPy's spellings of the
     * non-finite values (inf, -inf, nan, any case); NaN for anything else (callers tell a real nan
     * by {@link #isNan}). Stricter than Double.parseDouble, which also takes "1d", "0x1p3" and "Infinity".
     */
    private static double number(String f) {
        switch (f.toLowerCase(Locale.ROOT)) {
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            case "nan": case "+nan": case "-nan": return Double.NaN;
            default: return isDecimal(f) ? Double.parseDouble(f) : Double.NaN;
        }
    }

    private static boolean isDecimal(String f) {
        int i = 0, n = f.length();
        if (i < n && (f.charAt(i) == '+' || f.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && isDigit(f.charAt(i))) { i++; digits++; }
        if (i < n && f.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(f.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && (f.charAt(i) == 'e' || f.charAt(i) == 'E')) {
            i++;
            if (i < n && (f.charAt(i) == '+' || f.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(f.charAt(i))) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /**
     * Lines of UTF-8 text ending in \n, \r\n or \r, each at most {@link #MAX_LINE} characters. A NUL
     * byte or a malformed byte (decoded as U+FFFD, which no CSV of numbers holds) is refused with its line.
     */
    private static final class Lines implements Closeable {
        private final Reader in;
        private final Path path;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int end;
        private boolean skipLf;

        Lines(InputStream in, Path path) {
            this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            this.path = path;
        }

        /** The next line without its terminator, or null at the end. */
        String next(int lineNo) throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos == end && !fill()) return sb == null || sb.length() == 0 ? null : sb.toString();
                if (skipLf) {
                    skipLf = false;
                    if (buf[pos] == '\n') pos++;
                    continue;
                }
                int start = pos;
                while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') {
                    if (buf[pos] == 0) throw new IllegalArgumentException(path + ": line " + lineNo + " holds a NUL byte: not a text file");
                    if (buf[pos] == '\uFFFD') throw new IllegalArgumentException(path + ": line " + lineNo + " is not valid UTF-8 text");
                    pos++;
                }
                int length = (sb == null ? 0 : sb.length()) + pos - start;
                if (length > MAX_LINE) {
                    throw new IllegalArgumentException(path + ": line " + lineNo + " is longer than " + MAX_LINE
                            + " characters: not a CSV file of numbers");
                }
                if (pos < end) {
                    skipLf = buf[pos] == '\r';
                    pos++;
                    if (sb == null) return new String(buf, start, pos - 1 - start);
                    return sb.append(buf, start, pos - 1 - start).toString();
                }
                if (sb == null) sb = new StringBuilder();
                sb.append(buf, start, pos - start);
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) return false;
            pos = 0;
            end = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
