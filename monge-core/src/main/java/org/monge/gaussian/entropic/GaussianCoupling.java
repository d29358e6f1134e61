package org.monge.gaussian.entropic;

import org.monge.gaussian.Gaussian;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;

import java.util.Random;
import java.util.function.ToDoubleBiFunction;

/**
 * A Gaussian coupling N((m0, m1), Σ) on R^d × R^d, Σ = [[A, C], [Cᵀ, B]] positive definite: an
 * entropic transport plan or a reference coupling. Density and sampling go through the Cholesky
 * factor Σ = L Lᵀ and its inverse, computed once on first use (O(d³)); each density evaluation or
 * sample then costs O(d²).
 */
public final class GaussianCoupling {
    private final double[] mean;
    private final Matrix covariance;
    private volatile Factor factor; // lazily: Cholesky factor, its inverse, log normaliser

    private record Factor(Matrix lower, Matrix lowerInverse, double logNormaliser) {}

    /** Validates Σ (finite, square of size 2 · mean0.length, positive definite). */
    public GaussianCoupling(double[] mean0, double[] mean1, Matrix covariance) {
        int d = mean0.length;
        if (mean1.length != d) throw new IllegalArgumentException("coupling means differ in dimension: " + d + " and " + mean1.length);
        if (covariance.rows() != 2 * d || covariance.cols() != 2 * d) {
            throw new IllegalArgumentException("coupling covariance must be " + 2 * d + "x" + 2 * d + ", got " + covariance.rows() + "x"
                    + covariance.cols());
        }
        if (!covariance.allFinite()) throw new IllegalArgumentException("coupling covariance has a non-finite entry");
        this.mean = joinMeans(mean0, mean1);
        this.covariance = covariance.symmetrize();
    }

    /** A plan the closed form assembled itself: Σ finite and exactly symmetric by construction, taken as is. */
    private GaussianCoupling(double[] mean, Matrix covariance) {
        this.mean = mean;
        this.covariance = covariance;
    }

    /** The coupling for a Σ built exactly symmetric by this package (sizes as in the public constructor). */
    static GaussianCoupling ofSymmetric(double[] mean0, double[] mean1, Matrix covariance) {
        return new GaussianCoupling(joinMeans(mean0, mean1), covariance);
    }

    private static double[] joinMeans(double[] mean0, double[] mean1) {
        int d = mean0.length;
        double[] mean = new double[2 * d];
        System.arraycopy(mean0, 0, mean, 0, d);
        System.arraycopy(mean1, 0, mean, d, d);
        return mean;
    }

    private Factor factor() {
        Factor f = factor;
        if (f == null) {
            Matrix lower = Cholesky.lowerOrThrow(covariance, "coupling covariance");
            double logDet = 0;
            for (double v : lower.diag()) logDet += 2 * Math.log(v);
            f = new Factor(lower, Cholesky.invertLower(lower), -0.5 * logDet - dimension() * Math.log(2 * Math.PI));
            factor = f;
        }
        return f;
    }

    /** The dimension d of each marginal. */
    public int dimension() { return mean.length / 2; }

    /** (m0, m1), length 2d. */
    public double[] mean() { return mean.clone(); }

    /** Σ, 2d × 2d. */
    public Matrix covariance() { return covariance; }

    /** log det Σ. */
    public double logDetCovariance() { return -2 * (factor().logNormaliser() + dimension() * Math.log(2 * Math.PI)); }

    /** log of the density at (x, y). */
    public double logDensity(double[] x, double[] y) {
        int d = dimension();
        if (x.length != d || y.length != d) {
            throw new IllegalArgumentException("points must have dimension " + d + ", got " + x.length + " and " + y.length);
        }
        double[] z = new double[2 * d];
        for (int i = 0; i < d; i++) {
            z[i] = x[i] - mean[i];
            z[d + i] = y[i] - mean[d + i];
        }
        Factor f = factor();
        double[] u = f.lowerInverse().times(z);
        double q = 0;
        for (double v : u) q += v * v;
        return f.logNormaliser() - 0.5 * q;
    }

    /** The density at (x, y). */
    public double density(double[] x, double[] y) {
        return Math.exp(logDensity(x, y));
    }

    /** This coupling as a {@link Gaussian} on R^2d (for W2, maps and the rest of the Gaussian toolkit). */
    public Gaussian toGaussian() {
        return Gaussian.of(mean, covariance, "coupling covariance");
    }

    /**
     * log dΠ/d(P ⊗ Q)(x, y) = log π(x, y) − log p(x) − log q(y): this coupling's log-density relative to
     * the product of two Gaussians P, Q (positive definite). It is what a discrete solver needs to
     * use this coupling as its reference on samples of P and Q: with n and m samples and uniform
     * weights, R_ij = exp(ratio(x_i, y_j))/(n m), whose total mass tends to 1.
     */
    public ToDoubleBiFunction<double[], double[]> logDensityRatio(Gaussian p, Gaussian q) {
        int d = dimension();
        if (p.dimension() != d || q.dimension() != d) {
            throw new IllegalArgumentException("marginals must have dimension " + d + ", got " + p.dimension() + " and " + q.dimension());
        }
        GaussianCoupling product = new GaussianCoupling(p.mean(), q.mean(),
                Blocks.join(p.covariance(), Matrix.zeros(d, d), q.covariance()));
        product.factor(); // factor both once, before the function is used from many threads
        factor();
        return (x, y) -> logDensity(x, y) - product.logDensity(x, y);
    }

    /** n independent draws (x, y), each row of length 2d: x in the first d entries, y in the last d. */
    public double[][] sample(int n, Random rnd) {
        if (n < 0) throw new IllegalArgumentException("sample size must be non-negative, got " + n);
        int m = mean.length;
        double[][] out = new double[n][];
        Matrix lower = factor().lower();
        double[] xi = new double[m];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < m; i++) xi[i] = rnd.nextGaussian();
            double[] z = lower.times(xi);
            for (int i = 0; i < m; i++) z[i] += mean[i];
            out[s] = z;
        }
        return out;
    }
}
