package org.monge.gaussian;

/**
 * Fréchet Inception Distance (Heusel et al. 2017): W2² between the Gaussians fitted to two feature
 * sets, i.e. |μ0 − μ1|² + tr Σ0 + tr Σ1 − 2 tr (Σ0^½ Σ1 Σ0^½)^½, computed as in
 * {@link BuresWasserstein} (symmetric eigenvalues, never {@code sqrtm(Σ0 Σ1)}), so singular
 * covariances (fewer samples than dimensions) give a finite, correct value.
 */
public final class Fid {
    private Fid() {}

    public static double between(FeatureStatistics a, FeatureStatistics b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("feature dimensions differ: " + a.dimension() + " and " + b.dimension());
        }
        return BuresWasserstein.squaredDistance(a.toGaussian("first sigma"), b.toGaussian("second sigma"));
    }
}
