package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Path;

import static org.monge.cli.GromovInputs.squaredCost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code monge gw}: the POT references (exact and, with --epsilon, entropic) through the command line, the iteration-limit
 * report and the user errors.
 */
class GwCliTest {
    @TempDir Path dir;

    // the first pair of GromovWassersteinPotTest (monge-core): np.random.default_rng(7), 8 and 10 points rounded to 3 digits
    private static final double[][] X = {{0.001, 0.299}, {-0.274, -0.891}, {-0.455, -0.992}, {0.06, 1.34}, {-0.492, -0.62},
        {0.49, 0.357}, {0.105, -0.93}, {-0.029, 0.695}};
    private static final double[][] Y = {{-1.344, -0.458}, {-1.901, -1.29}, {-1.842, -0.235}, {-1.267, 0.271}, {0.157, -0.187},
        {-2.517, -0.539}, {-0.049, 0.113}, {-1.53, -0.478}, {-0.979, -0.809}, {1.061, -0.808}};

    @Test
    void matchesPot() throws Exception {
        CliRunner r = CliRunner.run("gw", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        // ot.gromov.gromov_wasserstein2(C1, C2, ot.unif(8), ot.unif(10), 'square_loss') with C = squared distances / max (POT 0.8.2)
        assertThat(j.get("cost").asDouble()).isCloseTo(0.030302326180883014, within(1e-8));
        assertThat(j.get("iterations").asInt()).isEqualTo(4);
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("fw_gap").asDouble()).isBetween(-1e-12, 1e-8);
    }

    @Test
    void epsilonSwitchesToEntropicGwAndMatchesPot() throws Exception {
        CliRunner r = CliRunner.run("gw", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y), "--epsilon", "1e-2",
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        // ot.gromov.entropic_gromov_wasserstein2(C1, C2, ot.unif(8), ot.unif(10), 'square_loss', 1e-2) (POT 0.8.2), as in
        // EntropicGromovWassersteinTest (monge-core)
        assertThat(j.get("cost").asDouble()).isCloseTo(0.03267932878218276, within(1e-6 * 0.03267932878218276));
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("plan_change").asDouble()).isBetween(0.0, 1e-9);
        assertThat(j.get("marginal_error").asDouble()).isBetween(0.0, 1e-9);
        assertThat(j.has("fw_gap")).isFalse();
    }

    @Test
    void anEntropicIterationLimitIsReportedWithExitZero() throws Exception {
        CliRunner r = CliRunner.run("gw", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y), "--epsilon", "1e-2",
                "--max-iter", "1", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get("status").asText()).isEqualTo("max_iterations");
        assertThat(r.json().get("iterations").asInt()).isEqualTo(1);
        assertThat(r.err()).contains("not converged within --max-iter");
    }

    @Test
    void anIterationLimitIsReportedWithExitZero() throws Exception {
        CliRunner r = CliRunner.run("gw", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y), "--max-iter", "1",
                "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get("status").asText()).isEqualTo("max_iterations");
        assertThat(r.err()).contains("not converged within --max-iter");
    }

    @Test
    void mistakesAreOneLineNamingTheOption() throws Exception {
        String c1 = squaredCost(dir, "c1.npy", X), c2 = squaredCost(dir, "c2.npy", Y);
        Path rect = dir.resolve("rect.npy");
        Npy.write(rect, new NdArray(new int[] {2, 3}, new double[6]));
        Path a3 = dir.resolve("a3.npy"), a8 = dir.resolve("a8.npy");
        Npy.write(a3, NdArray.vector(new double[] {1, 1, 1}));
        Npy.write(a8, NdArray.vector(new double[] {1, 1, 1, 1, 1, 1, 1, 1}));
        String[][] cases = {
            {"--c1", "--c1", rect.toString(), "--c2", c2},
            {"--a", "--c1", c1, "--c2", c2, "--a", a3.toString()},
            {"--a/--b", "--c1", c1, "--c2", c2, "--a", a8.toString()},
            {"--tol", "--c1", c1, "--c2", c2, "--tol", "0"},
            {"--max-iter", "--c1", c1, "--c2", c2, "--max-iter", "0"},
            {"--epsilon", "--c1", c1, "--c2", c2, "--epsilon", "0"},
            {"--epsilon", "--c1", c1, "--c2", c2, "--epsilon", "-1e-2"},
            {"--epsilon", "--c1", c1, "--c2", c2, "--epsilon", "NaN"},
            {"--tol", "--c1", c1, "--c2", c2, "--epsilon", "1e-2", "--tol", "0"},
            {"--max-iter", "--c1", c1, "--c2", c2, "--epsilon", "1e-2", "--max-iter", "0"},
            {"--a", "--c1", c1, "--c2", c2, "--epsilon", "1e-2", "--a", a3.toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "gw";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            CliRunner r = CliRunner.run(args);
            assertThat(r.isOneLineUserError()).as(String.join(" ", args) + ": " + r.err()).isTrue();
            assertThat(r.err()).as(String.join(" ", args)).contains(" " + c[0] + (c[0].equals("--a") ? " has" : ":"));
        }
    }
}
