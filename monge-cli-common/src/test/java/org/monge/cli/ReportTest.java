package org.monge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The result writer both commands use: JSON and "key: value" lines, statuses in lower case, no non-finite number. */
class ReportTest {
    enum Status { CONVERGED }

    private static String print(Report r, boolean json) {
        StringWriter s = new StringWriter();
        r.print(new PrintWriter(s), json);
        return s.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void writesJsonAndLines() {
        Report r = new Report().put("fid", 0.5).put("status", Status.CONVERGED).put("name", "a\"b")
                .put("pairs", List.of(Arrays.asList(0L, 1L, 0.25))).put("m", Matrix.fromRowMajor(1, 2, new double[] {1, 2}));
        assertThat(print(r, true))
                .isEqualTo("{\"fid\":0.5,\"status\":\"converged\",\"name\":\"a\\\"b\",\"pairs\":[[0,1,0.25]],\"m\":[[1.0,2.0]]}\n");
        assertThat(print(r, false)).isEqualTo("fid: 0.5\nstatus: converged\nname: a\"b\npairs: [[0,1,0.25]]\nm: [[1.0,2.0]]\n");
    }

    /**
     * The streaming writer against Jackson's ObjectMapper (what Report used before) on every kind of value a command
     * puts: doubles at the edges of Double.toString's formats, ints, longs, booleans, null, escaped strings, arrays,
     * nested lists and maps; byte for byte, as JSON and as "key: value" lines.
     */
    @Test
    void writesWhatObjectMapperWrites() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("n", 3);
        nested.put("x", List.of(1e-300, -0.0));
        nested.put("none", null);
        nested.put("status", Status.CONVERGED);
        double[] edges = {0.0, -0.0, 1.0, 0.1, 1.0 / 3, 1e7, 9999999.0, 1e-3, 9.99e-4, 1e21, 1e22, Double.MIN_VALUE,
            Double.MAX_VALUE, -Math.PI, 0.5120399344724084, Double.NaN, Double.POSITIVE_INFINITY};
        Report r = new Report().put("w2", 0.5120399344724084).put("w2_squared", 0.2621848944945082).put("tiny", 4.9e-324)
                .put("big", 1.7976931348623157e308).put("whole", 2.0).put("neg", -12345.678e-9).put("int", 7)
                .put("intmin", Integer.MIN_VALUE).put("long", Long.MAX_VALUE).put("float", 0.1f).put("bigdec", new BigDecimal("1.50"))
                .put("bigint", BigInteger.TEN.pow(30)).put("yes", true).put("no", false).put("null", null).put("empty", "")
                .put("text", "tab\there \"q\" \\ é ∑ \u0001 </script>").put("vector", edges)
                .put("matrix", new double[][] {{1, 2}, {3.5, -0.25}}).put("ragged", new double[][] {{}, {1e-9}})
                .put("ints", new int[] {0, -1, Integer.MAX_VALUE}).put("longs", new long[] {Long.MIN_VALUE, 5})
                .put("strings", new String[] {"a", "b"}).put("list", Arrays.asList(0L, 1L, 0.25, null, "s", true))
                .put("nested", nested).put("empty_list", List.of()).put("status", Status.CONVERGED);
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        assertThat(r.toJson()).isEqualTo(mapper.writeValueAsString(r.asMap()));
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
            Object v = e.getValue();
            boolean asJson = v instanceof double[][] || v instanceof double[] || v instanceof int[] || v instanceof Object[]
                    || v instanceof List<?>;
            lines.append(e.getKey()).append(": ").append(asJson ? mapper.writeValueAsString(v) : String.valueOf(v)).append('\n');
        }
        assertThat(print(r, false)).isEqualTo(lines.toString());
    }

    @Test
    void refusesAValueItCannotWrite() {
        assertThatThrownBy(() -> new Report().put("x", new Object())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    void refusesANonFiniteResult() {
        assertThatThrownBy(() -> new Report().put("w2", Double.NaN)).hasMessageContaining("'w2' is not finite");
    }
}
