package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.linalg.Matrix;
import org.monge.testing.TinyLp;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class NetworkSimplexTest {

    static double[] randomWeights(Random r, int n, double zeroProb) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            w[i] = r.nextDouble() < zeroProb ? 0 : r.nextDouble();
            s += w[i];
        }
        if (s == 0) { w[0] = 1; s = 1; }
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    static double[][] randomCost(Random r, int m, int n, boolean integer) {
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[i][j] = integer ? r.nextInt(4) : r.nextDouble() * 10 - 3;
        return c;
    }

    static CostMatrix dense(double[][] c) {
        return CostMatrix.dense(Matrix.of(c));
    }

    /** Checks primal feasibility, dual feasibility, complementary slackness and the gap. */
    static void assertCertified(double[] a, double[] b, double[][] c, NetworkSimplex.Result res) {
        assertThat(res.status()).isEqualTo(NetworkSimplex.Status.OPTIMAL);
        int m = a.length, n = b.length;
        assertThat(res.plan().nonzeros()).isLessThanOrEqualTo(m + n - 1);
        double[] rs = res.plan().rowSums(), cs = res.plan().colSums();
        for (int i = 0; i < m; i++) assertThat(rs[i]).isCloseTo(a[i], within(1e-12));
        for (int j = 0; j < n; j++) assertThat(cs[j]).isCloseTo(b[j], within(1e-12));
        double scale = 1;
        for (double[] row : c) for (double v : row) if (Double.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) assertThat(res.f()[i] + res.g()[j]).isLessThanOrEqualTo(c[i][j] + 1e-11 * scale);
        SparsePlan p = res.plan();
        for (int k = 0; k < p.nonzeros(); k++) {
            assertThat(p.masses()[k]).isPositive();
            assertThat(res.f()[p.sources()[k]] + res.g()[p.targets()[k]])
                    .isCloseTo(c[p.sources()[k]][p.targets()[k]], within(1e-11 * scale));
        }
        double dual = 0;
        for (int i = 0; i < m; i++) dual += a[i] * res.f()[i];
        for (int j = 0; j < n; j++) dual += b[j] * res.g()[j];
        assertThat(dual).isCloseTo(res.cost(), within(1e-11 * scale));
    }

    @Test
    void matchesVertexEnumerationOnTinyProblems() {
        forAll(321, 300, gen -> {
            int m = gen.intIn("m", 1, 3);
            int n = gen.intIn("n", 1, 4);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            boolean ties = r.nextBoolean();
            double[] a = randomWeights(r, m, ties ? 0.3 : 0), b = randomWeights(r, n, ties ? 0.3 : 0);
            double[][] c = randomCost(r, m, n, ties);
            NetworkSimplex.Result res = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(c));
            assertThat(res.cost()).isCloseTo(TinyLp.transport(a, b, c), within(1e-10));
            assertCertified(a, b, c, res);
        });
    }

    @Test
    void certifiedOnRandomShapes() {
        forAll(322, 60, gen -> {
            int m = gen.intIn("m", 1, 60);
            int n = gen.intIn("n", 1, 60);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            int kind = r.nextInt(3);
            double[] a = randomWeights(r, m, kind == 1 ? 0.3 : 0), b = randomWeights(r, n, kind == 1 ? 0.3 : 0);
            double[][] c = randomCost(r, m, n, kind == 2);
            assertCertified(a, b, c, NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(c)));
        });
    }

    @Test
    void uniformPointCloudsAgreeWithPot() {
        // x = [[0,0],[1,0],[0,2]], y = [[1,1],[3,0],[0,0]], uniform weights, squared Euclidean:
        // ot.emd2(ones(3)/3, ones(3)/3, ot.dist(x, y)) = 2.0 (POT 0.8.2, float64)
        Matrix x = Matrix.of(new double[][] {{0, 0}, {1, 0}, {0, 2}});
        Matrix y = Matrix.of(new double[][] {{1, 1}, {3, 0}, {0, 0}});
        NetworkSimplex.Result res = NetworkSimplex.defaults().solve(CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        assertThat(res.cost()).isCloseTo(2.0, within(1e-14));
        assertThat(res.isOptimal()).isTrue();
    }

    @Test
    void degenerateCases() {
        // one point on each side
        NetworkSimplex.Result one = NetworkSimplex.defaults().solve(DiscreteMeasure.of(new double[] {2}),
                DiscreteMeasure.of(new double[] {2}), CostMatrix.dense(1, 1, new double[] {3}));
        assertThat(one.cost()).isEqualTo(6);
        assertThat(one.plan().nonzeros()).isEqualTo(1);
        // all-equal costs: any feasible plan is optimal
        double[] a = {0.1, 0.2, 0.7}, b = {0.5, 0.5};
        double[][] c = {{1, 1}, {1, 1}, {1, 1}};
        NetworkSimplex.Result eq = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(c));
        assertThat(eq.cost()).isCloseTo(1, within(1e-15));
        assertCertified(a, b, c, eq);
        // zero weights everywhere but one cell
        double[] a0 = {0, 1, 0}, b0 = {0, 0, 1};
        double[][] c0 = {{5, 1, 2}, {3, 4, 7}, {0, 0, 0}};
        NetworkSimplex.Result z = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a0), DiscreteMeasure.of(b0), dense(c0));
        assertThat(z.cost()).isEqualTo(7);
        assertCertified(a0, b0, c0, z);
    }

    @Test
    void forbiddenPairsAndInfeasibility() {
        double inf = Double.POSITIVE_INFINITY;
        double[] a = {0.5, 0.5}, b = {0.5, 0.5};
        double[][] c = {{inf, 1}, {2, inf}};
        NetworkSimplex.Result res = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(c));
        assertThat(res.status()).isEqualTo(NetworkSimplex.Status.OPTIMAL);
        assertThat(res.cost()).isCloseTo(1.5, within(1e-14));
        double[][] bad = {{inf, 1}, {inf, 2}};
        assertThat(NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(bad)).status())
                .isEqualTo(NetworkSimplex.Status.INFEASIBLE);
    }

    @Test
    void iterationLimitIsReported() {
        Random r = new Random(3);
        int n = 40;
        double[][] c = randomCost(r, n, n, false);
        NetworkSimplex.Result res = NetworkSimplex.defaults().withMaxIterations(5).solve(dense(c));
        assertThat(res.status()).isEqualTo(NetworkSimplex.Status.ITERATION_LIMIT);
        assertThat(res.iterations()).isEqualTo(5);
    }

    @Test
    void massesEqualWithinTheToleranceAreAccepted() {
        Random r = new Random(9);
        int m = 30, n = 20;
        double[][] c = randomCost(r, m, n, false);
        double[] a = randomWeights(r, m, 0), b = randomWeights(r, n, 0);
        double[] b2 = b.clone();
        for (int j = 0; j < n; j++) b2[j] *= 1 + 3e-10;
        NetworkSimplex.Result exact = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(c));
        NetworkSimplex.Result close = NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b2), dense(c));
        assertThat(close.status()).isEqualTo(NetworkSimplex.Status.OPTIMAL);
        assertThat(close.cost()).isCloseTo(exact.cost(), within(1e-8));
        OptimalityCertificate cert = OptimalityCertificate.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b2), dense(c), close);
        assertThat(cert.marginalError()).isLessThan(1e-8);
        assertThat(Math.abs(cert.dualityGap())).isLessThan(1e-8);
        assertThat(cert.dualInfeasibility()).isLessThan(1e-12);
    }

    @Test
    void unequalMassesAreAnError() {
        assertThatThrownBy(() -> NetworkSimplex.defaults().solve(DiscreteMeasure.of(new double[] {1, 1}),
                        DiscreteMeasure.of(new double[] {1}), CostMatrix.dense(2, 1, new double[] {0, 0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masses differ");
        assertThatThrownBy(() -> NetworkSimplex.defaults().solve(DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2),
                CostMatrix.dense(2, 1, new double[] {0, 0}))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns");
        assertThatThrownBy(() -> NetworkSimplex.defaults().solve(CostMatrix.dense(1, 2, new double[] {-1e308, 1e308})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rescale");
    }

    @Test
    void pointCostsOnTheFlyGiveTheDenseResult() {
        forAll(323, 30, gen -> {
            int m = gen.intIn("m", 1, 80);
            int n = gen.intIn("n", 1, 80);
            int d = gen.intIn("d", 1, 3);
            boolean euclidean = gen.anyBoolean("euclidean");
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[][] x = new double[m][d], y = new double[n][d];
            for (double[] p : x) for (int k = 0; k < d; k++) p[k] = r.nextGaussian();
            for (double[] p : y) for (int k = 0; k < d; k++) p[k] = r.nextGaussian() + 1;
            CostMatrix points = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), euclidean ? Metric.EUCLIDEAN : Metric.SQEUCLIDEAN);
            CostMatrix dense = CostMatrix.dense(m, n, points.toRowMajor());
            DiscreteMeasure a = DiscreteMeasure.of(randomWeights(r, m, 0.1)), b = DiscreteMeasure.of(randomWeights(r, n, 0.1));
            NetworkSimplex.Result fromPoints = NetworkSimplex.defaults().solve(a, b, points);
            NetworkSimplex.Result fromDense = NetworkSimplex.defaults().solve(a, b, dense);
            assertThat(fromPoints.isOptimal()).isTrue();
            assertThat(fromPoints.cost()).isCloseTo(fromDense.cost(), within(1e-12 * Math.max(1, fromDense.cost())));
            assertThat(OptimalityCertificate.of(a, b, dense, fromPoints).certifies(1e-10)).isTrue();
        });
    }

    @Test
    void heavilyDegenerateProblemsAtScaleAreCertified() {
        // 0/1 costs, integer masses with many zeros: ties everywhere, many degenerate pivots
        Random r = new Random(17);
        int m = 180, n = 140;
        double[][] c = new double[m][n];
        for (double[] row : c) for (int j = 0; j < n; j++) row[j] = r.nextInt(2);
        double[] a = new double[m], b = new double[n];
        for (int i = 0; i < m; i++) a[i] = r.nextInt(3);
        double total = 0;
        for (double x : a) total += x;
        for (int j = 0; j < n; j++) b[j] = r.nextInt(3);
        double tb = 0;
        for (double x : b) tb += x;
        for (int j = 0; j < n; j++) b[j] *= total / tb;
        assertCertified(a, b, c, NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), dense(c)));
    }

    @Test
    void largerRandomProblemIsCertified() {
        Random r = new Random(11);
        int m = 300, n = 250;
        CostMatrix cm = CostMatrix.fromPoints(uniformCloud(r, m, 2), uniformCloud(r, n, 2), Metric.SQEUCLIDEAN);
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[i][j] = cm.get(i, j);
        double[] a = randomWeights(r, m, 0.1), b = randomWeights(r, n, 0.1);
        assertCertified(a, b, c, NetworkSimplex.defaults().solve(DiscreteMeasure.of(a), DiscreteMeasure.of(b), cm));
    }
}
