package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiscreteEntropicCliTest {
    @TempDir Path dir;

    Path points(String name, int n, int d, long seed) throws Exception {
        Random r = new Random(seed);
        double[][] p = new double[n][d];
        for (double[] row : p) for (int k = 0; k < d; k++) row[k] = r.nextDouble();
        Path f = dir.resolve(name);
        Npy.write(f, NdArray.of(Matrix.of(p)));
        return f;
    }

    @Test
    void sinkhornReportsTheLibraryResultAndWritesThePlan() throws Exception {
        Path x = points("x.npy", 40, 2, 1), y = points("y.npy", 30, 2, 2), plan = dir.resolve("plan.npy");
        CliRunner r = CliRunner.run("sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.05", "--log-domain",
                "--plan-out", plan.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        for (String k : new String[] {"cost", "objective", "iterations", "marginal_error", "status"}) assertThat(j.has(k)).as(k).isTrue();
        assertThat(j.get("status").asText()).isEqualTo("converged");
        Sinkhorn.Result lib = Sinkhorn.withEpsilon(0.05).solve(DiscreteMeasure.uniform(40), DiscreteMeasure.uniform(30),
                CostMatrix.fromPoints(Npy.read(x).toMatrix("x"), Npy.read(y).toMatrix("y"), Metric.SQEUCLIDEAN));
        assertThat(j.get("cost").asDouble()).isCloseTo(lib.cost(), within(1e-9));
        double[] p = Npy.read(plan).data();
        double s = 0;
        for (double v : p) s += v;
        assertThat(s).isCloseTo(1, within(1e-8));
        // the scaling form at a tiny epsilon reports its failure in the status, exit 0
        CliRunner bad = CliRunner.run("sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "1e-5", "--scaling", "--json");
        assertThat(bad.exitCode()).isZero();
        assertThat(bad.json().get("status").asText()).isEqualTo("numerical_error");
    }

    /** Large clouds: the multiscale warm start and --no-multiscale agree within the tolerance; the warm start needs fewer iterations. */
    @Test
    void largeCloudsWithAndWithoutTheMultiscaleStart() throws Exception {
        int n = Sinkhorn.MULTISCALE_MIN;
        Path x = points("bx.npy", n, 2, 5), y = points("by.npy", n, 2, 6);
        String[] common = {"sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.2", "--tol", "1e-6", "--json"};
        CliRunner warm = CliRunner.run(common);
        String[] coldArgs = Arrays.copyOf(common, common.length + 1);
        coldArgs[common.length] = "--no-multiscale";
        CliRunner cold = CliRunner.run(coldArgs);
        assertThat(warm.exitCode()).isZero();
        assertThat(cold.exitCode()).isZero();
        assertThat(warm.json().get("status").asText()).isEqualTo("converged");
        assertThat(cold.json().get("status").asText()).isEqualTo("converged");
        assertThat(warm.json().get("cost").asDouble())
                .isCloseTo(cold.json().get("cost").asDouble(), within(1e-5 * cold.json().get("cost").asDouble()));
        assertThat(warm.json().get("iterations").asInt()).isLessThan(cold.json().get("iterations").asInt());
    }

    /** --no-anderson: the same fixed point within the tolerance, in more iterations (the library's AndersonTest checks the engines). */
    @Test
    void andersonAccelerationCanBeSwitchedOff() throws Exception {
        Path x = points("ax.npy", 200, 2, 7), y = points("ay.npy", 200, 2, 8);
        String[] common = {"sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.01", "--tol", "1e-9", "--json"};
        CliRunner on = CliRunner.run(common);
        String[] offArgs = Arrays.copyOf(common, common.length + 1);
        offArgs[common.length] = "--no-anderson";
        CliRunner off = CliRunner.run(offArgs);
        assertThat(on.exitCode()).isZero();
        assertThat(off.exitCode()).isZero();
        assertThat(on.json().get("status").asText()).isEqualTo("converged");
        assertThat(off.json().get("status").asText()).isEqualTo("converged");
        assertThat(on.json().get("marginal_error").asDouble()).isLessThanOrEqualTo(1e-9);
        assertThat(on.json().get("cost").asDouble()).isCloseTo(off.json().get("cost").asDouble(), within(1e-8));
        assertThat(on.json().get("iterations").asInt()).isLessThan(off.json().get("iterations").asInt());
    }

    @Test
    void divergenceSlicedKmeansAndBarycenter() throws Exception {
        Path x = points("x.npy", 50, 2, 3), y = points("y.npy", 40, 2, 4);
        CliRunner d = CliRunner.run("sinkhorn-divergence", "--x", x.toString(), "--y", x.toString(), "--epsilon", "0.1", "--json");
        assertThat(d.exitCode()).isZero();
        assertThat(d.json().get("divergence").asDouble()).isZero();
        CliRunner sl = CliRunner.run("sliced", "--x", x.toString(), "--y", y.toString(), "--projections", "20", "--seed", "3", "--json");
        assertThat(sl.exitCode()).isZero();
        assertThat(sl.json().get("distance").asDouble()).isGreaterThan(0);
        Path centers = dir.resolve("c.npy");
        CliRunner km = CliRunner.run("kmeans", "--x", x.toString(), "--k", "3", "--seed", "1", "--out-centers", centers.toString(),
                "--json");
        assertThat(km.exitCode()).isZero();
        assertThat(km.json().has("w2_squared")).isTrue();
        assertThat(km.json().has("iterations")).isTrue();
        assertThat(Npy.read(centers).shape()[0]).isLessThanOrEqualTo(3);
        Path hist = dir.resolve("h.csv"), sup = dir.resolve("s.csv"), out = dir.resolve("bary.npy");
        Files.writeString(hist, "0.5,0.5,0,0\n0,0,0.5,0.5\n");
        Files.writeString(sup, "0\n1\n2\n3\n");
        CliRunner b = CliRunner.run("barycenter", "--histograms", hist.toString(), "--support", sup.toString(), "--epsilon", "0.05",
                "--out", out.toString(), "--json");
        assertThat(b.exitCode()).isZero();
        assertThat(b.json().get("converged").asBoolean()).isTrue();
        double[] bc = Npy.read(out).data();
        assertThat(bc[1] + bc[2]).isGreaterThan(0.9);
    }

    @Test
    void badInputGivesOneLineAndExitTwo() throws Exception {
        Path x = points("x.npy", 10, 2, 5), y3 = points("y3.npy", 10, 3, 6);
        assertThat(CliRunner.run("sinkhorn", "--x", x.toString(), "--y", y3.toString(), "--epsilon", "0.1").isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("sinkhorn", "--x", x.toString(), "--y", x.toString(), "--epsilon", "-1").isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("sinkhorn", "--x", x.toString(), "--epsilon", "0.1").isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("sliced", "--x", x.toString(), "--y", y3.toString()).isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("kmeans", "--x", x.toString(), "--k", "0", "--out-centers", dir.resolve("c.npy").toString())
                .isOneLineUserError()).isTrue();
        assertThat(CliRunner.run("sinkhorn-divergence", "--x", x.toString(), "--y", y3.toString(), "--epsilon", "0.1").isOneLineUserError())
                .isTrue();
        assertThat(CliRunner.run("barycenter", "--histograms", x.toString(), "--epsilon", "0.1", "--out", dir.resolve("o.npy").toString())
                .isOneLineUserError()).isTrue();
    }
}
