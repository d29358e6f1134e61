package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;
import org.monge.testing.TinyLp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PartialTransportTest {

    /*
     * POT 0.8.2 references: for seeds 1, 2 (6×8) and 3 (5×4), rng = np.random.default_rng(seed),
     * a = np.round(rng.uniform(0.1, 1.0, rows), 3), b = np.round(rng.uniform(0.1, 1.0, cols), 3),
     * M = np.round(rng.uniform(0, 5, (rows, cols)), 3); m = round(0.3·min(Σa, Σb), 3), round(0.7·min, 3) and min;
     * cost = ot.partial.partial_wasserstein2(a, b, M, m=m), equal to (partial_wasserstein(a, b, M, m=m) * M).sum()
     * and, within 1e-8, to scipy.optimize.linprog (HiGHS) on the partial LP written with inequality marginals.
     */
    private static final double[][] A = {
        {0.561, 0.955, 0.23, 0.954, 0.381, 0.481},
        {0.335, 0.369, 0.833, 0.183, 0.64, 0.756},
        {0.177, 0.313, 0.821, 0.624, 0.185}};
    private static final double[][] B = {
        {0.845, 0.468, 0.595, 0.125, 0.778, 0.584, 0.397, 0.81},
        {0.269, 0.15, 0.347, 0.692, 0.606, 0.235, 0.489, 0.702},
        {0.49, 0.531, 0.244, 0.761}};
    private static final double[][] M = {
        {1.516, 2.267, 0.67, 2.016, 1.017, 1.312, 3.752, 1.402, 2.426, 4.904, 4.808, 3.624, 2.706, 1.384, 0.803, 4.85, 2.58, 0.579,
            3.117, 3.883, 3.065, 4.586, 0.198, 2.643, 2.297, 0.312, 3.207, 4.263, 2.965, 1.3, 4.199, 2.547, 2.554, 3.765, 0.74, 4.098,
            3.416, 3.935, 0.958, 4.012, 0.957, 0.408, 4.276, 4.306, 4.383, 2.36, 1.37, 0.035},
        {2.114, 3.166, 4.837, 3.415, 1.958, 0.936, 1.73, 2.555, 4.456, 3.878, 1.591, 4.621, 2.355, 3.469, 0.536, 0.523, 1.01, 4.422,
            3.399, 4.246, 3.222, 2.033, 2.583, 2.967, 4.311, 2.191, 4.461, 3.069, 4.147, 2.49, 3.463, 1.695, 2.614, 1.081, 0.504, 0.193,
            3.51, 2.282, 4.489, 4.176, 1.925, 4.868, 2.96, 3.829, 2.036, 0.981, 0.859, 0.906},
        {0.568, 1.956, 2.584, 2.153, 2.934, 3.689, 4.781, 1.421, 3.243, 3.481, 1.464, 0.007, 4.867, 1.492, 1.57, 4.459, 2.926, 2.357,
            3.866, 0.152}};
    /** Masses 0.3·min and 0.7·min (rounded to 3 digits); the third case is min(Σa, Σb) itself. */
    private static final double[][] MASS = {{1.069, 2.493}, {0.935, 2.181}, {0.608, 1.418}};
    private static final double[][] POT_COST = {
        {0.17407099999999984, 1.3872109999999995, 3.540213},
        {0.2778050000000001, 1.3812299999999995, 3.8133469999999976},
        {0.004256, 0.8203429999999996, 2.1959739999999996}};

    @Test
    void matchesPotOnRandomUnequalMasses() {
        for (int s = 0; s < A.length; s++) {
            TransportProblem p = TransportProblem.of(DiscreteMeasure.of(A[s]), DiscreteMeasure.of(B[s]),
                    CostMatrix.dense(A[s].length, B[s].length, M[s]));
            double top = Math.min(p.a().totalMass(), p.b().totalMass());
            double[] masses = {MASS[s][0], MASS[s][1], top};
            for (int k = 0; k < 3; k++) {
                PartialTransport.Result r = PartialTransport.defaults().solve(p, masses[k]);
                assertThat(r.status()).isEqualTo(NetworkSimplex.Status.OPTIMAL);
                assertThat(r.cost()).as("seed %d, m = %s", s + 1, masses[k]).isCloseTo(POT_COST[s][k], within(1e-9));
                assertFeasible(p, r, masses[k]);
            }
        }
    }

    @Test
    void fullMassOfBalancedInputsIsTheExactCost() {
        Cases.forAll(12, 30, c -> {
            int rows = c.intIn("rows", 1, 7), cols = c.intIn("cols", 1, 7);
            double[] a = weights(c, "a", rows), b = weights(c, "b", cols);
            DiscreteMeasure ma = DiscreteMeasure.of(a).normalized(), mb = DiscreteMeasure.of(b).normalized();
            CostMatrix cost = CostMatrix.dense(rows, cols, costs(c, rows * cols, 0, 10));
            NetworkSimplex.Result exact = NetworkSimplex.defaults().solve(ma, mb, cost);
            PartialTransport.Result r = PartialTransport.defaults().solve(ma, mb, cost, 1.0);
            assertThat(r.converged()).isTrue();
            assertThat(r.cost()).isCloseTo(exact.cost(), within(1e-12 * (1 + Math.abs(exact.cost()))));
            assertFeasible(TransportProblem.of(ma, mb, cost), r, 1.0);
        });
    }

    /** Tiny problems, negative costs included (they need a dummy–dummy cost above −min c, not only above max c). */
    @Test
    void matchesBruteForceOnTinyProblems() {
        Cases.forAll(13, 60, c -> {
            int rows = c.intIn("rows", 1, 3), cols = c.intIn("cols", 1, 3);
            double[] a = weights(c, "a", rows), b = weights(c, "b", cols);
            double[] cost = costs(c, rows * cols, c.anyBoolean("negative") ? -8 : 0, 3);
            double top = Math.min(sum(a), sum(b));
            double m = c.doubleIn("fraction", 0.05, 1.0) * top;
            TransportProblem p = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(rows, cols, cost));
            PartialTransport.Result r = PartialTransport.defaults().solve(p, m);
            assertThat(r.converged()).isTrue();
            assertThat(r.cost()).isCloseTo(bruteForce(a, b, cost, m), within(1e-9));
            assertFeasible(p, r, m);
            assertPartialDualsOptimal(p, r, m);
        });
    }

    @Test
    void pointCloudCostsGiveTheDenseAnswer() {
        Matrix x = Matrix.fromRowMajor(3, 2, new double[] {0, 0, 1, 0, 5, 5});
        Matrix y = Matrix.fromRowMajor(2, 2, new double[] {0, 1, 6, 5});
        CostMatrix points = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        DiscreteMeasure a = DiscreteMeasure.of(new double[] {0.5, 0.5, 0.5}), b = DiscreteMeasure.of(new double[] {0.5, 0.5});
        // moving 1: (0,0)→(0,1) costs 1·0.5, (5,5)→(6,5) costs 1·0.5; the point (1,0) stays
        PartialTransport.Result r = PartialTransport.defaults().solve(a, b, points, 1.0);
        assertThat(r.cost()).isCloseTo(1.0, within(1e-12));
        assertThat(r.plan().rowSums()[1]).isEqualTo(0.0);
    }

    @Test
    void forbiddenPairsThatBlockTheMassAreInfeasible() {
        double inf = Double.POSITIVE_INFINITY;
        CostMatrix c = CostMatrix.dense(2, 2, new double[] {1, inf, inf, inf});
        DiscreteMeasure a = DiscreteMeasure.of(new double[] {0.5, 0.5}), b = DiscreteMeasure.of(new double[] {0.5, 0.5});
        assertThat(PartialTransport.defaults().solve(a, b, c, 0.5).cost()).isCloseTo(0.5, within(1e-15));
        assertThat(PartialTransport.defaults().solve(a, b, c, 0.8).status()).isEqualTo(NetworkSimplex.Status.INFEASIBLE);
    }

    @Test
    void refusesMassesOutsideTheInterval() {
        DiscreteMeasure a = DiscreteMeasure.of(new double[] {0.25, 0.5}), b = DiscreteMeasure.of(new double[] {1, 1});
        CostMatrix c = CostMatrix.dense(2, 2, new double[] {0, 1, 1, 0});
        for (double m : new double[] {0, -1, 0.76, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> PartialTransport.defaults().solve(a, b, c, m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("mass must be in (0, min(Σa, Σb)] = (0, 0.75], got " + m);
        }
        // above the smaller total by rounding only: that total
        PartialTransport.Result r = PartialTransport.defaults().solve(a, b, c, 0.75 * (1 + 1e-12));
        assertThat(r.mass()).isCloseTo(0.75, within(1e-15));
        assertThat(r.cost()).isEqualTo(0.0);
    }

    @Test
    void nanCostsAreRefusedWhenTheCostIsBuilt() {
        assertThatThrownBy(() -> CostMatrix.dense(1, 2, new double[] {0, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost has an invalid entry at (0, 1)");
    }

    /** Row sums ≤ a, column sums ≤ b, total m, cost equal to the plan's, and the augmented certificate holds. */
    private static void assertFeasible(TransportProblem p, PartialTransport.Result r, double m) {
        double[] rs = r.plan().rowSums(), cs = r.plan().colSums();
        for (int i = 0; i < rs.length; i++) assertThat(rs[i]).isLessThanOrEqualTo(p.a().weight(i) + 1e-12);
        for (int j = 0; j < cs.length; j++) assertThat(cs[j]).isLessThanOrEqualTo(p.b().weight(j) + 1e-12);
        for (double v : r.plan().masses()) assertThat(v).isGreaterThanOrEqualTo(0.0);
        assertThat(r.plan().totalMass()).isCloseTo(m, within(1e-12));
        assertThat(r.mass()).isCloseTo(m, within(1e-12));
        assertThat(r.plan().cost(p.cost())).isCloseTo(r.cost(), within(1e-12));
        assertThat(r.certificate().certifies(1e-9)).as("%s", r.certificate()).isTrue();
    }

    /**
     * The duals of the partial LP read from the result (u = f + gDummy, v = g + fDummy, λ = −(fDummy + gDummy))
     * are feasible for it (u ≤ 0, v ≤ 0, u_i + v_j + λ ≤ c_ij) and their objective Σ a u + Σ b v + m λ is the cost.
     */
    private static void assertPartialDualsOptimal(TransportProblem p, PartialTransport.Result r, double m) {
        double lambda = -(r.fDummy() + r.gDummy()), dual = m * lambda, tol = 1e-9;
        for (int i = 0; i < p.rows(); i++) {
            double u = r.f()[i] + r.gDummy();
            assertThat(u).isLessThanOrEqualTo(tol);
            dual += p.a().weight(i) * u;
            for (int j = 0; j < p.cols(); j++) {
                assertThat(u + r.g()[j] + r.fDummy() + lambda).isLessThanOrEqualTo(p.cost().get(i, j) + tol);
            }
        }
        for (int j = 0; j < p.cols(); j++) {
            double v = r.g()[j] + r.fDummy();
            assertThat(v).isLessThanOrEqualTo(tol);
            dual += p.b().weight(j) * v;
        }
        assertThat(dual).isCloseTo(r.cost(), within(tol));
    }

    /** min Σ π c over π ≥ 0, π1 + s = a, πᵀ1 + t = b, Σ π = m, s, t ≥ 0: the partial LP itself, by basis enumeration. */
    private static double bruteForce(double[] a, double[] b, double[] cost, double m) {
        int rows = a.length, cols = b.length, cells = rows * cols, vars = cells + rows + cols;
        double[][] lhs = new double[rows + cols + 1][vars];
        double[] rhs = new double[rows + cols + 1], objective = new double[vars];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                lhs[i][i * cols + j] = 1;
                lhs[rows + j][i * cols + j] = 1;
                lhs[rows + cols][i * cols + j] = 1;
                objective[i * cols + j] = cost[i * cols + j];
            }
            lhs[i][cells + i] = 1;
            rhs[i] = a[i];
        }
        for (int j = 0; j < cols; j++) {
            lhs[rows + j][cells + rows + j] = 1;
            rhs[rows + j] = b[j];
        }
        rhs[rows + cols] = m;
        return TinyLp.minimum(lhs, rhs, objective);
    }

    private static double[] weights(Cases.Case c, String name, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = c.doubleIn(name + i, 0.05, 1.0);
        return w;
    }

    private static double[] costs(Cases.Case c, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = c.doubleIn("c" + k, lo, hi);
        return v;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
