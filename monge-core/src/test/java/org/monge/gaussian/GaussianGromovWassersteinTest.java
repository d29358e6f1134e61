package org.monge.gaussian;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.gromov.GromovWasserstein;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gaussian GW closed forms against a direct numerical optimisation over Gaussian plans written here: a Gaussian
 * coupling is its cross-covariance K = Σ0^½ C Σ1^½ with ‖C‖ ≤ 1, both objectives are convex in K's Gram ‖K‖²_F
 * reversed (they fall as ‖K‖²_F grows), so the optimum is at an extreme contraction C: an orthogonal matrix for
 * 2-D against 2-D (searched over the angle of rotations and reflections), two orthonormal columns of a rotation of
 * R³ for 3-D against 2-D (searched over three Euler angles). The objectives are evaluated from K by the Gaussian
 * moment formulas E⟨x, x'⟩² = ‖Σ‖²_F and E‖x − x'‖⁴ = 4 (tr Σ)² + 8 ‖Σ‖²_F, themselves checked by Monte Carlo.
 * Then the map, and large samples against the exact discrete GW.
 */
class GaussianGromovWassersteinTest {
    private static final Gaussian A2 = Gaussian.of(new double[] {1, -2}, Matrix.of(new double[][] {{2.0, 0.6}, {0.6, 0.5}}));
    private static final Gaussian B2 = Gaussian.of(new double[] {0, 3}, Matrix.of(new double[][] {{0.8, -0.3}, {-0.3, 1.4}}));
    private static final Gaussian A3 = Gaussian.of(new double[] {0, 1, 0},
            Matrix.of(new double[][] {{1.5, 0.2, -0.4}, {0.2, 0.9, 0.1}, {-0.4, 0.1, 0.6}}));
    private static final Matrix SQRT_A3 = A3.covarianceSqrt(), SQRT_B2 = B2.covarianceSqrt();

    @Test
    void twoDimensionsAgainstADirectSearchOverGaussianPlans() {
        double bestIp = Double.POSITIVE_INFINITY, bestSq = Double.POSITIVE_INFINITY;
        Matrix sa = A2.covarianceSqrt(), sb = B2.covarianceSqrt();
        for (int sign = -1; sign <= 1; sign += 2) {
            for (int k = 0; k < 20000; k++) {
                double t = 2 * Math.PI * k / 20000;
                Matrix c = Matrix.of(new double[][] {{Math.cos(t), -sign * Math.sin(t)}, {Math.sin(t), sign * Math.cos(t)}});
                Matrix kk = sa.times(c).times(sb);
                bestIp = Math.min(bestIp, innerProductValue(A2, B2, kk));
                bestSq = Math.min(bestSq, squaredDistanceValue(A2, B2, kk));
            }
        }
        GaussianGromovWasserstein.Result ip = GaussianGromovWasserstein.innerProduct(A2, B2);
        GaussianGromovWasserstein.Result sq = GaussianGromovWasserstein.squaredDistance(A2, B2);
        assertEquals(bestIp, ip.value(), 1e-6 * bestIp);
        assertEquals(bestSq, sq.value(), 1e-6 * bestSq);
        assertTrue(ip.value() <= bestIp + 1e-12 && sq.value() <= bestSq + 1e-12, "no searched plan beats the closed form");
        // the reported K attains the value
        assertEquals(ip.value(), innerProductValue(A2, B2, ip.crossCovariance()), 1e-12);
        assertEquals(sq.value(), squaredDistanceValue(A2, B2, sq.crossCovariance()), 1e-11);
    }

    @Test
    void threeDimensionsAgainstTwoByASearchOverPartialIsometries() {
        double best = Double.POSITIVE_INFINITY;
        double[] angles = new double[3];
        int grid = 32;
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                for (int k = 0; k < grid; k++) {
                    double[] t = {2 * Math.PI * i / grid, Math.PI * j / grid, 2 * Math.PI * k / grid};
                    double v = innerProductValue(A3, B2, partialIsometry(t));
                    if (v < best) {
                        best = v;
                        angles = t;
                    }
                }
            }
        }
        for (double h = 0.05; h > 1e-9; h /= 2) { // coordinate descent around the best grid point
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int d = 0; d < 3; d++) {
                    for (int s = -1; s <= 1; s += 2) {
                        double[] t = angles.clone();
                        t[d] += s * h;
                        double v = innerProductValue(A3, B2, partialIsometry(t));
                        if (v < best - 1e-15) {
                            best = v;
                            angles = t;
                            moved = true;
                        }
                    }
                }
            }
        }
        GaussianGromovWasserstein.Result r = GaussianGromovWasserstein.innerProduct(A3, B2);
        assertEquals(best, r.value(), 1e-8 * best);
        assertTrue(r.value() <= best + 1e-12);
    }

    @Test
    void theMapPushesTheSourceOntoTheTargetWithTheOptimalCrossCovariance() {
        GaussianGromovWasserstein.Result r = GaussianGromovWasserstein.innerProduct(A3, B2);
        Matrix a = r.mapMatrix();
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
        Matrix pushed = a.times(A3.covariance()).times(a.transpose());
        assertEquals(0, pushed.minus(B2.covariance()).maxAbs(), 1e-12, "A Σ0 Aᵀ = Σ1");
        assertEquals(0, A3.covariance().times(a.transpose()).minus(r.crossCovariance()).maxAbs(), 1e-12, "Σ0 Aᵀ = K");
        double[] image = r.map(A3.mean());
        for (int b = 0; b < 2; b++) assertEquals(B2.mean()[b], image[b], 1e-12, "T(m0) = m1");
        assertNull(GaussianGromovWasserstein.innerProduct(B2, A3).mapMatrix(), "no map from R² onto a Gaussian of R³");
        assertEquals(r.value(), GaussianGromovWasserstein.innerProduct(B2, A3).value(), 1e-12, "symmetric");
    }

    @Test
    void anIsometricCopyIsAtZero() {
        double c = Math.cos(0.7), s = Math.sin(0.7);
        Matrix q = Matrix.of(new double[][] {{c, -s}, {s, c}});
        Gaussian rotated = Gaussian.of(new double[] {5, 5}, q.times(A2.covariance()).times(q.transpose()).symmetrize());
        assertEquals(0, GaussianGromovWasserstein.innerProduct(A2, rotated).value(), 1e-12);
        assertEquals(0, GaussianGromovWasserstein.squaredDistance(A2, rotated).value(), 1e-12);
    }

    /** The fourth-moment identities the test's objective uses, by Monte Carlo (2·10⁵ draws: 1% agreement). */
    @Test
    void theMomentFormulasHold() {
        Random rnd = new Random(1307);
        Matrix s = A2.covarianceSqrt();
        double ip = 0, sq = 0;
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            double[] x = s.times(new double[] {rnd.nextGaussian(), rnd.nextGaussian()});
            double[] y = s.times(new double[] {rnd.nextGaussian(), rnd.nextGaussian()});
            double dot = x[0] * y[0] + x[1] * y[1], d2 = (x[0] - y[0]) * (x[0] - y[0]) + (x[1] - y[1]) * (x[1] - y[1]);
            ip += dot * dot / n;
            sq += d2 * d2 / n;
        }
        double f = A2.covariance().dot(A2.covariance()), t = A2.covariance().trace();
        assertEquals(f, ip, 0.01 * f);
        assertEquals(4 * t * t + 8 * f, sq, 0.01 * (4 * t * t + 8 * f));
    }

    /**
     * Large samples: x_1..x_n drawn from the source and y_i = T(x_i), which are draws of the target since T pushes
     * the one onto the other. The exact discrete GW (Frank–Wolfe) between the two samples, with the centred samples'
     * inner products as C1 and C2, started from the pairing x_i ↔ y_i, descends only a little below it and stays
     * within sampling error of the closed form (were the closed form not the minimum over couplings, the descent
     * would go on well below). With squared distances from a⊗b, the discrete GW stays near or below the
     * Gaussian-restricted value, which bounds GW from above.
     */
    @Test
    @Tag("slow")
    void largeSamplesApproachTheClosedForm() {
        Random rnd = new Random(1308);
        int n = 400;
        GaussianGromovWasserstein.Result closed = GaussianGromovWasserstein.innerProduct(A3, B2);
        Matrix x = sample(A3, n, rnd);
        double[] ys = new double[2 * n];
        for (int i = 0; i < n; i++) System.arraycopy(closed.map(x.row(i)), 0, ys, 2 * i, 2);
        Matrix y = Matrix.fromRowMajor(n, 2, ys);
        DiscreteMeasure u = DiscreteMeasure.uniform(n);
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) id[i * n + i] = 1.0 / n;
        SparsePlan pairing = SparsePlan.fromDense(n, n, id);
        GromovWasserstein.Result ip = GromovWasserstein.defaults().solve(gram(x), gram(y), u, u, pairing);
        assertEquals(closed.value(), ip.cost(), 0.15 * closed.value());
        GromovWasserstein.Result sq = GromovWasserstein.defaults().solve(squaredDistances(x), squaredDistances(y), u, u);
        assertTrue(sq.cost() <= 1.1 * GaussianGromovWasserstein.squaredDistance(A3, B2).value(), sq.cost() + " above GGW");
    }

    private static double innerProductValue(Gaussian a, Gaussian b, Matrix k) {
        return a.covariance().dot(a.covariance()) + b.covariance().dot(b.covariance()) - 2 * k.dot(k);
    }

    private static double squaredDistanceValue(Gaussian a, Gaussian b, Matrix k) {
        double ta = a.covariance().trace(), tb = b.covariance().trace();
        double fa = a.covariance().dot(a.covariance()), fb = b.covariance().dot(b.covariance());
        return (4 * ta * ta + 8 * fa) + (4 * tb * tb + 8 * fb) - 2 * (4 * ta * tb + 8 * k.dot(k));
    }

    /** Σ0^½ C Σ1^½ with C the first two columns of the rotation R_z(t0) R_y(t1) R_z(t2) of R³. */
    private static Matrix partialIsometry(double[] t) {
        Matrix r = rz(t[0]).times(ry(t[1])).times(rz(t[2]));
        Matrix c = Matrix.of(new double[][] {{r.get(0, 0), r.get(0, 1)}, {r.get(1, 0), r.get(1, 1)}, {r.get(2, 0), r.get(2, 1)}});
        return SQRT_A3.times(c).times(SQRT_B2);
    }

    private static Matrix rz(double t) {
        return Matrix.of(new double[][] {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}});
    }

    private static Matrix ry(double t) {
        return Matrix.of(new double[][] {{Math.cos(t), 0, Math.sin(t)}, {0, 1, 0}, {-Math.sin(t), 0, Math.cos(t)}});
    }

    private static Matrix sample(Gaussian g, int n, Random rnd) {
        int d = g.dimension();
        Matrix s = g.covarianceSqrt();
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int k = 0; k < d; k++) z[k] = rnd.nextGaussian();
            double[] x = s.times(z);
            System.arraycopy(x, 0, out, i * d, d);
        }
        return Matrix.fromRowMajor(n, d, out);
    }

    /** Inner products of the centred rows. */
    private static Matrix gram(Matrix x) {
        int n = x.rows(), d = x.cols();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) mean[k] += x.get(i, k) / n;
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += (x.get(i, k) - mean[k]) * (x.get(j, k) - mean[k]);
                g[i * n + j] = s;
            }
        }
        return Matrix.fromRowMajor(n, n, g);
    }

    private static Matrix squaredDistances(Matrix x) {
        int n = x.rows(), d = x.cols();
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += (x.get(i, k) - x.get(j, k)) * (x.get(i, k) - x.get(j, k));
                g[i * n + j] = s;
            }
        }
        return Matrix.fromRowMajor(n, n, g);
    }
}
