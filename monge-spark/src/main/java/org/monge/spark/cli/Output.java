package org.monge.spark.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's result: named numbers, strings and lists of them, printed as one JSON object
 * (--json) or as "key: value" lines. Written by hand because the only JSON library on this class
 * path is Spark's own Jackson, which is not ours to depend on.
 */
final class Output {
    private final Map<String, Object> values = new LinkedHashMap<>();

    Output put(String key, Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) throw new IllegalStateException("result '" + key + "' is not finite (" + d + ")");
        values.put(key, value);
        return this;
    }

    Object get(String key) { return values.get(key); }

    void print(PrintWriter out, boolean json) {
        if (json) {
            StringBuilder b = new StringBuilder("{");
            values.forEach((k, v) -> {
                if (b.length() > 1) b.append(',');
                b.append(string(k)).append(':').append(value(v));
            });
            out.println(b.append('}'));
        } else {
            values.forEach((k, v) -> out.println(k + ": " + (v instanceof String s ? s : value(v))));
        }
        out.flush();
    }

    private static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return string(s);
        if (v instanceof Double d) return Double.toString(d);
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof double[] a) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) b.append(i > 0 ? "," : "").append(a[i]);
            return b.append(']').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) b.append(i > 0 ? "," : "").append(value(l.get(i)));
            return b.append(']').toString();
        }
        throw new IllegalStateException("no JSON form for " + v.getClass());
    }

    private static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
