package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.CostViews;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Unbalanced optimal transport without entropy, with both marginals relaxed by the same divergence D,
 * <pre>  min_{π ≥ 0} ⟨π, C⟩ + τ D(π1, a) + τ D(πᵀ1, b)</pre>
 * where D is the generalised Kullback–Leibler divergence KL(p, q) = Σ p log(p/q) − p + q or the half squared
 * Euclidean distance ½‖p − q‖². It is solved by the multiplicative majorisation–minimisation updates of Chapel,
 * Flamary, Wu, Févotte &amp; Gasso, "Unbalanced optimal transport through non-negative penalized linear
 * regression" (NeurIPS 2021), from the plan a bᵀ:
 * <pre>  KL:  π_ij ← π_ij e^{−c_ij/(2τ)} √(a_i b_j / ((π1)_i (πᵀ1)_j))
 *  L2:  π_ij ← π_ij max(a_i + b_j − c_ij/τ, 0) / ((π1)_i + (πᵀ1)_j)</pre>
 * Each update minimises a majoriser of the objective that touches it at the current plan, so the objective never
 * increases; the problem is convex (strictly in the marginals) and the iterates approach its minimum. An entry that
 * is zero stays zero, so a pair of cost +∞ (and, for L2, any pair with c_ij ≥ τ(a_i + b_j)) carries no mass.
 *
 * <p><b>Conventions.</b> These are the updates of POT's {@code ot.unbalanced.mm_unbalanced}: its KL problem is
 * this one at {@code reg_m} = τ; its {@code div='l2'} penalty in POT 0.8 is the squared distance without the ½, so
 * the L2 problem here at τ is POT 0.8's at {@code reg_m} = τ/2. The run stops, as POT's, once the Frobenius norm of
 * the change of the plan in one update is below the tolerance (absolute, on the scale of the masses). A plan entry
 * that becomes non-finite (costs so negative that e^{−c/(2τ)} overflows) ends the run with NUMERICAL_ERROR.
 *
 * <p>Costs are read densely (a cost computed from points is materialised) and must not be −∞; a row or column
 * whose costs are all +∞ simply moves nothing. Cost per iteration: about 5·m·n flops, rows in parallel for large
 * problems, plus m·n doubles for the update factors and m·n for the plan. The updates converge sublinearly when τ is
 * large against the costs; use {@link UnbalancedSinkhorn} when entropic smoothing is acceptable.
 */
public final class MajorizationMinimization {
    /** Above this many cost entries the row pass runs in parallel. */
    private static final int PARALLEL_ENTRIES = 1 << 16;

    /** The divergence D that penalises each marginal. */
    public enum Divergence {
        /** Generalised Kullback–Leibler, KL(p, q) = Σ p log(p/q) − p + q. */
        KL,
        /** Half squared Euclidean distance, ½‖p − q‖². */
        L2
    }

    public enum Status {
        CONVERGED, MAX_ITERATIONS, NUMERICAL_ERROR;

        /** Whether the change of the plan fell below the tolerance. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result: the {@code plan} (entries of zero mass left out); {@code cost} = ⟨π, C⟩; {@code objective} the
     * penalised objective above; {@code rowMarginal} π1, {@code colMarginal} πᵀ1 and {@code transportedMass} Σπ;
     * the number of updates; {@code change} the Frobenius norm of the change of the plan in the last update.
     */
    public record Result(TransportPlan plan, double cost, double objective, double[] rowMarginal, double[] colMarginal,
                         double transportedMass, int iterations, double change, Status status) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * The configuration: {@code tau} τ the marginal penalty (positive, finite); the {@code divergence};
     * {@code tolerance} the change of the plan below which a run stops (positive, finite); {@code maxIterations}
     * at least 1. Checked when built.
     */
    public record Options(double tau, Divergence divergence, double tolerance, int maxIterations) {
        public Options {
            Checks.positiveFinite(tau, "tau");
            if (divergence == null) throw new IllegalArgumentException("divergence must not be null");
            Checks.positiveFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
        }

        /** KL, tolerance 1e-15 and 1000 iterations, POT's defaults. */
        public static Options defaults(double tau) {
            return new Options(tau, Divergence.KL, 1e-15, 1000);
        }
    }

    private final Options options;

    private MajorizationMinimization(Options options) {
        this.options = options;
    }

    /** The solver configured by {@code options}. */
    public static MajorizationMinimization of(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new MajorizationMinimization(options);
    }

    /** The solver at τ with the other options at their {@link Options#defaults defaults}. */
    public static MajorizationMinimization withTau(double tau) {
        return new MajorizationMinimization(Options.defaults(tau));
    }

    public MajorizationMinimization withDivergence(Divergence divergence) {
        return of(new Options(options.tau(), divergence, options.tolerance(), options.maxIterations()));
    }

    public MajorizationMinimization withTolerance(double tol) {
        return of(new Options(options.tau(), options.divergence(), tol, options.maxIterations()));
    }

    public MajorizationMinimization withMaxIterations(int n) {
        return of(new Options(options.tau(), options.divergence(), options.tolerance(), n));
    }

    public Options options() { return options; }

    /** Solves the problem; its masses may differ. */
    public Result solve(TransportProblem problem) {
        int m = problem.rows(), n = problem.cols();
        double[] a = problem.a().weights(), b = problem.b().weights(), c = CostViews.rowMajor(problem.cost());
        double tau = options.tau();
        boolean kl = options.divergence() == Divergence.KL;
        // The fixed factor of each update: e^{−c/(2τ)} for KL, (a_i + b_j − c_ij/τ)₊ for L2.
        double[] factor = new double[m * n], plan = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0, k = i * n; j < n; j++, k++) {
                factor[k] = kl ? Math.exp(-c[k] / (2 * tau)) : Math.max(a[i] + b[j] - c[k] / tau, 0);
                plan[k] = a[i] * b[j];
            }
        }
        double[] rows = new double[m], cols = new double[n], rowChange = new double[m];
        sums(plan, m, n, rows, cols);
        boolean parallel = (long) m * n >= PARALLEL_ENTRIES;
        double change = Double.POSITIVE_INFINITY;
        Status status;
        int it = 0;
        while (true) {
            IntStream range = IntStream.range(0, m);
            (parallel ? range.parallel() : range).forEach(i -> {
                double d2 = 0;
                for (int j = 0, k = i * n; j < n; j++, k++) {
                    double old = plan[k];
                    if (old == 0) continue;
                    double next = kl ? old * factor[k] * Math.sqrt(a[i] / rows[i]) * Math.sqrt(b[j] / cols[j])
                            : old * factor[k] / (rows[i] + cols[j]);
                    plan[k] = next;
                    d2 += (next - old) * (next - old);
                }
                rowChange[i] = d2;
            });
            it++;
            change = Math.sqrt(sum(rowChange));
            sums(plan, m, n, rows, cols);
            if (!Double.isFinite(change) || !Double.isFinite(sum(rows))) {
                status = Status.NUMERICAL_ERROR;
                break;
            }
            if (change < options.tolerance()) {
                status = Status.CONVERGED;
                break;
            }
            if (it >= options.maxIterations()) {
                status = Status.MAX_ITERATIONS;
                break;
            }
        }
        double cost = 0;
        for (int k = 0; k < plan.length; k++) if (plan[k] != 0) cost += plan[k] * c[k];
        double objective = cost + tau * (divergence(kl, rows, a) + divergence(kl, cols, b));
        return new Result(SparsePlan.fromDense(m, n, plan), cost, objective, rows, cols, sum(rows), it, change, status);
    }

    /** Row and column sums of the row-major plan, written into rows and cols. */
    private static void sums(double[] plan, int m, int n, double[] rows, double[] cols) {
        Arrays.fill(cols, 0);
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0, k = i * n; j < n; j++, k++) {
                s += plan[k];
                cols[j] += plan[k];
            }
            rows[i] = s;
        }
    }

    /** D(p, q): the generalised KL divergence or ½‖p − q‖². */
    private static double divergence(boolean kl, double[] p, double[] q) {
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            if (!kl) {
                d += 0.5 * (p[i] - q[i]) * (p[i] - q[i]);
            } else {
                d += q[i] - p[i];
                if (p[i] > 0) d += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return d;
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
