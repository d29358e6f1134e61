package org.monge.gaussian.entropic;

import org.monge.discrete.entropic.ReferenceMeasure;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.function.ToDoubleBiFunction;

/**
 * The reference coupling N(0, K) on R^d × R^d that the entropic term penalises towards
 * (docs/mathematics.md §2): the product of the marginals, K = diag(A, B) (the classic choice); the
 * marginals with a correlation matrix R, K = [[A, A^½ R B^½], [B^½ Rᵀ A^½, B]] with ‖R‖₂ &lt; 1;
 * or any positive-definite K of size 2d. With means, the reference is centred at (m0, m1).
 *
 * <p>What the solver needs are the blocks of K^−1 and log det K; they are formed from the
 * Cholesky factors of A and B (for R, from their eigendecompositions, cached by {@link Gaussian},
 * and those of RᵀR and RRᵀ), so no 2d × 2d inverse is taken except for an arbitrary K (by Cholesky).
 */
public sealed interface ReferenceCoupling {

    /** K = diag(A, B): the product of the marginals. */
    static ReferenceCoupling product() {
        return Product.INSTANCE;
    }

    /** The marginals coupled with correlation matrix R (d × d, spectral norm below 1). */
    static ReferenceCoupling correlated(Matrix r) {
        if (r == null) throw new IllegalArgumentException("correlation matrix R must not be null");
        if (!r.isSquare()) throw new IllegalArgumentException("correlation matrix R must be square, got " + r.rows() + "x" + r.cols());
        if (!r.allFinite()) throw new IllegalArgumentException("correlation matrix R has a non-finite entry (NaN or infinity)");
        double[] s2 = SymmetricEigen.eigenvalues(r.transpose().times(r).symmetrize());
        double norm = Math.sqrt(Math.max(0, s2.length == 0 ? 0 : s2[s2.length - 1]));
        // I − RᵀR must stay numerically positive definite
        if (!(norm < 1 - 1e-12)) throw new IllegalArgumentException("correlation matrix R must have spectral norm ‖R‖₂ < 1, got " + norm);
        return new Correlated(r);
    }

    /** The 1-D-style scalar correlation R = ρ I. */
    static ReferenceCoupling correlated(double rho, int d) {
        if (!(Math.abs(rho) < 1)) throw new IllegalArgumentException("correlation rho must lie in (-1, 1), got " + rho);
        return correlated(Matrix.identity(d).scale(rho));
    }

    /** An arbitrary reference covariance K (2d × 2d, symmetric positive definite). */
    static ReferenceCoupling covariance(Matrix k) {
        if (k == null) throw new IllegalArgumentException("reference covariance K must not be null");
        if (!k.isSquare() || k.rows() % 2 != 0) {
            throw new IllegalArgumentException("reference covariance K must be square of even size 2d, got " + k.rows() + "x" + k.cols());
        }
        Gaussian g = Gaussian.of(new double[k.rows()], k, "reference covariance K"); // finite, symmetric, PSD
        if (!g.isPositiveDefinite()) {
            throw new IllegalArgumentException("reference covariance K must be positive definite; smallest eigenvalue is "
                    + g.eigen().min());
        }
        return new Covariance(g);
    }

    /** The covariance K of the reference for marginals p and q. */
    Matrix covariance(Gaussian p, Gaussian q);

    /** The reference N((m0, m1), K) as a coupling (density, sampling). */
    default GaussianCoupling coupling(Gaussian p, Gaussian q) {
        return new GaussianCoupling(p.mean(), q.mean(), covariance(p, q));
    }

    /**
     * log of dR/d(P ⊗ Q)(x, y), R = N((m0, m1), K): the reference relative to the product of the
     * marginals P, Q, the function a discrete solver's reference needs on samples of P and Q
     * (see {@link GaussianCoupling#logDensityRatio}). Identically 0 for the product reference.
     */
    default ToDoubleBiFunction<double[], double[]> logDensityRatio(Gaussian p, Gaussian q) {
        return coupling(p, q).logDensityRatio(p, q);
    }

    /**
     * This reference on n samples of P and m samples of Q with uniform weights, for the discrete
     * Sinkhorn solver: R_ij = exp(ℓ(x_i, y_j))/(n m), ℓ = log dR/d(P ⊗ Q) ({@link #logDensityRatio}),
     * evaluated on the fly from the two points. Its total mass tends to 1, so Sinkhorn at 2ε on the
     * samples (cost |x − y|²) estimates OT_{ε,K}.
     */
    default ReferenceMeasure onSamples(Gaussian p, Gaussian q, int n, int m) {
        if (n < 1 || m < 1) throw new IllegalArgumentException("sample sizes must be positive, got " + n + " and " + m);
        ToDoubleBiFunction<double[], double[]> ratio = logDensityRatio(p, q);
        double logNm = Math.log(n) + Math.log(m);
        return ReferenceMeasure.logDensity((x, y) -> ratio.applyAsDouble(x, y) - logNm);
    }

    /** The blocks of K^−1 and log det K for marginals p and q (validated against their dimension). */
    Precision precision(Gaussian p, Gaussian q);

    /** K^−1 = [[p11, p12], [p12ᵀ, p22]] and log det K. */
    record Precision(Matrix p11, Matrix p12, Matrix p22, double logDetK) {}

    /** K = diag(A, B). */
    final class Product implements ReferenceCoupling {
        static final Product INSTANCE = new Product();

        private Product() {}

        @Override
        public Matrix covariance(Gaussian p, Gaussian q) {
            return Blocks.join(p.covariance(), Matrix.zeros(p.dimension(), q.dimension()), q.covariance());
        }

        @Override
        public Precision precision(Gaussian p, Gaussian q) {
            Matrix la = p.cholesky().orElseThrow(() -> new IllegalArgumentException("first covariance must be positive definite")),
                    lb = q.cholesky().orElseThrow(() -> new IllegalArgumentException("second covariance must be positive definite"));
            return new Precision(Cholesky.inverseFromLower(la), Matrix.zeros(p.dimension(), q.dimension()), Cholesky.inverseFromLower(lb),
                    Cholesky.logDetFromLower(la) + Cholesky.logDetFromLower(lb));
        }

        @Override
        public String toString() { return "product"; }
    }

    /** K = [[A, A^½ R B^½], [B^½ Rᵀ A^½, B]]. */
    record Correlated(Matrix r) implements ReferenceCoupling {
        @Override
        public Matrix covariance(Gaussian p, Gaussian q) {
            check(p);
            return Blocks.join(p.covariance(), p.eigen().sqrt().times(r).times(q.eigen().sqrt()), q.covariance());
        }

        @Override
        public Precision precision(Gaussian p, Gaussian q) {
            check(p);
            int d = r.rows();
            Matrix ai = p.eigen().inverseSqrt(), bi = q.eigen().inverseSqrt();
            SymmetricEigen right = SymmetricEigen.of(Matrix.identity(d).minus(r.transpose().times(r)));
            SymmetricEigen left = SymmetricEigen.of(Matrix.identity(d).minus(r.times(r.transpose())));
            Matrix rightInv = right.inverse();
            Matrix p11 = ai.times(left.inverse()).times(ai).symmetrize();
            Matrix p12 = ai.times(r).times(rightInv).times(bi).scale(-1);
            Matrix p22 = bi.times(rightInv).times(bi).symmetrize();
            return new Precision(p11, p12, p22, p.eigen().logDet() + q.eigen().logDet() + right.logDet());
        }

        private void check(Gaussian p) {
            if (r.rows() != p.dimension()) {
                throw new IllegalArgumentException("correlation matrix R is " + r.rows() + "x" + r.cols()
                        + " but the Gaussians have dimension " + p.dimension());
            }
        }

        @Override
        public String toString() { return "correlated"; }
    }

    /** An arbitrary positive-definite K. */
    final class Covariance implements ReferenceCoupling {
        private final Gaussian k;
        private volatile Precision precision; // lazily: depends on K alone, reused by every solve with this reference

        private Covariance(Gaussian k) { this.k = k; }

        /** The reference for the marginals divided by 4^h: K/4^h (exact). */
        Covariance scaled(int h) { return new Covariance(k.centredScaled(h)); }

        @Override
        public Matrix covariance(Gaussian p, Gaussian q) {
            check(p);
            return k.covariance();
        }

        @Override
        public Precision precision(Gaussian p, Gaussian q) {
            check(p);
            Precision cached = precision;
            if (cached != null) return cached;
            int d = p.dimension();
            Matrix l = k.cholesky().orElseThrow();
            Matrix inv = Cholesky.inverseFromLower(l);
            cached = new Precision(Blocks.block(inv, 0, 0, d), Blocks.block(inv, 0, d, d), Blocks.block(inv, d, d, d),
                    Cholesky.logDetFromLower(l));
            precision = cached;
            return cached;
        }

        private void check(Gaussian p) {
            if (k.dimension() != 2 * p.dimension()) {
                throw new IllegalArgumentException("reference covariance K is " + k.dimension() + "x" + k.dimension()
                        + " but must be 2d x 2d = " + 2 * p.dimension() + "x" + 2 * p.dimension() + " for Gaussians of dimension "
                        + p.dimension());
            }
        }

        @Override
        public String toString() { return "covariance"; }
    }
}
