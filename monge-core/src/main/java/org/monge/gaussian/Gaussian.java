package org.monge.gaussian;

import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

import java.util.Arrays;
import java.util.Optional;

/**
 * A Gaussian N(m, S) on R^d, validated on construction: finite entries, matching sizes, S
 * symmetric (asymmetry up to {@link #SYMMETRY_TOLERANCE} relative is symmetrised away, more is
 * rejected) and positive semi-definite (eigenvalues down to −{@link #PSD_TOLERANCE}·‖S‖ are
 * accepted as rounding and clipped where square roots are taken).
 *
 * <p>The Cholesky factor and eigendecomposition of S are computed once, on first use, and
 * shared by every distance, map and gradient that needs them (batch and pairwise runs reuse them).
 *
 * <p>The closed forms are homogeneous in the covariance scale; for covariances whose largest entry
 * lies outside [1e-100, 1e100] they work on {@link #centredUnitScale()}, the centred Gaussian with the
 * covariance divided exactly by a power of four (see {@link Scaling}), and scale their results back.
 */
public final class Gaussian {
    public static final double SYMMETRY_TOLERANCE = 1e-8;
    public static final double PSD_TOLERANCE = 1e-10;

    private final double[] mean;
    private final Matrix covariance;
    private final double magnitude;             // largest |S_ij|
    private volatile Gaussian unitScale;        // lazily, for extreme magnitudes
    private volatile Optional<Matrix> cholesky; // lazily: lower factor, empty if only semi-definite
    private volatile SymmetricEigen eigen;      // lazily

    private Gaussian(double[] mean, Matrix covariance, double magnitude, Optional<Matrix> cholesky) {
        this.mean = mean;
        this.covariance = covariance;
        this.magnitude = magnitude;
        this.cholesky = cholesky;
    }

    /** N(mean, covariance), validated; see the class comment. */
    public static Gaussian of(double[] mean, Matrix covariance) {
        return of(mean, covariance, "covariance");
    }

    /** As {@link #of(double[], Matrix)}, with {@code name} used for the covariance in error messages. */
    public static Gaussian of(double[] mean, Matrix covariance, String name) {
        if (mean == null) throw new IllegalArgumentException("mean must not be null");
        if (covariance == null) throw new IllegalArgumentException(name + " must not be null");
        if (!covariance.isSquare()) {
            throw new IllegalArgumentException(name + " must be square, got " + covariance.rows() + "x" + covariance.cols());
        }
        if (covariance.rows() != mean.length) {
            throw new IllegalArgumentException("mean has dimension " + mean.length + " but " + name + " is " + covariance.rows() + "x"
                    + covariance.cols());
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) throw new IllegalArgumentException("mean has a non-finite entry at index " + i + ": " + mean[i]);
        }
        double maxAbs = covariance.maxAbs(); // NaN or infinite exactly when an entry is (one pass for both checks)
        if (!Double.isFinite(maxAbs)) throw new IllegalArgumentException(name + " has a non-finite entry (NaN or infinity)");
        double scale = Math.max(maxAbs, Double.MIN_NORMAL);
        double asym = covariance.asymmetry();
        if (asym > SYMMETRY_TOLERANCE * scale) {
            throw new IllegalArgumentException(name + " is not symmetric: largest |S_ij - S_ji| is " + asym);
        }
        Matrix s = asym == 0 ? covariance : covariance.symmetrize();
        Optional<Matrix> chol;
        if (Scaling.isModerate(maxAbs)) {
            chol = Cholesky.lower(s);
        } else { // factor the matrix divided by 4^h, so that no square underflows or overflows: L = 2^h L'
            int h = Scaling.halfExponent(maxAbs);
            chol = Cholesky.lower(s.scalb(-2 * h)).map(l -> l.scalb(h));
        }
        Gaussian g = new Gaussian(mean.clone(), s, maxAbs, chol);
        if (chol.isEmpty()) {
            SymmetricEigen e = g.eigen();
            if (e.min() < -PSD_TOLERANCE * Math.max(scale, Math.abs(e.max())) * Math.max(1, mean.length)) {
                throw new IllegalArgumentException(name + " is not positive semi-definite: smallest eigenvalue is " + e.min());
            }
        }
        return g;
    }

    /** Centred N(0, covariance). */
    public static Gaussian centered(Matrix covariance) {
        return of(new double[covariance.rows()], covariance);
    }

    /** N(mean, σ²) on the line. */
    public static Gaussian univariate(double mean, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and non-negative, got " + sigma);
        }
        return of(new double[] {mean}, Matrix.of(new double[][] {{sigma * sigma}}));
    }

    public int dimension() { return mean.length; }

    public double[] mean() { return mean.clone(); }

    public Matrix covariance() { return covariance; }

    /** True when the covariance is numerically positive definite (its Cholesky factor exists). */
    public boolean isPositiveDefinite() { return cholesky.isPresent(); }

    /** Lower Cholesky factor of the covariance, if positive definite. */
    public Optional<Matrix> cholesky() { return cholesky; }

    /** Eigendecomposition of the covariance (computed once). */
    public SymmetricEigen eigen() {
        SymmetricEigen e = eigen;
        if (e == null) {
            e = SymmetricEigen.of(covariance);
            eigen = e;
        }
        return e;
    }

    /** Largest |S_ij| (for a positive semi-definite S, the largest diagonal entry). */
    public double magnitude() { return magnitude; }

    /** True when the covariance's magnitude needs no rescaling in the closed forms (see {@link Scaling#isModerate}). */
    public boolean isModerate() { return Scaling.isModerate(magnitude); }

    /** The h of {@link #centredUnitScale()}: the covariance is 4^h S' (its square roots 2^h S'^½). */
    public int halfExponent() { return Scaling.halfExponent(magnitude); }

    /**
     * N(0, S·4^−h) with h = {@link #halfExponent()}, so that the largest covariance entry lies in [1, 4):
     * exact, and its Cholesky factor and eigendecomposition are this Gaussian's, rescaled.
     */
    Gaussian centredUnitScale() {
        Gaussian n = unitScale;
        if (n == null) {
            n = centredScaled(halfExponent());
            unitScale = n;
        }
        return n;
    }

    /** N(0, S·4^−h): exact while the entries stay normal; its Cholesky factor and eigendecomposition are this Gaussian's, rescaled. */
    public Gaussian centredScaled(int h) {
        Gaussian n = new Gaussian(new double[mean.length], covariance.scalb(-2 * h), Math.scalb(magnitude, -2 * h),
                cholesky.map(l -> l.scalb(-h)));
        SymmetricEigen e = eigen;
        if (e != null) n.eigen = new SymmetricEigen(Scaling.scalb(e.eigenvalues(), -2 * h), e.eigenvectors());
        return n;
    }

    /** S^½. */
    public Matrix covarianceSqrt() { return eigen().sqrt(); }

    /** Computes the factors distances need (Cholesky, or the eigendecomposition when only semi-definite) ahead of use. */
    void prepareFactors() {
        if (cholesky.isEmpty()) eigen();
    }

    /**
     * |m − m'|², infinite when it exceeds the largest double. Where the plain sum may have overflowed
     * or lost its terms to underflow, the differences are summed divided by a power of two.
     */
    public double meanDistanceSquared(Gaussian other) {
        double s = 0;
        for (int i = 0; i < mean.length; i++) {
            double d = mean[i] - other.mean[i];
            s += d * d;
        }
        if (s >= 1e-280 && s < Double.POSITIVE_INFINITY) return s;
        double max = 0;
        for (int i = 0; i < mean.length; i++) max = Math.max(max, Math.abs(mean[i] - other.mean[i]));
        if (max == 0 || max == Double.POSITIVE_INFINITY) return max;
        int e = Scaling.exponent(max);
        double scaled = 0;
        for (int i = 0; i < mean.length; i++) {
            double d = Math.scalb(mean[i] - other.mean[i], -e);
            scaled += d * d;
        }
        return Math.scalb(scaled, 2 * e);
    }

    void requireSameDimension(Gaussian other, String what) {
        if (other.dimension() != dimension()) {
            throw new IllegalArgumentException(what + ": dimensions differ, " + dimension() + " and " + other.dimension());
        }
    }

    @Override
    public String toString() {
        return "Gaussian(d=" + dimension() + ", mean=" + Arrays.toString(mean) + ", covariance=" + covariance + ")";
    }
}
