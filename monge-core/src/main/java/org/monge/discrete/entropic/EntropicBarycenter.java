package org.monge.discrete.entropic;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The fixed-support entropic Wasserstein barycenter of histograms b_1 … b_K on a shared support:
 * argmin_p Σ_k λ_k OT_ε(p, b_k), by iterative Bregman projections (Benamou, Carlier, Cuturi,
 * Nenna &amp; Peyré 2015, Prop. 1) written in the log domain: with potentials (f_k, g_k) of each
 * coupling π_k = exp((f_k ⊕ g_k − C)/ε),
 * <pre>  g_k = ε log b_k − ε LSE_i((f_k − c_·j)/ε),   ℓ_k = LSE_j((g_k − c_i·)/ε),
 *   log p = Σ_k λ_k (f_k/ε + ℓ_k),   f_k = ε (log p − ℓ_k).</pre>
 *
 * <p>The residual is the violation of the constraint the projections enforce: after the g-step
 * the first marginals m_k = exp(f_k/ε + ℓ_k) of the couplings should all equal p, so it is
 * Σ_k λ_k ‖m_k − p‖₁ + |Σ p − 1| (each m_k has mass 1 in exact arithmetic). A small change of p
 * between iterations is no evidence of convergence at small ε, where the kernel is nearly the
 * identity and p can stall far from the barycenter; and the mass term keeps an underflowed state
 * from passing the test. Small ε is reached by ε-scaling (Schmitzer 2019, §3.2): stages at
 * ε_s = max(ε, c_max·2^−s), each warm-started from the previous stage's potentials, which keeps
 * the iteration count from growing like 1/ε. Cost O(K·N²) exponentials per iteration (rows in
 * parallel for large supports), memory O(K·N) beyond the cost matrix.
 */
public final class EntropicBarycenter {
    /** Intermediate ε-scaling stages stop at this residual (or the final tolerance, if larger). */
    private static final double STAGE_TOLERANCE = 1e-6;
    /** Below this many kernel entries per pass the rows run sequentially (thread hand-off costs more). */
    private static final long PARALLEL_MIN = 1 << 16;

    private final double epsilon, tolerance;
    private final int maxIterations;

    private EntropicBarycenter(double epsilon, double tolerance, int maxIterations) {
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    public static EntropicBarycenter withEpsilon(double epsilon) {
        Checks.positiveFinite(epsilon, "epsilon");
        return new EntropicBarycenter(epsilon, 1e-9, 100000);
    }

    public EntropicBarycenter withTolerance(double tol) {
        Checks.nonNegativeFinite(tol, "tolerance");
        return new EntropicBarycenter(epsilon, tol, maxIterations);
    }

    public EntropicBarycenter withMaxIterations(int n) {
        Checks.atLeast(n, 1, "maxIterations");
        return new EntropicBarycenter(epsilon, tolerance, n);
    }

    /** How the iterations ended. */
    public enum Status {
        /** The residual met the tolerance at the requested ε. */
        CONVERGED,
        /** The iteration limit came first (possibly during ε-scaling). */
        MAX_ITERATIONS;

        /** Whether the iterations met their stopping rule. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The barycenter histogram (sums to 1), iterations over all ε-stages, the last marginal
     * residual (see the class comment), and whether it reached the tolerance at the requested ε.
     */
    public record Result(double[] barycenter, int iterations, double residual, Status status) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * Histograms (each normalised to sum 1) on the support whose pairwise costs are c (N×N: rows
     * index the barycenter's support, columns the histograms'); lambdas normalised to sum 1.
     */
    public Result solve(List<double[]> histograms, double[] lambdas, CostMatrix c) {
        int kk = histograms.size();
        if (kk == 0) throw new IllegalArgumentException("histograms: need at least one");
        Checks.length(lambdas.length, kk, "lambdas", "histograms");
        int m = c.cols();
        double[] lam = Checks.probabilities(lambdas, "lambdas");
        double[][] logB = new double[kk][];
        for (int k = 0; k < kk; k++) {
            double[] b = histograms.get(k);
            if (b.length != m) {
                throw new IllegalArgumentException("histogram " + k + " has length " + b.length + " but the cost has " + m + " columns");
            }
            double[] nb = Checks.probabilities(b, "histograms[" + k + "]");
            logB[k] = new double[m];
            for (int j = 0; j < m; j++) logB[k][j] = Math.log(nb[j]);
        }
        return new Run(c, lam, logB).solve();
    }

    /** The state of one solve: potentials of each coupling, carried across ε-stages. */
    private final class Run {
        private final int kk, n, m;
        private final double[] lam, logP, p;
        private final double[][] logB, f, g, ell;
        private final LogKernel kernel, kt;
        private final boolean parallel;
        private final double costMax;

        Run(CostMatrix c, double[] lam, double[][] logB) {
            this.kk = logB.length;
            this.n = c.rows();
            this.m = c.cols();
            this.lam = lam;
            this.logB = logB;
            this.kernel = LogKernel.of(c, ReferenceMeasure.product());
            this.kt = kernel.transpose();
            this.parallel = (long) n * m >= PARALLEL_MIN;
            this.f = new double[kk][n];
            this.g = new double[kk][m];
            this.ell = new double[kk][n];
            this.logP = new double[n];
            this.p = new double[n];
            this.costMax = largestFiniteCost(c);
        }

        private static double largestFiniteCost(CostMatrix c) {
            double mx = 0;
            double[] r = new double[c.cols()];
            for (int i = 0; i < c.rows(); i++) {
                c.row(i, r);
                for (double v : r) if (v < Double.POSITIVE_INFINITY) mx = Math.max(mx, Math.abs(v));
            }
            return mx;
        }

        Result solve() {
            int it = 0;
            double residual = Double.POSITIVE_INFINITY;
            double eps = Math.max(epsilon, costMax);
            while (true) {
                boolean last = eps == epsilon;
                double stageTol = last ? tolerance : Math.max(tolerance, STAGE_TOLERANCE);
                while (it < maxIterations) {
                    it++;
                    residual = iterate(eps);
                    if (residual <= stageTol) break;
                }
                if (last || it >= maxIterations) break;
                eps = Math.max(epsilon, eps / 2);
            }
            double mx = Double.NEGATIVE_INFINITY, s = 0;
            for (double v : logP) mx = Math.max(mx, v);
            if (!(mx > Double.NEGATIVE_INFINITY) || mx == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("barycenter iterate is not finite (largest log-weight " + mx + ")");
            }
            for (int i = 0; i < n; i++) s += p[i] = Math.exp(logP[i] - mx);
            for (int i = 0; i < n; i++) p[i] /= s;
            boolean converged = eps == epsilon && residual <= tolerance;
            return new Result(p.clone(), it, residual, converged ? Status.CONVERGED : Status.MAX_ITERATIONS);
        }

        /**
         * One round of projections at ε; returns the marginal residual before the last f-step.
         * Each log-sum-exp is hinted with its previous value (see {@link LogKernel#lse}).
         */
        private double iterate(double eps) {
            double invEps = 1 / eps;
            for (int k = 0; k < kk; k++) {
                double[] fk = f[k], gk = g[k], lb = logB[k], lk = ell[k];
                double[] w = new double[n];
                for (int i = 0; i < n; i++) w[i] = fk[i] * invEps;
                rows(m, j -> gk[j] = eps * (lb[j] - kt.lse(j, w, invEps, lb[j] - gk[j] * invEps)));
                double[] wg = new double[m];
                for (int j = 0; j < m; j++) wg[j] = gk[j] * invEps;
                rows(n, i -> lk[i] = kernel.lse(i, wg, invEps, lk[i]));
            }
            Arrays.fill(logP, 0);
            for (int k = 0; k < kk; k++) {
                if (lam[k] == 0) continue;
                for (int i = 0; i < n; i++) logP[i] += lam[k] * (f[k][i] * invEps + ell[k][i]);
            }
            double total = 0, residual = 0;
            for (int i = 0; i < n; i++) total += p[i] = Math.exp(logP[i]);
            for (int k = 0; k < kk; k++) {
                if (lam[k] == 0) continue;
                double r = 0;
                for (int i = 0; i < n; i++) r += Math.abs(Math.exp(f[k][i] * invEps + ell[k][i]) - p[i]);
                residual += lam[k] * r;
            }
            residual += Math.abs(total - 1);
            for (int k = 0; k < kk; k++) for (int i = 0; i < n; i++) f[k][i] = eps * (logP[i] - ell[k][i]);
            return Double.isNaN(residual) ? Double.POSITIVE_INFINITY : residual;
        }

        private void rows(int count, IntConsumer body) {
            if (parallel) IntStream.range(0, count).parallel().forEach(body);
            else for (int r = 0; r < count; r++) body.accept(r);
        }
    }
}
