package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.unbalanced.EntropicPartialTransport;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge partial --epsilon}: the entropic partial problem from the command line, its plan, and its refusals. */
class EntropicPartialCliTest {
    @TempDir Path dir;

    static final double[][] X = {{0, 0}, {1, 0}, {0, 2}}, Y = {{1, 1}, {3, 0}, {0, 0}};

    String[] args(String... extra) throws Exception {
        Path x = Files.writeString(dir.resolve("x.csv"), "0,0\n1,0\n0,2\n"), y = Files.writeString(dir.resolve("y.csv"), "1,1\n3,0\n0,0\n");
        String[] base = {"partial", "--x", x.toString(), "--y", y.toString(), "--mass", "0.7", "--json"};
        return CliRunner.concat(base, extra);
    }

    @Test
    void printsTheLibrarysSolveAndWritesItsPlan() throws Exception {
        Path plan = dir.resolve("plan.npy");
        CliRunner r = CliRunner.run(args("--epsilon", "0.2", "--plan-out", plan.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        EntropicPartialTransport.Result e = EntropicPartialTransport.withEpsilon(0.2).solve(DiscreteMeasure.uniform(3),
                DiscreteMeasure.uniform(3), CostMatrix.fromPoints(Matrix.of(X), Matrix.of(Y), Metric.SQEUCLIDEAN), 0.7);
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("cost").asDouble()).isCloseTo(e.cost(), within(1e-12));
        assertThat(j.get("mass").asDouble()).isCloseTo(0.7, within(1e-9));
        assertThat(j.get("iterations").asInt()).isEqualTo(e.iterations());
        assertThat(j.get("marginal_excess").asDouble()).isLessThan(1e-9);
        NdArray p = Npy.read(plan);
        assertThat(p.shape()).containsExactly(3, 3);
        assertThat(p.data()).containsExactly(e.plan().toDense(), within(1e-15));
    }

    /**
     * Small ε approaches the exact partial cost 0.5 (POT's partial_wasserstein2 on this input, see PartialCliTest) from above:
     * the entropic plan is feasible for the partial LP, so it costs at least the LP optimum (measured gaps: 3.7e-5, 2.6e-5 and
     * 4.0e-5 at ε = 0.1, 0.01 and 0.001: on this small problem the entropic plans are already close to the vertex at ε = 0.1,
     * and what is left is at the level the stopping tolerance allows).
     */
    @Test
    void smallEpsilonApproachesTheExactCost() throws Exception {
        double[] gaps = new double[3];
        String[] eps = {"0.1", "0.01", "0.001"};
        for (int k = 0; k < 3; k++) {
            CliRunner r = CliRunner.run(args("--epsilon", eps[k], "--max-iter", "100000"));
            assertThat(r.exitCode()).as(r.err()).isZero();
            gaps[k] = r.json().get("cost").asDouble() - 0.5;
            assertThat(gaps[k]).as("eps=%s", eps[k]).isGreaterThan(-1e-8).isLessThan(1e-4);
        }
    }

    @Test
    void badInputIsAOneLineError() throws Exception {
        String[][] bad = {{"--epsilon", "0"}, {"--epsilon", "-1"}, {"--epsilon", "NaN"}, {"--tol", "1e-6"},
            {"--epsilon", "0.1", "--tol", "-1"}, {"--epsilon", "0.1", "--max-iter", "0"}, {"--epsilon", "0.1", "--mass", "2"}};
        String[] named = {"--epsilon", "--epsilon", "--epsilon", "--tol", "--tol", "--max-iter", "--mass"};
        for (int i = 0; i < bad.length; i++) {
            CliRunner r = CliRunner.run(args(bad[i]));
            assertThat(r.isOneLineUserError()).as("%s: exit %d, %s", String.join(" ", bad[i]), r.exitCode(), r.err()).isTrue();
            assertThat(r.err()).contains(named[i]);
        }
    }
}
