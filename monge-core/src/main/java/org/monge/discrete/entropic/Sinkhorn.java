package org.monge.discrete.entropic;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.AndersonAcceleration;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.Vectors;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Entropic optimal transport, min ⟨π, C⟩ + ε KL(π ‖ R) over couplings π of a and b, by Sinkhorn's
 * iterative proportional fitting (Sinkhorn 1967; Cuturi 2013). R is a⊗b by default or any
 * {@link ReferenceMeasure}. The optimum has the form π_ij = exp((f_i + g_j − c_ij)/ε) R_ij, and
 * the updates that fit the row and column marginals in turn are
 * <pre>  f_i = ε log a_i − ε log Σ_j R_ij exp((g_j − c_ij)/ε),
 *   g_j = ε log b_j − ε log Σ_i R_ij exp((f_i − c_ij)/ε)</pre>
 * (for R = a⊗b the log a_i, log b_j terms cancel and these are the usual log-domain updates,
 * Peyré &amp; Cuturi 2019, Remark 4.23). Three engines, one set of potentials:
 * <ul>
 * <li><b>scaling</b> ({@code withLogDomain(false)}): a dense kernel K = R ⊙ exp(−C/ε) and
 *   u ← a/(Kv), v ← b/(Kᵀu). One fused pass over K per iteration computes Kv for the row update and
 *   accumulates Kᵀu with the new u (per-thread column accumulators), so K is read once, not
 *   twice. O(nm) memory. Overflow or underflow ends the run with status NUMERICAL_ERROR.</li>
 * <li><b>log-stabilised</b> (default, dense storage): the same fused scaling iterations on the
 *   kernel R ⊙ exp((f ⊕ g − C)/ε), whose potentials absorb log u, log v whenever those leave
 *   [−100, 100], with ε-scaling (Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy
 *   regularized transport problems", Alg. 2–3). If a kernel row underflows anyway, the step is
 *   redone by exact log-sum-exp updates. So the iterates never overflow or underflow while the
 *   inner loop stays a multiply-add.</li>
 * <li><b>log-sum-exp on the fly</b> ({@link Storage#ON_THE_FLY}, automatic above
 *   {@link #DENSE_LIMIT} entries): the updates above, costs computed in each row from the two
 *   point clouds, rows in parallel over all cores; memory O(n + m). Each log-sum-exp is one exp
 *   pass shifted by the row's previous value, with a max pass only when that sum leaves a safe
 *   range (see {@link LogKernel}). Large clouds start from a multiscale warm start
 *   ({@link #withMultiscale}): the problem between grid-clustered clouds, solved first and
 *   carried over by a soft c-transform (Schmitzer 2019, §4; Feydy 2020, §3.3, GeomLoss), after
 *   which the full problem usually needs only a few iterations at the target ε.</li>
 * </ul>
 * <b>Stopping.</b> After every column update the columns fit exactly; the L1 error of the rows,
 * Σ_i |Σ_j π_ij − a_i|, comes for free from the next row update (row sums = a_i·u_old/u_new,
 * or a_i·exp((f_old − f_new)/ε)). The run stops when it is at most the tolerance, and returns the
 * state that error was measured on. ε-scaling runs ε_k = max(ε, s·θ^k) from the cost scale s,
 * with at most {@link #STAGE_ITERATIONS} iterations per intermediate stage. A run that met the tolerance
 * but whose returned plan misses the marginals by more than ten times it (ε so far below the costs that
 * their rounding dominates (f ⊕ g − C)/ε) reports NUMERICAL_ERROR. A warm start
 * (potentials from an earlier run) skips ε-scaling.
 *
 * <p>Cost per iteration: O(nm) multiply-adds (scaling, stabilised) or O(nm) exponentials (on the
 * fly). The result reports ⟨π, C⟩, the primal objective ⟨π, C⟩ + ε KL(π ‖ R) (generalised KL),
 * the dual objective ⟨a, f⟩ + ⟨b, g⟩ − ε Σπ + ε ΣR, the potentials, iterations, the marginal
 * error recomputed from the returned potentials, and a status: non-convergence is reported.
 *
 * <p><b>Scale.</b> Point clouds beyond 1e±100 with a homogeneous metric ({@link Metric#homogeneity}) are
 * solved on the points divided by a power of two at ε divided by its k-th power, which has the same plan,
 * and the result is scaled back (exact), so squared distances of points near 1e200 neither overflow nor,
 * near 1e-200, vanish; dense costs beyond 1e±100 likewise, with ε divided by the same power. A cost or
 * objective beyond the double range is refused, as is an ε below 2^−1000 times the costs.
 *
 * <p><b>Reading order.</b> The configuration is one {@link Options} record, validated when it is built; the
 * {@code with...} methods each return a solver with one option changed. {@code solve} validates the problem,
 * rescales extreme inputs and hands over to a {@code Run}, which holds one solve's state and the control
 * loops of the engines. The parts of those engines live next to this class: {@code EpsilonSchedule} (the
 * ε-scaling stages), {@code MultiscaleStart} (the warm start from coarsened clouds), {@code ScalingKernel}
 * (the dense kernel and the fused scaling pass) and {@code LogKernel} (log-sum-exp rows, dense or on the fly).
 */
public final class Sinkhorn {
    /** Above this many kernel entries (n·m) the automatic storage computes costs on the fly. */
    public static final long DENSE_LIMIT = 1L << 25;
    /** Smallest number of points a side for the multiscale warm start ({@link #withMultiscale}). */
    public static final int MULTISCALE_MIN = 8192;
    /** Iteration cap of each intermediate ε-scaling stage. */
    public static final int STAGE_ITERATIONS = 50;
    private static final double ABSORB = 100;
    /** A converged run whose returned plan misses the marginals by more than this times the tolerance has lost its precision. */
    private static final double LOST_PRECISION = 10;
    /** Costs at most 2^this times ε (and ε at most 2^this times the costs) after rescaling points. */
    private static final int RATIO_EXPONENT = 1000;

    public enum Status {
        CONVERGED, MAX_ITERATIONS, NUMERICAL_ERROR;

        /** Whether the run met the tolerance at the requested ε. */
        public boolean converged() { return this == CONVERGED; }
    }

    public enum Storage { AUTO, DENSE, ON_THE_FLY }

    /** Called after each iteration (for progress displays); must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void iteration(int iteration, double epsilon, double marginalError);
    }

    /**
     * The result. {@code cost} = ⟨π, C⟩; {@code objective} = ⟨π, C⟩ + ε KL(π ‖ R);
     * {@code dualObjective} = ⟨a, f⟩ + ⟨b, g⟩ − ε Σπ + ε ΣR (equal to the objective at
     * convergence); f, g the dual potentials; {@code marginalError} the L1 row error of the
     * returned plan (its columns fit exactly up to rounding); {@code epsilon} the ε these refer to,
     * which is larger than the requested ε when the iterations ran out during ε-scaling.
     */
    public record Result(double cost, double objective, double dualObjective, double[] f, double[] g,
                         int iterations, double marginalError, Status status, double epsilon, EntropicPlan plan) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * What {@link #solvePotentials} returns: the potentials, the iterations, the L1 marginal error of the returned
     * potentials as the loop measured it (rows from the last half-step, columns from the one before) and the plan as a
     * lazy view of the potentials; no cost, objective or final pass over the plan.
     */
    public record Potentials(double[] f, double[] g, int iterations, double marginalError, Status status, EntropicPlan plan) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * Everything a solver is configured with. {@code epsilon} the regularisation ε (positive, finite);
     * {@code tolerance} the L1 marginal error at which a run stops (finite, non-negative);
     * {@code maxIterations} at least 1, counted over all ε-scaling stages; {@code logDomain} false for the plain
     * scaling form (dense only, no ε-scaling); {@code epsilonScaling} the factor θ in [0, 1) of the ε-scaling
     * stages, 0 for none (log domain only); {@code storage} of the costs; {@code reference} the coupling R of
     * KL(π ‖ R); {@code progress} called after each iteration, or null; {@code multiscale} the warm start of
     * large point clouds ({@link Sinkhorn#withMultiscale}); {@code overRelaxation} the largest factor ω in [1, 2)
     * ({@link Sinkhorn#withOverRelaxation}); {@code anderson} the memory of Anderson acceleration, 0 for none
     * ({@link Sinkhorn#withAnderson}). A warm start from given potentials is an argument of
     * {@code solve}, not an option, since it belongs to one problem.
     *
     * <p>Invalid values, and the scaling form with costs on the fly, are rejected here, when configured. Whether
     * the scaling form with {@link Storage#AUTO} storage fits in a dense kernel ({@link Sinkhorn#DENSE_LIMIT}) and whether
     * ε is in range for the costs depend on the problem: {@code solve} checks those.
     */
    public record Options(double epsilon, double tolerance, int maxIterations, boolean logDomain, double epsilonScaling,
                          Storage storage, ReferenceMeasure reference, Progress progress, boolean multiscale,
                          double overRelaxation, int anderson) {
        /** The largest over-relaxation factor ω of the defaults ({@link Sinkhorn#withOverRelaxation}). */
        public static final double DEFAULT_OVER_RELAXATION = 1.95;
        /** The memory of Anderson acceleration of the defaults ({@link Sinkhorn#withAnderson}). */
        public static final int DEFAULT_ANDERSON = AndersonAcceleration.DEFAULT_MEMORY;
        /** The largest Anderson memory accepted. */
        public static final int MAX_ANDERSON = 50;

        /** The options above with over-relaxation at its default. */
        public Options(double epsilon, double tolerance, int maxIterations, boolean logDomain, double epsilonScaling,
                       Storage storage, ReferenceMeasure reference, Progress progress, boolean multiscale) {
            this(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, progress, multiscale,
                    DEFAULT_OVER_RELAXATION);
        }

        /** The options above with Anderson acceleration at its default. */
        public Options(double epsilon, double tolerance, int maxIterations, boolean logDomain, double epsilonScaling,
                       Storage storage, ReferenceMeasure reference, Progress progress, boolean multiscale, double overRelaxation) {
            this(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, progress, multiscale,
                    overRelaxation, DEFAULT_ANDERSON);
        }

        public Options {
            if (anderson < 0 || anderson > MAX_ANDERSON) {
                throw new IllegalArgumentException("Anderson memory must be in [0, " + MAX_ANDERSON + "] (0 turns it off), got "
                        + anderson);
            }
            if (!(overRelaxation >= 1 && overRelaxation < 2)) {
                throw new IllegalArgumentException("over-relaxation factor must be in [1, 2) (1 turns it off), got " + overRelaxation);
            }
            Checks.positiveFinite(epsilon, "epsilon");
            Checks.nonNegativeFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
            if (!(epsilonScaling >= 0 && epsilonScaling < 1)) {
                throw new IllegalArgumentException("epsilon scaling factor must be in [0, 1), got " + epsilonScaling);
            }
            if (storage == null) throw new IllegalArgumentException("storage must not be null");
            if (reference == null) throw new IllegalArgumentException("reference must not be null");
            if (!logDomain && storage == Storage.ON_THE_FLY) {
                throw new IllegalArgumentException("the scaling form needs a dense kernel: use the log domain for on-the-fly costs");
            }
        }

        /**
         * Log-stabilised at ε, reference a⊗b, tolerance 1e-9, 1000 iterations, ε-scaling by ½, multiscale on,
         * over-relaxation up to {@link #DEFAULT_OVER_RELAXATION}.
         */
        public static Options defaults(double epsilon) {
            return new Options(epsilon, 1e-9, 1000, true, 0.5, Storage.AUTO, ReferenceMeasure.product(), null, true);
        }

        Options withEpsilon(double e) {
            return new Options(e, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, progress,
                    multiscale, overRelaxation, anderson);
        }

        Options withTolerance(double t) {
            return new Options(epsilon, t, maxIterations, logDomain, epsilonScaling, storage, reference, progress,
                    multiscale, overRelaxation, anderson);
        }

        Options withMaxIterations(int n) {
            return new Options(epsilon, tolerance, n, logDomain, epsilonScaling, storage, reference, progress, multiscale,
                    overRelaxation, anderson);
        }

        Options withLogDomain(boolean log) {
            return new Options(epsilon, tolerance, maxIterations, log, epsilonScaling, storage, reference, progress,
                    multiscale, overRelaxation, anderson);
        }

        Options withEpsilonScaling(double factor) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, factor, storage, reference, progress,
                    multiscale, overRelaxation, anderson);
        }

        Options withStorage(Storage s) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, s, reference, progress,
                    multiscale, overRelaxation, anderson);
        }

        Options withReference(ReferenceMeasure r) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, r, progress,
                    multiscale, overRelaxation, anderson);
        }

        Options withProgress(Progress p) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, p,
                    multiscale, overRelaxation, anderson);
        }

        Options withOverRelaxation(double omega) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, progress, multiscale,
                    omega, anderson);
        }

        Options withAnderson(int memory) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, progress, multiscale,
                    overRelaxation, memory);
        }

        Options withMultiscale(boolean on) {
            return new Options(epsilon, tolerance, maxIterations, logDomain, epsilonScaling, storage, reference, progress,
                    on, overRelaxation, anderson);
        }
    }

    private final Options options;

    private Sinkhorn(Options options) {
        this.options = options;
    }

    /** The solver configured by {@code options}. */
    public static Sinkhorn of(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new Sinkhorn(options);
    }

    /** Log-stabilised Sinkhorn at ε with the other options at their {@link Options#defaults defaults}. */
    public static Sinkhorn withEpsilon(double epsilon) {
        return new Sinkhorn(Options.defaults(epsilon));
    }

    public Sinkhorn withTolerance(double tol) {
        return new Sinkhorn(options.withTolerance(tol));
    }

    public Sinkhorn withMaxIterations(int n) {
        return new Sinkhorn(options.withMaxIterations(n));
    }

    /** true: log-stabilised or log-sum-exp (default); false: the plain scaling form (dense only, no ε-scaling). */
    public Sinkhorn withLogDomain(boolean log) {
        return new Sinkhorn(options.withLogDomain(log));
    }

    /** ε-scaling factor θ in (0, 1); 0 turns ε-scaling off. Used by the log domain only. */
    public Sinkhorn withEpsilonScaling(double factor) {
        return new Sinkhorn(options.withEpsilonScaling(factor));
    }

    public Sinkhorn withStorage(Storage s) {
        return new Sinkhorn(options.withStorage(s));
    }

    /** The reference coupling R of KL(π ‖ R) (default a⊗b). */
    public Sinkhorn withReference(ReferenceMeasure r) {
        return new Sinkhorn(options.withReference(r));
    }

    public Sinkhorn withProgress(Progress p) {
        return new Sinkhorn(options.withProgress(p));
    }

    /**
     * Multiscale warm start (default on): for point clouds of at least {@link #MULTISCALE_MIN}
     * points a side whose costs are computed on the fly, with the reference a⊗b, first solve the
     * problem between grid-clustered clouds of about an eighth of the points (recursively, with
     * ε-scaling), carry its potentials over to the points by one soft c-transform each, and start
     * the full problem from there at the target ε. The fixed point, the tolerance and the
     * reported state are those of the full problem; only its iterations are counted.
     */
    public Sinkhorn withMultiscale(boolean on) {
        return new Sinkhorn(options.withMultiscale(on));
    }

    /**
     * The largest over-relaxation factor ω in [1, 2) of the balanced engines (default
     * {@link Options#DEFAULT_OVER_RELAXATION}); 1 turns over-relaxation off. Each ε-stage starts with plain
     * Sinkhorn steps, estimates their contraction rate λ and then moves every potential ω = min(ω_max,
     * 2/(1 + √(1 − λ))) times as far as the plain step, coordinate by coordinate only where that keeps the
     * dual increasing (see {@code OverRelaxation}). The fixed point, and so the result at a given tolerance,
     * is the same; only the iterations to reach it change.
     */
    public Sinkhorn withOverRelaxation(double omega) {
        return new Sinkhorn(options.withOverRelaxation(omega));
    }

    /**
     * Anderson acceleration of the column potentials with this memory (default {@link Options#DEFAULT_ANDERSON}; 0 turns
     * it off), in every balanced engine: one whole (over-relaxed) Sinkhorn iteration is the fixed-point map, and its last
     * outputs are combined so that the residual is least in the b-weighted 2-norm (see {@code AndersonAcceleration}).
     * Safeguard: the marginal error of an extrapolated state is measured by the next row pass; if it exceeds that of the
     * state before, the extrapolation is dropped, the iteration's own (over-relaxed) output taken instead and the history
     * restarted. The wasted pass counts as an iteration. The fixed point is that of plain Sinkhorn.
     */
    public Sinkhorn withAnderson(int memory) {
        return new Sinkhorn(options.withAnderson(memory));
    }

    public double epsilon() { return options.epsilon(); }

    public Options options() { return options; }

    public Result solve(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c) {
        return solve(a, b, c, null, null);
    }

    /** Solves a balanced transport problem (an unbalanced one is an error naming both masses). */
    public Result solve(TransportProblem problem) {
        return solve(problem, null, null);
    }

    /** Warm start from potentials f0, g0 (both or neither; e.g. from a run at a nearby ε or data). */
    public Result solve(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, double[] f0, double[] g0) {
        return solve(TransportProblem.of(a, b, c), f0, g0);
    }

    /** {@link #solve(TransportProblem)} with a warm start from potentials f0, g0 (both or neither). */
    public Result solve(TransportProblem problem, double[] f0, double[] g0) {
        check(problem, f0, g0);
        DiscreteMeasure a = problem.a(), b = problem.b();
        CostMatrix c = problem.cost();
        if (c instanceof CostMatrix.FromPoints fp) {
            int e = pointExponent(fp);
            if (e != 0) {
                CostMatrix scaled = CostMatrix.fromPoints(scalb(CostViews.sourcePoints(fp), -e), scalb(CostViews.targetPoints(fp), -e),
                        fp.metric());
                return rescaled(a, b, scaled, f0, g0, Metric.homogeneity(fp.metric()) * e);
            }
        }
        if (c instanceof CostMatrix.Dense) {
            double mx = 0;
            for (double v : CostViews.rowMajor(c)) if (Double.isFinite(v)) mx = Math.max(mx, Math.abs(v));
            int e = costExponent(mx);
            if (e != 0) return rescaled(a, b, CostMatrix.dense(c.rows(), c.cols(), Scaling.scalb(CostViews.rowMajor(c), -e)), f0, g0, e);
        }
        double shift = constantShift(c);
        if (shift != 0) return shifted(a, b, c, f0, g0, shift);
        return start(problem, f0, g0).run();
    }

    /**
     * {@link #solve(TransportProblem, double[], double[])} without its final pass over the plan (n·m exponentials for the
     * cost, the objectives and a recount of the marginals): for inner solves whose caller passes over the plan itself, as
     * the on-the-fly steps of entropic GW do. Only point clouds of moderate magnitude are solved this way; other costs,
     * which {@code solve} rescales or shifts first, are solved in full and the result's potentials returned. The check
     * that {@code solve} makes on that recount (a plan reported converged misses the marginals by far more than the
     * tolerance when ε is far below the rounding of the costs) is the caller's.
     */
    public Potentials solvePotentials(TransportProblem problem, double[] f0, double[] g0) {
        check(problem, f0, g0);
        if (!(problem.cost() instanceof CostMatrix.FromPoints fp) || pointExponent(fp) != 0) {
            Result r = solve(problem, f0, g0);
            return new Potentials(r.f(), r.g(), r.iterations(), r.marginalError(), r.status(), r.plan());
        }
        return start(problem, f0, g0).runPotentials();
    }

    private void check(TransportProblem problem, double[] f0, double[] g0) {
        problem.requireBalanced().requireFeasible();
        int n = problem.cost().rows(), m = problem.cost().cols();
        if ((f0 == null) != (g0 == null)) throw new IllegalArgumentException("warm start needs both f0 and g0");
        if (f0 != null && (f0.length != n || g0.length != m)) {
            throw new IllegalArgumentException("warm start potentials have lengths " + f0.length + ", " + g0.length
                    + ", expected " + n + ", " + m);
        }
        if (!options.logDomain() && options.storage() == Storage.AUTO && (long) n * m > DENSE_LIMIT) {
            throw new IllegalArgumentException("the scaling form needs a dense kernel, and " + n + "x" + m + " is above the dense limit of "
                    + DENSE_LIMIT + " entries: use the log domain");
        }
    }

    /** The exponent by which {@code solve} divides the points of a cloud cost (0: they are solved as they are). */
    private int pointExponent(CostMatrix.FromPoints fp) {
        if (options.reference() instanceof ReferenceMeasure.Function) return 0;
        int k = Metric.homogeneity(fp.metric());
        return k == 0 ? 0 : pointExponent(Math.max(maxAbs(CostViews.sourcePoints(fp)), maxAbs(CostViews.targetPoints(fp))), k);
    }

    /** The run of a problem that needs no rescaling: from f0, g0, or from the multiscale start of a large cloud. */
    private Run start(TransportProblem problem, double[] f0, double[] g0) {
        double[] a = problem.a().weights(), b = problem.b().weights();
        CostMatrix c = problem.cost();
        if (f0 == null && MultiscaleStart.applies(options, c)) {
            double[][] start = MultiscaleStart.potentials(withStorage(Storage.AUTO), a, b, (CostMatrix.FromPoints) c);
            if (start != null) return new Run(a, b, c, start[0], start[1]);
        }
        return new Run(a, b, c, f0, g0);
    }

    /**
     * The smallest finite entry of a dense cost when it is at least ε in size, else 0. Subtracting a
     * constant from C leaves the plan unchanged (it multiplies the kernel by a constant that the
     * potentials absorb), but a kernel exp(−C/ε) of costs far from 0 underflows or overflows.
     */
    private double constantShift(CostMatrix c) {
        if (!(c instanceof CostMatrix.Dense)) return 0;
        double mn = Double.POSITIVE_INFINITY;
        for (double v : CostViews.rowMajor(c)) mn = Math.min(mn, v);
        return Double.isFinite(mn) && Math.abs(mn) >= options.epsilon() ? mn : 0;
    }

    /** Solves with C − shift and maps the result back: f + shift, costs and objectives + shift × mass. */
    private Result shifted(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, double[] f0, double[] g0, double shift) {
        double[] cs = CostViews.rowMajor(c).clone();
        for (int e = 0; e < cs.length; e++) cs[e] -= shift;
        double[] f0s = null;
        if (f0 != null) {
            f0s = f0.clone();
            for (int i = 0; i < f0s.length; i++) f0s[i] -= shift;
        }
        Result r = solve(a, b, CostMatrix.dense(c.rows(), c.cols(), cs), f0s, g0);
        double planMass = Vectors.sum(r.plan().rowSums(), 0, c.rows());
        double[] f = r.f().clone();
        for (int i = 0; i < f.length; i++) f[i] += shift;
        return new Result(r.cost() + shift * planMass, r.objective() + shift * planMass, r.dualObjective() + shift * a.totalMass(),
                f, r.g(), r.iterations(), r.marginalError(), r.status(), r.epsilon(), r.plan());
    }

    /**
     * The exponent e by which to divide points of largest magnitude {@code mx} (0: solve them as they are) for a
     * metric homogeneous of degree k, whose costs then shrink by 2^(k·e) and ε with them. Points within
     * [1e-100, 1e100] stay; others are brought near 1, but never so far that ε·2^(−k·e) exceeds 2^1000 (tiny
     * points at a moderate ε: the costs are then negligible next to ε, and stay so). Throws when ε is below
     * 2^−1000 times mx^k: the ratio of the costs to ε is then beyond what the iterations can represent.
     */
    int pointExponent(double mx, int k) {
        if (mx == 0 || !Double.isFinite(mx)) return 0;
        int epsilonExponent = Scaling.exponent(options.epsilon());
        requireRatio(epsilonExponent - k * Scaling.exponent(mx), "points", mx);
        if (Scaling.isModerate(mx)) return 0;
        return Math.max(Scaling.exponent(mx), Math.floorDiv(epsilonExponent - RATIO_EXPONENT + k - 1, k));
    }

    /** {@link #pointExponent} for dense costs (degree 1) of largest finite magnitude {@code mx}. */
    private int costExponent(double mx) {
        if (mx == 0 || !Double.isFinite(mx)) return 0;
        int epsilonExponent = Scaling.exponent(options.epsilon());
        requireRatio(epsilonExponent - Scaling.exponent(mx), "costs", mx);
        if (Scaling.isModerate(mx)) return 0;
        return Math.max(Scaling.exponent(mx), epsilonExponent - RATIO_EXPONENT);
    }

    private void requireRatio(int epsilonExponent, String what, double mx) {
        if (epsilonExponent < -RATIO_EXPONENT) {
            throw new IllegalArgumentException("epsilon " + options.epsilon() + " is out of range for " + what + " as large as " + mx
                    + ": the costs exceed it by a factor beyond 2^" + RATIO_EXPONENT + " (about 1e301)");
        }
    }

    /** This solver at ε·2^(−shift), its progress reported at the original scale. */
    Sinkhorn scaledDown(int shift) {
        Progress progress = options.progress();
        Progress p = progress == null ? null : (it, eps, err) -> progress.iteration(it, Math.scalb(eps, shift), err);
        return new Sinkhorn(options.withEpsilon(Math.scalb(options.epsilon(), -shift)).withProgress(p));
    }

    /** A result of {@link #scaledDown}(shift) at the original scale: costs, objectives, potentials and ε times 2^shift. */
    static Result scaledUp(Result r, int shift) {
        return new Result(Math.scalb(r.cost(), shift), Math.scalb(r.objective(), shift), Math.scalb(r.dualObjective(), shift),
                Scaling.scalb(r.f(), shift), Scaling.scalb(r.g(), shift), r.iterations(), r.marginalError(), r.status(),
                Math.scalb(r.epsilon(), shift), r.plan());
    }

    static double maxAbs(double[][] points) {
        double mx = 0;
        for (double[] p : points) for (double v : p) mx = Math.max(mx, Math.abs(v));
        return mx;
    }

    /** Points with every coordinate times 2^exponent (exact). */
    static Matrix scalb(double[][] points, int exponent) {
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) out[i] = Scaling.scalb(points[i], exponent);
        return Matrix.of(out);
    }

    /**
     * Solves with costs divided by 2^shift (points divided by 2^e for a metric of degree k: shift = k·e) at
     * ε·2^(−shift), the same plan, and maps the result back. A transport cost or objective beyond the double
     * range is refused.
     */
    private Result rescaled(DiscreteMeasure a, DiscreteMeasure b, CostMatrix scaled, double[] f0, double[] g0, int shift) {
        Result r = scaledUp(scaledDown(shift).solve(a, b, scaled, f0 == null ? null : Scaling.scalb(f0, -shift),
                g0 == null ? null : Scaling.scalb(g0, -shift)), shift);
        if (r.status() != Status.NUMERICAL_ERROR) {
            Scaling.requireRepresentable(r.cost(), "the transport cost");
            Scaling.requireRepresentable(r.objective(), "the entropic objective");
        }
        return r;
    }

    /** One solve: the state and the three engines. */
    private final class Run {
        final double[] aw, bw;
        final int n, m;
        final CostMatrix c;
        final LogKernel kernel;
        final boolean product;
        // f-update: f_i = ε(rowTarget_i − lse_i(g/ε + colLog)); g-update symmetric.
        final double[] rowLog, colLog, rowTarget, colTarget;
        double[] f, g;
        final boolean warm;
        int iterations;
        double stageEpsilon = options.epsilon();
        double[] hintF, hintG; // each row's last log-sum-exp (the shift of the next one), at ε = hintEps
        double hintEps;
        double lastError = Double.POSITIVE_INFINITY;
        boolean numericalError;
        /** The dense kernel of the stabilised and scaling engines, one array for all stages ({@link #scalingKernel(double)}). */
        ScalingKernel scalingKernel;
        final OverRelaxation relaxation = new OverRelaxation(options.overRelaxation());
        /** Whether a relaxed step was taken: the columns then no longer fit exactly after a column update. */
        boolean relaxed;
        /** The L1 column error of the current state (0 after a plain column update), and of a half step's relaxed output. */
        double columnError, relaxedError;
        /**
         * Whether {@code columnError} is that of the current state: not at the start of a stage (a warm start's columns,
         * or those of the last stage's potentials at the new ε, are unmeasured), so a stage never stops before its first
         * column update on the rows' error alone.
         */
        boolean columnsKnown;

        Run(double[] aw, double[] bw, CostMatrix c, double[] f0, double[] g0) {
            this.aw = aw;
            this.bw = bw;
            this.n = aw.length;
            this.m = bw.length;
            this.c = c;
            this.kernel = LogKernel.of(c, options.reference());
            this.product = options.reference() instanceof ReferenceMeasure.Product;
            this.rowLog = new double[n];
            this.rowTarget = new double[n];
            this.colLog = new double[m];
            this.colTarget = new double[m];
            for (int i = 0; i < n; i++) (product ? rowLog : rowTarget)[i] = Math.log(aw[i]);
            for (int j = 0; j < m; j++) (product ? colLog : colTarget)[j] = Math.log(bw[j]);
            this.warm = f0 != null;
            this.f = warm ? f0.clone() : new double[n];
            this.g = warm ? g0.clone() : new double[m];
            if (warm) {
                for (double v : f) if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) throw invalidEntry("f0", v);
                for (double v : g) if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) throw invalidEntry("g0", v);
            }
        }

        boolean dense() {
            if (!options.logDomain()) return true;
            return switch (options.storage()) {
                case DENSE -> true;
                case ON_THE_FLY -> false;
                case AUTO -> (long) n * m <= DENSE_LIMIT;
            };
        }

        Result run() {
            return finish(iterate());
        }

        /** The potentials as the iterations leave them (see {@link Sinkhorn#solvePotentials}). */
        Potentials runPotentials() {
            boolean converged = iterate();
            boolean finite = true;
            for (double v : f) finite &= Double.isFinite(v);
            for (double v : g) finite &= Double.isFinite(v);
            Status status = numericalError || !finite ? Status.NUMERICAL_ERROR : converged ? Status.CONVERGED : Status.MAX_ITERATIONS;
            EntropicPlan plan = plan();
            double err = columnsKnown ? lastError : rowRecount(plan) + columnRecount(plan);
            return new Potentials(f, g, iterations, err, status, plan);
        }

        /** Σ_j |Σ_i π_ij − b_j| of a plan (one pass). */
        double columnRecount(EntropicPlan plan) {
            double[] cs = plan.colSums();
            double e = 0;
            for (int j = 0; j < m; j++) e += Math.abs(cs[j] - bw[j]);
            return e;
        }

        /** Σ_i |Σ_j π_ij − a_i| of a plan (one pass). */
        double rowRecount(EntropicPlan plan) {
            double[] rs = plan.rowSums();
            double e = 0;
            for (int i = 0; i < n; i++) e += Math.abs(rs[i] - aw[i]);
            return e;
        }

        /** Runs the ε stages; whether the tolerance was met at the target ε. */
        boolean iterate() {
            double[] schedule = schedule();
            boolean dense = dense();
            boolean converged = false;
            for (int s = 0; s < schedule.length && iterations < options.maxIterations() && !numericalError; s++) {
                boolean last = s == schedule.length - 1;
                double tol = EpsilonSchedule.tolerance(last, options.tolerance(), total(aw));
                int cap = EpsilonSchedule.cap(last, iterations, options.maxIterations());
                stageEpsilon = schedule[s];
                relaxation.startStage();
                boolean anderson = options.anderson() > 0;
                converged = dense ? anderson ? scalingAnderson(schedule[s], tol, cap) : scaling(schedule[s], tol, cap)
                        : anderson ? logSumExpAnderson(schedule[s], tol, cap) : logSumExp(schedule[s], tol, cap);
            }
            return converged && stageEpsilon == options.epsilon();
        }

        /** The ε-scaling stages: just ε for the scaling form and for a warm start. */
        double[] schedule() {
            boolean epsilonScaling = options.logDomain() && !warm;
            return EpsilonSchedule.stages(options.epsilon(), epsilonScaling ? options.epsilonScaling() : 0, c);
        }

        /**
         * The shifts of the log-sum-exp rows at a new ε: from a warm start's potentials (f_i = ε(rowTarget_i − lse_i) gives
         * each row's scale), none yet, or the last stage's carried over (lse_i ≈ −f_i/ε).
         */
        void initHints(double eps) {
            if (hintF == null && warm) {
                hintF = new double[n];
                hintG = new double[m];
                for (int i = 0; i < n; i++) hintF[i] = rowTarget[i] - f[i] / eps;
                for (int j = 0; j < m; j++) hintG[j] = colTarget[j] - g[j] / eps;
            } else if (hintF == null) {
                hintF = nanHints(n);
                hintG = nanHints(m);
            } else {
                for (int i = 0; i < n; i++) hintF[i] *= hintEps / eps;
                for (int j = 0; j < m; j++) hintG[j] *= hintEps / eps;
            }
            hintEps = eps;
        }

        /** Log-sum-exp updates on the fly. Returns whether the tolerance was met at this ε. */
        boolean logSumExp(double eps, double tol, int cap) {
            initHints(eps);
            LogKernel kt = kernel.transpose();
            double[] fNew = new double[n], gNew = new double[m];
            columnsKnown = false;
            while (iterations < cap) {
                double omega = relaxation.omega();
                double err = halfStep(kernel, eps, g, colLog, rowTarget, aw, f, fNew, hintF, omega) + columnError;
                lastError = err;
                if (err <= tol && columnsKnown) return true;
                relaxation.observe(err);
                iterations++;
                double[] t = f; f = fNew; fNew = t;
                halfStep(kt, eps, f, rowLog, colTarget, bw, g, gNew, hintG, omega);
                columnError = relaxedError;
                columnsKnown = true;
                t = g; g = gNew; gNew = t;
                if (options.progress() != null) options.progress().iteration(iterations, eps, err);
            }
            return false;
        }

        /**
         * out_i = ε(target_i − lse_i(other/ε + otherLog)), the plain update, then moved to cur_i + ω'(out_i − cur_i)
         * with ω' = {@link OverRelaxation#safe}(omega, (out_i − cur_i)/ε); returns Σ_i w_i |exp((cur_i − out_i)/ε) − 1|,
         * the L1 error of the current state's sums on this side, and leaves that of the relaxed output (0 for
         * omega = 1) in {@code relaxedError}.
         */
        double halfStep(LogKernel k, double eps, double[] other, double[] otherLog, double[] target, double[] w,
                        double[] cur, double[] out, double[] hint, double omega) {
            double invEps = 1 / eps;
            double[] wv = new double[other.length];
            for (int j = 0; j < wv.length; j++) wv[j] = other[j] * invEps + otherLog[j];
            double[] errs = new double[k.n];
            double[] after = omega == 1 ? null : new double[k.n];
            IntStream.range(0, k.n).parallel().forEach(i -> {
                double l = k.lse(i, wv, invEps, hint[i]);
                hint[i] = l;
                double plain = eps * (target[i] - l);
                out[i] = plain;
                if (w[i] > 0) errs[i] = w[i] * Math.abs(Math.exp((cur[i] - plain) * invEps) - 1);
                if (after != null && w[i] > 0 && Double.isFinite(cur[i]) && Double.isFinite(plain)) {
                    double x = (plain - cur[i]) * invEps;
                    double om = OverRelaxation.safe(omega, x);
                    if (om != 1) {
                        out[i] = cur[i] + om * (plain - cur[i]);
                        after[i] = w[i] * Math.abs(Math.expm1((om - 1) * x));
                    }
                }
            });
            relaxedError = after == null ? 0 : sum(after);
            if (omega != 1) relaxed = true;
            return sum(errs);
        }

        /**
         * {@link #logSumExp} with Anderson acceleration of g. One iteration is f ← F(g) (plain, so the rows fit), then the
         * column update g* = G(f), over-relaxed where safe to T(g); the L1 error of the state (f, g) is then its column
         * error, which the column half step measures. That error is the residual Anderson minimises, so its safeguard
         * compares like with like: an extrapolated g whose state has a larger error than the state before is dropped for
         * T of that state. Returns whether the tolerance was met; the state left in (f, g) is the last one measured.
         */
        boolean logSumExpAnderson(double eps, double tol, int cap) {
            initHints(eps);
            LogKernel kt = kernel.transpose();
            double[] fNew = new double[n], gNew = new double[m];
            AndersonAcceleration anderson = new AndersonAcceleration(options.anderson(), bw);
            while (iterations < cap) {
                halfStep(kernel, eps, g, colLog, rowTarget, aw, f, fNew, hintF, 1);
                double[] t = f; f = fNew; fNew = t;
                double omega = relaxation.omega();
                double err = halfStep(kt, eps, f, rowLog, colTarget, bw, g, gNew, hintG, omega);
                iterations++;
                lastError = err;
                if (options.progress() != null) options.progress().iteration(iterations, eps, err);
                if (err <= tol || iterations >= cap) {
                    settle(err);
                    return err <= tol;
                }
                if (!anderson.accept(err)) { // the extrapolated g raised the error: go on from T of the state before
                    System.arraycopy(anderson.fallback(), 0, g, 0, m);
                    continue;
                }
                relaxation.observe(err);
                anderson.extrapolate(g, gNew, gNew);
                t = g; g = gNew; gNew = t;
            }
            settle(lastError);
            return false;
        }

        /** The state (f, g) is returned as it is: its rows fit, its columns miss by {@code err}. */
        void settle(double err) {
            columnError = err;
            columnsKnown = true;
            relaxed = true;
        }

        /**
         * {@link #scaling} with Anderson acceleration of log v, as in {@link #logSumExpAnderson}: a plain row update
         * (so the rows of (u, v) fit), the column error of (u, v) from the accumulated Kᵀu, then T(log v) = the over-relaxed
         * column update in log form, extrapolated. Scalings that leave the safe range are absorbed into the kernel (the
         * history restarts); a kernel row that underflows ends the run in the scaling form, or is redone by exact
         * log-sum-exp updates in the stabilised one.
         */
        boolean scalingAnderson(double eps, double tol, int cap) {
            double invEps = 1 / eps;
            double[] p = expAll(rowLog), q = expAll(colLog), alpha = expAll(rowTarget), beta = expAll(colTarget);
            ScalingKernel scalingKernel = scalingKernel(invEps);
            double[] u = ones(n), v = ones(m), uNew = new double[n], plain = new double[m], qv = new double[m];
            double[] x = new double[m], tx = new double[m];
            AndersonAcceleration anderson = new AndersonAcceleration(options.anderson(), bw);
            double err = Double.POSITIVE_INFINITY;
            while (iterations < cap) {
                for (int j = 0; j < m; j++) qv[j] = q[j] * v[j];
                scalingKernel.rowPass(qv, p, alpha, u, uNew, aw, 1);
                scalingKernel.columnUpdate(beta, v, plain, bw, 1);
                iterations++;
                if (!finiteScalings(uNew, alpha) || !finiteScalings(plain, beta)) {
                    if (!options.logDomain()) {
                        absorb(u, v, eps); // the last good state
                        numericalError = true;
                        return false;
                    }
                    rescue(scalingKernel, u, v, eps, uNew, plain);
                    anderson.restart();
                    continue;
                }
                double[] t = u; u = uNew; uNew = t;
                err = 0;
                for (int j = 0; j < m; j++) if (plain[j] > 0) err += bw[j] * Math.abs(v[j] / plain[j] - 1);
                lastError = err;
                if (options.progress() != null) options.progress().iteration(iterations, eps, err);
                if (err <= tol || iterations >= cap) break;
                if (!anderson.accept(err)) { // the extrapolated v raised the error: go on from T of the state before
                    double[] back = anderson.fallback();
                    for (int j = 0; j < m; j++) v[j] = Math.exp(back[j]);
                    continue;
                }
                relaxation.observe(err);
                double omega = relaxation.omega();
                for (int j = 0; j < m; j++) {
                    x[j] = Math.log(v[j]);
                    tx[j] = Math.log(ScalingKernel.relaxed(v[j], plain[j], omega));
                }
                anderson.extrapolate(x, tx, x);
                for (int j = 0; j < m; j++) v[j] = Math.exp(x[j]);
                if (!finiteScalings(v, beta)) { // an extrapolation beyond the double range: take T's output
                    for (int j = 0; j < m; j++) v[j] = Math.exp(tx[j]);
                    anderson.restart();
                }
                if (options.logDomain() && (maxAbsLog(u, alpha) > ABSORB || maxAbsLog(v, beta) > ABSORB)) {
                    absorbIntoKernel(scalingKernel, u, v, eps);
                    anderson.restart();
                }
            }
            absorb(u, v, eps);
            settle(err);
            return err <= tol;
        }

        /** Scaling iterations on a dense (stabilised) kernel. */
        boolean scaling(double eps, double tol, int cap) {
            double invEps = 1 / eps;
            double[] p = expAll(rowLog), q = expAll(colLog), alpha = expAll(rowTarget), beta = expAll(colTarget);
            ScalingKernel scalingKernel = scalingKernel(invEps);
            double[] u = ones(n), v = ones(m), uNew = new double[n], vNew = new double[m];
            double[] qv = new double[m];
            columnsKnown = false;
            while (iterations < cap) {
                for (int j = 0; j < m; j++) qv[j] = q[j] * v[j];
                double omega = relaxation.omega();
                double err = scalingKernel.rowPass(qv, p, alpha, u, uNew, aw, omega) + columnError;
                lastError = err;
                if (err <= tol && columnsKnown) {
                    absorb(u, v, eps);
                    return true;
                }
                relaxation.observe(err);
                if (omega != 1) relaxed = true;
                columnError = scalingKernel.columnUpdate(beta, v, vNew, bw, omega);
                columnsKnown = true;
                iterations++;
                boolean bad = !finiteScalings(uNew, alpha) || !finiteScalings(vNew, beta);
                if (bad) {
                    if (!options.logDomain()) {
                        numericalError = true;
                        absorb(u, v, eps);
                        return false;
                    }
                    rescue(scalingKernel, u, v, eps, uNew, vNew);
                } else {
                    double[] t = u; u = uNew; uNew = t;
                    t = v; v = vNew; vNew = t;
                    if (options.logDomain() && (maxAbsLog(u, alpha) > ABSORB || maxAbsLog(v, beta) > ABSORB)) {
                        absorbIntoKernel(scalingKernel, u, v, eps);
                    }
                }
                if (options.progress() != null) options.progress().iteration(iterations, eps, err);
            }
            absorb(u, v, eps);
            return false;
        }

        /**
         * The dense kernel of the current potentials at 1/ε = invEps: built at the first stage, rebuilt in place at the later
         * ones (an n×m array a stage would otherwise be allocated, first touched and collected each time).
         */
        ScalingKernel scalingKernel(double invEps) {
            if (scalingKernel == null) scalingKernel = new ScalingKernel(kernel, f, g, invEps);
            else scalingKernel.rebuild(f, g, invEps);
            return scalingKernel;
        }

        /** f += ε log u, g += ε log v, the kernel rebuilt for the new potentials, u = v = 1. */
        void absorbIntoKernel(ScalingKernel k, double[] u, double[] v, double eps) {
            absorb(u, v, eps);
            k.rebuild(f, g, 1 / eps);
            Arrays.fill(u, 1);
            Arrays.fill(v, 1);
        }

        /**
         * A scaling left the double range or a kernel row underflowed (stabilised engines): from the last good state (u, v),
         * absorbed into (f, g), one exact log-sum-exp row update and column update, after which the columns fit; then the
         * kernel of those potentials, u = v = 1. scratchN, scratchM: work arrays of lengths n and m.
         */
        void rescue(ScalingKernel k, double[] u, double[] v, double eps, double[] scratchN, double[] scratchM) {
            absorb(u, v, eps);
            halfStep(kernel, eps, g, colLog, rowTarget, aw, f, scratchN, nanHints(n), 1);
            System.arraycopy(scratchN, 0, f, 0, n);
            halfStep(kernel.transpose(), eps, f, rowLog, colTarget, bw, g, scratchM, nanHints(m), 1);
            System.arraycopy(scratchM, 0, g, 0, m);
            columnError = 0;
            columnsKnown = true;
            k.rebuild(f, g, 1 / eps);
            Arrays.fill(u, 1);
            Arrays.fill(v, 1);
        }

        /** f += ε log u, g += ε log v. */
        void absorb(double[] u, double[] v, double eps) {
            for (int i = 0; i < n; i++) f[i] += eps * Math.log(u[i]);
            for (int j = 0; j < m; j++) g[j] += eps * Math.log(v[j]);
        }

        /** The result at the ε of the last stage run (the target ε unless the iterations ran out earlier). */
        Result finish(boolean converged) {
            double eps = stageEpsilon, invEps = 1 / eps;
            EntropicPlan plan = plan();
            double[] lp = plan.rowLog(), w = plan.colLog();
            double[] rs = new double[n], rc = new double[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                double[] o = new double[2];
                kernel.planRow(i, lp[i], w, invEps, o);
                rs[i] = o[0];
                rc[i] = o[1];
            });
            double cost = sum(rc), mass = sum(rs), err = 0, fr = 0, fa = 0, gb = 0;
            for (int i = 0; i < n; i++) {
                err += Math.abs(rs[i] - aw[i]);
                if (rs[i] > 0) fr += rs[i] * f[i];
                if (aw[i] > 0) fa += aw[i] * f[i];
            }
            for (int j = 0; j < m; j++) if (bw[j] > 0) gb += bw[j] * g[j];
            // after relaxed steps the columns fit only up to the column error that the last column update measured; a
            // stage that ended (out of iterations) before its first column update never measured them
            if (!columnsKnown) err += columnRecount(plan);
            else if (relaxed) err += columnError;
            double refMass = referenceMass();
            double objective = fr + gb - eps * mass + eps * refMass;
            double dual = fa + gb - eps * mass + eps * refMass;
            // converged by the loop's measure, yet the plan of the returned potentials misses the marginals by far
            // more: ε so far below the costs that rounding in f ⊕ g − C (about 1e-16·|C|) dominates (f ⊕ g − C)/ε
            boolean unresolved = converged && err > LOST_PRECISION * options.tolerance() + 1e-12 * total(aw);
            Status status = numericalError || unresolved || !Double.isFinite(cost) || !Double.isFinite(objective)
                    ? Status.NUMERICAL_ERROR : converged ? Status.CONVERGED : Status.MAX_ITERATIONS;
            return new Result(cost, objective, dual, f, g, iterations, err, status, eps, plan);
        }

        /** The plan of the current potentials at the ε of the last stage run, as a lazy view. */
        EntropicPlan plan() {
            double invEps = 1 / stageEpsilon;
            double[] lp = new double[n], w = new double[m];
            for (int i = 0; i < n; i++) lp[i] = f[i] * invEps + rowLog[i];
            for (int j = 0; j < m; j++) w[j] = g[j] * invEps + colLog[j];
            return new EntropicPlan(kernel, lp, w, invEps);
        }

        /** Σ_ij R_ij. */
        double referenceMass() {
            if (product) return total(aw) * total(bw);
            double[] zeros = new double[m];
            double[] s = new double[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                double[] o = new double[2];
                kernel.planRow(i, 0, zeros, 0, o);
                s[i] = o[0];
            });
            return sum(s);
        }
    }

    private static IllegalArgumentException invalidEntry(String name, double v) {
        return new IllegalArgumentException(name + " has an invalid entry: " + v);
    }

    private static boolean finiteScalings(double[] u, double[] target) {
        for (int i = 0; i < u.length; i++) {
            if (!Double.isFinite(u[i]) || (u[i] == 0 && target[i] > 0)) return false;
        }
        return true;
    }

    private static double maxAbsLog(double[] u, double[] target) {
        double mx = 0;
        for (int i = 0; i < u.length; i++) if (target[i] > 0) mx = Math.max(mx, Math.abs(Math.log(u[i])));
        return mx;
    }

    private static double[] nanHints(int n) {
        double[] h = new double[n];
        Arrays.fill(h, Double.NaN);
        return h;
    }

    private static double[] expAll(double[] x) {
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) e[i] = Math.exp(x[i]);
        return e;
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }

    static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    private static double total(double[] x) { return sum(x); }
}
