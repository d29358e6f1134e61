package org.monge.gmm;

import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

/**
 * Small-variance limits of the Wasserstein information matrix of a 1-D mixture on a lattice of
 * means μ_1 &lt; … &lt; μ_N with common σ (docs/mathematics.md §4), in θ coordinates (upper-tail sums).
 *
 * <ul>
 * <li>Leading order: G_ii ≈ Z_i(σ)/√(p_i p_{i+1}) with Z_i(σ) = π √(2π) σ³ exp(Δ_i²/(8σ²)) / Δ_i,
 *     Δ_i = μ_{i+1} − μ_i; off-diagonal entries are exponentially smaller. Renormalised edge by
 *     edge this is the lattice metric Σ V_k²/√(p_k p_{k+1}) on the simplex.</li>
 * <li>Second order: G_ii ≈ Z_i/√(p_i p_{i+1}) [1 + σ²/(2Δ_i²) (π² + log²(p_i/p_{i+1}))]. Derivation
 *     (docs/gmm-information-matrix.md): near the gap, ρ = C e^{−u²/(2σ²)} 2√(pq) cosh(s) with
 *     x = midpoint + u, s = Δu/(2σ²) + ½ log(q/p); ∫ e^{u²/(2σ²)}/cosh s du expanded to first
 *     order in σ² gives the factor 1 + (2σ²/Δ²)(π²/4 + c²), c = ½ log(p/q), using ∫ s² sech s = π³/4.</li>
 * <li>Scaled variances σ_i = s_i σ with Δ_i/(s_i + s_{i+1}) = δ: G_ii/Z'(σ) → s_i s_{i+1} /
 *     ((s_i + s_{i+1}) sin(π w_i)) (s_i/p_i)^{w_i} (s_{i+1}/p_{i+1})^{1−w_i}, Z' = √(2π³) σ³ e^{δ²/(2σ²)}/δ,
 *     w_i = s_i/(s_i + s_{i+1}).</li>
 * <li>Means: the μμ block tends to diag(p); the θμ block has row i holding (μ_{i+1} − μ_i)/2 in
 *     columns i and i+1.</li>
 * </ul>
 * All O(N); the renormalised forms avoid overflow (only log Z is ever formed).
 */
public final class LatticeLimit {
    private static final double LOG_PI_SQRT_2PI = Math.log(Math.PI * Math.sqrt(2 * Math.PI));

    private LatticeLimit() {}

    /** log Z(σ) = log(π √(2π) σ³ / Δ) + Δ²/(8σ²) for a gap Δ. */
    public static double logZ(double sigma, double gap) {
        requirePositive(sigma, "sigma");
        requirePositive(gap, "gap");
        return LOG_PI_SQRT_2PI + 3 * Math.log(sigma) - Math.log(gap) + gap * gap / (8 * sigma * sigma);
    }

    /** The renormalised limit diag(1/√(p_i p_{i+1})) (θ coordinates, each edge divided by its Z_i). */
    public static Matrix renormalisedLimit(double[] p) {
        requireWeights(p);
        double[] d = new double[p.length - 1];
        for (int i = 0; i < d.length; i++) d[i] = 1 / Math.sqrt(p[i] * p[i + 1]);
        return Matrix.diagonal(d);
    }

    /** The renormalised second-order approximation: diagonal 1/√(p_i p_{i+1}) [1 + σ²/(2Δ_i²)(π² + log²(p_i/p_{i+1}))]. */
    public static Matrix renormalisedSecondOrder(double[] p, double[] means, double sigma) {
        requireWeights(p);
        requireLattice(p, means);
        requirePositive(sigma, "sigma");
        double[] d = new double[p.length - 1];
        for (int i = 0; i < d.length; i++) {
            double gap = means[i + 1] - means[i];
            double l = Math.log(p[i] / p[i + 1]);
            d[i] = (1 + sigma * sigma / (2 * gap * gap) * (Math.PI * Math.PI + l * l)) / Math.sqrt(p[i] * p[i + 1]);
        }
        return Matrix.diagonal(d);
    }

    /**
     * The leading-order limit of G_ii / Z'(σ) for scaled variances σ_i = s_i σ on gaps with
     * Δ_i/(s_i + s_{i+1}) equal to one δ (checked; an error names the first gap that differs).
     */
    public static Matrix renormalisedScaledVarianceLimit(double[] p, double[] means, double[] s) {
        requireWeights(p);
        requireLattice(p, means);
        if (s == null || s.length != p.length) throw new IllegalArgumentException("scales must have one entry per component");
        double delta = (means[1] - means[0]) / (s[0] + s[1]);
        double[] d = new double[p.length - 1];
        for (int i = 0; i < d.length; i++) {
            requirePositive(s[i], "scales[" + i + "]");
            double di = (means[i + 1] - means[i]) / (s[i] + s[i + 1]);
            if (Math.abs(di - delta) > 1e-9 * delta) {
                throw new IllegalArgumentException("gap " + i + " has Δ/(s_i + s_{i+1}) = " + di + ", gap 0 has " + delta);
            }
            double w = s[i] / (s[i] + s[i + 1]);
            d[i] = s[i] * s[i + 1] / ((s[i] + s[i + 1]) * Math.sin(Math.PI * w))
                    * Math.pow(s[i] / p[i], w) * Math.pow(s[i + 1] / p[i + 1], 1 - w);
        }
        return Matrix.diagonal(d);
    }

    /** log Z'(σ) = log(√(2π³) σ³/δ) + δ²/(2σ²) for the scaled-variance lattice. */
    public static double logZScaled(double sigma, double delta) {
        requirePositive(sigma, "sigma");
        requirePositive(delta, "delta");
        return 0.5 * Math.log(2 * Math.pow(Math.PI, 3)) + 3 * Math.log(sigma) - Math.log(delta) + delta * delta / (2 * sigma * sigma);
    }

    /**
     * The limit of the extended (weights and means) matrix with the weight block renormalised by
     * √(Z_i Z_j) and the cross block by √Z_i: [[diag(1/√(p_i p_{i+1})), 0], [0, diag(p)]] — the
     * cross terms vanish after renormalisation; unrenormalised they tend to {@link #meanCrossBlock}.
     */
    public static Matrix renormalisedExtendedLimit(double[] p) {
        requireWeights(p);
        int n = p.length, np = 2 * n - 1;
        double[][] g = new double[np][np];
        for (int i = 0; i < n - 1; i++) g[i][i] = 1 / Math.sqrt(p[i] * p[i + 1]);
        for (int k = 0; k < n; k++) g[n - 1 + k][n - 1 + k] = p[k];
        return Matrix.of(g);
    }

    /** The limit of the θμ block: row i holds (μ_{i+1} − μ_i)/2 in columns i and i+1. */
    public static Matrix meanCrossBlock(double[] means) {
        int n = means.length;
        double[][] g = new double[n - 1][n];
        for (int i = 0; i < n - 1; i++) {
            g[i][i] = g[i][i + 1] = 0.5 * (means[i + 1] - means[i]);
        }
        return Matrix.of(g);
    }

    /**
     * The leading-order weight block in the free coordinates p_1 … p_{N−1} (p_N = 1 − Σ p_k), not
     * renormalised: Σ_k Z_k V_k²/√(p_k p_{k+1}) = J diag(Z_k/√(p_k p_{k+1})) Jᵀ with ∂_{p_i} =
     * −Σ_{j ≥ i} ∂_{θ_j}, so entry (i, k) is Σ_{j ≥ max(i, k)} Z_j/√(p_j p_{j+1}). Z_k is formed on
     * the problem divided by a power of two near σ (exact; Z scales like σ² under x → 2^e x) and the
     * entries scaled back, so only entries outside the double range are refused.
     */
    public static Matrix leadingOrderInFreeWeights(double[] p, double[] means, double sigma) {
        requireWeights(p);
        requireLattice(p, means);
        requirePositive(sigma, "sigma");
        int n = p.length, e = Scaling.exponent(sigma);
        double[] logZ = logZPerGap(Scaling.scalb(means, -e), Math.scalb(sigma, -e));
        double[] d = new double[n - 1];
        for (int i = 0; i < n - 1; i++) d[i] = Math.exp(logZ[i]) / Math.sqrt(p[i] * p[i + 1]);
        double[][] g = new double[n - 1][n - 1];
        double tail = 0;
        for (int j = n - 2; j >= 0; j--) {
            tail += d[j];
            for (int i = 0; i <= j; i++) {
                double v = Math.scalb(tail, 2 * e);
                if (!Double.isFinite(v) || (tail != 0 && Math.abs(v) < Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException("sigma: the limit matrix is out of double range at sigma " + sigma);
                }
                g[i][j] = g[j][i] = v;
            }
        }
        return Matrix.of(g);
    }

    /** log Z_i per gap, for renormalising the θ block edge by edge. */
    public static double[] logZPerGap(double[] means, double sigma) {
        double[] l = new double[means.length - 1];
        for (int i = 0; i < l.length; i++) l[i] = logZ(sigma, means[i + 1] - means[i]);
        return l;
    }

    static void requireWeights(double[] p) {
        if (p == null || p.length < 2) throw new IllegalArgumentException("weights must have at least 2 entries");
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] > 0) || !Double.isFinite(p[i])) {
                throw new IllegalArgumentException("weights[" + i + "] must be positive, got " + p[i]);
            }
        }
    }

    static void requireLattice(double[] p, double[] means) {
        if (means == null || means.length != p.length) throw new IllegalArgumentException("means must have one entry per weight");
        for (int i = 0; i + 1 < means.length; i++) {
            if (!(means[i + 1] > means[i])) {
                throw new IllegalArgumentException("means must be strictly increasing, means[" + (i + 1) + "] = " + means[i + 1]
                        + " after " + means[i]);
            }
        }
    }

    private static void requirePositive(double v, String name) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
    }
}
