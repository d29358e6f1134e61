package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The decomposition L ⊗ T = c − h1(C1) T h2(C2)ᵀ, the loss, the gradient and the line-search quadratic against the naive
 * O(n²m²) sums over i, j, k, l of the loss written out, (x − y)² or x log((x + δ)/(y + δ)) − x + y, on tiny random
 * problems, symmetric or not, square or KL loss, with plans whose marginals are a and b; and the gradient against
 * central differences of the naive sum.
 */
class LossTensorTest {

    @Test
    void decompositionMatchesTheNaiveSums() {
        Cases.forAll(1301, 40, c -> {
            int n = c.intIn("n", 1, 5), m = c.intIn("m", 1, 5);
            boolean symmetric = c.anyBoolean("symmetric");
            GromovLoss kind = c.anyBoolean("kl") ? GromovLoss.KL : GromovLoss.SQUARE;
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = cost(n, symmetric, rnd), c2 = cost(m, symmetric, rnd);
            Matrix t = randomPlan(n, m, rnd);
            double[] a = rowSums(t), b = rowSums(t.transpose());
            LossTensor loss = new LossTensor(kind, c1, c2, a, b);

            Matrix tensor = loss.tensor(t);
            double naiveLoss = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double lt = 0, grad = 0;
                    for (int k = 0; k < n; k++) {
                        for (int l = 0; l < m; l++) {
                            lt += l(kind, c1.get(i, k), c2.get(j, l)) * t.get(k, l);
                            grad += (l(kind, c1.get(i, k), c2.get(j, l)) + l(kind, c1.get(k, i), c2.get(l, j))) * t.get(k, l);
                        }
                    }
                    naiveLoss += lt * t.get(i, j);
                    assertEquals(lt, tensor.get(i, j), 1e-11, "(L ⊗ T)[" + i + "][" + j + "]");
                    assertEquals(grad, loss.gradient(t).get(i, j), 1e-11, "gradient[" + i + "][" + j + "]");
                    double h = 1e-5, fd = (naive(kind, c1, c2, bump(t, i, j, h)) - naive(kind, c1, c2, bump(t, i, j, -h))) / (2 * h);
                    assertEquals(fd, loss.gradient(t).get(i, j), 1e-7, "central difference of E at [" + i + "][" + j + "]");
                }
            }
            assertEquals(naiveLoss, loss.loss(t), 1e-11, "loss");
            assertEquals(naive(kind, c1, c2, t), loss.loss(t), 1e-11, "loss");
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
            LossTensor loss = new LossTensor(c.anyBoolean("kl") ? GromovLoss.KL : GromovLoss.SQUARE, c1, c2, a, b);
            double[] q = loss.quadratic(t, loss.cross(t), delta, loss.cross(delta));
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

    /** The loss written out: (x − y)², or the KL loss with POT's δ = 1e-15 inside its logarithms. */
    private static double l(GromovLoss kind, double x, double y) {
        if (kind == GromovLoss.SQUARE) return (x - y) * (x - y);
        return x * Math.log((x + 1e-15) / (y + 1e-15)) - x + y;
    }

    /** Σ_ijkl L(C1_ik, C2_jl) T_ij T_kl for any T, whatever its marginals. */
    private static double naive(GromovLoss kind, Matrix c1, Matrix c2, Matrix t) {
        double e = 0;
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.cols(); j++) {
                for (int k = 0; k < t.rows(); k++) {
                    for (int l = 0; l < t.cols(); l++) e += l(kind, c1.get(i, k), c2.get(j, l)) * t.get(i, j) * t.get(k, l);
                }
            }
        }
        return e;
    }

    private static Matrix bump(Matrix t, int i, int j, double h) {
        double[] d = t.toRowMajor();
        d[i * t.cols() + j] += h;
        return Matrix.fromRowMajor(t.rows(), t.cols(), d);
    }

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
