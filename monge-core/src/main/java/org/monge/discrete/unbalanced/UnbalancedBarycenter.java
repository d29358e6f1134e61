package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.entropic.KernelRows;
import org.monge.discrete.internal.CostViews;

import java.util.Arrays;
import java.util.List;

/**
 * The unbalanced entropic barycenter of histograms b_1 … b_K on a fixed support: with barycentric weights λ_k
 * (normalised to sum 1) and a marginal penalty D, KL or TV,
 * <pre>  min_{p ≥ 0, π_k ≥ 0} Σ_k λ_k [ ⟨π_k, C⟩ + ε KL(π_k ‖ 1) + D(π_k 1 ‖ p) + D(π_kᵀ 1 ‖ b_k) ]</pre>
 * with the generalised KL, the entropy taken relative to the counting measure as in
 * {@link org.monge.discrete.entropic.EntropicBarycenter} and POT; rows of C index the barycenter's support,
 * columns the histograms'. The histograms may have any positive masses, and p gets its own mass.
 *
 * <p><b>KL</b>, D = τ KL ({@link #withTau}): POT 0.8.2's {@code ot.unbalanced.barycenter_unbalanced(A, M, reg=ε,
 * reg_m=τ, weights=λ)} (there M is indexed histogram × barycenter; it is the transpose of C here) and the generalised
 * scaling algorithm of Chizat, Peyré, Schmitzer &amp; Vialard, "Scaling algorithms for unbalanced optimal transport
 * problems", Math. Comp. 87 (2018), §5.2, written in the log domain. With φ = τ/(τ + ε) and
 * π_k = exp((f_k ⊕ g_k − C)/ε):
 * <pre>  g_k = εφ (log b_k − LSE_i((f_k − c_·j)/ε)),   ℓ_k = LSE_j((g_k − c_i·)/ε),
 *   log p = LSE_k(log λ_k + (1 − φ) ℓ_k) / (1 − φ),   f_k = εφ (log p − ℓ_k).</pre>
 * As τ → ∞ it becomes the balanced EntropicBarycenter (for histograms of mass 1).
 *
 * <p><b>TV</b>, D = ρ TV, ρ Σ|q − p| ({@link #withTv}): mass created or destroyed at the price ρ a unit, on both
 * sides. Each g-update is the balanced one clamped to [−ρ, ρ], the proximal step of TV (as in the TV
 * {@link UnbalancedSinkhorn}); the f-updates of all couplings at a support point i are one block: p eliminated,
 * the dual constrains them by Σ_k λ_k f_ki ≥ 0 with f_ki ∈ [−ρ, ρ], and its maximiser is
 * <pre>  g_k = clamp(ε (log b_k − LSE_i((f_k − c_·j)/ε)), −ρ, ρ),   ℓ_k as above,
 *   f_ki = clamp(ε (L_i − ℓ_ki), −ρ, ρ)   with L_i the root of Σ_k λ_k clamp(ε (L − ℓ_ki), −ρ, ρ) = 0,   log p_i = L_i,</pre>
 * a piecewise-linear equation solved exactly from its breakpoints ℓ_ki ± ρ/ε. The row marginal of every unclamped
 * coupling is then p; p_i is the λ-weighted median of the row marginals (π_k 1)_i, and where the clamped weights split
 * exactly in half it is not unique: the geometric midpoint of the interval of roots is returned. As ρ grows past the
 * potentials the clamps fall away and it is exactly the balanced EntropicBarycenter (histograms of mass 1). The
 * derivation is in docs/mathematics.md §8.
 *
 * <p>Stopping: when the largest change of the potentials over one sweep, relative to ε (a bound on the relative
 * change of every plan entry and of p), is at most the tolerance. Small ε is reached by ε-scaling (stages at
 * max(ε, c_max·2^−s), each warm-started), as in EntropicBarycenter; every log-sum-exp is shifted by its largest
 * term, so no ε underflows (POT's scaling form divides by kernel sums that underflow at small ε). Cost per
 * sweep: 2·K·N·M exponentials; memory two copies of the dense cost (a cost from points is materialised) and
 * O(K·(N + M)) for the potentials. The result's primal objective takes one more pass (the column marginals).
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
     * The barycenter p (unnormalised: its mass is part of the answer), the primal objective above at p and the plans
     * of the returned potentials, the sweeps over all ε-stages, the last change of the potentials relative to ε, and
     * the status.
     */
    public record Result(double[] barycenter, double mass, double objective, int iterations, double change, Status status) {
        public boolean converged() { return status.converged(); }
    }

    private final double epsilon, tolerance;
    private final MarginalPenalty penalty;
    private final int maxIterations;

    private UnbalancedBarycenter(double epsilon, MarginalPenalty penalty, double tolerance, int maxIterations) {
        this.epsilon = Checks.positiveFinite(epsilon, "epsilon");
        this.penalty = penalty;
        this.tolerance = Checks.nonNegativeFinite(tolerance, "tolerance");
        this.maxIterations = Checks.atLeast(maxIterations, 1, "maxIterations");
    }

    /** The solver at ε with the KL penalty τ = 1, tolerance 1e-9 and 100000 sweeps. */
    public static UnbalancedBarycenter withEpsilon(double epsilon) {
        return new UnbalancedBarycenter(epsilon, MarginalPenalty.kl(1), 1e-9, 100000);
    }

    /** The KL marginal penalty τ (positive, finite). */
    public UnbalancedBarycenter withTau(double t) {
        return new UnbalancedBarycenter(epsilon, MarginalPenalty.kl(finitePenalty(t, "tau")), tolerance, maxIterations);
    }

    /** The total-variation marginal penalty ρ (positive, finite) on both sides of every coupling. */
    public UnbalancedBarycenter withTv(double rho) {
        return new UnbalancedBarycenter(epsilon, MarginalPenalty.tv(finitePenalty(rho, "rho")), tolerance, maxIterations);
    }

    private static double finitePenalty(double w, String name) {
        if (w == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be finite here; an infinite penalty is the balanced EntropicBarycenter");
        }
        return Checks.positiveFinite(w, name);
    }

    public UnbalancedBarycenter withTolerance(double tol) { return new UnbalancedBarycenter(epsilon, penalty, tol, maxIterations); }

    public UnbalancedBarycenter withMaxIterations(int n) { return new UnbalancedBarycenter(epsilon, penalty, tolerance, n); }

    public double epsilon() { return epsilon; }

    /** The marginal penalty: KL(τ) or TV(ρ). */
    public MarginalPenalty penalty() { return penalty; }

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
        double[][] b = new double[kk][];
        for (int k = 0; k < kk; k++) {
            double[] h = histograms.get(k);
            if (h == null || h.length != m) {
                throw new IllegalArgumentException("histogram " + k + " has length " + (h == null ? 0 : h.length) + " but the cost has "
                        + m + " columns");
            }
            b[k] = Checks.weights(h, "histograms[" + k + "]").clone();
        }
        double[] cost = CostViews.rowMajor(c);
        for (int i = 0; i < cost.length; i++) {
            if (!Double.isFinite(cost[i])) {
                throw new IllegalArgumentException("cost[" + i / m + "][" + i % m + "] is not finite: " + cost[i]);
            }
        }
        return new Run(cost, n, m, lam, b).solve();
    }

    /** One solve's state: the cost by rows and by columns, the potentials of each coupling and log p. */
    private final class Run {
        private final double[] c, ct, lam, logP;
        private final double[][] b, logB, f, g, ell;
        private final int kk, n, m;
        private final boolean parallel, tv;
        private final double costMax;

        Run(double[] c, int n, int m, double[] lam, double[][] b) {
            this.c = c;
            this.ct = KernelRows.transposed(c, n, m);
            this.n = n;
            this.m = m;
            this.kk = b.length;
            this.lam = lam;
            this.b = b;
            this.logB = new double[kk][];
            for (int k = 0; k < kk; k++) logB[k] = LogSumExp.logs(b[k]);
            this.f = new double[kk][n];
            this.g = new double[kk][m];
            this.ell = new double[kk][n];
            this.logP = new double[n];
            this.parallel = (long) n * m >= PARALLEL_ENTRIES;
            this.tv = penalty.kind() == MarginalPenalty.Kind.TV;
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
            return new Result(p, mass, objective(eps, p), it, change, status);
        }

        /** One sweep of the updates at ε; returns (max |Δf| + max |Δg|)/ε over the couplings. */
        private double sweep(double eps) {
            double phi = tv ? 1 : penalty.weight() / (penalty.weight() + eps), scale = eps * phi, rho = penalty.weight();
            double[] out = new double[Math.max(n, m)];
            double change = 0;
            for (int k = 0; k < kk; k++) {
                double[] gk = g[k], lb = logB[k];
                LogSumExp.rows(ct, m, n, f[k], null, eps, parallel, out);
                double dg = 0;
                for (int j = 0; j < m; j++) {
                    double v = scale * (lb[j] - out[j]); // KL: −∞ where b_kj = 0, from the first sweep on: no change to measure
                    if (tv) v = Math.max(-rho, Math.min(rho, v));
                    if (v != gk[j] && (tv || lb[j] > Double.NEGATIVE_INFINITY)) dg = Math.max(dg, Math.abs(v - gk[j]));
                    gk[j] = v;
                }
                LogSumExp.rows(c, n, m, gk, null, eps, parallel, ell[k]);
                change = Math.max(change, dg);
            }
            if (tv) levels(eps, rho);
            else geometricLevels(phi);
            double df = 0;
            for (int k = 0; k < kk; k++) {
                double[] fk = f[k], lk = ell[k];
                for (int i = 0; i < n; i++) {
                    double v = scale * (logP[i] - lk[i]);
                    if (tv) v = Math.max(-rho, Math.min(rho, v));
                    if (v != fk[i]) df = Math.max(df, Math.abs(v - fk[i]));
                    fk[i] = v;
                }
            }
            return (change + df) / eps;
        }

        /** KL: log p = LSE_k(log λ_k + (1 − φ) ℓ_k) / (1 − φ), shifted by its largest term. */
        private void geometricLevels(double phi) {
            double rho = 1 - phi;
            for (int i = 0; i < n; i++) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < kk; k++) if (lam[k] > 0) mx = Math.max(mx, Math.log(lam[k]) + rho * ell[k][i]);
                double s = 0;
                for (int k = 0; k < kk; k++) if (lam[k] > 0) s += Math.exp(Math.log(lam[k]) + rho * ell[k][i] - mx);
                logP[i] = (mx + Math.log(s)) / rho;
            }
        }

        /**
         * TV: log p_i = L_i, the root of h(L) = Σ_k λ_k clamp(ε (L − ℓ_ki), −ρ, ρ), non-decreasing and piecewise linear
         * from −ρ to ρ with breakpoints ℓ_ki ± ρ/ε: linear between the last breakpoint where h &lt; 0 and the first
         * where h ≥ 0; the midpoint of the interval where h is 0 on one.
         */
        private void levels(double eps, double rho) {
            double[] t = new double[2 * kk];
            double w = rho / eps;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < kk; k++) {
                    t[2 * k] = ell[k][i] - w;
                    t[2 * k + 1] = ell[k][i] + w;
                }
                Arrays.sort(t);
                int q = 0;
                double hq = h(t[0], i, eps, rho);
                while (hq < 0 && q < t.length - 1) hq = h(t[++q], i, eps, rho);
                double level;
                if (q == 0 || Double.isNaN(hq)) {
                    level = Double.NaN; // a non-finite ℓ (h(t_0) = −ρ otherwise); the sweep reports it
                } else if (hq == 0) {
                    int q2 = q;
                    while (q2 < t.length - 1 && h(t[q2 + 1], i, eps, rho) == 0) q2++;
                    level = 0.5 * (t[q] + t[q2]);
                } else {
                    double lo = t[q - 1], hlo = h(lo, i, eps, rho);
                    level = lo - hlo * (t[q] - lo) / (hq - hlo);
                }
                logP[i] = level;
            }
        }

        private double h(double level, int i, double eps, double rho) {
            double s = 0;
            for (int k = 0; k < kk; k++) s += lam[k] * Math.max(-rho, Math.min(rho, eps * (level - ell[k][i])));
            return s;
        }

        /**
         * The primal objective at p and the plans π_k = exp((f_k ⊕ g_k − C)/ε): with log π_k = (f ⊕ g − C)/ε,
         * ⟨π_k, C⟩ + ε KL(π_k ‖ 1) = Σ_i (π_k 1)_i f_ki + Σ_j (π_kᵀ 1)_j g_kj − ε Σπ_k + ε N M; rows from the last ℓ_k
         * (the f_k of the last sweep came after it), columns from one more pass.
         */
        private double objective(double eps, double[] p) {
            double[] out = new double[m], row = new double[n], col = new double[m];
            double total = 0;
            for (int k = 0; k < kk; k++) {
                double[] fk = f[k], gk = g[k];
                LogSumExp.rows(ct, m, n, fk, null, eps, parallel, out);
                double s = eps * n * m;
                for (int i = 0; i < n; i++) {
                    row[i] = Math.exp(fk[i] / eps + ell[k][i]);
                    s += row[i] * (fk[i] - eps);
                }
                for (int j = 0; j < m; j++) {
                    col[j] = Math.exp(gk[j] / eps + out[j]);
                    if (col[j] > 0) s += col[j] * gk[j];
                }
                total += lam[k] * (s + penalty.primal(row, p) + penalty.primal(col, b[k]));
            }
            return total;
        }
    }
}
