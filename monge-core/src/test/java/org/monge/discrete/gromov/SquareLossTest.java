package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The decomposition L ⊗ T = c − 2 C1 T C2ᵀ, the loss, the gradient and the line-search quadratic against the naive
 * O(n²m²) sums over i, j, k, l on tiny random problems, symmetric or not, with plans whose marginals are a and b.
 */
class SquareLossTest {

    @Test
    void decompositionMatchesTheNaiveSums() {
        Cases.forAll(1301, 40, c -> {
            int n = c.intIn("n", 1, 5), m = c.intIn("m", 1, 5);
            boolean symmetric = c.anyBoolean("symmetric");
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = cost(n, symmetric, rnd), c2 = cost(m, symmetric, rnd);
            Matrix t = randomPlan(n, m, rnd);
            double[] a = rowSums(t), b = rowSums(t.transpose());
            SquareLoss loss = new SquareLoss(c1, c2, a, b);

            Matrix tensor = loss.tensor(t);
            double naiveLoss = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double lt = 0, grad = 0;
                    for (int k = 0; k < n; k++) {
                        for (int l = 0; l < m; l++) {
                            lt += sq(c1.get(i, k) - c2.get(j, l)) * t.get(k, l);
                            grad += (sq(c1.get(i, k) - c2.get(j, l)) + sq(c1.get(k, i) - c2.get(l, j))) * t.get(k, l);
                        }
                    }
                    naiveLoss += lt * t.get(i, j);
                    assertEquals(lt, tensor.get(i, j), 1e-12, "(L ⊗ T)[" + i + "][" + j + "]");
                    assertEquals(grad, loss.gradient(t).get(i, j), 1e-12, "gradient[" + i + "][" + j + "]");
                }
            }
            assertEquals(naiveLoss, loss.loss(t), 1e-12, "loss");
        });
    }

    @Test
    void lineSearchQuadraticMatchesTheLossAlongTheSegment() {
        Cases.forAll(1302, 40, c -> {
            int n = c.intIn("n", 1, 5), m = c.intIn("m", 1, 5);
            boolean symmetric = c.anyBoolean("symmetric");
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = cost(n, symmetric, rnd), c2 = cost(m, symmetric, rnd);
            Matrix t = randomPlan(n, m, rnd);
            double[] a = rowSums(t), b = rowSums(t.transpose());
            Matrix other = Matrix.outer(a, b).scale(1 / total(a));
            Matrix delta = other.minus(t);
            SquareLoss loss = new SquareLoss(c1, c2, a, b);
            double[] q = loss.quadratic(t, loss.cross(t), delta);
            double e0 = loss.loss(t);
            for (double alpha : new double[] {0.25, 0.5, 1.0}) {
                double direct = loss.loss(t.combine(1, delta, alpha));
                assertEquals(direct, e0 + q[0] * alpha + q[1] * alpha * alpha, 1e-12, "loss at α = " + alpha);
            }
            assertEquals(loss.gradient(t).dot(delta), q[0], 1e-12, "β = ⟨∇E, Δ⟩");
        });
    }

    @Test
    void stepFollowsPotsRule() {
        assertEquals(0.25, GromovWasserstein.step(-0.5, 1.0), 0);     // convex: the vertex −β / 2γ
        assertEquals(1.0, GromovWasserstein.step(-3.0, 1.0), 0);      // convex, vertex beyond 1: clipped
        assertEquals(0.0, GromovWasserstein.step(0.5, 1.0), 0);       // convex, vertex below 0: clipped
        assertEquals(1.0, GromovWasserstein.step(0.5, -1.0), 0);      // concave, E(1) < E(0)
        assertEquals(0.0, GromovWasserstein.step(1.0, -1.0), 0);      // concave tie E(1) = E(0): stay
        assertEquals(0.0, GromovWasserstein.step(0.0, 0.0), 0);       // flat
    }

    private static double sq(double v) { return v * v; }

    private static Matrix cost(int n, boolean symmetric, Random rnd) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) c[i * n + k] = rnd.nextDouble() * 2;
        }
        Matrix m = Matrix.fromRowMajor(n, n, c);
        return symmetric ? m.symmetrize() : m;
    }

    /** A random non-negative matrix: its own marginals are the a and b it is tested with. */
    private static Matrix randomPlan(int n, int m, Random rnd) {
        double[] t = new double[n * m];
        for (int k = 0; k < t.length; k++) t[k] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble();
        t[0] += 0.1;
        return Matrix.fromRowMajor(n, m, t);
    }

    private static double[] rowSums(Matrix t) {
        double[] s = new double[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.cols(); j++) s[i] += t.get(i, j);
        }
        return s;
    }

    private static double total(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
