package org.monge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one command of {@code monge} or {@code monge spark}: named values, printed either as
 * one JSON object (--json) or as "key: value" lines. The one place the commands touch Jackson (in
 * monge spark, the Jackson that Spark brings).
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Adds a value; an enum (a status) is written as its lower-case name, the one spelling of every status. */
    public Report put(String key, Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalStateException("result '" + key + "' is not finite (" + d + ")");
        }
        Object v = value instanceof Matrix m ? m.toArray() : value;
        values.put(key, v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v);
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
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String human(Object v) {
        if (v instanceof double[][] || v instanceof double[] || v instanceof int[] || v instanceof Object[] || v instanceof Collection<?>) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }
}
