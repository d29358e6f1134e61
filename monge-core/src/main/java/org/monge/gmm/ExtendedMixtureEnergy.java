package org.monge.gmm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Energies of a 1-D mixture ρ = Σ p_k N(μ_k, σ²) as functions of its weights and means, with their
 * gradients (docs/mathematics.md §4; Li &amp; Zhao, scaling limits of the Wasserstein information
 * matrix on Gaussian mixtures):
 * <ul>
 * <li>potential ∫ V ρ = Σ p_k v(μ_k), v(μ) = E V(μ + σZ) in closed form ({@link MixturePotential});</li>
 * <li>interaction ½ ∫∫ W(x − y) ρ(x) ρ(y) = ½ Σ_kl p_k p_l w(μ_k − μ_l), w(d) = E W(d + √2 σ Z) (the
 *     difference of two independent components is N(μ_k − μ_l, 2σ²)); W must be even;</li>
 * <li>entropy ∫ ρ log ρ, by composite Gauss–Kronrod 15 on pieces of width σ covering every
 *     component to 12σ (beyond, ρ log ρ is below e^{−70}); log ρ by log-sum-exp so that it stays
 *     finite where every component underflows;</li>
 * <li>Fokker–Planck: entropy plus potential (the KL divergence to e^{−V} up to a constant).</li>
 * </ul>
 * Gradients: ∂E/∂p_k (the weights taken as free, the simplex constraint left to the caller) and
 * ∂E/∂μ_k; for the entropy ∂/∂p_k = ∫ φ_k (log ρ + 1) and ∂/∂μ_k = p_k ∫ φ_k (x − μ_k)/σ² log ρ.
 * Cost: O(N) for the potential, O(N²) for the interaction, O(nodes · N) for the entropy with about
 * 15 (spread/σ + 24N) nodes, each touching only the components within 12σ.
 */
public final class ExtendedMixtureEnergy {
    /** Which energy. */
    public enum Kind { POTENTIAL, INTERACTION, ENTROPY, FOKKER_PLANCK }

    private static final double REACH = 12;
    private final Kind kind;
    private final MixturePotential potential;
    private final double sigma;

    private ExtendedMixtureEnergy(Kind kind, MixturePotential potential, double sigma) {
        this.kind = kind;
        this.potential = potential;
        this.sigma = sigma;
    }

    /**
     * The energy of the given kind at component width σ; {@code potential} is V for POTENTIAL and
     * FOKKER_PLANCK, the kernel W for INTERACTION (even), and ignored for ENTROPY.
     */
    public static ExtendedMixtureEnergy of(Kind kind, MixturePotential potential, double sigma) {
        if (kind == null) throw new IllegalArgumentException("energy kind must not be null");
        if (!(sigma > 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        if (kind != Kind.ENTROPY && potential == null) throw new IllegalArgumentException("potential must not be null for " + kind);
        if (kind == Kind.INTERACTION && !potential.even()) {
            throw new IllegalArgumentException("potential: an interaction kernel W must be even, " + potential + " is not");
        }
        return new ExtendedMixtureEnergy(kind, potential, sigma);
    }

    public Kind kind() { return kind; }

    public double sigma() { return sigma; }

    /** The potential V (the kernel W for interaction), null for entropy. */
    public MixturePotential potential() { return kind == Kind.ENTROPY ? null : potential; }

    /** E(p, μ). */
    public double value(double[] p, double[] mu) {
        return evaluate(p, mu, null);
    }

    /** E(p, μ) and, into {@code grad} (length 2N), ∂E/∂p_k then ∂E/∂μ_k. */
    public double valueAndGradient(double[] p, double[] mu, double[] grad) {
        if (grad.length != 2 * p.length) throw new IllegalArgumentException("grad must have length 2N = " + 2 * p.length);
        Arrays.fill(grad, 0);
        return evaluate(p, mu, grad);
    }

    private double evaluate(double[] p, double[] mu, double[] grad) {
        int n = p.length;
        double e = 0;
        if (kind == Kind.POTENTIAL || kind == Kind.FOKKER_PLANCK) {
            for (int k = 0; k < n; k++) {
                double v = potential.gaussianMean(mu[k], sigma);
                e += p[k] * v;
                if (grad != null) {
                    grad[k] += v;
                    grad[n + k] += p[k] * potential.gaussianMeanDerivative(mu[k], sigma);
                }
            }
        }
        if (kind == Kind.INTERACTION) {
            double s = Math.sqrt(2) * sigma;
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < n; l++) {
                    double w = potential.gaussianMean(mu[k] - mu[l], s);
                    e += 0.5 * p[k] * p[l] * w;
                    if (grad != null) {
                        grad[k] += p[l] * w;
                        grad[n + k] += p[k] * p[l] * potential.gaussianMeanDerivative(mu[k] - mu[l], s);
                    }
                }
            }
        }
        if (kind == Kind.ENTROPY || kind == Kind.FOKKER_PLANCK) e += entropy(p, mu, grad);
        return e;
    }

    /** ∫ ρ log ρ by the composite rule; adds its gradient into grad when not null. */
    private double entropy(double[] p, double[] mu, double[] grad) {
        int n = p.length;
        double[][] rule = rule(mu, sigma);
        double[] x = rule[0], w = rule[1];
        double[] logc = new double[n];
        double logNorm = -Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
        double[] logP = new double[n];
        for (int k = 0; k < n; k++) logP[k] = Math.log(p[k]);
        double e = 0;
        for (int m = 0; m < x.length; m++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                double z = (x[m] - mu[k]) / sigma;
                if (Math.abs(z) > REACH) { logc[k] = Double.NEGATIVE_INFINITY; continue; } // below e^{−72} of a nearer one
                logc[k] = logP[k] + logNorm - 0.5 * z * z;
                max = Math.max(max, logc[k]);
            }
            double sum = 0;
            for (int k = 0; k < n; k++) if (logc[k] != Double.NEGATIVE_INFINITY) sum += Math.exp(logc[k] - max);
            double logRho = max + Math.log(sum), rho = Math.exp(logRho);
            e += w[m] * rho * logRho;
            if (grad != null) {
                for (int k = 0; k < n; k++) {
                    if (logc[k] == Double.NEGATIVE_INFINITY) continue;
                    double pk = Math.exp(logc[k]); // p_k φ_k(x)
                    if (pk == 0) continue;
                    grad[k] += w[m] * pk / p[k] * (logRho + 1);
                    grad[n + k] += w[m] * pk * (x[m] - mu[k]) / (sigma * sigma) * logRho;
                }
            }
        }
        return e;
    }

    /**
     * Nodes [0] and weights [1]: composite Gauss–Kronrod 15 on cuts every σ over each cluster of the
     * intervals [μ_k − 12σ, μ_k + 12σ]; the line between clusters is left out.
     */
    static double[][] rule(double[] mu, double sigma) {
        double[] sorted = mu.clone();
        Arrays.sort(sorted);
        double step = sigma;
        List<double[][]> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < sorted.length; i++) {
            double lo = sorted[i] - REACH * sigma, hi = sorted[i] + REACH * sigma;
            while (i + 1 < sorted.length && sorted[i + 1] - REACH * sigma <= hi) hi = sorted[++i] + REACH * sigma;
            int pieces = (int) Math.ceil((hi - lo) / step);
            double[] cuts = new double[pieces + 1];
            for (int q = 0; q <= pieces; q++) cuts[q] = lo + (hi - lo) * q / pieces;
            double[][] r = WassersteinInformation.compositeRule(cuts);
            parts.add(r);
            total += r[0].length;
        }
        double[] x = new double[total], w = new double[total];
        int o = 0;
        for (double[][] r : parts) {
            System.arraycopy(r[0], 0, x, o, r[0].length);
            System.arraycopy(r[1], 0, w, o, r[1].length);
            o += r[0].length;
        }
        return new double[][] {x, w};
    }
}
