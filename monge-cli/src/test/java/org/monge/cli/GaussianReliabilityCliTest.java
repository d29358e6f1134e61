package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.Npz;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gaussian commands at scales where the closed forms once lost their cross term (beyond about
 * 1e±154) or overflowed, end to end. Expected values are either closed forms worked by hand for
 * commuting (diagonal) covariances, or the same command's answer at unit scale times the known power
 * of the scale (every quantity here is homogeneous): an answer that drifts with the scale fails.
 */
class GaussianReliabilityCliTest {
    @TempDir Path dir;

    private Path npy(String name, int[] shape, double... data) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, new NdArray(shape, data));
        return p;
    }

    private Path eye(String name, double s) throws Exception {
        return npy(name, new int[] {2, 2}, s, 0, 0, s);
    }

    private static JsonNode ok(CliRunner r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.json();
    }

    private static void assertRelative(double got, double expected, double tol) {
        assertThat(Math.abs(got - expected)).as("%s vs %s", got, expected).isLessThanOrEqualTo(tol * Math.abs(expected));
    }

    /** W2² between s·I and 4s·I in 2-D is 2·(√(4s) − √s)² = 2s: the cross term must survive at every s. */
    @ParameterizedTest
    @ValueSource(doubles = {1e-300, 1e-200, 1e-160, 1e-100, 1, 1e100, 1e160, 1e200, 1e300})
    void w2OfScaledIdentities(double s) throws Exception {
        JsonNode j = ok(CliRunner.run("gaussian", "w2", "--cov0", eye("a.npy", s).toString(), "--cov1", eye("b.npy", 4 * s).toString(),
                "--json"));
        assertRelative(j.get("w2_squared").asDouble(), 2 * s, 1e-12);
        assertRelative(j.get("w2").asDouble(), Math.sqrt(2 * s), 1e-12);
    }

    /** The Brenier map from s·I to 4s·I is 2·I, whatever s. */
    @ParameterizedTest
    @ValueSource(doubles = {1e-200, 1e200})
    void mapOfScaledIdentities(double s) throws Exception {
        Path a = dir.resolve("A.npy"), b = dir.resolve("b.npy");
        ok(CliRunner.run("gaussian", "map", "--cov0", eye("s0.npy", s).toString(), "--cov1", eye("s1.npy", 4 * s).toString(),
                "--out-matrix", a.toString(), "--out-shift", b.toString(), "--json"));
        double[] m = ArrayFiles.read(a).data();
        assertRelative(m[0], 2, 1e-12);
        assertRelative(m[3], 2, 1e-12);
        assertThat(Math.abs(m[1]) + Math.abs(m[2])).isLessThan(1e-12);
    }

    /** The equal-weight barycenter of s·I and 4s·I is ((√s + √(4s))/2)²·I = 2.25 s·I. */
    @ParameterizedTest
    @ValueSource(doubles = {1e-200, 1e200})
    void barycenterOfScaledIdentities(double s) throws Exception {
        Path covs = npy("covs.npy", new int[] {2, 2, 2}, s, 0, 0, s, 4 * s, 0, 0, 4 * s);
        Path means = npy("means.npy", new int[] {2, 2}, 0, 0, 0, 0);
        Path m = dir.resolve("m.npy"), c = dir.resolve("c.npy");
        JsonNode j = ok(CliRunner.run("gaussian", "barycenter", "--means", means.toString(), "--covs", covs.toString(),
                "--out-mean", m.toString(), "--out-cov", c.toString(), "--json"));
        assertThat(j.toString()).contains("true");
        double[] cov = ArrayFiles.read(c).data();
        assertRelative(cov[0], 2.25 * s, 1e-12);
        assertRelative(cov[3], 2.25 * s, 1e-12);
    }

    /** Means 1e200 apart: W2 = 1e200 is representable, W2² is not and is reported as null (with a note), never as an error. */
    @Test
    void w2WhoseSquareLeavesTheRange() throws Exception {
        CliRunner r = CliRunner.run("gaussian", "w2", "--mean0", npy("m0.npy", new int[] {2}, 0, 0).toString(),
                "--mean1", npy("m1.npy", new int[] {2}, 1e200, 0).toString(), "--cov0", eye("a.npy", 1e-200).toString(),
                "--cov1", eye("b.npy", 1e-200).toString(), "--json");
        JsonNode j = ok(r);
        assertRelative(j.get("w2").asDouble(), 1e200, 1e-15);
        assertThat(j.get("w2_squared").isNull()).isTrue();
        assertThat(r.err()).contains("w2_squared is null");
    }

    /** ∂W2²/∂m1 = 2(m1 − m0) and ∂W2²/∂S1 = I − A⁻¹ with A the map (here 2I: ½ I), at a scale where S is 1e-200. */
    @Test
    void gradientOnATinyPositiveDefiniteCovariance() throws Exception {
        Path dm = dir.resolve("dm.npy"), ds = dir.resolve("dS.npy");
        JsonNode j = ok(CliRunner.run("gaussian", "grad", "--cov0", eye("a.npy", 1e-200).toString(),
                "--cov1", eye("b.npy", 4e-200).toString(),
                "--mean1", npy("m1.npy", new int[] {2}, 3e-100, 0).toString(), "--out-mean", dm.toString(), "--out-cov", ds.toString(),
                "--json"));
        assertRelative(j.get("w2_squared").asDouble(), 2e-200 + 9e-200, 1e-12);
        double[] gm = ArrayFiles.read(dm).data(), gs = ArrayFiles.read(ds).data();
        assertRelative(gm[0], 6e-100, 1e-12);
        assertRelative(gs[0], 0.5, 1e-12);
        assertRelative(gs[3], 0.5, 1e-12);
    }

    /** Entropic OT is homogeneous: cost(cS0, cS1, cε) = c·cost(S0, S1, ε), identical Gaussians included. */
    @ParameterizedTest
    @ValueSource(doubles = {1e-200, 1e200})
    void entropicGaussianScalesWithEpsilon(double c) throws Exception {
        String[] base = {"entropic-gaussian", "--cov0", eye("a.npy", 1).toString(), "--cov1", eye("b.npy", 1).toString(),
                "--epsilon", "0.5", "--json"};
        double unit = ok(CliRunner.run(base)).get("cost").asDouble();
        double scaled = ok(CliRunner.run("entropic-gaussian", "--cov0", eye("ac.npy", c).toString(), "--cov1", eye("bc.npy", c).toString(),
                "--epsilon", Double.toString(0.5 * c), "--json")).get("cost").asDouble();
        assertRelative(scaled, c * unit, 1e-12);
    }

    private Path features(String name, double scale, double shift) throws Exception {
        Random rng = new Random(7);
        double[] x = new double[200 * 3];
        for (int i = 0; i < x.length; i++) x[i] = (rng.nextGaussian() + shift) * scale;
        return npy(name, new int[] {200, 3}, x);
    }

    /** FID is homogeneous of degree 2 in the features. */
    @Test
    void fidOfScaledFeatures() throws Exception {
        double unit = ok(CliRunner.run("fid", features("a.npy", 1, 0).toString(), features("b.npy", 1, 0.5).toString(), "--json"))
                .get("fid").asDouble();
        double scaled = ok(CliRunner.run("fid", features("ac.npy", 1e100, 0).toString(), features("bc.npy", 1e100, 0.5).toString(),
                "--json")).get("fid").asDouble();
        assertRelative(scaled, 1e200 * unit, 1e-10);
    }

    /** stats writes a finite covariance or refuses: at ×1e150 it is 1e300 times the unit one; at ×1e200 (1e400) a range error. */
    @Test
    void statsNeverWritesInfinity() throws Exception {
        Path unit = dir.resolve("unit.npz"), big = dir.resolve("big.npz"), huge = dir.resolve("huge.npz");
        ok(CliRunner.run("stats", features("f.npy", 1, 0).toString(), "--out", unit.toString(), "--json"));
        ok(CliRunner.run("stats", features("g.npy", 1e150, 0).toString(), "--out", big.toString(), "--json"));
        Map<String, NdArray> u = Npz.read(unit), b = Npz.read(big);
        for (int k = 0; k < 9; k++) assertRelative(b.get("sigma").data()[k], 1e300 * u.get("sigma").data()[k], 1e-12);
        CliRunner r = CliRunner.run("stats", features("h.npy", 1e200, 0).toString(), "--out", huge.toString());
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).contains("out of range");
        assertThat(huge).doesNotExist();
    }

    /** Mixture W2 is homogeneous of degree 2 in the means (covariances scaled by c²). */
    @Test
    void mixtureW2OfScaledMixtures() throws Exception {
        double unit = mixtureW2(1), scaled = mixtureW2(1e150);
        assertRelative(scaled, 1e300 * unit, 1e-10);
    }

    private double mixtureW2(double c) throws Exception {
        Path a = dir.resolve("a" + c + ".npz"), b = dir.resolve("b" + c + ".npz");
        double v = c * c;
        Npz.write(a, Map.of("weights", NdArray.vector(new double[] {0.3, 0.7}),
                "means", new NdArray(new int[] {2, 1}, new double[] {0, c}),
                "covs", new NdArray(new int[] {2, 1, 1}, new double[] {v, 2 * v})));
        Npz.write(b, Map.of("weights", NdArray.vector(new double[] {0.6, 0.4}),
                "means", new NdArray(new int[] {2, 1}, new double[] {0.5 * c, 2 * c}),
                "covs", new NdArray(new int[] {2, 1, 1}, new double[] {0.5 * v, v})));
        return ok(CliRunner.run("gmm", "w2", a.toString(), b.toString(), "--json")).get("mw2_squared").asDouble();
    }

    /** The emd help states the cost file's shape the way the reader takes it: n×m for n points of x and m of y. */
    @Test
    void emdHelpStatesTheCostShapeAsRead() {
        CliRunner r = CliRunner.run("emd", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("n×m");
    }
}
