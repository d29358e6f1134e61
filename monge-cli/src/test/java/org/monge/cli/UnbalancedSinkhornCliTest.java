package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.cli.CliRunner.concat;

/** {@code monge sinkhorn --tau ...}: unbalanced OT from the command line, its keys, and its refusals. */
class UnbalancedSinkhornCliTest {
    // the problem of UnbalancedSinkhornTest (masses 1.3 and 0.8, ε = 0.3, τ = 0.7) and its values from POT 0.8.2,
    // ot.unbalanced.sinkhorn_unbalanced on the cost C − ε log a_i − ε log b_j (the script is named in that test)
    private static final double[] A = {0.19036647072084695, 0.5564024748688247, 0.15801730579772952, 0.15274238790942496,
        0.2424713607031739};
    private static final double[] B = {0.06678478435615468, 0.1527754888037036, 0.044214778483401315, 0.19692637360129991,
        0.18946332375286867, 0.02227215518512131, 0.1275630958174506};
    private static final double[] C = {0.2137025480474799, 0.5159099175219806, 0.8337920812662054, 0.907232243706553,
        0.9362931818878013, 1.8550334017446526, 0.5175421788443009, 0.3757804215690759, 1.3410209481090003, 1.8932374067039555,
        1.8456217508875028, 1.7604999998469473, 0.12871139184722957, 1.8733922498582674, 1.2984807381089507, 1.7431116910505926,
        0.8161969361119685, 0.4387798690166764, 1.5859401537893862, 1.3232689419835673, 1.5576801840441443, 0.4026893958035396,
        0.2687034745967851, 1.5272501792753428, 0.0404574474201731, 1.891201362597212, 0.27017572501853104, 1.200220571059202,
        0.8380140960229363, 0.6477901042681522, 0.3404925431272092, 1.5607656025862096, 1.8290491745111843, 1.4577427637224136,
        1.2005695751341072};
    private static final double POT_COST = 0.3635982375292079, POT_OBJECTIVE = 0.7609740206256477, POT_MASS = 0.6006035172790323;

    @TempDir Path dir;

    private String[] args(String... extra) throws Exception {
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy"), c = dir.resolve("c.npy");
        Npy.write(a, NdArray.vector(A));
        Npy.write(b, NdArray.vector(B));
        Npy.write(c, NdArray.of(Matrix.fromRowMajor(5, 7, C)));
        String[] base = {"sinkhorn", "--a", a.toString(), "--b", b.toString(), "--cost", c.toString(), "--epsilon", "0.3",
            "--tol", "1e-13", "--max-iter", "100000", "--json"};
        return concat(base, extra);
    }

    @Test
    void tauRunsTheUnbalancedSolverOnUnequalMasses() throws Exception {
        Path plan = dir.resolve("plan.npy");
        CliRunner r = CliRunner.run(args("--tau", "0.7", "--plan-out", plan.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("cost").asDouble()).isCloseTo(POT_COST, within(1e-6 * POT_COST));
        assertThat(j.get("objective").asDouble()).isCloseTo(POT_OBJECTIVE, within(1e-6 * POT_OBJECTIVE));
        assertThat(j.get("transported_mass").asDouble()).isCloseTo(POT_MASS, within(1e-6 * POT_MASS));
        assertThat(j.get("mass_a").asDouble()).isCloseTo(1.3, within(1e-12));
        assertThat(j.get("mass_b").asDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(j.get("marginal_change").asDouble()).isLessThanOrEqualTo(1e-13);
        double s = 0;
        for (double v : Npy.read(plan).data()) s += v;
        assertThat(s).isCloseTo(POT_MASS, within(1e-6 * POT_MASS));
        // --tau-a, --tau-b override --tau: an exact target marginal carries the whole target mass
        JsonNode exact = CliRunner.run(args("--tau", "0.7", "--tau-b", "Infinity")).json();
        assertThat(exact.get("transported_mass").asDouble()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void tvRunsTheTotalVariationRelaxation() throws Exception {
        // SciPy's L-BFGS-B on the box-constrained dual at ε = 0.3, ρ = 0.4 (the reference of UnbalancedSinkhornTvTest)
        CliRunner r = CliRunner.run(args("--tv", "0.4"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("objective").asDouble()).isCloseTo(0.851754316667796, within(2e-9));
        assertThat(j.get("transported_mass").asDouble()).isCloseTo(0.5902129330754498, within(1e-7));
        // a side's own option overrides the one for both: an exact target marginal carries the whole target mass
        JsonNode exact = CliRunner.run(args("--tv", "0.4", "--tau-b", "Infinity")).json();
        assertThat(exact.get("transported_mass").asDouble()).isCloseTo(0.8, within(1e-12));
        JsonNode mixed = CliRunner.run(args("--tau", "0.7", "--tv-b", "Infinity")).json();
        assertThat(mixed.get("transported_mass").asDouble()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void conflictingOrBadTvOptionsAreOneLineErrors() throws Exception {
        for (String[] bad : new String[][] {{"--tv", "0"}, {"--tv", "NaN"}, {"--tv-a", "-1"}, {"--tv-b", "0"}}) {
            CliRunner r = CliRunner.run(args(bad));
            assertThat(r.isOneLineUserError()).as(String.join(" ", bad) + ": " + r.err()).isTrue();
            assertThat(r.err()).contains(bad[0] + ": must be positive (or Infinity)");
        }
        String[][] conflicts = {{"--tau", "1", "--tv", "1"}, {"--tau-a", "1", "--tv-a", "1"}, {"--tau-b", "1", "--tv-b", "1"}};
        String[] named = {"--tv:", "--tv-a:", "--tv-b:"};
        for (int k = 0; k < conflicts.length; k++) {
            CliRunner r = CliRunner.run(args(conflicts[k]));
            assertThat(r.isOneLineUserError()).as(String.join(" ", conflicts[k]) + ": " + r.err()).isTrue();
            assertThat(r.err()).contains(named[k]);
        }
    }

    @Test
    void noAndersonTurnsItOffForTauAndTvRunsAtTheSameValue() throws Exception {
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(A), DiscreteMeasure.of(B),
                CostMatrix.dense(Matrix.fromRowMajor(5, 7, C)));
        UnbalancedSinkhorn base = UnbalancedSinkhorn.withEpsilon(0.3).withTolerance(1e-13).withMaxIterations(100000);
        for (String[] penalty : new String[][] {{"--tau", "0.7"}, {"--tv", "0.4"}}) {
            double w = Double.parseDouble(penalty[1]);
            UnbalancedSinkhorn s = penalty[0].equals("--tau") ? base.withTau(w) : base.withTv(w);
            UnbalancedSinkhorn.Result on = s.solve(p), off = s.withAnderson(0).solve(p);
            assertThat(on.iterations()).as("%s: the library's counts must differ for this check to mean anything", penalty[0])
                    .isNotEqualTo(off.iterations());
            JsonNode withIt = CliRunner.run(args(penalty)).json();
            JsonNode without = CliRunner.run(args(penalty[0], penalty[1], "--no-anderson")).json();
            assertThat(withIt.get("iterations").asInt()).isEqualTo(on.iterations());
            assertThat(without.get("iterations").asInt()).isEqualTo(off.iterations());
            assertThat(without.get("status").asText()).isEqualTo("converged");
            assertThat(without.get("objective").asDouble()).isCloseTo(withIt.get("objective").asDouble(), within(1e-12));
            assertThat(without.get("transported_mass").asDouble()).isCloseTo(withIt.get("transported_mass").asDouble(), within(1e-12));
        }
    }

    @Test
    void withoutTauUnequalMassesAreStillRefused() throws Exception {
        CliRunner r = CliRunner.run(args());
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("masses differ");
    }

    @Test
    void invalidPenaltiesAreOneLineErrorsNamingTheOption() throws Exception {
        String[][] cases = {{"--tau", "0"}, {"--tau", "NaN"}, {"--tau-a", "-1"}, {"--tau-b", "0"}, {"--reach", "-2"}};
        for (String[] bad : cases) {
            CliRunner r = CliRunner.run(args(bad));
            assertThat(r.isOneLineUserError()).as(String.join(" ", bad) + ": " + r.err()).isTrue();
            assertThat(r.err()).contains(bad[0] + ": must be positive (or Infinity)");
        }
        CliRunner reach = CliRunner.run(args("--reach", "0.5"));
        assertThat(reach.isOneLineUserError()).isTrue();
        assertThat(reach.err()).contains("--reach: needs --x/--y");
        CliRunner both = CliRunner.run(args("--tau", "1", "--scaling"));
        assertThat(both.isOneLineUserError()).isTrue();
        assertThat(both.err()).contains("--scaling");
    }

    @Test
    void reachIsTauToThePowerOfTheMetric() throws Exception {
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy");
        Npy.write(x, NdArray.of(Matrix.of(new double[][] {{0, 0}, {1, 0}, {0, 1}})));
        Npy.write(y, NdArray.of(Matrix.of(new double[][] {{0.5, 0.5}, {2, 2}})));
        String[] common = {"sinkhorn", "--x", x.toString(), "--y", y.toString(), "--epsilon", "0.1", "--tol", "1e-12", "--json"};
        JsonNode byReach = CliRunner.run(concat(common, "--reach", "0.5")).json();
        JsonNode byTau = CliRunner.run(concat(common, "--tau", "0.25")).json();
        assertThat(byReach.get("objective").asDouble()).isEqualTo(byTau.get("objective").asDouble());
        JsonNode euclidean = CliRunner.run(concat(common, "--metric", "euclidean", "--reach", "0.5")).json();
        JsonNode euclideanTau = CliRunner.run(concat(common, "--metric", "euclidean", "--tau", "0.5")).json();
        assertThat(euclidean.get("objective").asDouble()).isEqualTo(euclideanTau.get("objective").asDouble());
    }
}
