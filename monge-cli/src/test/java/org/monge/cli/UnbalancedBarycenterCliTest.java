package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.EntropicBarycenter;
import org.monge.discrete.unbalanced.UnbalancedBarycenter;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge barycenter --tau} and {@code --tv}: the unbalanced barycenters from the command line, and their refusals. */
class UnbalancedBarycenterCliTest {
    @TempDir Path dir;

    static final double[][] H = {{0.5, 0.5, 0, 0, 0}, {0, 0, 0.3, 0.6, 0.3}};

    String[] args(Path out, String... extra) throws Exception {
        Path hist = dir.resolve("h.csv"), sup = dir.resolve("s.csv");
        Files.writeString(hist, "0.5,0.5,0,0,0\n0,0,0.3,0.6,0.3\n");
        Files.writeString(sup, "0\n1\n2\n3\n4\n");
        String[] base = {"barycenter", "--histograms", hist.toString(), "--support", sup.toString(), "--epsilon", "0.5",
            "--out", out.toString(), "--json"};
        return CliRunner.concat(base, extra);
    }

    static CostMatrix line() {
        double[][] s = {{0}, {1}, {2}, {3}, {4}};
        return CostMatrix.fromPoints(Matrix.of(s), Matrix.of(s), Metric.SQEUCLIDEAN);
    }

    @Test
    void writesTheLibrarysBarycenterAndItsMass() throws Exception {
        Path out = dir.resolve("bary.npy");
        CliRunner r = CliRunner.run(args(out, "--tau", "2"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        UnbalancedBarycenter.Result e = UnbalancedBarycenter.withEpsilon(0.5).withTau(2).solve(List.of(H), new double[] {1, 1}, line());
        assertThat(j.get("converged").asBoolean()).isTrue();
        assertThat(j.get("mass").asDouble()).isCloseTo(e.mass(), within(1e-12));
        assertThat(Npy.read(out).data()).containsExactly(e.barycenter(), within(1e-12));
    }

    @Test
    void infiniteTauIsTheBalancedBarycenter() throws Exception {
        Path out = dir.resolve("bary.npy");
        CliRunner r = CliRunner.run(args(out, "--tau", "Infinity"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        double[] balanced = EntropicBarycenter.withEpsilon(0.5).solve(List.of(H), new double[] {1, 1}, line()).barycenter();
        assertThat(Npy.read(out).data()).containsExactly(balanced, within(1e-12));
    }

    @Test
    void badTauIsAOneLineError() throws Exception {
        for (String t : new String[] {"0", "-1", "NaN"}) {
            CliRunner r = CliRunner.run(args(dir.resolve("o.npy"), "--tau", t));
            assertThat(r.isOneLineUserError()).as("--tau %s: %s", t, r.err()).isTrue();
            assertThat(r.err()).contains("--tau");
        }
    }

    @Test
    void tvWritesTheLibrarysTotalVariationBarycenter() throws Exception {
        Path out = dir.resolve("bary.npy");
        CliRunner r = CliRunner.run(args(out, "--tv", "0.7"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        UnbalancedBarycenter.Result e = UnbalancedBarycenter.withEpsilon(0.5).withTv(0.7).solve(List.of(H), new double[] {1, 1}, line());
        assertThat(j.get("converged").asBoolean()).isTrue();
        assertThat(j.get("tv").asDouble()).isEqualTo(0.7);
        assertThat(j.has("tau")).isFalse();
        assertThat(j.get("mass").asDouble()).isCloseTo(e.mass(), within(1e-12));
        assertThat(j.get("objective").asDouble()).isCloseTo(e.objective(), within(1e-12));
        assertThat(Npy.read(out).data()).containsExactly(e.barycenter(), within(1e-12));
        // infinite ρ: both marginals exact, the balanced barycenter
        CliRunner inf = CliRunner.run(args(out, "--tv", "Infinity"));
        assertThat(inf.exitCode()).as(inf.err()).isZero();
        double[] balanced = EntropicBarycenter.withEpsilon(0.5).solve(List.of(H), new double[] {1, 1}, line()).barycenter();
        assertThat(Npy.read(out).data()).containsExactly(balanced, within(1e-12));
    }

    @Test
    void badTvIsAOneLineError() throws Exception {
        for (String t : new String[] {"0", "-1", "NaN", "x"}) {
            CliRunner r = CliRunner.run(args(dir.resolve("o.npy"), "--tv", t));
            assertThat(r.isOneLineUserError()).as("--tv %s: %s", t, r.err()).isTrue();
            assertThat(r.err()).contains("--tv");
        }
        CliRunner both = CliRunner.run(args(dir.resolve("o.npy"), "--tau", "1", "--tv", "1"));
        assertThat(both.isOneLineUserError()).as(both.err()).isTrue();
        assertThat(both.err()).contains("--tv").contains("--tau");
        assertThat(dir.resolve("o.npy")).doesNotExist();
    }
}
