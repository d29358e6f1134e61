package org.monge.gaussian;

import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

/**
 * The Knothe–Rosenblatt (triangular) map between Gaussians: T(x) = m1 + A (x − m0), A = L1 L0^−1
 * with S_i = L_i L_iᵀ the Cholesky factors (Rosenblatt 1952; Knothe 1957). Lower triangular with
 * positive diagonal; it transports N0 to N1 but is optimal only when it coincides with Brenier's.
 * Covariances of extreme magnitude are factored rescaled (A scales as the ratio of the Cholesky factors).
 */
public final class KnotheRosenblattMap {
    private KnotheRosenblattMap() {}

    public static AffineMap between(Gaussian source, Gaussian target) {
        source.requireSameDimension(target, "Knothe–Rosenblatt map");
        Matrix l0 = source.cholesky().orElseThrow(
                () -> new IllegalArgumentException("source covariance must be positive definite for a Knothe–Rosenblatt map"));
        Matrix l1 = target.cholesky().orElseThrow(
                () -> new IllegalArgumentException("target covariance must be positive definite for a Knothe–Rosenblatt map"));
        if (source.isModerate() && target.isModerate()) return AffineMap.between(l1.times(Cholesky.invertLower(l0)), source, target);
        // A = L1 L0^−1 scales as 2^(h1−h0) with S_i = 4^h_i S_i': factor the rescaled covariances
        Matrix a = target.centredUnitScale().cholesky().orElseThrow()
                .times(Cholesky.invertLower(source.centredUnitScale().cholesky().orElseThrow()))
                .scalb(target.halfExponent() - source.halfExponent());
        Scaling.requireRepresentable(a.maxAbs(), "the Knothe–Rosenblatt map matrix");
        return AffineMap.between(a, source, target);
    }
}
