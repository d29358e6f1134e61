package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.CostViews;


/**
 * Entropic unbalanced optimal transport with KL-relaxed marginals,
 * <pre>  min_π ⟨π, C⟩ + ε KL(π ‖ a⊗b) + τ_a KL(π1 ‖ a) + τ_b KL(πᵀ1 ‖ b)</pre>
 * over non-negative π, with the generalised KL(p ‖ q) = Σ p log(p/q) − p + q (Chizat, Peyré, Schmitzer &amp;
 * Vialard 2018; Séjourné, Feydy, Vialard, Trouvé &amp; Peyré 2019). The masses of a and b need not agree. A
 * penalty τ = +∞ makes that marginal an exact constraint (semi-unbalanced); τ_a = τ_b = +∞ is balanced Sinkhorn.
 *
 * <p>The optimum is π_ij = a_i b_j exp((f_i + g_j − c_ij)/ε), and its first-order conditions
 * f = −τ_a log(π1/a), g = −τ_b log(πᵀ1/b) give the log-domain updates
 * <pre>  f_i ← −κ_a ε LSE_j(log b_j + (g_j − c_ij)/ε),   g_j ← −κ_b ε LSE_i(log a_i + (f_i − c_ij)/ε)</pre>
 * with κ = τ/(τ + ε) (1 for τ = +∞). They are the scaling iterations u ← (a/Kv)^κ of Chizat et al. (2018),
 * as in POT's {@code sinkhorn_unbalanced}, written for the kernel a_i b_j e^{−c_ij/ε}; every log-sum-exp is
 * shifted by its largest term, so no ε is too small for them. Each update is a contraction of factor κ.
 *
 * <p><b>Reach.</b> {@link #withReach}(ρ, p) sets τ_a = τ_b = ρ^p for a cost c = d(x, y)^p, the convention of
 * GeomLoss (Feydy 2020): mass further than about ρ from any target is destroyed rather than moved. GeomLoss's
 * own cost for p = 2 is d²/2, so its numbers are met with the cost d²/2 here.
 *
 * <p><b>Stopping.</b> The run stops when, from one iteration to the next, both the L1 change of the transported
 * marginals, Σ_i |Δ(π1)_i| + Σ_j |Δ(πᵀ1)_j|, and the change of the potentials relative to ε,
 * (max_i |Δf_i| + max_j |Δg_j|)/ε (a bound on the relative change of every plan entry), are at most the
 * tolerance. Both are needed: with one exact marginal, (f + λ, g − λ) leaves the plan unchanged while the
 * penalty of the other side still moves λ, at rate κ. The marginals of each iterate come for free from the
 * log-sum-exps of the updates. A potential that becomes non-finite ends the run with NUMERICAL_ERROR.
 *
 * <p>Costs are read densely (a cost computed from points is materialised: m·n doubles, twice, for the rows
 * and the transposed columns); every row and column must have a finite cost. Cost per iteration: 2·m·n
 * exponentials, rows (then columns) in parallel for large problems.
 */
public final class UnbalancedSinkhorn {
    /** Above this many cost entries the row and column passes run in parallel. */
    private static final int PARALLEL_ENTRIES = 1 << 16;

    public enum Status {
        CONVERGED, MAX_ITERATIONS, NUMERICAL_ERROR;

        /** Whether the marginal change met the tolerance. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result. f, g the dual potentials; {@code plan} π_ij = a_i b_j exp((f_i + g_j − c_ij)/ε) (entries
     * of zero mass left out); {@code cost} = ⟨π, C⟩; {@code objective} the primal objective above, a term
     * with τ = +∞ left out; {@code dualObjective} = −τ_a ⟨a, e^{−f/τ_a} − 1⟩ − τ_b ⟨b, e^{−g/τ_b} − 1⟩
     * − ε (Σπ − Σa·Σb) (⟨a, f⟩ for τ_a = +∞; equal to the objective at the optimum);
     * {@code rowMarginal} π1 and {@code colMarginal} πᵀ1 of the returned plan and {@code transportedMass}
     * Σπ; {@code marginalChange} the L1 change of the marginals and {@code potentialChange} the change of the
     * potentials relative to ε in the last iteration (see Stopping above).
     */
    public record Result(double[] f, double[] g, TransportPlan plan, double cost, double objective, double dualObjective,
                         double[] rowMarginal, double[] colMarginal, double transportedMass, int iterations,
                         double marginalChange, double potentialChange, Status status) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * The configuration: {@code epsilon} ε (positive, finite); {@code tauA}, {@code tauB} the marginal
     * penalties (positive, or +∞ for an exact marginal); {@code tolerance} the L1 marginal change at which a
     * run stops, and of the potentials relative to ε (finite, non-negative); {@code maxIterations} at least 1. Checked when built.
     */
    public record Options(double epsilon, double tauA, double tauB, double tolerance, int maxIterations) {
        public Options {
            Checks.positiveFinite(epsilon, "epsilon");
            penalty(tauA, "tauA");
            penalty(tauB, "tauB");
            Checks.nonNegativeFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
        }

        /** τ_a = τ_b = 1, tolerance 1e-9, 10000 iterations. */
        public static Options defaults(double epsilon) {
            return new Options(epsilon, 1, 1, 1e-9, 10000);
        }

        private static void penalty(double tau, String name) {
            if (!(tau > 0)) throw new IllegalArgumentException(name + " must be positive (or +infinity), got " + tau);
        }
    }

    private final Options options;

    private UnbalancedSinkhorn(Options options) {
        this.options = options;
    }

    /** The solver configured by {@code options}. */
    public static UnbalancedSinkhorn of(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new UnbalancedSinkhorn(options);
    }

    /** The solver at ε with the other options at their {@link Options#defaults defaults}. */
    public static UnbalancedSinkhorn withEpsilon(double epsilon) {
        return new UnbalancedSinkhorn(Options.defaults(epsilon));
    }

    /** τ_a = τ_b = tau (positive, or +∞ for balanced OT). */
    public UnbalancedSinkhorn withTau(double tau) {
        return of(new Options(options.epsilon(), tau, tau, options.tolerance(), options.maxIterations()));
    }

    /** The penalty τ_a of the source marginal (positive, or +∞ for an exact source marginal). */
    public UnbalancedSinkhorn withTauA(double tau) {
        return of(new Options(options.epsilon(), tau, options.tauB(), options.tolerance(), options.maxIterations()));
    }

    /** The penalty τ_b of the target marginal (positive, or +∞ for an exact target marginal). */
    public UnbalancedSinkhorn withTauB(double tau) {
        return of(new Options(options.epsilon(), options.tauA(), tau, options.tolerance(), options.maxIterations()));
    }

    /** τ_a = τ_b = reach^p for a cost d(x, y)^p (GeomLoss's convention; reach positive or +∞, p ≥ 1). */
    public UnbalancedSinkhorn withReach(double reach, double p) {
        if (!(reach > 0)) throw new IllegalArgumentException("reach must be positive (or +infinity), got " + reach);
        Checks.exponent(p, "p");
        return withTau(Math.pow(reach, p));
    }

    public UnbalancedSinkhorn withTolerance(double tol) {
        return of(new Options(options.epsilon(), options.tauA(), options.tauB(), tol, options.maxIterations()));
    }

    public UnbalancedSinkhorn withMaxIterations(int n) {
        return of(new Options(options.epsilon(), options.tauA(), options.tauB(), options.tolerance(), n));
    }

    public Options options() { return options; }

    /** Solves the problem; its masses may differ. Throws when a row or column has no finite cost. */
    public Result solve(TransportProblem problem) {
        int m = problem.rows(), n = problem.cols();
        double[] c = CostViews.rowMajor(problem.cost());
        Checks.feasible(m, n, c, Double.POSITIVE_INFINITY, i -> true, j -> true);
        return new Run(problem.a().weights(), problem.b().weights(), c, m, n).run();
    }

    /** One solve's state: the costs by rows and by columns, the log weights and the potentials. */
    private final class Run {
        private final double[] a, b, logA, logB, c, ct, f, g, lseRows, lseCols;
        private final int m, n;
        private final double eps = options.epsilon();
        private final boolean parallel;

        Run(double[] a, double[] b, double[] c, int m, int n) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.n = n;
            this.ct = LogSumExp.transposed(c, m, n);
            this.logA = LogSumExp.logs(a);
            this.logB = LogSumExp.logs(b);
            this.f = new double[m];
            this.g = new double[n];
            this.lseRows = new double[m];
            this.lseCols = new double[n];
            this.parallel = (long) m * n >= PARALLEL_ENTRIES;
        }

        Result run() {
            double kappaA = kappa(options.tauA()), kappaB = kappa(options.tauB());
            double[] r = new double[m], s = new double[n], rPrev = new double[m], sPrev = new double[n];
            double change = Double.POSITIVE_INFINITY, moved = Double.POSITIVE_INFINITY;
            Status status;
            int it = 0;
            lse(c, m, n, g, logB, lseRows);
            while (true) {
                double df = 0, dg = 0;
                for (int i = 0; i < m; i++) {
                    double v = -kappaA * eps * lseRows[i];
                    df = Math.max(df, Math.abs(v - f[i]));
                    f[i] = v;
                }
                lse(ct, n, m, f, logA, lseCols);
                for (int j = 0; j < n; j++) {
                    double v = -kappaB * eps * lseCols[j];
                    dg = Math.max(dg, Math.abs(v - g[j]));
                    g[j] = v;
                    s[j] = b[j] * Math.exp(g[j] / eps + lseCols[j]);
                }
                it++;
                lse(c, m, n, g, logB, lseRows);
                for (int i = 0; i < m; i++) r[i] = a[i] * Math.exp(f[i] / eps + lseRows[i]);
                if (!allFinite(f) || !allFinite(g)) {
                    status = Status.NUMERICAL_ERROR;
                    break;
                }
                if (it > 1) {
                    change = l1(r, rPrev) + l1(s, sPrev);
                    moved = (df + dg) / eps;
                }
                System.arraycopy(r, 0, rPrev, 0, m);
                System.arraycopy(s, 0, sPrev, 0, n);
                if (change <= options.tolerance() && moved <= options.tolerance()) {
                    status = Status.CONVERGED;
                    break;
                }
                if (it >= options.maxIterations()) {
                    status = Status.MAX_ITERATIONS;
                    break;
                }
            }
            return result(it, change, moved, status);
        }

        private Result result(int iterations, double change, double moved, Status status) {
            double[] plan = new double[m * n], rows = new double[m], cols = new double[n];
            double cost = 0, mass = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0, k = i * n; j < n; j++, k++) {
                    double p = a[i] == 0 || b[j] == 0 ? 0 : Math.exp(logA[i] + logB[j] + (f[i] + g[j] - c[k]) / eps);
                    plan[k] = p;
                    rows[i] += p;
                    cols[j] += p;
                    if (p != 0) cost += p * c[k];
                }
                mass += rows[i];
            }
            double ma = sum(a), mb = sum(b);
            // ⟨π, C⟩ + ε KL(π ‖ a⊗b) = Σ π_ij (f_i + g_j) − ε Σπ + ε Σa Σb, since log(π_ij / a_i b_j) = (f_i + g_j − c_ij)/ε
            double objective = dot(rows, f) + dot(cols, g) - eps * mass + eps * ma * mb
                    + penalty(options.tauA(), rows, a) + penalty(options.tauB(), cols, b);
            double dual = conjugate(options.tauA(), a, f) + conjugate(options.tauB(), b, g) - eps * (mass - ma * mb);
            return new Result(f, g, SparsePlan.fromDense(m, n, plan), cost, objective, dual, rows, cols, mass, iterations, change, moved,
                    status);
        }

        /** out_i = LSE_j(w_j + (p_j − cost_ij)/ε) over the rows of a row-major rows×cols cost. */
        private void lse(double[] cost, int rows, int cols, double[] p, double[] w, double[] out) {
            LogSumExp.rows(cost, rows, cols, p, w, eps, parallel, out);
        }
    }

    private double kappa(double tau) {
        return tau == Double.POSITIVE_INFINITY ? 1 : tau / (tau + options.epsilon());
    }

    /** τ KL(p ‖ q), 0 for τ = +∞ (that marginal is a constraint). */
    private static double penalty(double tau, double[] p, double[] q) {
        if (tau == Double.POSITIVE_INFINITY) return 0;
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            kl += q[i] - p[i];
            if (p[i] > 0) kl += p[i] * Math.log(p[i] / q[i]);
        }
        return tau * kl;
    }

    /** −τ ⟨q, e^{−h/τ} − 1⟩, the dual term of τ KL(· ‖ q); ⟨q, h⟩ for τ = +∞. */
    private static double conjugate(double tau, double[] q, double[] h) {
        if (tau == Double.POSITIVE_INFINITY) return dot(q, h);
        double s = 0;
        for (int i = 0; i < q.length; i++) if (q[i] > 0) s -= tau * q[i] * Math.expm1(-h[i] / tau);
        return s;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    private static double l1(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
        return s;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
