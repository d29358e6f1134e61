package org.monge.gaussian;

import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;

/**
 * The Knothe–Rosenblatt (triangular) map between Gaussians: T(x) = m1 + A (x − m0), A = L1 L0^−1
 * with S_i = L_i L_iᵀ the Cholesky factors (Rosenblatt 1952; Knothe 1957). Lower triangular with
 * positive diagonal; it transports N0 to N1 but is optimal only when it coincides with Brenier's.
 */
public final class KnotheRosenblattMap {
    private KnotheRosenblattMap() {}

    public static AffineMap between(Gaussian source, Gaussian target) {
        source.requireSameDimension(target, "Knothe–Rosenblatt map");
        Matrix l0 = source.cholesky().orElseThrow(() -> new IllegalArgumentException("source covariance must be positive definite for a Knothe–Rosenblatt map"));
        Matrix l1 = target.cholesky().orElseThrow(() -> new IllegalArgumentException("target covariance must be positive definite for a Knothe–Rosenblatt map"));
        return AffineMap.between(l1.times(Cholesky.invertLower(l0)), source, target);
    }
}
