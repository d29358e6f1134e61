package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.CostViews;

/**
 * Entropic partial optimal transport: move exactly the mass m ≤ min(Σa, Σb),
 * <pre>  min ⟨π, C⟩ + ε Σ π_ij log π_ij   over π ≥ 0, π1 ≤ a, πᵀ1 ≤ b, Σ π_ij = m,</pre>
 * the entropic counterpart of {@link PartialTransport}. It is the KL projection of the Gibbs kernel e^{−C/ε}
 * onto the intersection of three convex sets, computed by Dykstra's iterated Bregman projections (Benamou,
 * Carlier, Cuturi, Nenna &amp; Peyré, "Iterative Bregman projections for regularized transportation problems",
 * SIAM J. Sci. Comput. 2015, Prop. 5), as POT's {@code ot.partial.entropic_partial_wasserstein}: start from the
 * kernel scaled to mass m; then, each iteration, scale every row down to at most a_i, every column down to at
 * most b_j, and the whole plan to mass m, each projection applied after undoing its own previous correction.
 *
 * <p>Every projection is a diagonal scaling, so the plan stays π_ij = exp(F_i + G_j + H − c_ij/ε) and each
 * Dykstra correction is a row vector, a column vector or a scalar. Here they are held as logarithms and every
 * sum is a log-sum-exp shifted by its largest term, so no ε underflows; a potential that becomes non-finite
 * (for instance when forbidden pairs, c = +∞, leave no way to move m) ends the run with NUMERICAL_ERROR.
 * Points of zero weight carry nothing and are left out of the updates.
 *
 * <p><b>Stopping.</b> As in POT, every tenth iteration (the first, the eleventh, …) compares the plan before and
 * after it: the run stops when the Frobenius norm of the change is at most the tolerance, and (unlike POT) when
 * moreover no row or column sum exceeds its weight by more than the tolerance. The second test matters: when the
 * kernel puts nearly all mass on one pair (small ε), the first iteration scales a row down and the mass back up,
 * returns the same plan, and POT stops there with that row sum far above its weight.
 *
 * <p>Costs are read densely (a cost computed from points is materialised, m·n doubles, twice, by rows and by
 * columns). Cost per iteration: 2·m·n exponentials, plus 2·m·n every tenth iteration for the stopping test.
 */
public final class EntropicPartialTransport {

    public enum Status {
        CONVERGED, MAX_ITERATIONS, NUMERICAL_ERROR;

        /** Whether the change of the plan met the tolerance. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result: the plan (rows × cols, entries of zero mass left out), its cost ⟨π, C⟩ and mass Σπ, the
     * iterations run, the Frobenius norm of the plan's change at the last stopping test (+∞ before the first)
     * and the status.
     */
    public record Result(TransportPlan plan, double cost, double mass, int iterations, double change, Status status) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * The configuration: {@code epsilon} ε (positive, finite); {@code tolerance} the Frobenius norm of the plan's
     * change at which a run stops (finite, non-negative); {@code maxIterations} at least 1. Checked when built.
     */
    public record Options(double epsilon, double tolerance, int maxIterations) {
        public Options {
            Checks.positiveFinite(epsilon, "epsilon");
            Checks.nonNegativeFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
        }

        /** Tolerance 1e-9, 10000 iterations. */
        public static Options defaults(double epsilon) { return new Options(epsilon, 1e-9, 10000); }
    }

    private final Options options;

    private EntropicPartialTransport(Options options) { this.options = options; }

    /** The solver configured by {@code options}. */
    public static EntropicPartialTransport of(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new EntropicPartialTransport(options);
    }

    /** The solver at ε with the other options at their {@link Options#defaults defaults}. */
    public static EntropicPartialTransport withEpsilon(double epsilon) {
        return new EntropicPartialTransport(Options.defaults(epsilon));
    }

    public EntropicPartialTransport withTolerance(double tol) {
        return of(new Options(options.epsilon(), tol, options.maxIterations()));
    }

    public EntropicPartialTransport withMaxIterations(int n) {
        return of(new Options(options.epsilon(), options.tolerance(), n));
    }

    public Options options() { return options; }

    /** Moves the mass m between a and b with costs c. */
    public Result solve(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, double mass) {
        return solve(TransportProblem.of(a, b, c), mass);
    }

    /** Moves the mass m between the problem's a and b; a and b need not be balanced. */
    public Result solve(TransportProblem problem, double mass) {
        double m = Checks.partialMass(mass, problem.a().totalMass(), problem.b().totalMass());
        int rows = problem.rows(), cols = problem.cols();
        double[] c = CostViews.rowMajor(problem.cost());
        return new Run(problem.a().weights(), problem.b().weights(), c, rows, cols, m).run();
    }

    /**
     * One solve's state: the scaled costs −c/ε by rows and by columns, the log weights, the log scalings F, G, H
     * of the plan and the log Dykstra corrections p (rows), q (columns), r (mass).
     */
    private final class Run {
        private final double[] a, b, c, byRows, byCols, logA, logB, f, g, p, q, lseRows, lseCols;
        private final int m, n;
        private final double logMass;
        private double h, r;

        Run(double[] a, double[] b, double[] c, int m, int n, double mass) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.n = n;
            double eps = options.epsilon();
            this.byRows = new double[m * n];
            this.byCols = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    byRows[i * n + j] = -c[i * n + j] / eps;
                    byCols[j * m + i] = byRows[i * n + j];
                }
            }
            this.logA = LogSumExp.logs(a);
            this.logB = LogSumExp.logs(b);
            this.f = new double[m];
            this.g = new double[n];
            for (int i = 0; i < m; i++) if (a[i] == 0) f[i] = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) if (b[j] == 0) g[j] = Double.NEGATIVE_INFINITY;
            this.p = new double[m];
            this.q = new double[n];
            this.lseRows = new double[m];
            this.lseCols = new double[n];
            this.logMass = Math.log(mass);
            lse(byRows, m, n, g, lseRows);
            double total = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) total = logAdd(total, f[i] + lseRows[i]);
            this.h = logMass - total;
        }

        Result run() {
            double change = Double.POSITIVE_INFINITY;
            double[] before = new double[m * n], after = new double[m * n];
            Status status;
            int it = 0;
            while (true) {
                boolean test = it % 10 == 0;
                if (test) plan(before);
                iterate();
                it++;
                if (!finite()) {
                    status = Status.NUMERICAL_ERROR;
                    break;
                }
                if (test) {
                    plan(after);
                    double s = 0;
                    for (int k = 0; k < after.length; k++) s += (after[k] - before[k]) * (after[k] - before[k]);
                    change = Math.sqrt(s);
                    if (change <= options.tolerance() && excess(after) <= options.tolerance()) {
                        status = Status.CONVERGED;
                        break;
                    }
                }
                if (it >= options.maxIterations()) {
                    status = Status.MAX_ITERATIONS;
                    break;
                }
            }
            return result(it, change, status);
        }

        /** The three projections, each after undoing its previous correction. */
        private void iterate() {
            lse(byRows, m, n, g, lseRows);
            for (int i = 0; i < m; i++) {
                if (a[i] == 0) continue;
                double undone = f[i] + p[i];
                double shrink = Math.min(logA[i] - (undone + h + lseRows[i]), 0);
                if (Double.isNaN(shrink)) shrink = 0;
                f[i] = undone + shrink;
                p[i] = -shrink;
            }
            lse(byCols, n, m, f, lseCols);
            double total = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (b[j] == 0) continue;
                double undone = g[j] + q[j];
                double column = undone + h + lseCols[j];
                double shrink = Math.min(logB[j] - column, 0);
                if (Double.isNaN(shrink)) shrink = 0;
                g[j] = undone + shrink;
                q[j] = -shrink;
                total = logAdd(total, column + shrink);
            }
            double scale = logMass - (total + r);
            h += r + scale;
            r = -scale;
        }

        private boolean finite() {
            if (!Double.isFinite(h)) return false;
            for (int i = 0; i < m; i++) if (a[i] != 0 && !Double.isFinite(f[i])) return false;
            for (int j = 0; j < n; j++) if (b[j] != 0 && !Double.isFinite(g[j])) return false;
            return true;
        }

        /** The largest excess of a row sum over a_i or of a column sum over b_j (0 when none exceeds). */
        private double excess(double[] plan) {
            double worst = 0;
            double[] cols = new double[n];
            for (int i = 0; i < m; i++) {
                double row = 0;
                for (int j = 0, k = i * n; j < n; j++, k++) {
                    row += plan[k];
                    cols[j] += plan[k];
                }
                worst = Math.max(worst, row - a[i]);
            }
            for (int j = 0; j < n; j++) worst = Math.max(worst, cols[j] - b[j]);
            return worst;
        }

        /** The current plan, row-major, into out. */
        private void plan(double[] out) {
            for (int i = 0; i < m; i++) {
                for (int j = 0, k = i * n; j < n; j++, k++) {
                    out[k] = a[i] == 0 || b[j] == 0 ? 0 : Math.exp(f[i] + g[j] + h + byRows[k]);
                }
            }
        }

        private Result result(int iterations, double change, Status status) {
            double[] plan = new double[m * n];
            plan(plan);
            double cost = 0, mass = 0;
            for (int k = 0; k < plan.length; k++) {
                if (plan[k] == 0) continue;
                cost += plan[k] * c[k];
                mass += plan[k];
            }
            return new Result(SparsePlan.fromDense(m, n, plan), cost, mass, iterations, change, status);
        }
    }

    /** out_i = LSE_j(w_j + s_ij) over the rows of a row-major rows×cols array s; −∞ for an empty row. */
    private static void lse(double[] s, int rows, int cols, double[] w, double[] out) {
        for (int i = 0; i < rows; i++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0, k = i * cols; j < cols; j++, k++) mx = Math.max(mx, w[j] + s[k]);
            if (mx == Double.NEGATIVE_INFINITY) {
                out[i] = mx;
                continue;
            }
            double sum = 0;
            for (int j = 0, k = i * cols; j < cols; j++, k++) sum += Math.exp(w[j] + s[k] - mx);
            out[i] = mx + Math.log(sum);
        }
    }

    /** log(e^x + e^y) without overflow. */
    private static double logAdd(double x, double y) {
        double mx = Math.max(x, y);
        if (mx == Double.NEGATIVE_INFINITY) return mx;
        return mx + Math.log1p(Math.exp(Math.min(x, y) - mx));
    }
}
