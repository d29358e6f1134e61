package org.monge.discrete;

import org.junit.jupiter.api.Test;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.exact.LinearAssignment;
import org.monge.discrete.exact.LinearAssignmentTest;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

/** Solvers on inputs far from unit scale, where squared distances or shortest-path sums leave the double range. */
class ExtremeScaleTest {
    static final double[][] X = {{0.12, 0.85}, {0.33, 0.41}, {0.57, 0.09}, {0.91, 0.66}, {0.05, 0.27}, {0.74, 0.38},
        {0.48, 0.93}, {0.26, 0.62}, {0.83, 0.14}, {0.61, 0.55}, {0.19, 0.03}, {0.97, 0.88}};

    static Matrix scaled(double[][] p, double s) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) out[i] = new double[] {p[i][0] * s, p[i][1] * s};
        return Matrix.of(out);
    }

    /** The first nine points of X shifted by (0.3, −0.2). */
    static double[][] target() {
        double[][] y = new double[9][];
        for (int i = 0; i < 9; i++) y[i] = new double[] {X[i][0] + 0.3, X[i][1] - 0.2};
        return y;
    }

    @Test
    void homogeneityOfTheNamedMetrics() {
        assertThat(Metric.homogeneity(Metric.SQEUCLIDEAN)).isEqualTo(2);
        assertThat(Metric.homogeneity(Metric.EUCLIDEAN)).isEqualTo(1);
        assertThat(Metric.homogeneity(Metric.CITYBLOCK)).isEqualTo(1);
        assertThat(Metric.homogeneity(Metric.minkowski(3))).isEqualTo(1);
        assertThat(Metric.homogeneity(Metric.of((x, y) -> Math.abs(x[0] - y[0])))).isZero();
        // (|1|³ + |2|³)^(1/3) by hand
        assertThat(Metric.minkowski(3).cost(new double[] {0, 0}, new double[] {1, 2})).isCloseTo(Math.cbrt(9), within(1e-15));
    }

    /**
     * Minkowski p = 3 costs between X and its shifted first nine points at ε = 0.5: ⟨π, C⟩ = 0.51801340425363551,
     * objective 0.54780146404681451 (NumPy/SciPy log-domain Sinkhorn on ot.dist(X, Y, 'minkowski', p=3) to an L1
     * marginal error below 1e-13). At scale 2^±400 (|x − y|³ near 2^±1200: out of range) with ε scaled alike
     * both scale by 2^±400, also on the fly.
     */
    @Test
    void sinkhornOnPointsFarFromUnitScale() {
        for (int e : new int[] {400, -400}) {
            double s = Math.scalb(1.0, e);
            for (Sinkhorn.Storage storage : new Sinkhorn.Storage[] {Sinkhorn.Storage.DENSE, Sinkhorn.Storage.ON_THE_FLY}) {
                Sinkhorn.Result r = Sinkhorn.withEpsilon(0.5 * s).withTolerance(1e-13).withStorage(storage)
                        .solve(DiscreteMeasure.uniform(12), DiscreteMeasure.uniform(9),
                                CostMatrix.fromPoints(scaled(X, s), scaled(target(), s), Metric.minkowski(3)));
                assertThat(r.status()).isEqualTo(Sinkhorn.Status.CONVERGED);
                assertThat(r.cost()).isCloseTo(0.51801340425363551 * s, within(1e-10 * s));
                assertThat(r.objective()).isCloseTo(0.54780146404681451 * s, within(1e-10 * s));
                assertThat(r.epsilon()).isEqualTo(0.5 * s);
                double mass = 0;
                for (double v : r.plan().rowSums()) mass += v;
                assertThat(mass).isCloseTo(1, within(1e-12));
            }
        }
    }

    @Test
    void anEpsilonBeyondTheRangeOfTheCostsIsRefused() {
        CostMatrix c = CostMatrix.fromPoints(scaled(X, 1e200), scaled(target(), 1e200), Metric.SQEUCLIDEAN);
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(0.1).solve(DiscreteMeasure.uniform(12), DiscreteMeasure.uniform(9), c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("epsilon 0.1 is out of range");
    }

    @Test
    void theScalingFormRefusesAKernelAboveTheDenseLimit() {
        int n = 6000; // 6000² > 2^25 entries
        double[][] p = new double[n][1];
        for (int i = 0; i < n; i++) p[i][0] = i;
        CostMatrix c = CostMatrix.fromPoints(Matrix.of(p), Matrix.of(p), Metric.SQEUCLIDEAN);
        Sinkhorn scaling = Sinkhorn.withEpsilon(1).withLogDomain(false);
        assertThatThrownBy(() -> scaling.solve(DiscreteMeasure.uniform(n), DiscreteMeasure.uniform(n), c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense limit");
    }

    /** In 1-D sliced W2 is W2 (directions ±1): the sorted closed form, 0.68213818248211278 (NumPy), at every scale. */
    @Test
    void slicedOnPointsFarFromUnitScale() {
        double[] u = {0.3, -1.2, 2.5, 0.7, -0.4, 1.9, -2.2, 0.05}, v = {1.1, 0.2, -0.6, 3.0, 2.2, 0.9, -1.5, 1.6};
        for (double s : new double[] {1e300, 1e200, 1e-200, 1e-300}) {
            double[] us = u.clone(), vs = v.clone();
            for (int i = 0; i < 8; i++) {
                us[i] *= s;
                vs[i] *= s;
            }
            double d = SlicedWasserstein.defaults().withProjections(3)
                    .distance(DiscreteMeasure.uniform(Matrix.column(us)), DiscreteMeasure.uniform(Matrix.column(vs)));
            assertThat(d).as("scale %g", s).isCloseTo(0.68213818248211278 * s, within(1e-12 * s));
        }
    }

    /** Random costs times 2^1020 (sums near the largest double) or 2^-1040 (subnormals): the brute-force optimum. */
    @Test
    void assignmentOfCostsFarFromUnitScale() {
        forAll(40, 30, gen -> {
            int m = gen.intIn("m", 1, 5), n = gen.intIn("n", 1, 5);
            boolean max = gen.anyBoolean("maximize");
            int e = gen.anyBoolean("large") ? 1020 : -1040;
            double[] c = new double[m * n];
            for (int k = 0; k < c.length; k++) c[k] = Math.scalb(gen.doubleIn("c", 0, 1), e);
            LinearAssignment.Result r = LinearAssignment.defaults().withMaximize(max).solve(m, n, c);
            double expected = LinearAssignmentTest.bruteForce(m, n, c, max);
            double tol = Math.max(Math.scalb(1e-12, e), 4 * Double.MIN_VALUE); // a few units in the last place among subnormals
            assertThat(r.cost()).isCloseTo(expected, within(tol));
            double total = 0;
            for (int i = 0; i < m; i++) if (r.rowToColumn()[i] >= 0) total += c[i * n + r.rowToColumn()[i]];
            assertThat(total).isCloseTo(expected, within(tol));
        });
    }

    @Test
    void anAssignmentWhoseTotalLeavesTheRangeIsRefused() {
        double[] c = {1.7e308, 1.6e308, 1.5e308, 1.75e308};
        assertThatThrownBy(() -> LinearAssignment.defaults().solve(2, 2, c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cost: the total of the assignment is out of range");
    }
}
