package org.monge.discrete.gromov;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The low-rank point-cloud path against the dense one on the squared Euclidean distance matrices: the tensor, loss,
 * gradient and line-search quadratic to 1e-10 (relative to their scale) on random clouds of different dimensions
 * and weights, and the solvers' costs and plans.
 */
class LowRankGradientTest {

    @Test
    void tensorLossGradientAndQuadraticMatchTheDensePath() {
        Cases.forAll(1305, 30, c -> {
            int n = c.intIn("n", 1, 12), m = c.intIn("m", 1, 12), d1 = c.intIn("d1", 1, 4), d2 = c.intIn("d2", 1, 4);
            Random rnd = new Random(c.anyLong("seed"));
            Matrix x = points(n, d1, rnd, 3), y = points(m, d2, rnd, 0.5);
            Matrix t = randomPlan(n, m, rnd);
            double[] a = sums(t, true), b = sums(t, false);
            LossTensor dense = new LossTensor(dist(x), dist(y), a, b), low = LossTensor.ofClouds(x, y, a, b);
            Matrix other = Matrix.outer(a, b).scale(1 / total(a)), delta = other.minus(t);
            close(dense.tensor(t), low.tensor(t), "L ⊗ T");
            close(dense.gradient(t), low.gradient(t), "gradient");
            double scale = dense.gradient(t).maxAbs();
            assertEquals(dense.loss(t), low.loss(t), 1e-10 * scale, "loss");
            double[] qd = dense.quadratic(t, dense.cross(t), delta, dense.cross(delta));
            double[] ql = low.quadratic(t, low.cross(t), delta, low.cross(delta));
            assertEquals(qd[0], ql[0], 1e-10 * scale, "β");
            assertEquals(qd[1], ql[1], 1e-10 * scale, "γ");
            double[] q2 = sums(delta, false);
            close(dense.withMarginals(new double[n], q2).tensor(delta), low.withMarginals(new double[n], q2).tensor(delta),
                    "L ⊗ Δ with other marginals");
        });
    }

    @Test
    void solversGiveTheDenseResults() {
        Random rnd = new Random(1306);
        Matrix x = points(30, 2, rnd, 1), y = points(25, 3, rnd, 1);
        DiscreteMeasure a = DiscreteMeasure.uniform(30), b = DiscreteMeasure.uniform(25);
        GromovWasserstein.Result d = GromovWasserstein.defaults().solve(dist(x), dist(y), a, b);
        GromovWasserstein.Result l = GromovWasserstein.defaults().solveClouds(x, y, a, b);
        assertEquals(d.cost(), l.cost(), 1e-10 * d.cost());
        assertEquals(d.iterations(), l.iterations());
        assertEquals(0, dense(d).minus(dense(l)).maxAbs(), 1e-12);
        EntropicGromovWasserstein egw = EntropicGromovWasserstein.withEpsilon(0.5);
        EntropicGromovWasserstein.Result ed = egw.solve(dist(x), dist(y), a, b), el = egw.solveClouds(x, y, a, b);
        assertTrue(el.converged(), "status " + el.status());
        assertEquals(ed.cost(), el.cost(), 1e-10 * ed.cost());
        assertEquals(0, ed.plan().minus(el.plan()).maxAbs(), 1e-12);
        Matrix m = points(30, 25, rnd, 1);
        GromovWasserstein.Result fd = GromovWasserstein.defaults().solveFused(m, 0.3, dist(x), dist(y), a, b);
        GromovWasserstein.Result fl = GromovWasserstein.defaults().solveFusedClouds(m, 0.3, x, y, a, b);
        assertEquals(fd.cost(), fl.cost(), 1e-10 * fd.cost());
    }

    @Test
    void theCloudPathIsForTheSquareLoss() {
        Matrix x = Matrix.zeros(3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GromovWasserstein.defaults()
                .withLoss(GromovLoss.KL).solveClouds(x, x, DiscreteMeasure.uniform(3), DiscreteMeasure.uniform(3)));
        assertTrue(e.getMessage().contains("square loss"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GromovWasserstein.defaults().solveClouds(x, x, DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(3)));
    }

    private static void close(Matrix expected, Matrix actual, String what) {
        double scale = Math.max(1, expected.maxAbs());
        assertEquals(0, expected.minus(actual).maxAbs(), 1e-10 * scale, what);
    }

    private static Matrix dense(GromovWasserstein.Result r) {
        return Matrix.fromRowMajor(r.plan().rows(), r.plan().cols(), r.plan().toDense());
    }

    static Matrix dist(Matrix p) {
        return CostMatrix.fromPoints(p, p, Metric.SQEUCLIDEAN).toMatrix();
    }

    static Matrix points(int n, int d, Random rnd, double spread) {
        double[] v = new double[n * d];
        for (int k = 0; k < v.length; k++) v[k] = spread * rnd.nextGaussian() + 1;
        return Matrix.fromRowMajor(n, d, v);
    }

    private static Matrix randomPlan(int n, int m, Random rnd) {
        double[] t = new double[n * m];
        for (int k = 0; k < t.length; k++) t[k] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble();
        t[0] += 0.1;
        return Matrix.fromRowMajor(n, m, t);
    }

    private static double[] sums(Matrix t, boolean rows) {
        double[] s = new double[rows ? t.rows() : t.cols()];
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.cols(); j++) s[rows ? i : j] += t.get(i, j);
        }
        return s;
    }

    private static double total(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
