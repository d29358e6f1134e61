package org.monge.gaussian;

import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

/**
 * The Brenier (Monge) map between Gaussians: T(x) = m1 + A (x − m0) with
 * A = S0^−½ (S0^½ S1 S0^½)^½ S0^−½, symmetric positive semi-definite, the gradient of a convex
 * function, optimal for the quadratic cost (Knott &amp; Smith 1984). Needs S0 positive definite.
 */
public final class BrenierMap {
    private BrenierMap() {}

    public static AffineMap between(Gaussian source, Gaussian target) {
        source.requireSameDimension(target, "Brenier map");
        return AffineMap.between(matrix(source, target), source, target);
    }

    /**
     * A = S0^−½ (S0^½ S1 S0^½)^½ S0^−½. A is homogeneous, A(4^a S0, 4^b S1) = 2^(b−a) A(S0, S1): covariances of
     * extreme magnitude are rescaled to about 1 first (see {@link Gaussian#centredUnitScale()}).
     */
    public static Matrix matrix(Gaussian source, Gaussian target) {
        if (!source.isPositiveDefinite()) {
            throw new IllegalArgumentException("source covariance must be positive definite for a Brenier map");
        }
        if (source.isModerate() && target.isModerate()) return moderate(source, target);
        Matrix a = moderate(source.centredUnitScale(), target.centredUnitScale()).scalb(target.halfExponent() - source.halfExponent());
        Scaling.requireRepresentable(a.maxAbs(), "the Brenier map matrix");
        return a;
    }

    private static Matrix moderate(Gaussian source, Gaussian target) {
        SymmetricEigen e = source.eigen();
        Matrix r = e.sqrt();
        Matrix ri = e.inverseSqrt();
        Matrix mid = SymmetricEigen.of(r.times(target.covariance()).times(r)).sqrt();
        return ri.times(mid).times(ri).symmetrize();
    }
}
