package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.UnbalancedEntropicGaussian;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge entropic-gaussian --tau}: the unbalanced closed form from the command line, and its refusals. */
class UnbalancedGaussianCliTest {
    @TempDir Path dir;
    String s0, s1, m0, m1;

    @BeforeEach
    void files() throws Exception {
        s0 = Files.writeString(dir.resolve("s0.csv"), "2,0.5\n0.5,1\n").toString();
        s1 = Files.writeString(dir.resolve("s1.csv"), "1,-0.3\n-0.3,0.8\n").toString();
        m0 = Files.writeString(dir.resolve("m0.csv"), "0,1\n").toString();
        m1 = Files.writeString(dir.resolve("m1.csv"), "1,-1\n").toString();
    }

    CliRunner run(String... extra) {
        String[] base = {"entropic-gaussian", "--cov0", s0, "--cov1", s1, "--mean0", m0, "--mean1", m1, "--epsilon", "0.4", "--json"};
        return CliRunner.run(CliRunner.concat(base, extra));
    }

    @Test
    void printsTheLibrarysMassMeanCovarianceAndCost() throws Exception {
        CliRunner r = run("--tau-a", "1", "--tau-b", "2", "--mass0", "1.3", "--mass1", "0.7");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        Gaussian p = Gaussian.of(new double[] {0, 1}, Matrix.of(new double[][] {{2, .5}, {.5, 1}}));
        Gaussian q = Gaussian.of(new double[] {1, -1}, Matrix.of(new double[][] {{1, -.3}, {-.3, .8}}));
        UnbalancedEntropicGaussian.Result e = UnbalancedEntropicGaussian.withEpsilon(0.4).withTauA(1).withTauB(2).solve(p, 1.3, q, 0.7);
        assertThat(j.get("cost").asDouble()).isCloseTo(e.cost(), within(1e-12));
        assertThat(j.get("mass").asDouble()).isCloseTo(e.mass(), within(1e-12)).isLessThan(0.7);
        assertThat(j.get("mass0").asDouble()).isEqualTo(1.3);
        assertThat(j.get("tau_b").asDouble()).isEqualTo(2.0);
        for (int i = 0; i < 4; i++) {
            assertThat(j.get("mean").get(i).asDouble()).isCloseTo(e.plan().mean()[i], within(1e-12));
            for (int k = 0; k < 4; k++) {
                assertThat(j.get("covariance").get(i).get(k).asDouble()).isCloseTo(e.plan().covariance().get(i, k), within(1e-12));
            }
        }
        assertThat(j.get("cross_covariance").get(0).get(1).asDouble()).isCloseTo(e.crossCovariance().get(0, 1), within(1e-12));
        assertThat(j.get("dual_gap").asDouble()).isLessThan(1e-10);
    }

    @Test
    void largeTauApproachesTheBalancedCommand() throws Exception {
        CliRunner balanced = run(), unbalanced = run("--tau", "1e8");
        assertThat(unbalanced.exitCode()).as(unbalanced.err()).isZero();
        assertThat(unbalanced.json().get("cost").asDouble()).isCloseTo(balanced.json().get("cost").asDouble(), within(1e-6));
        assertThat(unbalanced.json().get("mass").asDouble()).isCloseTo(1, within(1e-7));
    }

    @Test
    void badOptionsAreOneLineErrors() {
        String[][] bad = {{"--tau", "0"}, {"--tau", "-1"}, {"--tau", "Infinity"}, {"--tau-a", "1"}, {"--tau", "1", "--mass0", "0"},
            {"--tau", "1", "--mass1", "NaN"}, {"--mass0", "2"}, {"--tau", "1", "--reference", "product"}};
        String[] named = {"--tau", "--tau", "--tau", "--tau-b", "--mass0", "--mass1", "--mass0", "--reference"};
        for (int i = 0; i < bad.length; i++) {
            CliRunner r = run(bad[i]);
            assertThat(r.isOneLineUserError()).as("%s: exit %d, %s", String.join(" ", bad[i]), r.exitCode(), r.err()).isTrue();
            assertThat(r.err()).contains(named[i]);
        }
    }
}
