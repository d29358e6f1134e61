package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.randomWeights;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

public class SinkhornTest {

    /** Independent check: the plain textbook iteration u = a/(Kv), v = b/(Kᵀu) on a dense matrix, many iterations. */
    static double[][] naivePlan(double[] a, double[] b, double[][] c, double eps, double[][] refOrNull, int iters) {
        int n = a.length, m = b.length;
        double[][] k = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) k[i][j] = Math.exp(-c[i][j] / eps) * (refOrNull == null ? a[i] * b[j] : refOrNull[i][j]);
        }
        double[] u = new double[n], v = new double[m];
        Arrays.fill(v, 1);
        for (int it = 0; it < iters; it++) {
            for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < m; j++) s += k[i][j] * v[j]; u[i] = a[i] / s; }
            for (int j = 0; j < m; j++) { double s = 0; for (int i = 0; i < n; i++) s += k[i][j] * u[i]; v[j] = b[j] / s; }
        }
        double[][] p = new double[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) p[i][j] = u[i] * k[i][j] * v[j];
        return p;
    }

    static double dot(double[][] p, double[][] c) {
        double s = 0;
        for (int i = 0; i < p.length; i++) for (int j = 0; j < p[0].length; j++) s += p[i][j] * c[i][j];
        return s;
    }

    @Test
    void allEnginesMatchTheTextbookIterationAndFitTheMarginals() {
        Matrix x = uniformCloud(30, 2, 1), y = uniformCloud(25, 2, 2);
        DiscreteMeasure a = randomWeights(30, 3), b = randomWeights(25, 4);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        double eps = 0.05;
        double[][] ref = naivePlan(a.weights(), b.weights(), c.toMatrix().toArray(), eps, null, 5000);
        double refCost = dot(ref, c.toMatrix().toArray());
        Sinkhorn base = Sinkhorn.withEpsilon(eps).withTolerance(1e-12).withMaxIterations(20000);
        for (Sinkhorn s : new Sinkhorn[] {base.withLogDomain(false), base, base.withStorage(Sinkhorn.Storage.ON_THE_FLY),
                base.withEpsilonScaling(0)}) {
            Sinkhorn.Result r = s.solve(a, b, c);
            assertThat(r.status()).isEqualTo(Sinkhorn.Status.CONVERGED);
            assertThat(r.marginalError()).isLessThanOrEqualTo(1e-11);
            assertThat(r.cost()).isCloseTo(refCost, within(1e-10));
            double[][] p = r.plan().toMatrix().toArray();
            for (int i = 0; i < 30; i++) for (int j = 0; j < 25; j++) assertThat(p[i][j]).isCloseTo(ref[i][j], within(1e-11));
            double[] rows = r.plan().rowSums(), cols = r.plan().colSums();
            for (int i = 0; i < 30; i++) assertThat(rows[i]).isCloseTo(a.weight(i), within(1e-11));
            for (int j = 0; j < 25; j++) assertThat(cols[j]).isCloseTo(b.weight(j), within(1e-11));
            // strong duality at convergence: objective = ⟨a, f⟩ + ⟨b, g⟩ (mass 1, reference a⊗b)
            double fa = 0, gb = 0;
            for (int i = 0; i < 30; i++) fa += a.weight(i) * r.f()[i];
            for (int j = 0; j < 25; j++) gb += b.weight(j) * r.g()[j];
            assertThat(r.objective()).isCloseTo(fa + gb, within(1e-9));
            assertThat(r.dualObjective()).isCloseTo(r.objective(), within(1e-9));
            // objective = ⟨π, C⟩ + ε KL(π ‖ a⊗b), computed directly
            double kl = 0;
            for (int i = 0; i < 30; i++) for (int j = 0; j < 25; j++) kl += p[i][j] * Math.log(p[i][j] / (a.weight(i) * b.weight(j)));
            assertThat(r.objective()).isCloseTo(refCost + eps * kl, within(1e-9));
        }
    }

    @Test
    void denseAndOnTheFlyAgreeOnLargerClouds() {
        Matrix x = uniformCloud(400, 3, 5), y = uniformCloud(300, 3, 6);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.EUCLIDEAN);
        DiscreteMeasure a = DiscreteMeasure.uniform(400), b = DiscreteMeasure.uniform(300);
        Sinkhorn s = Sinkhorn.withEpsilon(0.01).withTolerance(1e-10).withMaxIterations(5000);
        Sinkhorn.Result d = s.withStorage(Sinkhorn.Storage.DENSE).solve(a, b, c);
        Sinkhorn.Result o = s.withStorage(Sinkhorn.Storage.ON_THE_FLY).solve(a, b, c);
        Sinkhorn.Result dc = s.withStorage(Sinkhorn.Storage.DENSE).solve(a, b, CostMatrix.dense(c.toMatrix()));
        assertThat(d.converged()).isTrue();
        assertThat(o.converged()).isTrue();
        assertThat(o.cost()).isCloseTo(d.cost(), within(1e-8));
        assertThat(dc.cost()).isCloseTo(d.cost(), within(1e-8));
        assertThat(o.objective()).isCloseTo(d.objective(), within(1e-8));
    }

    /** The vectorised squared-Euclidean rows (general d, several blocks of columns) against the dense engine. */
    @Test
    void squaredEuclideanOnTheFlyMatchesDenseAcrossBlocks() {
        int n = 700, m = 2 * LogKernel.SqEuclidean.BLOCK + 37;
        for (int d : new int[] {2, 3}) {
            Matrix x = uniformCloud(n, d, 7 + d), y = uniformCloud(m, d, 8 + d);
            CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
            DiscreteMeasure a = randomWeights(n, 9), b = randomWeights(m, 10);
            Sinkhorn s = Sinkhorn.withEpsilon(0.02).withTolerance(1e-10).withMaxIterations(5000);
            Sinkhorn.Result dense = s.withStorage(Sinkhorn.Storage.DENSE).solve(a, b, CostMatrix.dense(c.toMatrix()));
            Sinkhorn.Result fly = s.withStorage(Sinkhorn.Storage.ON_THE_FLY).solve(a, b, c);
            assertThat(fly.converged()).isTrue();
            assertThat(fly.marginalError()).isLessThanOrEqualTo(1e-10);
            assertThat(fly.cost()).as("d=%d", d).isCloseTo(dense.cost(), within(1e-9 * dense.cost()));
            assertThat(fly.objective()).isCloseTo(dense.objective(), within(1e-9 * Math.abs(dense.objective())));
            for (int i = 0; i < n; i += 97) assertThat(fly.f()[i]).isCloseTo(dense.f()[i], within(1e-8));
        }
    }

    /**
     * The multiscale warm start reaches the same fixed point as the cold start with ε-scaling
     * (tight tolerance), in fewer iterations of the full problem.
     */
    @Test
    void multiscaleWarmStartReachesTheSameSolution() {
        int n = Sinkhorn.MULTISCALE_MIN;
        Matrix x = uniformCloud(n, 2, 11), y = uniformCloud(n + 100, 2, 12);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = randomWeights(n + 100, 13);
        Sinkhorn s = Sinkhorn.withEpsilon(0.1).withTolerance(1e-7).withMaxIterations(2000).withStorage(Sinkhorn.Storage.ON_THE_FLY);
        Sinkhorn.Result cold = s.withMultiscale(false).solve(a, b, c);
        Sinkhorn.Result warm = s.solve(a, b, c);
        assertThat(cold.converged()).isTrue();
        assertThat(warm.converged()).isTrue();
        assertThat(warm.marginalError()).isLessThanOrEqualTo(1e-7);
        assertThat(warm.cost()).isCloseTo(cold.cost(), within(1e-6 * cold.cost()));
        assertThat(warm.objective()).isCloseTo(cold.objective(), within(1e-6 * Math.abs(cold.objective())));
        assertThat(warm.iterations()).isLessThan(cold.iterations());
    }

    @Test
    void costTendsToTheExactCostAsEpsilonShrinks() {
        Matrix x = uniformCloud(40, 2, 7), y = uniformCloud(40, 2, 8);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        DiscreteMeasure a = randomWeights(40, 9), b = randomWeights(40, 10);
        double exact = NetworkSimplex.defaults().solve(a, b, c).cost();
        double prevGap = Double.POSITIVE_INFINITY;
        for (double eps : new double[] {1e-1, 1e-2, 1e-3, 1e-4}) {
            Sinkhorn.Result r = Sinkhorn.withEpsilon(eps).withTolerance(1e-10).withMaxIterations(200000).solve(a, b, c);
            double gap = r.cost() - exact;
            assertThat(gap).isGreaterThanOrEqualTo(-1e-9); // a feasible plan never beats the LP optimum
            assertThat(gap).isLessThan(prevGap + 1e-12);
            // entropic objective ≥ exact cost and ≤ exact + ε log(nm) (Peyré & Cuturi, Prop. 4.1 style bound)
            assertThat(r.objective()).isGreaterThanOrEqualTo(exact - 1e-9);
            assertThat(r.objective()).isLessThanOrEqualTo(exact + eps * Math.log(40.0 * 40) + 1e-9);
            prevGap = gap;
        }
        assertThat(prevGap).isLessThan(1e-3);
    }

    @Test
    void logDomainStaysFiniteAtTinyEpsilonAndLargeCosts() {
        Random r = new Random(11);
        int n = 60, m = 50;
        double[] cd = new double[n * m];
        for (int k = 0; k < cd.length; k++) cd[k] = 1000 * r.nextDouble();
        CostMatrix c = CostMatrix.dense(n, m, cd);
        DiscreteMeasure a = randomWeights(n, 12), b = randomWeights(m, 13);
        for (Sinkhorn.Storage st : Sinkhorn.Storage.values()) {
            Sinkhorn.Result res = Sinkhorn.withEpsilon(1e-4).withTolerance(1e-8).withMaxIterations(20000).withStorage(st).solve(a, b, c);
            assertThat(Double.isFinite(res.cost())).isTrue();
            assertThat(Double.isFinite(res.objective())).isTrue();
            for (double v : res.f()) assertThat(Double.isFinite(v)).isTrue();
            for (double v : res.g()) assertThat(Double.isFinite(v)).isTrue();
            assertThat(res.status()).isNotEqualTo(Sinkhorn.Status.NUMERICAL_ERROR);
            double exact = NetworkSimplex.defaults().solve(a, b, c).cost();
            if (res.converged()) assertThat(res.cost()).isCloseTo(exact, within(1e-2 * exact));
        }
        // the plain scaling form underflows here: reported, never hidden
        Sinkhorn.Result plain = Sinkhorn.withEpsilon(1e-4).withLogDomain(false).solve(a, b, c);
        assertThat(plain.status()).isEqualTo(Sinkhorn.Status.NUMERICAL_ERROR);
    }

    @Test
    void nonConvergenceIsReported() {
        Matrix x = uniformCloud(50, 2, 14), y = uniformCloud(50, 2, 15);
        Sinkhorn.Result r = Sinkhorn.withEpsilon(1e-3).withEpsilonScaling(0).withMaxIterations(3).withTolerance(1e-12)
                .solve(DiscreteMeasure.uniform(50), DiscreteMeasure.uniform(50), CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        assertThat(r.status()).isEqualTo(Sinkhorn.Status.MAX_ITERATIONS);
        assertThat(r.iterations()).isEqualTo(3);
        assertThat(r.marginalError()).isGreaterThan(1e-12);
    }

    @Test
    void warmStartFromTheSolutionConvergesAtOnce() {
        Matrix x = uniformCloud(80, 2, 16), y = uniformCloud(70, 2, 17);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        DiscreteMeasure a = DiscreteMeasure.uniform(80), b = DiscreteMeasure.uniform(70);
        Sinkhorn s = Sinkhorn.withEpsilon(0.01).withTolerance(1e-9);
        Sinkhorn.Result cold = s.solve(a, b, c);
        Sinkhorn.Result warm = s.solve(a, b, c, cold.f(), cold.g());
        assertThat(warm.iterations()).isLessThanOrEqualTo(1);
        assertThat(warm.cost()).isCloseTo(cold.cost(), within(1e-9));
    }

    @Test
    void productReferenceGivenAsAMatrixOrAFunctionReproducesTheDefault() {
        Matrix x = uniformCloud(20, 2, 18), y = uniformCloud(15, 2, 19);
        DiscreteMeasure a = randomWeights(20, 20), b = randomWeights(15, 21);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        double[] logR = new double[20 * 15];
        for (int i = 0; i < 20; i++) for (int j = 0; j < 15; j++) logR[i * 15 + j] = Math.log(a.weight(i) * b.weight(j));
        Sinkhorn s = Sinkhorn.withEpsilon(0.02).withTolerance(1e-12).withMaxIterations(10000);
        Sinkhorn.Result std = s.solve(a, b, c);
        Sinkhorn.Result viaMatrix = s.withReference(ReferenceMeasure.logMatrix(Matrix.fromRowMajor(20, 15, logR))).solve(a, b, c);
        double[][] xs = x.toArray(), ys = y.toArray();
        Sinkhorn.Result viaFunction = s.withReference(ReferenceMeasure.logDensity((p, q) -> {
            int i = indexOf(xs, p), j = indexOf(ys, q);
            return Math.log(a.weight(i) * b.weight(j));
        })).solve(a, b, c);
        for (Sinkhorn.Result r : new Sinkhorn.Result[] {viaMatrix, viaFunction}) {
            assertThat(r.converged()).isTrue();
            assertThat(r.cost()).isCloseTo(std.cost(), within(1e-11));
            assertThat(r.objective()).isCloseTo(std.objective(), within(1e-11));
        }
    }

    private static int indexOf(double[][] pts, double[] p) {
        for (int i = 0; i < pts.length; i++) if (Arrays.equals(pts[i], p)) return i;
        throw new AssertionError("point not found");
    }

    @Test
    void nonProductReferenceFitsTheMarginalsAndMinimisesItsObjective() {
        int n = 12, m = 10;
        Matrix x = uniformCloud(n, 1, 22), y = uniformCloud(m, 1, 23);
        DiscreteMeasure a = randomWeights(n, 24), b = randomWeights(m, 25);
        CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        // a correlated Gaussian-like reference density, far from a product
        ReferenceMeasure.LogDensity dens = (p, q) ->
                -((p[0] - 0.5) * (p[0] - 0.5) - 1.6 * (p[0] - 0.5) * (q[0] - 0.5) + (q[0] - 0.5) * (q[0] - 0.5)) / 0.1;
        double eps = 0.05;
        for (Sinkhorn.Storage st : new Sinkhorn.Storage[] {Sinkhorn.Storage.DENSE, Sinkhorn.Storage.ON_THE_FLY}) {
            Sinkhorn.Result r = Sinkhorn.withEpsilon(eps).withTolerance(1e-13).withMaxIterations(100000).withStorage(st)
                    .withReference(ReferenceMeasure.logDensity(dens)).solve(a, b, c);
            assertThat(r.converged()).isTrue();
            double[][] p = r.plan().toMatrix().toArray(), cc = c.toMatrix().toArray();
            double[][] ref = new double[n][m];
            double[][] xs = x.toArray(), ys = y.toArray();
            for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) ref[i][j] = Math.exp(dens.logR(xs[i], ys[j]));
            double[][] naive = naivePlan(a.weights(), b.weights(), cc, eps, ref, 20000);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) { s += p[i][j]; assertThat(p[i][j]).isCloseTo(naive[i][j], within(1e-10)); }
                assertThat(s).isCloseTo(a.weight(i), within(1e-12));
            }
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += p[i][j];
                assertThat(s).isCloseTo(b.weight(j), within(1e-12));
            }
            double best = objective(p, cc, ref, eps);
            assertThat(r.objective()).isCloseTo(best, within(1e-10));
            // random feasible perturbations (mass moved around 2x2 cycles, staying positive) never do better
            Random rnd = new Random(26);
            for (int t = 0; t < 200; t++) {
                double[][] q = new double[n][];
                for (int i = 0; i < n; i++) q[i] = p[i].clone();
                int i1 = rnd.nextInt(n), i2 = rnd.nextInt(n), j1 = rnd.nextInt(m), j2 = rnd.nextInt(m);
                if (i1 == i2 || j1 == j2) continue;
                double d = (rnd.nextDouble() - 0.5) * Math.min(Math.min(q[i1][j1], q[i2][j2]), Math.min(q[i1][j2], q[i2][j1]));
                q[i1][j1] += d; q[i2][j2] += d; q[i1][j2] -= d; q[i2][j1] -= d;
                assertThat(objective(q, cc, ref, eps)).isGreaterThanOrEqualTo(best - 1e-15);
            }
        }
    }

    /** ⟨π, C⟩ + ε KL(π ‖ R), generalised KL. */
    static double objective(double[][] p, double[][] c, double[][] ref, double eps) {
        double s = 0;
        for (int i = 0; i < p.length; i++) for (int j = 0; j < p[0].length; j++) {
            s += p[i][j] * c[i][j] + eps * ((p[i][j] > 0 ? p[i][j] * Math.log(p[i][j] / ref[i][j]) : 0) - p[i][j] + ref[i][j]);
        }
        return s;
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        CostMatrix c = CostMatrix.dense(Matrix.of(new double[][] {{0, 1}, {1, 0}}));
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).solve(DiscreteMeasure.uniform(3), DiscreteMeasure.uniform(2), c))
                .hasMessageContaining("a has 3");
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).solve(DiscreteMeasure.uniform(2), DiscreteMeasure.of(new double[] {1, 1}), c))
                .hasMessageContaining("masses differ");
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).withReference(ReferenceMeasure.logDensity((p, q) -> 0))
                .solve(DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2), c))
                .hasMessageContaining("point clouds");
    }
}
