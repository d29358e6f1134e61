package org.monge.gaussian.entropic;

import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Random;

/** Random inputs and the independent reference computations shared by the entropic tests. */
final class Fixtures {
    private Fixtures() {}

    static Matrix gaussianMatrix(Random rnd, int r, int c) {
        double[][] m = new double[r][c];
        for (double[] row : m) for (int j = 0; j < c; j++) row[j] = rnd.nextGaussian();
        return Matrix.of(m);
    }

    /** M Mᵀ/d + shift·I. */
    static Matrix spd(Random rnd, int d, double shift) {
        Matrix a = gaussianMatrix(rnd, d, d);
        return a.times(a.transpose()).scale(1.0 / d).plus(Matrix.identity(d).scale(shift)).symmetrize();
    }

    static Gaussian gaussian(Random rnd, int d, boolean withMean) {
        double[] m = new double[d];
        if (withMean) for (int i = 0; i < d; i++) m[i] = rnd.nextGaussian();
        return Gaussian.of(m, spd(rnd, d, 0.2));
    }

    /** A random orthogonal matrix (eigenvectors of a random symmetric matrix). */
    static Matrix orthogonal(Random rnd, int d) {
        return SymmetricEigen.of(gaussianMatrix(rnd, d, d).symmetrize()).eigenvectors();
    }

    /**
     * A reference covariance K whose precision block P12 = (I − G)/ε makes G = I − ε P12 equal to
     * the given matrix: K^−1 = [[cI, P12], [P12ᵀ, cI]] with c = ‖P12‖₂ + 1 (positive definite).
     */
    static Matrix referenceWithG(Matrix g, double eps) {
        int d = g.rows();
        Matrix p12 = Matrix.identity(d).minus(g).scale(1 / eps);
        double norm = Math.sqrt(Math.max(0, SymmetricEigen.eigenvalues(p12.transpose().times(p12)).length == 0 ? 0
                : SymmetricEigen.eigenvalues(p12.transpose().times(p12))[d - 1]));
        Matrix c = Matrix.identity(d).scale(norm + 1);
        return SymmetricEigen.of(Blocks.join(c, p12, c)).inverse();
    }

    /** The primal objective E|X − Y|² + 2ε KL(N(0,Σ) ‖ N(0,K)) for Σ = [[A, C], [Cᵀ, B]], straight from its definition. */
    static double objective(Matrix a, Matrix b, Matrix c, Matrix k, double eps) {
        int d = a.rows();
        Matrix sigma = Blocks.join(a, c, b);
        SymmetricEigen es = SymmetricEigen.of(sigma), ek = SymmetricEigen.of(k);
        double kl = 0.5 * (ek.inverse().dot(sigma) - 2 * d + ek.logDet() - es.logDet());
        return a.trace() + b.trace() - 2 * c.trace() + 2 * eps * kl;
    }

    static double relativeError(Matrix x, Matrix reference) {
        return x.minus(reference).frobeniusNorm() / reference.frobeniusNorm();
    }

    /**
     * Minimises the convex objective directly by damped Newton, independently of the closed form.
     * Parametrisation C = A^½ M B^½ (Σ is positive definite iff ‖M‖₂ &lt; 1); up to constants the
     * objective is φ(M) = −2⟨N, M⟩ − ε log det(I − MᵀM) with N = A^½ G B^½, G = I − ε P12, whose
     * gradient is −2N + 2ε M Q and Hessian E ↦ 2ε (E Q + M Q (EᵀM + MᵀE) Q), Q = (I − MᵀM)^−1.
     * P12 comes from a direct inverse of K. Backtracking keeps ‖M‖₂ &lt; 1 and the Armijo decrease.
     */
    static Matrix newtonCrossCovariance(Matrix a, Matrix b, Matrix k, double eps) {
        int d = a.rows(), n = d * d;
        Matrix ah = SymmetricEigen.of(a).sqrt(), bh = SymmetricEigen.of(b).sqrt();
        Matrix p12 = Blocks.block(SymmetricEigen.of(k).inverse(), 0, d, d);
        Matrix nMat = ah.times(Matrix.identity(d).minus(p12.scale(eps))).times(bh);
        Matrix m = Matrix.zeros(d, d);
        for (int it = 0; it < 200; it++) {
            Matrix q = SymmetricEigen.of(Matrix.identity(d).minus(m.transpose().times(m))).inverse();
            Matrix grad = nMat.scale(-2).plus(m.times(q).scale(2 * eps));
            double gnorm = grad.frobeniusNorm();
            if (gnorm < 1e-15 * Math.max(1, nMat.frobeniusNorm())) break;
            double[] hess = new double[n * n];
            for (int col = 0; col < n; col++) {
                double[] e = new double[n];
                e[col] = 1;
                Matrix em = Matrix.fromRowMajor(d, d, e);
                Matrix sym = em.transpose().times(m).plus(m.transpose().times(em));
                double[] hc = em.times(q).plus(m.times(q).times(sym).times(q)).scale(2 * eps).toRowMajor();
                for (int row = 0; row < n; row++) hess[row * n + col] = hc[row];
            }
            double[] step = solveSpd(Matrix.fromRowMajor(n, n, hess).symmetrize(), grad.scale(-1).toRowMajor());
            Matrix dm = Matrix.fromRowMajor(d, d, step);
            double f0 = phi(m, nMat, eps), slope = grad.dot(dm), t = 1;
            Matrix next = m.plus(dm);
            // near the optimum the decrease (~ the Newton decrement) is below rounding of φ: take full steps
            boolean local = -slope < 1e-12 * Math.max(1, Math.abs(f0));
            while (!(local ? phi(next, nMat, eps) < Double.POSITIVE_INFINITY : phi(next, nMat, eps) <= f0 + 1e-4 * t * slope)
                    && t > 1e-12) {
                t /= 2;
                next = m.plus(dm.scale(t));
            }
            if (m.minus(next).maxAbs() == 0) break;
            m = next;
        }
        return ah.times(m).times(bh);
    }

    private static double phi(Matrix m, Matrix nMat, double eps) {
        SymmetricEigen e = SymmetricEigen.of(Matrix.identity(m.rows()).minus(m.transpose().times(m)));
        if (!(e.min() > 0)) return Double.POSITIVE_INFINITY;
        return -2 * nMat.dot(m) - eps * e.logDet();
    }

    /** Solves S x = rhs for symmetric positive-definite S through its eigendecomposition. */
    static double[] solveSpd(Matrix s, double[] rhs) {
        return SymmetricEigen.of(s).inverse().times(rhs);
    }
}
