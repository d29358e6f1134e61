package org.monge.gaussian;

import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

/**
 * Exact gradients of W2² between Gaussians (docs/mathematics.md §1):
 * ∂W2²/∂m1 = 2(m1 − m0) and ∂W2²/∂S1 = I − S0^½ (S0^½ S1 S0^½)^−½ S0^½ (= I − T, T the Brenier
 * matrix from N(·,S1) to N(·,S0)); the S0 gradient swaps the roles. From d tr M^½ = ½ tr(M^−½ dM)
 * (the derivative through the matrix square root; see also {@link org.monge.linalg.MatrixFunctions#sqrtDerivative}).
 * Needs both covariances positive definite (the gradient blows up at the boundary of the cone).
 */
public final class BuresGradient {
    private BuresGradient() {}

    public static GaussianGradient of(Gaussian p, Gaussian q) {
        p.requireSameDimension(q, "W2 gradient");
        requirePd(p, "covariance0");
        requirePd(q, "covariance1");
        double[] m0 = p.mean(), m1 = q.mean();
        double[] g0 = new double[m0.length], g1 = new double[m0.length];
        for (int i = 0; i < m0.length; i++) {
            g1[i] = 2 * (m1[i] - m0[i]);
            g0[i] = -g1[i];
        }
        return new GaussianGradient(BuresWasserstein.squaredDistance(p, q), g0, covarianceGradient(q, p), g1, covarianceGradient(p, q));
    }

    /**
     * ∂W2²/∂S_q = I − T, T = S_p^½ (S_p^½ S_q S_p^½)^−½ S_p^½. T(4^a S_p, 4^b S_q) = 2^(a−b) T(S_p, S_q):
     * covariances of extreme magnitude are rescaled to about 1 first.
     */
    static Matrix covarianceGradient(Gaussian p, Gaussian q) {
        Matrix t;
        if (p.isModerate() && q.isModerate()) {
            t = transport(p, q);
        } else {
            t = transport(p.centredUnitScale(), q.centredUnitScale()).scalb(p.halfExponent() - q.halfExponent());
            Scaling.requireRepresentable(t.maxAbs(), "the W2² covariance gradient");
        }
        return Matrix.identity(p.dimension()).minus(t).symmetrize();
    }

    private static Matrix transport(Gaussian p, Gaussian q) {
        Matrix rp = p.covarianceSqrt();
        Matrix m = rp.times(q.covariance()).times(rp);
        return rp.times(SymmetricEigen.of(m).inverseSqrt()).times(rp);
    }

    private static void requirePd(Gaussian g, String name) {
        if (!g.isPositiveDefinite()) throw new IllegalArgumentException(name + " must be positive definite for the gradient to exist");
    }
}
