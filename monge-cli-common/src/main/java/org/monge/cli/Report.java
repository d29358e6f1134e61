package org.monge.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.monge.linalg.Matrix;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one command of {@code monge} or {@code monge spark}: named values, printed either as
 * one JSON object (--json) or as "key: value" lines. The one place the commands touch Jackson (in
 * monge spark, the Jackson that Spark brings). It writes with jackson-core's streaming generator, the
 * same bytes Jackson's ObjectMapper writes for these values (numbers as {@link Double#toString}), without
 * loading the data-binding framework: that keeps a trivial command's start-up short (docs/benchmarks.md,
 * "Start-up of the monge command").
 *
 * <p>Values are numbers, booleans, strings, null, enums, {@link Matrix}, arrays of numbers or of such
 * values, collections and maps of such values; anything else is refused when it is put.
 */
public final class Report {
    private static final JsonFactory JSON = new JsonFactory();
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Adds a value; an enum (a status) is written as its lower-case name, the one spelling of every status. */
    public Report put(String key, Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalStateException("result '" + key + "' is not finite (" + d + ")");
        }
        if (!writable(value)) {
            throw new IllegalStateException("result '" + key + "' has a type the report cannot write (" + value.getClass().getName() + ")");
        }
        Object v = value instanceof Matrix m ? m.toArray() : value;
        values.put(key, v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v);
        return this;
    }

    /** Adds every value of {@code other} (already checked when it was put there), in its order. */
    public Report putAll(Report other) {
        values.putAll(other.values);
        return this;
    }

    public Object get(String key) { return values.get(key); }

    /** The values in insertion order (read-only). */
    public Map<String, Object> asMap() { return Collections.unmodifiableMap(values); }

    public void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(toJson());
        } else {
            for (Map.Entry<String, Object> e : values.entrySet()) out.println(e.getKey() + ": " + human(e.getValue()));
        }
        out.flush();
    }

    public String toJson() {
        return json(values);
    }

    private static String human(Object v) {
        if (v instanceof double[][] || v instanceof double[] || v instanceof int[] || v instanceof Object[] || v instanceof Collection<?>) {
            return json(v);
        }
        return String.valueOf(v);
    }

    private static String json(Object v) {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    private static boolean writable(Object v) {
        if (v == null || v instanceof Double || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof Float || v instanceof BigDecimal || v instanceof BigInteger || v instanceof Boolean
                || v instanceof CharSequence || v instanceof Enum<?>
                || v instanceof Matrix || v instanceof double[] || v instanceof int[] || v instanceof long[]) {
            return true;
        }
        if (v instanceof Object[] a) {
            for (Object x : a) if (!writable(x)) return false;
            return true;
        }
        if (v instanceof Collection<?> c) {
            for (Object x : c) if (!writable(x)) return false;
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            for (Object x : m.values()) if (!writable(x)) return false;
            return true;
        }
        return false;
    }

    /** Writes one value as ObjectMapper would: nested enums by name, a Matrix as its rows. */
    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Matrix m) {
            write(g, m.toArray());
        } else if (v instanceof double[] a) {
            g.writeArray(a, 0, a.length);
        } else if (v instanceof int[] a) {
            g.writeArray(a, 0, a.length);
        } else if (v instanceof long[] a) {
            g.writeArray(a, 0, a.length);
        } else if (v instanceof Object[] a) {
            g.writeStartArray();
            for (Object x : a) write(g, x);
            g.writeEndArray();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object x : c) write(g, x);
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalStateException("the report cannot write a " + v.getClass().getName());
        }
    }
}
