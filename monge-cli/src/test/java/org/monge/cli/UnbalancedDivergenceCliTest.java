package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.discrete.unbalanced.UnbalancedSinkhornDivergence;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge sinkhorn-divergence --tau ...}: the unbalanced divergence from the command line, its keys and refusals. */
class UnbalancedDivergenceCliTest {
    // the problem of UnbalancedSinkhornDivergenceTest (masses 1.3 and 0.8, squared Euclidean, ε = 0.5, τ = 2) and its S
    // from the independent NumPy log-domain computation quoted there
    private static final double[] X = {0.0012301533574825742, 0.2987455375084699, -0.2741378553622176, -0.8905918387572742,
        -0.45467078517172255, -0.9916465549964624, 0.060143602597438485, 1.3402152455545335};
    private static final double[] Y = {0.00779348144867037, -0.12047489981994042, 0.9898420501851982, 0.8568870081600608,
        0.6054142489978985, -0.43046804470820466, 0.4707481775367265, 1.1953031944582877, -0.8442145472850819, 0.04238423895978183};
    private static final double[] A = {0.3796324177547464, 0.5392807125980538, 0.20253436467029592, 0.17855250497690392};
    private static final double[] B = {0.23604895005557697, 0.08044233796660467, 0.07818137221991953, 0.2093251162495649,
        0.19600222350833396};
    private static final double NUMPY_S = 0.6149194138723907;
    // the same with total-variation penalties ρ = 0.3 (the NumPy script of UnbalancedSinkhornDivergenceTest's TV values)
    private static final double NUMPY_S_TV = 0.38636246995071;

    @TempDir Path dir;

    private String[] args(boolean sameClouds, String... extra) throws Exception {
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy"), a = dir.resolve("a.npy"), b = dir.resolve("b.npy");
        Npy.write(x, NdArray.of(Matrix.fromRowMajor(4, 2, X)));
        Npy.write(y, NdArray.of(Matrix.fromRowMajor(5, 2, Y)));
        Npy.write(a, NdArray.vector(A));
        Npy.write(b, NdArray.vector(B));
        String[] base = {"sinkhorn-divergence", "--x", x.toString(), "--a", a.toString(), "--y", (sameClouds ? x : y).toString(),
            "--b", (sameClouds ? a : b).toString(), "--epsilon", "0.5", "--tol", "1e-13", "--max-iter", "100000", "--json"};
        return CliRunner.concat(base, extra);
    }

    @Test
    void tauAndReachGiveTheUnbalancedDivergence() throws Exception {
        for (String[] opt : new String[][] {{"--tau", "2"}, {"--reach", Double.toString(Math.sqrt(2))}}) {
            CliRunner r = CliRunner.run(args(false, opt));
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("divergence").asDouble()).as(opt[0]).isCloseTo(NUMPY_S, within(1e-8));
            assertThat(j.get("mass_a").asDouble()).isCloseTo(1.3, within(1e-12));
            assertThat(j.get("mass_b").asDouble()).isCloseTo(0.8, within(1e-12));
            assertThat(j.get("status").asText()).isEqualTo("converged");
            assertThat(j.get("converged").asBoolean()).isTrue();
        }
        CliRunner same = CliRunner.run(args(true, "--tau", "2"));
        assertThat(same.exitCode()).isZero();
        assertThat(same.json().get("divergence").asDouble()).isZero();
    }

    @Test
    void outOfRangeOrConflictingOptionsAreOneLineErrors() throws Exception {
        assertThat(CliRunner.run(args(false, "--tau", "0")).isOneLineUserError()).isTrue();
        assertThat(CliRunner.run(args(false, "--tau", "0")).err()).contains("--tau");
        assertThat(CliRunner.run(args(false, "--reach", "-1")).err()).contains("--reach");
        CliRunner both = CliRunner.run(args(false, "--tau", "2", "--reach", "1"));
        assertThat(both.isOneLineUserError()).isTrue();
        assertThat(both.err()).contains("--reach");
    }

    @Test
    void tvGivesTheTotalVariationDivergenceAndItsGradient() throws Exception {
        for (String[] opt : new String[][] {{"--tv", "0.3"}, {"--tv-a", "0.3", "--tv-b", "0.3"}}) {
            CliRunner r = CliRunner.run(args(false, opt));
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("divergence").asDouble()).as(opt[0]).isCloseTo(NUMPY_S_TV, within(1e-9));
            assertThat(j.get("mass_a").asDouble()).isCloseTo(1.3, within(1e-12));
            assertThat(j.get("status").asText()).isEqualTo("converged");
        }
        assertThat(CliRunner.run(args(true, "--tv", "0.3")).json().get("divergence").asDouble()).isZero();
        Path g = dir.resolve("g");
        CliRunner grad = CliRunner.run(args(false, "--tv", "0.3", "--grad-out", g.toString()));
        assertThat(grad.exitCode()).as(grad.err()).isZero();
        // the library's gradient (checked against finite differences in monge-core) on the same inputs
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.5).withTv(0.3).withTolerance(1e-13).withMaxIterations(100000);
        double[] expected = UnbalancedSinkhornDivergence.valueAndGradient(DiscreteMeasure.of(A, Matrix.fromRowMajor(4, 2, X)),
                DiscreteMeasure.of(B, Matrix.fromRowMajor(5, 2, Y)), Metric.SQEUCLIDEAN, s).a();
        assertThat(Npy.read(Path.of(g + "_a.npy")).toVector("a")).containsExactly(expected, within(1e-12));
    }

    @Test
    void badOrConflictingTvOptionsAreOneLineErrors() throws Exception {
        String[][] cases = {{"--tv", "0"}, {"--tv", "NaN"}, {"--tv-a", "-1"}, {"--tv-b", "0"}, {"--tv", "1", "--tau", "1"},
            {"--tv-a", "1", "--reach", "1"}, {"--tv-a", "0.5"}, {"--tv-a", "0.5", "--tv-b", "1"}, {"--tv", "1", "--tv-b", "2"}};
        String[] named = {"--tv: must be positive", "--tv: must be positive", "--tv-a: must be positive", "--tv-b: must be positive",
            "--tv: give either", "--tv-a: give either", "--tv-a: the divergence needs one penalty", "--tv-a: the divergence needs one",
            "--tv-b: the divergence needs one penalty"};
        for (int k = 0; k < cases.length; k++) {
            CliRunner r = CliRunner.run(args(false, cases[k]));
            assertThat(r.isOneLineUserError()).as(String.join(" ", cases[k]) + ": " + r.err()).isTrue();
            assertThat(r.err()).as(String.join(" ", cases[k])).contains(named[k]);
        }
    }

    @Test
    void withoutTauUnequalMassesAreStillRefused() throws Exception {
        CliRunner r = CliRunner.run(args(false));
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
    }
}
