package org.monge.gaussian;

import org.monge.linalg.Matrix;

/**
 * Mean and unbiased covariance (divisor n − 1, as {@code numpy.cov}) of a feature set: the
 * statistics FID compares, as pytorch-fid and clean-fid store them ({@code mu}, {@code sigma}).
 */
public record FeatureStatistics(long count, double[] mean, Matrix covariance) {
    public FeatureStatistics {
        if (mean.length != covariance.rows() || !covariance.isSquare()) {
            throw new IllegalArgumentException("mu has length " + mean.length + " but sigma is " + covariance.rows() + "x"
                    + covariance.cols());
        }
        mean = mean.clone();
    }

    @Override
    public double[] mean() { return mean.clone(); }

    public int dimension() { return mean.length; }

    /** N(mu, sigma), validated (sigma may be singular). */
    public Gaussian toGaussian(String name) {
        return Gaussian.of(mean, covariance, name);
    }
}
