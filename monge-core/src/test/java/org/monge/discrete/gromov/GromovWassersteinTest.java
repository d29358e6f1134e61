package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariances of square-loss GW, the Frank–Wolfe certificate, the stopping status and the argument checks. */
class GromovWassersteinTest {

    @Test
    void anIsometricCopyFromItsMatchingIsAtZeroWithZeroGap() {
        Cases.forAll(1311, 20, c -> {
            int n = c.intIn("n", 2, 9), d = c.intIn("d", 1, 3);
            Random rnd = new Random(c.anyLong("seed"));
            double[][] x = points(n, d, rnd);
            double angle = rnd.nextDouble() * 2 * Math.PI, cos = Math.cos(angle), sin = Math.sin(angle);
            int[] perm = permutation(n, rnd);
            double[][] y = new double[n][];
            for (int i = 0; i < n; i++) {
                y[perm[i]] = x[i].clone();
                if (d >= 2) {
                    y[perm[i]][0] = cos * x[i][0] - sin * x[i][1] + 3;
                    y[perm[i]][1] = sin * x[i][0] + cos * x[i][1] - 1;
                }
            }
            double[] w = weights(n, rnd);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = i;
            SparsePlan matching = new SparsePlan(n, n, rows, perm, w.clone());
            DiscreteMeasure a = DiscreteMeasure.of(w), b = DiscreteMeasure.of(permuted(w, perm));
            GromovWasserstein.Result r = GromovWasserstein.defaults().solve(distances(x), distances(y), a, b, matching);
            assertTrue(r.converged());
            assertEquals(0, r.cost(), 1e-12);
            assertEquals(0, r.frankWolfeGap(), 1e-12);
            double[] t = r.plan().toDense();
            for (int i = 0; i < n; i++) assertEquals(w[i], t[i * n + perm[i]], 1e-12, "mass on the matching at row " + i);
        });
    }

    @Test
    void swappingTheSpacesTransposesThePlan() {
        Cases.forAll(1312, 15, c -> {
            int n = c.intIn("n", 2, 8), m = c.intIn("m", 2, 8);
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = distances(points(n, 2, rnd)), c2 = distances(points(m, 3, rnd));
            DiscreteMeasure a = DiscreteMeasure.of(weights(n, rnd)), b = DiscreteMeasure.of(weights(m, rnd));
            GromovWasserstein.Result forward = GromovWasserstein.defaults().solve(c1, c2, a, b);
            GromovWasserstein.Result backward = GromovWasserstein.defaults().solve(c2, c1, b, a);
            assertEquals(forward.cost(), backward.cost(), 1e-12);
            double[] t = forward.plan().toDense(), s = backward.plan().toDense();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) assertEquals(t[i * m + j], s[j * n + i], 1e-9, "plan[" + i + "][" + j + "]");
            }
        });
    }

    @Test
    void theGapIsNonNegativeAndTheLossNeverExceedsTheStart() {
        Cases.forAll(1313, 30, c -> {
            int n = c.intIn("n", 1, 9), m = c.intIn("m", 1, 9);
            boolean symmetric = c.anyBoolean("symmetric");
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = symmetric ? distances(points(n, 2, rnd)) : randomCost(n, rnd);
            Matrix c2 = symmetric ? distances(points(m, 2, rnd)) : randomCost(m, rnd);
            double[] p = weights(n, rnd), q = weights(m, rnd);
            GromovWasserstein.Result r = GromovWasserstein.defaults().solve(c1, c2, DiscreteMeasure.of(p), DiscreteMeasure.of(q));
            assertTrue(r.frankWolfeGap() >= -1e-12, "gap " + r.frankWolfeGap());
            double start = 0;   // E(p qᵀ) by the naive sum over i, j, k, l
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    for (int k = 0; k < n; k++) {
                        for (int l = 0; l < m; l++) start += sq(c1.get(i, k) - c2.get(j, l)) * p[i] * q[j] * p[k] * q[l];
                    }
                }
            }
            assertTrue(r.cost() <= start + 1e-12, "loss " + r.cost() + " above the start's " + start);
            assertTrue(r.cost() >= -1e-12, "loss " + r.cost());
            double[] rows = r.plan().rowSums(), cols = r.plan().colSums();
            for (int i = 0; i < n; i++) assertEquals(p[i], rows[i], 1e-12);
            for (int j = 0; j < m; j++) assertEquals(q[j], cols[j], 1e-12);
        });
    }

    @Test
    void anIterationLimitIsReportedNotHidden() {
        Matrix c1 = GromovWassersteinPotTest.normalisedSquaredDistances(points(8, 2, new Random(5)));
        Matrix c2 = GromovWassersteinPotTest.normalisedSquaredDistances(points(10, 2, new Random(6)));
        DiscreteMeasure a = DiscreteMeasure.uniform(8), b = DiscreteMeasure.uniform(10);
        GromovWasserstein.Result full = GromovWasserstein.defaults().solve(c1, c2, a, b);
        assertTrue(full.converged() && full.iterations() > 1, "needs more than one step: " + full.iterations());
        GromovWasserstein.Result one = GromovWasserstein.defaults().withMaxIterations(1).solve(c1, c2, a, b);
        assertEquals(GromovWasserstein.Status.MAX_ITERATIONS, one.status());
        assertFalse(one.converged());
        assertEquals(1, one.iterations());
        assertTrue(one.frankWolfeGap() > 0, "a plan one step in is not stationary here: gap " + one.frankWolfeGap());
    }

    @Test
    void mistakesNameTheArgument() {
        Matrix c3 = Matrix.identity(3), c2 = Matrix.identity(2);
        DiscreteMeasure u3 = DiscreteMeasure.uniform(3), u2 = DiscreteMeasure.uniform(2);
        GromovWasserstein gw = GromovWasserstein.defaults();
        assertMessage("C1 must be square, got 3x2", () -> gw.solve(Matrix.zeros(3, 2), c2, u3, u2));
        assertMessage("C2 must have finite entries",
                () -> gw.solve(c3, Matrix.of(new double[][] {{0, Double.NaN}, {1, 0}}), u3, u2));
        assertMessage("a has length 2 but there are 3 rows in C1", () -> gw.solve(c3, c2, u2, u2));
        assertMessage("b has length 3 but there are 2 rows in C2", () -> gw.solve(c3, c2, u3, u3));
        assertMessage("source and target masses differ", () -> gw.solve(c3, c2, u3, DiscreteMeasure.of(new double[] {1, 1})));
        assertMessage("relativeTolerance must be positive and finite, got 0.0", () -> gw.withTolerance(0, 1e-9));
        assertMessage("absoluteTolerance must be positive and finite, got NaN", () -> gw.withTolerance(1e-9, Double.NaN));
        assertMessage("maxIterations must be at least 1, got 0", () -> gw.withMaxIterations(0));
        assertMessage("C1 has an entry of size 1.0E160, whose square overflows: rescale it",
                () -> gw.solve(c3.scale(1e160), c2, u3, u2));
        assertMessage("the loss of the start plan is Infinity, outside the double range: rescale C1 and C2",
                () -> gw.solve(c3.scale(1e150), c2, u3.rescaledTo(3e10), u2.rescaledTo(3e10)));
        SparsePlan wrong = SparsePlan.fromDense(3, 2, new double[] {1.0 / 3, 0, 1.0 / 3, 0, 0, 1.0 / 3});
        assertMessage("start plan column 0 sums to 0.6666666666666666 but b[0] is 0.5", () -> gw.solve(c3, c2, u3, u2, wrong));
        assertMessage("start plan is 2x3 but the measures have 3 and 2 points",
                () -> gw.solve(c3, c2, u3, u2, SparsePlan.fromDense(2, 3, new double[6])));
    }

    private static void assertMessage(String start, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(start), "message: " + e.getMessage());
    }

    private static double sq(double v) { return v * v; }

    static double[][] points(int n, int d, Random rnd) {
        double[][] x = new double[n][d];
        for (double[] row : x) for (int k = 0; k < d; k++) row[k] = rnd.nextGaussian();
        return x;
    }

    /** Euclidean distances |x_i − x_k|. */
    private static Matrix distances(double[][] x) {
        int n = x.length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int d = 0; d < x[i].length; d++) s += sq(x[i][d] - x[k][d]);
                c[i * n + k] = Math.sqrt(s);
            }
        }
        return Matrix.fromRowMajor(n, n, c);
    }

    private static Matrix randomCost(int n, Random rnd) {
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) c[k] = rnd.nextDouble();
        return Matrix.fromRowMajor(n, n, c);
    }

    /** Positive weights with total exactly the sum of their entries (normalised once). */
    private static double[] weights(int n, Random rnd) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.2 + rnd.nextDouble();
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] permuted(double[] w, int[] perm) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) out[perm[i]] = w[i];
        return out;
    }
}
