package org.monge.cli;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

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

    @Test
    void refusesANonFiniteResult() {
        assertThatThrownBy(() -> new Report().put("w2", Double.NaN)).hasMessageContaining("'w2' is not finite");
    }
}
