package org.monge.gmm;

import org.monge.gaussian.Gaussian;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Gaussian mixture Σ_k p_k N(m_k, S_k) on R^d, validated on construction: positive weights
 * summing to one (within 1e-9, then renormalised), components of equal dimension, positive-definite
 * covariances (needed for the density).
 *
 * <p>Densities are evaluated in log-space (log-sum-exp over components) so that far from every
 * component they do not underflow to a silent zero in the log. The 1-D CDF uses
 * {@link StandardNormal} tails.
 */
public final class GaussianMixture {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final double[] weights;
    private final List<Gaussian> components;
    private final Matrix[] choleskyInverse;
    private final double[] logNormaliser; // log p_k − d/2 log 2π − ½ log det S_k

    private GaussianMixture(double[] weights, List<Gaussian> components) {
        this.weights = weights;
        this.components = List.copyOf(components);
        int k = components.size();
        this.choleskyInverse = new Matrix[k];
        this.logNormaliser = new double[k];
        for (int i = 0; i < k; i++) {
            Gaussian g = components.get(i);
            Matrix l = g.cholesky().orElseThrow(() -> new IllegalArgumentException("covariance of component " + components.indexOf(g)
                    + " must be positive definite"));
            choleskyInverse[i] = Cholesky.invertLower(l);
            double logDet = 0;
            for (double v : l.diag()) logDet += 2 * Math.log(v);
            logNormaliser[i] = Math.log(weights[i]) - 0.5 * g.dimension() * LOG_2PI - 0.5 * logDet;
        }
    }

    /** Σ_k weights[k] components[k]; see the class comment for the checks. */
    public static GaussianMixture of(double[] weights, List<Gaussian> components) {
        if (weights == null || components == null) throw new IllegalArgumentException("weights and components must not be null");
        if (weights.length == 0) throw new IllegalArgumentException("weights: a mixture needs at least one component");
        if (weights.length != components.size()) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries but there are " + components.size()
                    + " components");
        }
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i]) || weights[i] <= 0) {
                throw new IllegalArgumentException("weights[" + i + "] must be positive and finite, got " + weights[i]);
            }
            total += weights[i];
        }
        if (Math.abs(total - 1) > 1e-9) throw new IllegalArgumentException("weights must sum to 1, got " + total);
        int d = components.get(0).dimension();
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).dimension() != d) {
                throw new IllegalArgumentException("component " + i + " has dimension " + components.get(i).dimension()
                        + ", component 0 has " + d);
            }
            if (!components.get(i).isPositiveDefinite()) {
                throw new IllegalArgumentException("covariance of component " + i + " must be positive definite");
            }
        }
        double[] w = weights.clone();
        for (int i = 0; i < w.length; i++) w[i] /= total;
        return new GaussianMixture(w, components);
    }

    /** A 1-D mixture Σ p_k N(means[k], sigmas[k]²). */
    public static GaussianMixture univariate(double[] weights, double[] means, double[] sigmas) {
        if (means == null || sigmas == null || weights == null) {
            throw new IllegalArgumentException("weights, means and sigmas must not be null");
        }
        if (means.length != weights.length || sigmas.length != weights.length) {
            throw new IllegalArgumentException("weights, means and sigmas must have equal lengths, got " + weights.length + ", "
                    + means.length + ", " + sigmas.length);
        }
        List<Gaussian> gs = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            if (!(sigmas[i] > 0) || !Double.isFinite(sigmas[i])) {
                throw new IllegalArgumentException("sigmas[" + i + "] must be positive and finite, got " + sigmas[i]);
            }
            gs.add(Gaussian.univariate(means[i], sigmas[i]));
        }
        return of(weights, gs);
    }

    /** Means as rows of a K×d matrix and covariances as K d×d matrices. */
    public static GaussianMixture of(double[] weights, Matrix means, List<Matrix> covariances) {
        if (means.rows() != covariances.size()) {
            throw new IllegalArgumentException("means has " + means.rows() + " rows but there are " + covariances.size() + " covariances");
        }
        List<Gaussian> gs = new ArrayList<>();
        for (int i = 0; i < means.rows(); i++) gs.add(Gaussian.of(means.row(i), covariances.get(i), "covariances[" + i + "]"));
        return of(weights, gs);
    }

    public int size() { return weights.length; }

    public int dimension() { return components.get(0).dimension(); }

    public double[] weights() { return weights.clone(); }

    public double weight(int k) { return weights[k]; }

    public List<Gaussian> components() { return components; }

    public Gaussian component(int k) { return components.get(k); }

    /** The component means as rows of a K×d matrix. */
    public Matrix means() {
        double[][] m = new double[size()][];
        for (int k = 0; k < size(); k++) m[k] = components.get(k).mean();
        return Matrix.of(m);
    }

    /** log(p_k N(x; m_k, S_k)) for every component k, into {@code out}. */
    public void componentLogDensities(double[] x, double[] out) {
        requirePoint(x);
        int d = x.length;
        double[] r = new double[d];
        for (int k = 0; k < size(); k++) {
            double[] m = components.get(k).mean();
            for (int i = 0; i < d; i++) r[i] = x[i] - m[i];
            double[] y = choleskyInverse[k].times(r);
            double q = 0;
            for (double v : y) q += v * v;
            out[k] = logNormaliser[k] - 0.5 * q;
        }
    }

    public double logDensity(double[] x) {
        double[] l = new double[size()];
        componentLogDensities(x, l);
        return logSumExp(l);
    }

    public double density(double[] x) {
        return Math.exp(logDensity(x));
    }

    /** The CDF Σ p_k Φ((x − m_k)/s_k) of a 1-D mixture. */
    public double cdf(double x) {
        if (dimension() != 1) throw new IllegalArgumentException("cdf is defined for 1-D mixtures, this one has dimension " + dimension());
        double s = 0;
        for (int k = 0; k < size(); k++) {
            Gaussian g = components.get(k);
            s += weights[k] * StandardNormal.cdf((x - g.mean()[0]) / Math.sqrt(g.covariance().get(0, 0)));
        }
        return Math.min(1, s);
    }

    /** n independent draws (rows of an n×d matrix), reproducible from {@code seed}. */
    public Matrix sample(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got " + n);
        SplittableRandom rng = new SplittableRandom(seed);
        int d = dimension();
        double[] cum = new double[size()];
        double c = 0;
        for (int k = 0; k < size(); k++) cum[k] = c += weights[k];
        Matrix[] factor = new Matrix[size()];
        for (int k = 0; k < size(); k++) factor[k] = components.get(k).cholesky().orElseThrow();
        double[] out = new double[n * d];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble() * c;
            int k = 0;
            while (k < size() - 1 && u >= cum[k]) k++;
            for (int j = 0; j < d; j++) z[j] = gaussian(rng);
            double[] y = factor[k].times(z);
            double[] m = components.get(k).mean();
            for (int j = 0; j < d; j++) out[i * d + j] = m[j] + y[j];
        }
        return Matrix.fromRowMajor(n, d, out);
    }

    /** A standard normal draw (Box–Muller on the given generator, so draws depend on the seed only). */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double logSumExp(double[] l) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : l) m = Math.max(m, v);
        if (m == Double.NEGATIVE_INFINITY) return m;
        double s = 0;
        for (double v : l) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    private void requirePoint(double[] x) {
        if (x == null || x.length != dimension()) {
            throw new IllegalArgumentException("point must have dimension " + dimension() + ", got " + (x == null ? "null" : x.length));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException("point has a non-finite coordinate at index " + i);
        }
    }

    @Override
    public String toString() {
        return "GaussianMixture(K=" + size() + ", d=" + dimension() + ")";
    }
}
