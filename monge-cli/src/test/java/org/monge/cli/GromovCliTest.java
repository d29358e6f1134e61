package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Path;

import static org.monge.cli.GromovInputs.matrix;
import static org.monge.cli.GromovInputs.squaredCost;
import static org.monge.cli.GromovInputs.distanceCost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code monge gromov}: point clouds with --metric, graphs with --shortest-paths, fused GW with --features-cost/--alpha
 * (exact and entropic), --plan-out, and the user errors of the two-space input. POT references computed once with
 * /usr/bin/python3 (numpy, POT 0.8.2, float64).
 */
class GromovCliTest {
    @TempDir Path dir;

    // the points of GwCliTest (np.random.default_rng(7), rounded to 3 digits)
    private static final double[][] X = {{0.001, 0.299}, {-0.274, -0.891}, {-0.455, -0.992}, {0.06, 1.34}, {-0.492, -0.62},
        {0.49, 0.357}, {0.105, -0.93}, {-0.029, 0.695}};
    private static final double[][] Y = {{-1.344, -0.458}, {-1.901, -1.29}, {-1.842, -0.235}, {-1.267, 0.271}, {0.157, -0.187},
        {-2.517, -0.539}, {-0.049, 0.113}, {-1.53, -0.478}, {-0.979, -0.809}, {1.061, -0.808}};

    // the inputs of FusedGromovWassersteinTest (monge-core): rng = np.random.default_rng(11), rounded to 3 digits
    private static final double[][] X1 = {
        {0.034, 1.36}, {1.225, -0.51}, {-0.298, -0.527}, {0.57, -0.056}, {0.747, -1.847}, {1.567, -0.096}, {0.68, -0.137},
        {-0.379, 0.463}};
    private static final double[][] X2 = {
        {0.825, -0.203}, {-0.153, 0.686}, {-0.87, -1.514}, {0.395, -0.671}, {-1.92, -0.814}, {-0.468, -1.193},
        {-1.492, 0.037}, {0.897, -0.233}, {-0.744, 0.385}, {0.717, -0.3}};
    private static final double[] F1 = {0.545, 1.043, -0.207, -0.814, 0.348, 0.248, 1.099, -1.285};
    private static final double[] F2 = {-0.662, -0.838, -1.734, 0.126, 0.528, -0.739, 1.386, 0.822, 0.627, 0.402};

    @Test
    void pointCloudsBuildEachSidesCostLikeOtDist() throws Exception {
        String x = matrix(dir, "x.npy", X), y = matrix(dir, "y.npy", Y);
        // C1 = ot.dist(X, X); C2 = ot.dist(Y, Y); ot.gromov.gromov_wasserstein2(C1, C2, ot.unif(8), ot.unif(10), 'square_loss')
        CliRunner r = CliRunner.run("gromov", "--x", x, "--y", y, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cost").asDouble()).isCloseTo(3.9657242618434707, within(1e-8));
        assertThat(r.json().get("status").asText()).isEqualTo("converged");
        // the same with ot.dist(X, X, metric='euclidean') and ot.dist(Y, Y, metric='euclidean')
        CliRunner e = CliRunner.run("gromov", "--x", x, "--y", y, "--metric", "euclidean", "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.json().get("cost").asDouble()).isCloseTo(0.3681011222401717, within(1e-8));
        assertThat(e.json().get("fw_gap").asDouble()).isBetween(-1e-12, 1e-8);
    }

    @Test
    void klLossMatchesPot() throws Exception {
        // ot.gromov.gromov_wasserstein2(C1, C2, ot.unif(8), ot.unif(10), 'kl_loss', armijo=True), C = squared distances / max,
        // as in KlGromovWassersteinPotTest (monge-core)
        CliRunner r = CliRunner.run("gromov", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y),
                "--loss", "kl", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cost").asDouble()).isCloseTo(0.2442313283478174, within(1e-8));
        // ot.gromov.entropic_gromov_wasserstein2(C1, C2, p, q, 'kl_loss', 1.0)
        CliRunner e = CliRunner.run("gromov", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y),
                "--loss", "kl", "--epsilon", "1", "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.json().get("cost").asDouble()).isCloseTo(0.5133287351195245, within(1e-7));
    }

    @Test
    void semiRelaxedFreesTheTargetWeights() throws Exception {
        // the NumPy reference of SemiRelaxedGromovWassersteinTest (monge-core): C = squared distances / max, uniform a
        CliRunner r = CliRunner.run("gromov", "--c1", squaredCost(dir, "c1.npy", X), "--c2", squaredCost(dir, "c2.npy", Y),
                "--semi-relaxed", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("cost").asDouble()).isCloseTo(0.006890903751804365, within(1e-12));
        double[] q = {0.0, 0.0, 0.375, 0.0, 0.25, 0.125, 0.125, 0.0, 0.0, 0.125};
        for (int k = 0; k < 10; k++) assertThat(j.get("target_weights").get(k).asDouble()).isCloseTo(q[k], within(1e-12));
    }

    @Test
    void gwIsAnAliasOfGromov() throws Exception {
        String x = matrix(dir, "x.npy", X), y = matrix(dir, "y.npy", Y);
        CliRunner r = CliRunner.run("gw", "--x", x, "--y", y, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cost").asDouble()).isCloseTo(3.9657242618434707, within(1e-8));
    }

    @Test
    void fusedMatchesPotAndWritesThePlan() throws Exception {
        // ot.gromov.fused_gromov_wasserstein2(M, C1, C2, p, q, 'square_loss', alpha=0.5), C = euclidean distances / max,
        // M = (f1[:, None] - f2[None, :])**2, as in FusedGromovWassersteinTest
        Path plan = dir.resolve("plan.npy");
        CliRunner r = CliRunner.run("gromov", "--c1", distanceCost(dir, "c1.npy", X1), "--c2", distanceCost(dir, "c2.npy", X2),
                "--features-cost", featureCost(), "--alpha", "0.5", "--plan-out", plan.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("cost").asDouble()).isCloseTo(0.09760065346166644, within(1e-8));
        assertThat(j.get("alpha").asDouble()).isEqualTo(0.5);
        NdArray t = Npy.read(plan);
        assertThat(t.shape()).containsExactly(8, 10);
        double total = 0;
        for (double v : t.data()) total += v;
        assertThat(total).isCloseTo(1, within(1e-12));
        // POT's plan puts 0.1 at (0, 4)
        assertThat(t.data()[4]).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void entropicFusedReportsTheObjective() throws Exception {
        CliRunner r = CliRunner.run("gromov", "--c1", distanceCost(dir, "c1.npy", X1), "--c2", distanceCost(dir, "c2.npy", X2),
                "--features-cost", featureCost(), "--alpha", "0.5", "--epsilon", "0.05", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("converged");
        // the entropic plan is blurred: its loss exceeds the exact fused optimum, and the objective adds ε KL ≥ 0
        assertThat(j.get("cost").asDouble()).isGreaterThan(0.09760065346166644);
        assertThat(j.get("objective").asDouble()).isGreaterThan(j.get("cost").asDouble());
    }

    /**
     * The on-the-fly branch (taken by itself above 2^25 pairs; here forced by the hidden --on-the-fly-above 0) against the
     * dense-plan branch on the same clouds: both stop within the tolerance 1e-9 (Frobenius, every step's Sinkhorn
     * to 1e-9) of the same fixed point of the mirror descent, by different paths (inexact, accelerated steps on the
     * fly), so the plans agree to 1e-8 entry by entry and the loss and objective to 1e-7 relative.
     */
    @Test
    void entropicOnTheFlyBranchMatchesTheDenseBranch() throws Exception {
        String x = matrix(dir, "x.npy", X), y = matrix(dir, "y.npy", Y);
        String densePlan = dir.resolve("dense.npy").toString(), flyPlan = dir.resolve("fly.npy").toString();
        CliRunner d = CliRunner.run("gromov", "--x", x, "--y", y, "--epsilon", "0.5", "--plan-out", densePlan, "--json");
        CliRunner f = CliRunner.run("gromov", "--x", x, "--y", y, "--epsilon", "0.5", "--plan-out", flyPlan,
                "--on-the-fly-above", "0", "--json");
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(f.exitCode()).as(f.err()).isZero();
        JsonNode dj = d.json(), fj = f.json();
        assertThat(fj.get("status").asText()).isEqualTo("converged");
        assertThat(dj.get("status").asText()).isEqualTo("converged");
        double cost = dj.get("cost").asDouble(), objective = dj.get("objective").asDouble();
        assertThat(fj.get("cost").asDouble()).isCloseTo(cost, within(1e-7 * cost));
        assertThat(fj.get("objective").asDouble()).isCloseTo(objective, within(1e-7 * Math.abs(objective)));
        assertThat(fj.get("plan_change").asDouble()).isLessThanOrEqualTo(1e-9);
        assertThat(fj.get("marginal_error").asDouble()).isLessThanOrEqualTo(1e-9);
        double[] dp = Npy.read(Path.of(densePlan)).data(), fp = Npy.read(Path.of(flyPlan)).data();
        assertThat(fp).hasSameSizeAs(dp);
        double worst = 0;
        for (int k = 0; k < dp.length; k++) worst = Math.max(worst, Math.abs(dp[k] - fp[k]));
        assertThat(worst).isLessThan(1e-8);
    }

    @Test
    void graphsAsWeightedAdjacencyMatchTheirShortestPathMatrices() throws Exception {
        // a weighted 4-path 0-1-2-3 with a chord 0-3, and a 5-star; their shortest-path matrices worked by hand
        double[][] w1 = {{0, 1, 0, 3}, {1, 0, 2, 0}, {0, 2, 0, 1}, {3, 0, 1, 0}};
        double[][] d1 = {{0, 1, 3, 3}, {1, 0, 2, 3}, {3, 2, 0, 1}, {3, 3, 1, 0}};
        double[][] w2 = {{0, 1, 1, 1, 1}, {1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}};
        double[][] d2 = {{0, 1, 1, 1, 1}, {1, 0, 2, 2, 2}, {1, 2, 0, 2, 2}, {1, 2, 2, 0, 2}, {1, 2, 2, 2, 0}};
        CliRunner g = CliRunner.run("gromov", "--c1", matrix(dir, "w1.npy", w1), "--c2", matrix(dir, "w2.npy", w2), "--shortest-paths",
                "--json");
        CliRunner d = CliRunner.run("gromov", "--c1", matrix(dir, "d1.npy", d1), "--c2", matrix(dir, "d2.npy", d2),
                "--json");
        assertThat(g.exitCode()).as(g.err()).isZero();
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(g.json().get("cost").asDouble()).isEqualTo(d.json().get("cost").asDouble());
        assertThat(g.json().get("cost").asDouble()).isPositive();
    }

    @Test
    void mistakesAreOneLineNamingTheOption() throws Exception {
        String x = matrix(dir, "x.npy", X), y = matrix(dir, "y.npy", Y);
        String c1 = distanceCost(dir, "c1.npy", X1), c2 = distanceCost(dir, "c2.npy", X2), m = featureCost();
        String asym = matrix(dir, "asym.npy", new double[][] {{0, 1}, {2, 0}});
        String rect = matrix(dir, "rect.npy", new double[][] {{0, 1, 2}, {1, 0, 3}});
        String nan = matrix(dir, "nan.npy", new double[][] {{0, Double.NaN}, {Double.NaN, 0}});
        String disconnected = matrix(dir, "disc.npy", new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 0}});
        String a3 = matrix(dir, "a3.npy", new double[][] {{1, 1, 1}});
        String[][] cases = {
            {"--c1", "--c1", asym, "--c2", c2},
            {"--c2", "--c1", c1, "--c2", rect},
            {"--c1", "--c1", nan, "--c2", c2},
            {"--c1", "--c1", disconnected, "--c2", c2, "--shortest-paths"},
            {"--a", "--x", x, "--y", y, "--a", a3},
            {"--alpha", "--c1", c1, "--c2", c2, "--features-cost", m, "--alpha", "1.5"},
            {"--alpha", "--c1", c1, "--c2", c2, "--features-cost", m, "--alpha", "-0.1"},
            {"--alpha", "--c1", c1, "--c2", c2, "--features-cost", m, "--alpha", "NaN"},
            {"--alpha", "--c1", c1, "--c2", c2, "--alpha", "0.5"},
            {"--features-cost", "--x", y, "--y", x, "--features-cost", m},
            {"--x/--y", "--x", x, "--y", y, "--c1", c1, "--c2", c2},
            {"--x/--y", "--x", x},
            {"--c1/--c2", "--c1", c1},
            {"--c1/--c2"},
            {"--metric", "--c1", c1, "--c2", c2, "--metric", "euclidean"},
            {"--metric", "--x", x, "--y", y, "--metric", "hamming"},
            {"--shortest-paths", "--x", x, "--y", y, "--shortest-paths"},
            {"--loss", "--x", x, "--y", y, "--loss", "hinge"},
            {"--semi-relaxed", "--x", x, "--y", y, "--semi-relaxed", "--epsilon", "0.1"},
            {"--semi-relaxed", "--x", x, "--y", y, "--semi-relaxed", "--b", a3},
            {"--c1", "--c1", matrix(dir, "neg.npy", new double[][] {{0, -1}, {-1, 0}}), "--c2", c2, "--loss", "kl"},
            {"--on-the-fly-above", "--x", x, "--y", y, "--epsilon", "0.5", "--on-the-fly-above", "-1"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "gromov";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            CliRunner r = CliRunner.run(args);
            assertThat(r.isOneLineUserError()).as(String.join(" ", args) + ": " + r.err()).isTrue();
            assertThat(r.err()).as(String.join(" ", args)).contains(" " + c[0] + (c[0].equals("--a") ? " has" : ":"));
        }
    }

    private String featureCost() throws Exception {
        double[][] m = new double[F1.length][F2.length];
        for (int i = 0; i < F1.length; i++) {
            for (int j = 0; j < F2.length; j++) m[i][j] = (F1[i] - F2[j]) * (F1[i] - F2[j]);
        }
        return matrix(dir, "m.npy", m);
    }
}
