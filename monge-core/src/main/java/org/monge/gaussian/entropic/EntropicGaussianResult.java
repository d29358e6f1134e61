package org.monge.gaussian.entropic;

import org.monge.linalg.Matrix;

/**
 * The solution of entropic OT between Gaussians with a Gaussian reference coupling.
 *
 * @param epsilon            the regularisation ε
 * @param crossCovariance    the optimal cross-covariance C (d × d)
 * @param plan               the optimal plan N((m0, m1), [[A, C], [Cᵀ, B]]) on R^2d
 * @param cost               OT_{ε,K} = E_π |X − Y|² + 2ε KL(π ‖ reference)
 * @param w2Squared          the unregularised W2² between the marginals
 * @param dualPotentials     the potentials (F, H, f0, g0)
 * @param dualValue          tr(F A) + tr(H B) + f0 + g0, equal to the cost at the optimum
 * @param optimalityResidual max |ε Δ12 + I| with Δ12 computed afresh from C (−A^−1 C S^−1 − P12,
 *                           S = B − Cᵀ A^−1 C): zero at the optimum up to rounding, which it amplifies
 *                           as ε → 0 (about 1e-16·‖B‖/ε); infinite where S is not numerically positive definite
 */
public record EntropicGaussianResult(double epsilon, Matrix crossCovariance, GaussianCoupling plan, double cost, double w2Squared,
                                     DualPotentials dualPotentials, double dualValue, double optimalityResidual) {

    /** OT_{ε,K} − W2², the entropic bias (non-negative: both terms of the objective exceed their minimum). */
    public double bias() { return cost - w2Squared; }

    /** |dual value − cost|. */
    public double dualGap() { return Math.abs(dualValue - cost); }

    /** The joint covariance [[A, C], [Cᵀ, B]]. */
    public Matrix jointCovariance() { return plan.covariance(); }
}
