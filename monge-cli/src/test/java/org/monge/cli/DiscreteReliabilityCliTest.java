package org.monge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.cli.CliRunner.concat;

/**
 * The discrete and entropic commands on the inputs where they used to fail: extreme scales, wide cost
 * ranges, small ε, awkward files. Each expected value comes from an independent computation named
 * beside it: POT 0.8.2, SciPy 1.10.1 (HiGHS, linear_sum_assignment), or a NumPy/SciPy log-domain
 * Sinkhorn (f = −ε logsumexp((g − C)/ε + log b), g likewise, iterated to an L1 marginal error below 1e-13)
 * with the objective ⟨π, C⟩ + ε KL(π ‖ a⊗b).
 */
class DiscreteReliabilityCliTest {
    @TempDir Path dir;

    Path npy(String name, double[][] rows) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, NdArray.of(Matrix.of(rows)));
        return p;
    }

    Path npy(String name, double[] v) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, NdArray.vector(v));
        return p;
    }

    static double[][] scaled(double[][] rows, double s) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = Arrays.stream(rows[i]).map(v -> v * s).toArray();
        return out;
    }

    static double[] scaled(double[] v, double s) {
        return Arrays.stream(v).map(x -> x * s).toArray();
    }

    static JsonNode ok(CliRunner r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.json();
    }

    static void assertUserError(CliRunner r, String prefix) {
        assertThat(r.isOneLineUserError()).as(r.err()).isTrue();
        assertThat(r.err()).matches("monge: (error: )?" + Pattern.quote(prefix) + "(?s).*");
    }

    // ---- the entropic barycenter at small ε

    /**
     * POT 0.8.2: x = linspace(0, 1, 40), H = normalised exp(-(x - m)²/(2 s²)) at (0.25, 0.05) and (0.7, 0.08),
     * b = ot.bregman.barycenter(H.T, (x_i - x_j)², 1e-5, method='sinkhorn_log', numItermax=200000, stopThr=1e-13);
     * b /= b.sum(); b @ x = 0.474972186592.
     */
    @Test
    void barycenterAtEpsilon1e5HasPotsMean() throws Exception {
        double[] x = new double[40];
        for (int i = 0; i < 40; i++) x[i] = i / 39.0;
        double[][] h = {gaussian(x, 0.25, 0.05), gaussian(x, 0.7, 0.08)};
        Path out = dir.resolve("bary.npy");
        JsonNode j = ok(CliRunner.run("barycenter", "--histograms", npy("h.npy", h).toString(), "--support", npy("x.npy", x).toString(),
                "--epsilon", "1e-5", "--out", out.toString(), "--json"));
        assertThat(j.get("converged").asBoolean()).isTrue();
        double[] b = Npy.read(out).data();
        double mass = 0, mean = 0;
        for (int i = 0; i < 40; i++) {
            assertThat(b[i]).isFinite().isGreaterThanOrEqualTo(0);
            mass += b[i];
            mean += b[i] * x[i];
        }
        assertThat(mean / mass).isCloseTo(0.474972186592, within(1e-6));
    }

    static double[] gaussian(double[] x, double m, double s) {
        double[] h = new double[x.length];
        double t = 0;
        for (int i = 0; i < x.length; i++) t += h[i] = Math.exp(-(x[i] - m) * (x[i] - m) / (2 * s * s));
        for (int i = 0; i < x.length; i++) h[i] /= t;
        return h;
    }

    // ---- files

    @Test
    void aOneDimensionalNpyHoldsPointsOnTheLine() throws Exception {
        Random rng = new Random(11);
        double[] u = new double[50], v = new double[50];
        for (int i = 0; i < 50; i++) {
            u[i] = rng.nextGaussian();
            v[i] = rng.nextGaussian() + 2;
        }
        Path pu = npy("u.npy", u), pv = npy("v.npy", v);
        double expected = InputReadingCliTest.sortedW2Squared(u, v);
        JsonNode emd = ok(CliRunner.run("emd", "--x", pu.toString(), "--y", pv.toString(), "--json"));
        assertThat(emd.get("status").asText()).isEqualTo("optimal");
        assertThat(emd.get("cost").asDouble()).isCloseTo(expected, within(1e-12 * expected));
        JsonNode w1d = ok(CliRunner.run("w1d", "--u", pu.toString(), "--v", pv.toString(), "--p", "2", "--json"));
        assertThat(w1d.get("cost").asDouble()).isCloseTo(expected, within(1e-12 * expected));
    }

    @Test
    void aCsvWithAByteOrderMarkReadsLikeTheNpy() throws Exception {
        double[] u = {0.5, -1.25, 3.0, 2.75, 0.125}, v = {1.5, 0.25, -0.5, 4.0, 2.0};
        Path bom = Files.writeString(dir.resolve("u.csv"), Arrays.stream(u).mapToObj(Double::toString)
                .collect(Collectors.joining("\n", "\ufeff", "\n")));
        Path pv = npy("v.npy", v);
        JsonNode fromCsv = ok(CliRunner.run("emd", "--x", bom.toString(), "--y", pv.toString(), "--json"));
        JsonNode fromNpy = ok(CliRunner.run("emd", "--x", npy("u.npy", u).toString(), "--y", pv.toString(), "--json"));
        assertThat(fromCsv.get("cost").asDouble()).isEqualTo(fromNpy.get("cost").asDouble())
                .isCloseTo(InputReadingCliTest.sortedW2Squared(u, v), within(1e-12));
    }

    /** A leading blank line is proposer 0 with an empty list: it stays unmatched, proposer 1 gets reviewer 0 (by hand). */
    @Test
    void matchKeepsALeadingBlankLine() throws Exception {
        Path p = Files.writeString(dir.resolve("p.csv"), "\n0,1\n1\n"), r = Files.writeString(dir.resolve("r.csv"), "1,2\n2,1\n");
        JsonNode j = ok(CliRunner.run("match", "--proposers", p.toString(), "--reviewers", r.toString(), "--json"));
        assertThat(j.get("matching").toString()).isEqualTo("[-1,0,1]");
    }

    // ---- emd's certificate on a wide cost range

    /**
     * C_ij = 1e15·[(i² + 3j) mod 5 &lt; 2] + ((37i + 11j) mod 101)/101, 20×20, uniform weights. SciPy 1.10.1
     * linprog(method='highs') on the transport LP: 0.11485148514851488. Either the certified optimum or no cost.
     */
    @Test
    void emdOnAWideCostRangeIsCertifiedOrOmitsTheCost() throws Exception {
        double[][] c = new double[20][20];
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) c[i][j] = 1e15 * ((i * i + 3 * j) % 5 < 2 ? 1 : 0) + ((37 * i + 11 * j) % 101) / 101.0;
        }
        JsonNode j = ok(CliRunner.run("emd", "--cost", npy("c.npy", c).toString(), "--json"));
        if (j.get("status").asText().equals("optimal")) {
            assertThat(j.get("cost").asDouble()).isCloseTo(0.11485148514851488, within(1e-12));
        } else {
            assertThat(j.get("status").asText()).isEqualTo("uncertified");
            assertThat(j.has("cost")).isFalse();
        }
    }

    // ---- tiny scales

    /** W_p is homogeneous: at points ×1e-300 the distance is 1e-300 × the unscaled one (sorted closed form); W2² ≈ 1e-600 is null. */
    @Test
    void w1dAndKmeansAtTinyScales() throws Exception {
        double[] u = {0.3, -1.2, 2.5, 0.7, -0.4, 1.9, -2.2, 0.05}, v = {1.1, 0.2, -0.6, 3.0, 2.2, 0.9, -1.5, 1.6};
        double w2 = Math.sqrt(InputReadingCliTest.sortedW2Squared(u, v)); // NumPy: 0.68213818248211278
        CliRunner r = CliRunner.run("w1d", "--u", npy("u.npy", scaled(u, 1e-300)).toString(),
                "--v", npy("v.npy", scaled(v, 1e-300)).toString(), "--p", "2", "--json");
        JsonNode j = ok(r);
        assertThat(j.get("distance").asDouble()).isCloseTo(w2 * 1e-300, within(1e-12 * w2 * 1e-300));
        assertThat(j.get("cost").isNull()).isTrue();
        assertThat(r.err()).contains("cost is null");

        Path centers = dir.resolve("c.npy");
        JsonNode k = ok(CliRunner.run("kmeans", "--x", npy("k.npy", scaled(CLUSTERS, 1e-200)).toString(), "--k", "2",
                "--out-centers", centers.toString(), "--json"));
        assertThat(k.get("centers").asInt()).isEqualTo(2);
        assertClusterCentres(Npy.read(centers).toMatrix("c").toArray(), 1e-200);
    }

    /** Two clusters: means (0, 0) (to 1e-18) and (1, 1); W2² 4.4375e-4 to nearest centres (NumPy). */
    static final double[][] CLUSTERS = {{0.01, 0.02}, {-0.02, 0.01}, {0.015, -0.01}, {-0.005, -0.02},
        {1.0, 1.01}, {0.98, 1.02}, {1.02, 0.99}, {1.0, 0.98}};

    static void assertClusterCentres(double[][] c, double s) {
        assertThat(c).hasNumberOfRows(2);
        Arrays.sort(c, (p, q) -> Double.compare(p[0], q[0]));
        for (int t = 0; t < 2; t++) {
            assertThat(c[0][t]).isCloseTo(0, within(1e-12 * s));
            assertThat(c[1][t]).isCloseTo(s, within(1e-12 * s));
        }
    }

    // ---- Sinkhorn: shifted costs, infeasibility, option conflicts, the default form

    static final double[][] C2 = {{0, 1, 4, 9}, {1, 0, 1, 4}, {4, 1, 0, 1}};

    /** NumPy/SciPy log-domain Sinkhorn, a = (0.2, 0.5, 0.3), b uniform, ε = 0.1: ⟨π, C⟩ = 0.50000000850225812; C + 100 adds 100. */
    @Test
    void sinkhornOnCostsPlusAConstantAddsTheConstant() throws Exception {
        double[][] shifted = Arrays.stream(C2).map(r -> Arrays.stream(r).map(v -> v + 100).toArray()).toArray(double[][]::new);
        Path a = npy("a.npy", new double[] {0.2, 0.5, 0.3});
        JsonNode j = ok(CliRunner.run("sinkhorn", "--cost", npy("c.npy", C2).toString(), "--a", a.toString(), "--epsilon", "0.1",
                "--json"));
        JsonNode s = ok(CliRunner.run("sinkhorn", "--cost", npy("s.npy", shifted).toString(), "--a", a.toString(), "--epsilon", "0.1",
                "--json"));
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(s.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("cost").asDouble()).isCloseTo(0.50000000850225812, within(1e-8));
        assertThat(s.get("cost").asDouble()).isCloseTo(100.50000000850225812, within(1e-8));
    }

    /**
     * Dense costs C2 × 2^1000 and × 2^-1030 (subnormal) at ε = 0.1 × the same scale: the same plan, so ⟨π, C⟩ =
     * 0.50000000850225812 × the scale (the NumPy/SciPy value above). Costs near 1.7e308 at ε = 0.1 are a range error on --epsilon.
     */
    @Test
    void sinkhornOnDenseCostsFarFromUnitScale() throws Exception {
        Path a = npy("a.npy", new double[] {0.2, 0.5, 0.3});
        for (int e : new int[] {1000, -1030}) {
            double s = Math.scalb(1.0, e);
            double[][] c = Arrays.stream(C2).map(r -> Arrays.stream(r).map(v -> v * s).toArray()).toArray(double[][]::new);
            JsonNode j = ok(CliRunner.run("sinkhorn", "--cost", npy("c" + e + ".npy", c).toString(), "--a", a.toString(),
                    "--epsilon", Double.toString(0.1 * s), "--json"));
            assertThat(j.get("status").asText()).as("scale 2^%d", e).isEqualTo("converged");
            assertThat(j.get("cost").asDouble()).as("scale 2^%d", e).isCloseTo(0.50000000850225812 * s, within(1e-8 * s));
        }
        double[][] big = Arrays.stream(C2).map(r -> Arrays.stream(r).map(v -> v * 1.7e307 + 1e307).toArray()).toArray(double[][]::new);
        assertUserError(CliRunner.run("sinkhorn", "--cost", npy("big.npy", big).toString(), "--epsilon", "0.1"), "--epsilon: ");
    }

    /** One behaviour: a row of +inf costs with positive weight is refused as infeasible by emd, sinkhorn and assign. */
    @Test
    void anInfeasibleProblemIsOneUserErrorEverywhere() throws Exception {
        double inf = Double.POSITIVE_INFINITY;
        Path c = npy("c.npy", new double[][] {{1, 2}, {inf, inf}});
        for (String[] args : new String[][] {{"emd"}, {"sinkhorn", "--epsilon", "0.1"}, {"assign"}}) {
            String[] full = Arrays.copyOf(args, args.length + 2);
            full[args.length] = "--cost";
            full[args.length + 1] = c.toString();
            assertUserError(CliRunner.run(full), "problem is infeasible: row 1 has no finite cost");
        }
    }

    @Test
    void metricWithACostMatrixIsRefused() throws Exception {
        Path c = npy("c.npy", C2);
        for (String cmd : new String[] {"emd", "sinkhorn"}) {
            CliRunner r = cmd.equals("emd") ? CliRunner.run(cmd, "--cost", c.toString(), "--metric", "euclidean")
                    : CliRunner.run(cmd, "--cost", c.toString(), "--metric", "euclidean", "--epsilon", "0.1");
            assertUserError(r, "--metric: ");
        }
    }

    /**
     * The log domain is the default: at ε = 0.002 (costs up to 9, so exp(−C/ε) underflows) it converges to the
     * NumPy/SciPy value ⟨π, C⟩ = 0.50000000000002776, objective 0.50155890360461874, like --log-domain. Plain --scaling
     * breaks down (its scalings leave the range of doubles); with Anderson acceleration, the default, the scaling engine
     * reaches the same values before they do, and is then reported converged only because its plan meets the marginals.
     */
    @Test
    void sinkhornDefaultsToTheLogDomain() throws Exception {
        String c = npy("c.npy", C2).toString(), a = npy("a.npy", new double[] {0.2, 0.5, 0.3}).toString();
        JsonNode d = ok(CliRunner.run("sinkhorn", "--cost", c, "--a", a, "--epsilon", "0.002", "--json"));
        assertThat(d.get("status").asText()).isEqualTo("converged");
        assertThat(d.get("cost").asDouble()).isCloseTo(0.50000000000002776, within(1e-9));
        assertThat(d.get("objective").asDouble()).isCloseTo(0.50155890360461874, within(1e-9));
        JsonNode log = ok(CliRunner.run("sinkhorn", "--cost", c, "--a", a, "--epsilon", "0.002", "--log-domain", "--json"));
        assertThat(log.get("objective").asDouble()).isEqualTo(d.get("objective").asDouble());
        CliRunner scaling = CliRunner.run("sinkhorn", "--cost", c, "--a", a, "--epsilon", "0.002", "--scaling", "--no-anderson",
                "--json");
        assertThat(ok(scaling).get("status").asText()).isEqualTo("numerical_error");
        assertThat(scaling.json().has("cost")).isFalse();
        JsonNode accelerated = ok(CliRunner.run("sinkhorn", "--cost", c, "--a", a, "--epsilon", "0.002", "--scaling", "--json"));
        assertThat(accelerated.get("status").asText()).isEqualTo("converged");
        assertThat(accelerated.get("cost").asDouble()).isCloseTo(0.50000000000002776, within(1e-9));
        assertThat(accelerated.get("objective").asDouble()).isCloseTo(0.50155890360461874, within(1e-9));
        assertThat(accelerated.get("marginal_error").asDouble()).isLessThan(1e-9);
        assertUserError(CliRunner.run("sinkhorn", "--cost", c, "--epsilon", "0.1", "--scaling", "--log-domain"), "--scaling: ");
    }

    /**
     * Far below the rounding of the costs (ε = 1e-20 with costs near 1, 1e-10 on random costs) the potentials cannot
     * resolve (f ⊕ g − C)/ε: a run is reported converged only when its plan meets the marginals within ten times
     * --tol; otherwise it is a numerical_error without a cost.
     */
    @Test
    void sinkhornNeverCallsAPlanThatMissesTheMarginalsConverged() throws Exception {
        Random rng = new Random(5);
        double[][] c = new double[8][8];
        for (double[] row : c) for (int j = 0; j < 8; j++) row[j] = rng.nextDouble();
        for (Path cost : new Path[] {npy("c2.npy", C2), npy("r.npy", c)}) {
            for (String eps : new String[] {"1e-10", "1e-20", "1e-100"}) {
                JsonNode j = ok(CliRunner.run("sinkhorn", "--cost", cost.toString(), "--epsilon", eps, "--json"));
                if (j.get("status").asText().equals("converged")) {
                    assertThat(j.get("marginal_error").asDouble()).as("epsilon %s", eps).isLessThanOrEqualTo(1e-8);
                } else {
                    assertThat(j.get("status").asText()).as("epsilon %s", eps).isIn("numerical_error", "max_iterations");
                }
            }
        }
    }

    // ---- extreme scales

    static final double[][] X = {{0.12, 0.85}, {0.33, 0.41}, {0.57, 0.09}, {0.91, 0.66}, {0.05, 0.27}, {0.74, 0.38},
        {0.48, 0.93}, {0.26, 0.62}, {0.83, 0.14}, {0.61, 0.55}, {0.19, 0.03}, {0.97, 0.88}};
    static final double[][] OFFSETS = {{0.01, -0.02}, {0.0, 0.015}, {-0.01, 0.01}, {0.02, 0.0}, {0.005, 0.005}, {-0.015, 0.01},
        {0.0, -0.01}, {0.01, 0.01}, {-0.005, 0.02}, {0.01, -0.005}, {0.0, 0.0}, {-0.02, -0.01}};

    static double[][] y() {
        double[][] y = new double[X.length][2];
        for (int i = 0; i < X.length; i++) for (int t = 0; t < 2; t++) y[i][t] = X[i][t] + OFFSETS[i][t];
        return y;
    }

    /**
     * S_ε with |x − y|² is homogeneous: S_ε(sX, sY) = s² S_{ε/s²}(X, Y). With s = 2^513 (points near 2.6e154,
     * squared distances up to 2^1026.7, beyond the double range) and ε = 2^1023: 2^1026 × S_{1/8}(X, Y), where
     * S_{1/8} = 0.00013344783563347395 (NumPy/SciPy log-domain Sinkhorn, three solves). Points ×1e200 at ε = 0.1
     * need squared distances 1e401 times ε: a range error naming --epsilon.
     */
    @Test
    void sinkhornDivergenceAtExtremeScales() throws Exception {
        double s = Math.scalb(1.0, 513);
        Path x = npy("x.npy", scaled(X, s)), y = npy("y.npy", scaled(y(), s));
        JsonNode j = ok(CliRunner.run("sinkhorn-divergence", "--x", x.toString(), "--y", y.toString(),
                "--epsilon", Double.toString(Math.scalb(1.0, 1023)), "--tol", "1e-12", "--max-iter", "10000", "--json"));
        assertThat(j.get("converged").asBoolean()).isTrue();
        double expected = Math.scalb(0.00013344783563347395, 1026);
        assertThat(j.get("divergence").asDouble()).isCloseTo(expected, within(1e-7 * expected));

        CliRunner big = CliRunner.run("sinkhorn-divergence", "--x", npy("xb.npy", scaled(X, 1e200)).toString(),
                "--y", npy("yb.npy", scaled(y(), 1e200)).toString(), "--epsilon", "0.1");
        assertUserError(big, "--epsilon: ");
    }

    /**
     * Euclidean costs between X and its first nine points shifted by (0.3, −0.2), ε = 0.5: ⟨π, C⟩ = 0.54680912367026502,
     * objective 0.57985411931538478 (NumPy/SciPy log-domain Sinkhorn); at scale 2^±664 with ε scaled alike both
     * scale by 2^±664 (points near 1e±200: squared distances would over- or underflow).
     */
    @Test
    void sinkhornAtExtremeScales() throws Exception {
        double[][] y = new double[9][];
        for (int i = 0; i < 9; i++) y[i] = new double[] {X[i][0] + 0.3, X[i][1] - 0.2};
        for (int e : new int[] {664, -664}) {
            double s = Math.scalb(1.0, e);
            JsonNode j = ok(CliRunner.run("sinkhorn", "--x", npy("x" + e + ".npy", scaled(X, s)).toString(),
                    "--y", npy("y" + e + ".npy", scaled(y, s)).toString(), "--metric", "euclidean", "--epsilon", Double.toString(0.5 * s),
                    "--tol", "1e-12", "--json"));
            assertThat(j.get("status").asText()).as("scale 2^%d", e).isEqualTo("converged");
            assertThat(j.get("cost").asDouble()).as("scale 2^%d", e).isCloseTo(0.54680912367026502 * s, within(1e-9 * s));
            assertThat(j.get("objective").asDouble()).as("scale 2^%d", e).isCloseTo(0.57985411931538478 * s, within(1e-9 * s));
        }
    }

    /** In 1-D every direction is ±1, so sliced W2 is W2 itself (sorted closed form, 0.68213818248211278), also at ×1e±200. */
    @Test
    void slicedAtExtremeScales() throws Exception {
        double[] u = {0.3, -1.2, 2.5, 0.7, -0.4, 1.9, -2.2, 0.05}, v = {1.1, 0.2, -0.6, 3.0, 2.2, 0.9, -1.5, 1.6};
        for (double s : new double[] {1e200, 1e-200}) {
            JsonNode j = ok(CliRunner.run("sliced", "--x", npy("u.npy", scaled(u, s)).toString(),
                    "--y", npy("v.npy", scaled(v, s)).toString(), "--projections", "5", "--json"));
            assertThat(j.get("distance").asDouble()).as("scale %g", s).isCloseTo(0.68213818248211278 * s, within(1e-12 * s));
        }
    }

    static final double[][] R = {{0.62, 0.11, 0.93, 0.47, 0.35}, {0.28, 0.76, 0.05, 0.59, 0.84}, {0.91, 0.44, 0.67, 0.13, 0.22},
        {0.07, 0.53, 0.38, 0.81, 0.96}, {0.49, 0.88, 0.24, 0.16, 0.71}};

    /**
     * SciPy linear_sum_assignment(R): columns [1, 2, 4, 0, 3], total 0.61. Costs R × 2^1023 and R × 1.7e308 (where the
     * shortest paths overflowed) give the same assignment and total × the scale; with costs 3·R·1.7e308 (capped at the
     * largest double) every assignment totals beyond the double range: a range error on --cost.
     */
    @Test
    void assignNearTheLargestDouble() throws Exception {
        JsonNode j = ok(CliRunner.run("assign", "--cost", npy("c.npy", scaled(R, Math.scalb(1.0, 1023))).toString(), "--json"));
        assertThat(j.get("assignment").toString()).isEqualTo("[1,2,4,0,3]");
        assertThat(j.get("cost").asDouble()).isCloseTo(5.4829640613300634e307, within(1e-14 * 5.4829640613300634e307));
        JsonNode k = ok(CliRunner.run("assign", "--cost", npy("k.npy", scaled(R, 1.7e308)).toString(), "--json"));
        assertThat(k.get("assignment").toString()).isEqualTo("[1,2,4,0,3]");
        assertThat(k.get("cost").asDouble()).isCloseTo(0.61 * 1.7e308, within(1e-14 * 1.7e308));
        double[][] wide = scaled(R, 1.7e308);
        for (double[] row : wide) for (int t = 0; t < row.length; t++) row[t] = Math.min(row[t] * 3, Double.MAX_VALUE);
        assertUserError(CliRunner.run("assign", "--cost", npy("w.npy", wide).toString()), "--cost: ");
    }

    /** k-means at ×1e155: the centres scale (means (0, 0) and (1, 1)) and W2² = 4.4375e-4 × 1e310 = 4.4375e306 (NumPy). */
    @Test
    void kmeansNearTheOverflowScale() throws Exception {
        Path centers = dir.resolve("c.npy");
        JsonNode k = ok(CliRunner.run("kmeans", "--x", npy("k.npy", scaled(CLUSTERS, 1e155)).toString(), "--k", "2",
                "--out-centers", centers.toString(), "--json"));
        assertThat(k.get("centers").asInt()).isEqualTo(2);
        assertClusterCentres(Npy.read(centers).toMatrix("c").toArray(), 1e155);
        assertThat(k.get("w2_squared").asDouble()).isCloseTo(4.4375e306, within(1e-9 * 4.4375e306));
    }

    /** emd's solver errors name the option the costs came from. */
    @Test
    void emdErrorsNameTheCostOption() throws Exception {
        assertUserError(CliRunner.run("emd", "--cost", npy("c.npy", scaled(R, 1.7e308)).toString()), "--cost: ");
        CliRunner points = CliRunner.run("emd", "--x", npy("x.npy", scaled(X, 1e200)).toString(),
                "--y", npy("y.npy", scaled(y(), 1e200)).toString());
        assertUserError(points, "--x/--y: ");
        assertThat(points.err()).contains("rescale the points");
    }

    /** Every refusal of the entropic commands leads with the option it concerns. */
    @Test
    void entropicErrorsNameTheOption() throws Exception {
        Path h = npy("h.npy", new double[][] {{0.5, 0.5}, {0.2, 0.8}}), sup = npy("s.npy", new double[] {0, 1}), out = dir.resolve("o.npy");
        String[] bary = {"barycenter", "--histograms", h.toString(), "--out", out.toString()};
        assertUserError(CliRunner.run(concat(bary, "--support", sup.toString(), "--epsilon", "-1")), "--epsilon: ");
        assertUserError(CliRunner.run(concat(bary, "--support", sup.toString(), "--epsilon", "0.1", "--tol", "-1")), "--tol: ");
        assertUserError(CliRunner.run(concat(bary, "--support", sup.toString(), "--epsilon", "0.1", "--metric", "foo")), "--metric: ");
        Path nan = npy("c.npy", new double[][] {{0, Double.NaN}, {1, 0}}), one = npy("w.npy", new double[] {1});
        assertUserError(CliRunner.run(concat(bary, "--cost", nan.toString(), "--epsilon", "0.1")), "--cost: ");
        assertUserError(CliRunner.run(concat(bary, "--support", sup.toString(), "--epsilon", "0.1", "--weights", one.toString())),
                "--weights: ");
        Path x = npy("x.npy", new double[] {0, 1, 2});
        assertUserError(CliRunner.run("sinkhorn-divergence", "--x", x.toString(), "--y", x.toString(), "--epsilon", "0"), "--epsilon: ");
        assertUserError(CliRunner.run("sinkhorn-divergence", "--x", x.toString(), "--y", x.toString(), "--epsilon", "1", "--metric", "foo"),
                "--metric: ");
        assertUserError(CliRunner.run("sinkhorn", "--x", x.toString(), "--y", x.toString(), "--epsilon", "1", "--tol", "-1"), "--tol: ");
        // the plain scaling form needs a dense kernel: 6000 × 6000 points is above the library's dense limit
        double[] line = new double[6000];
        for (int i = 0; i < line.length; i++) line[i] = i;
        Path big = npy("line.npy", line);
        assertUserError(CliRunner.run("sinkhorn", "--x", big.toString(), "--y", big.toString(), "--epsilon", "1", "--scaling"),
                "--scaling: ");
    }

    /**
     * Numeric keys hold numbers or null, never strings: at ε = 1e-30 the entropic Gaussian plan is the W2 one
     * (Bures W2² between I and [[2, 0.5], [0.5, 1]]: 5 − 2 tr(B^½) = 0.24784204342297222, SciPy sqrtm) and its
     * optimality residual is not computable, so null with a note.
     */
    @Test
    void entropicGaussianResidualIsANumberOrNull() throws Exception {
        Path i = Files.writeString(dir.resolve("i.csv"), "1,0\n0,1\n"), b = Files.writeString(dir.resolve("b.csv"), "2,0.5\n0.5,1\n");
        CliRunner r = CliRunner.run("entropic-gaussian", "--cov0", i.toString(), "--cov1", b.toString(), "--epsilon", "1e-30",
                "--reference", "product", "--json");
        JsonNode j = ok(r);
        assertThat(j.get("cost").asDouble()).isCloseTo(0.24784204342297222, within(1e-12));
        JsonNode res = j.get("optimality_residual");
        assertThat(res.isNull() || res.isNumber()).as(res.toString()).isTrue();
        if (res.isNull()) assertThat(r.err()).contains("optimality_residual is null");
    }
}
