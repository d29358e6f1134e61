package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.entropic.KernelRows;
import org.monge.discrete.internal.CostViews;

import java.util.List;

/**
 * The unbalanced entropic barycenter of histograms b_1 … b_K on a fixed support: with barycentric weights λ_k
 * (normalised to sum 1),
 * <pre>  min_{p ≥ 0, π_k ≥ 0} Σ_k λ_k [ ⟨π_k, C⟩ + ε KL(π_k ‖ 1) + τ KL(π_k 1 ‖ p) + τ KL(π_kᵀ 1 ‖ b_k) ]</pre>
 * with the generalised KL, the entropy taken relative to the counting measure as in
 * {@link org.monge.discrete.entropic.EntropicBarycenter} and POT; rows of C index the barycenter's support,
 * columns the histograms'. The histograms may have any positive masses, and p gets its own mass. This is POT
 * 0.8.2's {@code ot.unbalanced.barycenter_unbalanced(A, M, reg=ε, reg_m=τ, weights=λ)} (there M is indexed
 * histogram × barycenter; it is the transpose of C here) and the generalised scaling algorithm of Chizat,
 * Peyré, Schmitzer &amp; Vialard, "Scaling algorithms for unbalanced optimal transport problems", Math. Comp.
 * 87 (2018), §5.2, written in the log domain. With φ = τ/(τ + ε) and π_k = exp((f_k ⊕ g_k − C)/ε):
 * <pre>  g_k = εφ (log b_k − LSE_i((f_k − c_·j)/ε)),   ℓ_k = LSE_j((g_k − c_i·)/ε),
 *   log p = LSE_k(log λ_k + (1 − φ) ℓ_k) / (1 − φ),   f_k = εφ (log p − ℓ_k).</pre>
 * As τ → ∞ it becomes the balanced EntropicBarycenter (for histograms of mass 1).
 *
 * <p>Stopping: when the largest change of the potentials over one sweep, relative to ε (a bound on the relative
 * change of every plan entry and of p), is at most the tolerance. Small ε is reached by ε-scaling (stages at
 * max(ε, c_max·2^−s), each warm-started), as in EntropicBarycenter; every log-sum-exp is shifted by its largest
 * term, so no ε underflows (POT's scaling form divides by kernel sums that underflow at small ε). Cost per
 * sweep: 2·K·N·M exponentials; memory two copies of the dense cost (a cost from points is materialised) and
 * O(K·(N + M)) for the potentials.
 */
public final class UnbalancedBarycenter {
    /** Intermediate ε-scaling stages stop at this change (or the final tolerance, if larger). */
    private static final double STAGE_TOLERANCE = 1e-6;
    /** Above this many cost entries the passes run in parallel. */
    private static final int PARALLEL_ENTRIES = 1 << 16;

    /** How the iterations ended. */
    public enum Status {
        CONVERGED, MAX_ITERATIONS, NUMERICAL_ERROR;

        /** Whether the change met the tolerance at the requested ε. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The barycenter p (unnormalised: its mass is part of the answer), the sweeps over all ε-stages, the last
     * change of the potentials relative to ε, and the status.
     */
    public record Result(double[] barycenter, double mass, int iterations, double change, Status status) {
        public boolean converged() { return status.converged(); }
    }

    private final double epsilon, tau, tolerance;
    private final int maxIterations;

    private UnbalancedBarycenter(double epsilon, double tau, double tolerance, int maxIterations) {
        this.epsilon = Checks.positiveFinite(epsilon, "epsilon");
        if (tau == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("tau must be finite here; an infinite penalty is the balanced EntropicBarycenter");
        }
        this.tau = Checks.positiveFinite(tau, "tau");
        this.tolerance = Checks.nonNegativeFinite(tolerance, "tolerance");
        this.maxIterations = Checks.atLeast(maxIterations, 1, "maxIterations");
    }

    /** The solver at ε with τ = 1, tolerance 1e-9 and 100000 sweeps. */
    public static UnbalancedBarycenter withEpsilon(double epsilon) {
        return new UnbalancedBarycenter(epsilon, 1, 1e-9, 100000);
    }

    /** The marginal penalty τ (positive, finite). */
    public UnbalancedBarycenter withTau(double t) { return new UnbalancedBarycenter(epsilon, t, tolerance, maxIterations); }

    public UnbalancedBarycenter withTolerance(double tol) { return new UnbalancedBarycenter(epsilon, tau, tol, maxIterations); }

    public UnbalancedBarycenter withMaxIterations(int n) { return new UnbalancedBarycenter(epsilon, tau, tolerance, n); }

    public double epsilon() { return epsilon; }

    public double tau() { return tau; }

    /**
     * The barycenter of the histograms (each of length c.cols(), non-negative with a positive mass) with weights
     * lambdas (normalised to sum 1), on the support of c's rows. Every cost must be finite.
     */
    public Result solve(List<double[]> histograms, double[] lambdas, CostMatrix c) {
        if (histograms == null || histograms.isEmpty()) throw new IllegalArgumentException("histograms: need at least one");
        if (lambdas == null) throw new IllegalArgumentException("lambdas must not be null");
        if (c == null) throw new IllegalArgumentException("cost must not be null");
        int kk = histograms.size(), n = c.rows(), m = c.cols();
        Checks.length(lambdas.length, kk, "lambdas", "histograms");
        double[] lam = Checks.probabilities(lambdas, "lambdas");
        double[][] logB = new double[kk][];
        for (int k = 0; k < kk; k++) {
            double[] b = histograms.get(k);
            if (b == null || b.length != m) {
                throw new IllegalArgumentException("histogram " + k + " has length " + (b == null ? 0 : b.length) + " but the cost has "
                        + m + " columns");
            }
            logB[k] = LogSumExp.logs(Checks.weights(b, "histograms[" + k + "]"));
        }
        double[] cost = CostViews.rowMajor(c);
        for (int i = 0; i < cost.length; i++) {
            if (!Double.isFinite(cost[i])) {
                throw new IllegalArgumentException("cost[" + i / m + "][" + i % m + "] is not finite: " + cost[i]);
            }
        }
        return new Run(cost, n, m, lam, logB).solve();
    }

    /** One solve's state: the cost by rows and by columns, the potentials of each coupling and log p. */
    private final class Run {
        private final double[] c, ct, lam, logP;
        private final double[][] logB, f, g, ell;
        private final int kk, n, m;
        private final boolean parallel;
        private final double costMax;

        Run(double[] c, int n, int m, double[] lam, double[][] logB) {
            this.c = c;
            this.ct = KernelRows.transposed(c, n, m);
            this.n = n;
            this.m = m;
            this.kk = logB.length;
            this.lam = lam;
            this.logB = logB;
            this.f = new double[kk][n];
            this.g = new double[kk][m];
            this.ell = new double[kk][n];
            this.logP = new double[n];
            this.parallel = (long) n * m >= PARALLEL_ENTRIES;
            double mx = 0;
            for (double v : c) mx = Math.max(mx, Math.abs(v));
            this.costMax = mx;
        }

        Result solve() {
            int it = 0;
            double change = Double.POSITIVE_INFINITY;
            double eps = Math.max(epsilon, costMax);
            Status status;
            while (true) {
                boolean last = eps == epsilon;
                double stageTol = last ? tolerance : Math.max(tolerance, STAGE_TOLERANCE);
                while (it < maxIterations) {
                    it++;
                    change = sweep(eps);
                    if (change <= stageTol || !Double.isFinite(change)) break;
                }
                if (!Double.isFinite(change)) {
                    status = Status.NUMERICAL_ERROR;
                    break;
                }
                if (last || it >= maxIterations) {
                    status = last && change <= tolerance ? Status.CONVERGED : Status.MAX_ITERATIONS;
                    break;
                }
                eps = Math.max(epsilon, eps / 2);
            }
            double[] p = new double[n];
            double mass = 0;
            for (int i = 0; i < n; i++) mass += p[i] = Math.exp(logP[i]);
            if (!Double.isFinite(mass)) status = Status.NUMERICAL_ERROR; // the barycenter's mass overflowed
            return new Result(p, mass, it, change, status);
        }

        /** One sweep of the four updates at ε; returns (max |Δf| + max |Δg|)/ε over the couplings. */
        private double sweep(double eps) {
            double phi = tau / (tau + eps), scale = eps * phi;
            double[] out = new double[Math.max(n, m)];
            double change = 0;
            for (int k = 0; k < kk; k++) {
                double[] gk = g[k], lb = logB[k];
                LogSumExp.rows(ct, m, n, f[k], null, eps, parallel, out);
                double dg = 0;
                for (int j = 0; j < m; j++) {
                    double v = scale * (lb[j] - out[j]); // −∞ where b_kj = 0, from the first sweep on: no change to measure
                    if (v != gk[j] && lb[j] > Double.NEGATIVE_INFINITY) dg = Math.max(dg, Math.abs(v - gk[j]));
                    gk[j] = v;
                }
                LogSumExp.rows(c, n, m, gk, null, eps, parallel, ell[k]);
                change = Math.max(change, dg);
            }
            // log p = LSE_k(log λ_k + (1 − φ) ℓ_k) / (1 − φ), shifted by its largest term
            double rho = 1 - phi;
            for (int i = 0; i < n; i++) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < kk; k++) if (lam[k] > 0) mx = Math.max(mx, Math.log(lam[k]) + rho * ell[k][i]);
                double s = 0;
                for (int k = 0; k < kk; k++) if (lam[k] > 0) s += Math.exp(Math.log(lam[k]) + rho * ell[k][i] - mx);
                logP[i] = (mx + Math.log(s)) / rho;
            }
            double df = 0;
            for (int k = 0; k < kk; k++) {
                double[] fk = f[k], lk = ell[k];
                for (int i = 0; i < n; i++) {
                    double v = scale * (logP[i] - lk[i]);
                    if (v != fk[i]) df = Math.max(df, Math.abs(v - fk[i]));
                    fk[i] = v;
                }
            }
            return (change + df) / eps;
        }
    }
}
