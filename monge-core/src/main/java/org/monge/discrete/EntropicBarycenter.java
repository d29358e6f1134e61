package org.monge.discrete;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed-support entropic Wasserstein barycenter of histograms b_1 … b_K on a shared support:
 * argmin_p Σ_k λ_k OT_ε(p, b_k), by iterative Bregman projections (Benamou, Carlier, Cuturi,
 * Nenna &amp; Peyré 2015, Prop. 1) written in the log domain: with potentials (f_k, g_k) of each
 * coupling π_k = exp((f_k ⊕ g_k − C)/ε),
 * <pre>  g_k = ε log b_k − ε LSE_i((f_k − c_·j)/ε),   ℓ_k = LSE_j((g_k − c_i·)/ε),
 *   log p = Σ_k λ_k (f_k/ε + ℓ_k),   f_k = ε (log p − ℓ_k).</pre>
 * The first marginals all equal p after each step; the run stops when the L1 change of p is at
 * most the tolerance. Cost O(K·N²) exponentials per iteration (rows in parallel), memory
 * O(K·N) beyond the cost matrix; nothing overflows or underflows at small ε.
 */
public final class EntropicBarycenter {
    private final double epsilon, tolerance;
    private final int maxIterations;

    private EntropicBarycenter(double epsilon, double tolerance, int maxIterations) {
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    public static EntropicBarycenter withEpsilon(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        return new EntropicBarycenter(epsilon, 1e-9, 10000);
    }

    public EntropicBarycenter withTolerance(double tol) {
        if (!(tol >= 0)) throw new IllegalArgumentException("tolerance must be non-negative, got " + tol);
        return new EntropicBarycenter(epsilon, tol, maxIterations);
    }

    public EntropicBarycenter withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("maxIterations must be at least 1, got " + n);
        return new EntropicBarycenter(epsilon, tolerance, n);
    }

    /** The barycenter histogram (sums to 1), iterations, the last L1 change of p, convergence. */
    public record Result(double[] barycenter, int iterations, double residual, boolean converged) {}

    /**
     * Histograms (each normalised to sum 1) on the support whose pairwise costs are c (N×N: rows
     * index the barycenter's support, columns the histograms'); lambdas normalised to sum 1.
     */
    public Result solve(List<double[]> histograms, double[] lambdas, CostMatrix c) {
        int kk = histograms.size();
        if (kk == 0) throw new IllegalArgumentException("histograms: need at least one");
        if (lambdas.length != kk) throw new IllegalArgumentException("lambdas has length " + lambdas.length + " but there are " + kk + " histograms");
        int n = c.rows(), m = c.cols();
        double[] lam = DiscreteMeasure.of(lambdas).normalized().weights();
        double[][] logB = new double[kk][];
        for (int k = 0; k < kk; k++) {
            double[] b = histograms.get(k);
            if (b.length != m) throw new IllegalArgumentException("histogram " + k + " has length " + b.length + " but the cost has " + m + " columns");
            double[] nb = DiscreteMeasure.of(b).normalized().weights();
            logB[k] = new double[m];
            for (int j = 0; j < m; j++) logB[k][j] = Math.log(nb[j]);
        }
        LogKernel kernel = LogKernel.of(c, ReferenceCoupling.product()), kt = kernel.transpose();
        double invEps = 1 / epsilon;
        double[][] f = new double[kk][n], g = new double[kk][m], ell = new double[kk][n];
        double[] logP = new double[n], p = new double[n], pOld = new double[n];
        Arrays.fill(pOld, Double.NaN);
        double residual = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations) {
            it++;
            for (int k = 0; k < kk; k++) {
                double[] fk = f[k], gk = g[k], lb = logB[k], lk = ell[k];
                double[] w = new double[n];
                for (int i = 0; i < n; i++) w[i] = fk[i] * invEps;
                IntStream.range(0, m).parallel().forEach(j -> gk[j] = epsilon * (lb[j] - kt.lse(j, w, invEps, Double.NaN)));
                double[] wg = new double[m];
                for (int j = 0; j < m; j++) wg[j] = gk[j] * invEps;
                IntStream.range(0, n).parallel().forEach(i -> lk[i] = kernel.lse(i, wg, invEps, Double.NaN));
            }
            Arrays.fill(logP, 0);
            for (int k = 0; k < kk; k++) for (int i = 0; i < n; i++) logP[i] += lam[k] * (f[k][i] * invEps + ell[k][i]);
            double total = 0;
            for (int i = 0; i < n; i++) total += p[i] = Math.exp(logP[i]);
            for (int k = 0; k < kk; k++) for (int i = 0; i < n; i++) f[k][i] = epsilon * (logP[i] - ell[k][i]);
            residual = 0;
            for (int i = 0; i < n; i++) residual += Math.abs(p[i] - pOld[i]);
            if (Double.isNaN(residual)) residual = Double.POSITIVE_INFINITY;
            System.arraycopy(p, 0, pOld, 0, n);
            if (!Double.isFinite(total) || total == 0) throw new IllegalStateException("barycenter mass became " + total);
            if (residual <= tolerance) break;
        }
        double s = 0;
        for (double v : p) s += v;
        for (int i = 0; i < n; i++) p[i] /= s;
        return new Result(p, it, residual, residual <= tolerance);
    }
}
