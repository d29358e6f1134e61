package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.KernelRows;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.internal.AndersonAcceleration;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Entropic unbalanced optimal transport with KL-relaxed marginals,
 * <pre>  min_π ⟨π, C⟩ + ε KL(π ‖ a⊗b) + τ_a KL(π1 ‖ a) + τ_b KL(πᵀ1 ‖ b)</pre>
 * over non-negative π, with the generalised KL(p ‖ q) = Σ p log(p/q) − p + q (Chizat, Peyré, Schmitzer &amp;
 * Vialard 2018; Séjourné, Feydy, Vialard, Trouvé &amp; Peyré 2019). The masses of a and b need not agree. A
 * penalty τ = +∞ makes that marginal an exact constraint (semi-unbalanced); τ_a = τ_b = +∞ is balanced Sinkhorn.
 *
 * <p><b>Total variation.</b> Either penalty may instead be ρ TV(π1, a) = ρ Σ|π1 − a| ({@link MarginalPenalty#tv},
 * {@link #withTv}): mass created or destroyed at the fixed price ρ a unit. Its conjugate turns the update of that
 * potential into the balanced one, f_i = −ε LSE_j(…), clamped to [−ρ, ρ] (Chizat et al. 2018, the aprox operator of
 * TV; Séjourné et al. 2019); the dual term is ⟨a, min(f, ρ)⟩. Derivation in docs/mathematics.md §6.
 *
 * <p>The optimum is π_ij = a_i b_j exp((f_i + g_j − c_ij)/ε), and its first-order conditions
 * f = −τ_a log(π1/a), g = −τ_b log(πᵀ1/b) give the log-domain updates
 * <pre>  f_i ← −κ_a ε LSE_j(log b_j + (g_j − c_ij)/ε),   g_j ← −κ_b ε LSE_i(log a_i + (f_i − c_ij)/ε)</pre>
 * with κ = τ/(τ + ε) (1 for τ = +∞). They are the scaling iterations u ← (a/Kv)^κ of Chizat et al. (2018),
 * as in POT's {@code sinkhorn_unbalanced}, written for the kernel a_i b_j e^{−c_ij/ε}; each is the exact
 * maximisation of the dual objective (below) in f, respectively g.
 *
 * <p><b>Translation step.</b> Alone, these updates contract the direction (f + λ, g − λ), which leaves the plan
 * unchanged and moves only the masses' penalty terms, by about κ_a κ_b per iteration: of the order of τ/ε
 * iterations, hundreds at ε = 0.01, τ = 1. After each pair of updates the dual is therefore also maximised along
 * that direction, in closed form: with A = Σ a_i e^{−f_i/τ_a} and B = Σ b_j e^{−g_j/τ_b},
 * λ* = (τ_a τ_b/(τ_a + τ_b)) log(A/B) (λ* = τ_b log(Σa/B) for τ_a = ∞, τ_a log(A/Σb) for τ_b = ∞), which is
 * the translation-invariant Sinkhorn of Séjourné, Vialard &amp; Peyré, "Faster unbalanced optimal transport:
 * translation invariant Sinkhorn and 1-D Frank-Wolfe", AISTATS 2022, in its simplest form: block coordinate
 * ascent on the dual with one more block. The iteration count then behaves like balanced Sinkhorn's.
 *
 * <p><b>Engines.</b> The kernel rows come from org.monge.discrete.entropic ({@link KernelRows}, the LogKernel of
 * {@link Sinkhorn}). Up to {@link Sinkhorn#DENSE_LIMIT}/2 entries the iterations run on a dense stabilised kernel
 * with the potentials absorbed ({@code StabilisedRows}: multiply-adds, m + n exponentials an iteration); above, on
 * log-sum-exps of costs computed on the fly from two point clouds (O(n + m) memory, squared-Euclidean fast path),
 * each one pass shifted by the row's previous value with a max pass only where needed, rows in parallel. ε-scaling (θ = ½ by
 * default) runs stages ε_k = max(ε, s·θ^k) from the cost scale s, each warm-started, at most
 * {@link Sinkhorn#STAGE_ITERATIONS} iterations before the last. Point clouds of at least
 * {@link Sinkhorn#MULTISCALE_MIN} points a side with costs on the fly start from the multiscale warm start: the
 * same problem between grid-clustered clouds (an eighth of the points, recursively), carried over by one
 * unbalanced c-transform each, after which the full problem runs at the target ε only. A warm start from given
 * potentials skips both.
 *
 * <p><b>Reach.</b> {@link #withReach}(ρ, p) sets τ_a = τ_b = ρ^p for a cost c = d(x, y)^p, the convention of
 * GeomLoss (Feydy 2020): mass further than about ρ from any target is destroyed rather than moved. GeomLoss's
 * own cost for p = 2 is d²/2, so its numbers are met with the cost d²/2 here.
 *
 * <p><b>Stopping.</b> The run stops on the fixed-point residual: at the top of each pass, the L1 change that the next
 * plain updates would make to the transported marginals, Σ_i (π1)_i |e^{(f_i⁺ − f_i)/ε} − 1| + Σ_j (πᵀ1)_j |e^{(g_j⁺ − g_j)/ε} − 1|,
 * and their change of the potentials relative to ε, (max_i |f⁺ − f| + max_j |g⁺ − g|)/ε (a bound on the relative change of
 * every plan entry), must both be at most the tolerance. The row side comes from that pass's log-sum-exps, the column
 * side from those of the last g-update shifted by the translation, so a stop costs no extra pass; both vanish exactly
 * at the fixed point (docs/mathematics.md §6). A potential that becomes non-finite ends the run with NUMERICAL_ERROR.
 *
 * <p><b>Anderson acceleration</b> ({@link #withAnderson}, on by default) of g, as in balanced {@link Sinkhorn}: with the
 * f-update plain, one iteration (f-update, g-update, translation) is a map g ← T(g), extrapolated from its last outputs
 * (Walker &amp; Ni 2011); the state (f, g_extrapolated) is judged by its own marginal change at the top of the next pass,
 * and dropped for T's output when that change exceeds the one before (docs/mathematics.md §6).
 *
 * <p>Cost per iteration: 2·m·n multiply-adds (stabilised kernel) or exponentials (on the fly); the result takes the
 * marginals of the last pass and, on the fly, ⟨π, C⟩ summed in the row passes of the last ε-stage (one pass on the
 * stabilised kernel). Memory: O(m + n) on the fly; the stabilised kernel holds 2·m·n doubles
 * (and a dense cost its transpose).
 */
public final class UnbalancedSinkhorn {
    /** Above this many cost entries the row and column passes run in parallel. */
    private static final int PARALLEL_ENTRIES = 1 << 16;
    /** Up to this many entries the iterations run on a dense stabilised kernel (two copies: 2 · 8 bytes an entry). */
    private static final long STABILISED_LIMIT = Sinkhorn.DENSE_LIMIT / 2;

    public enum Status {
        CONVERGED, MAX_ITERATIONS, NUMERICAL_ERROR;

        /** Whether the marginal change met the tolerance. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result. f, g the dual potentials; {@code plan} π_ij = a_i b_j exp((f_i + g_j − c_ij)/ε), computed lazily
     * from the potentials; {@code cost} = ⟨π, C⟩; {@code objective} the primal objective above, a term
     * with τ = +∞ left out (ρ TV for a TV side); {@code dualObjective} = −τ_a ⟨a, e^{−f/τ_a} − 1⟩ − τ_b ⟨b, e^{−g/τ_b} − 1⟩
     * − ε (Σπ − Σa·Σb) (⟨a, f⟩ for τ_a = +∞, ⟨a, min(f, ρ_a)⟩ for TV; equal to the objective at the optimum);
     * {@code rowMarginal} π1 and {@code colMarginal} πᵀ1 of the returned plan and {@code transportedMass}
     * Σπ; {@code iterations} counted over all ε-stages (the multiscale start's coarse solves not included);
     * {@code marginalChange} the L1 change of the marginals and {@code potentialChange} the change of the
     * potentials relative to ε that the next plain updates would make, measured last (see Stopping above).
     */
    public record Result(double[] f, double[] g, TransportPlan plan, double cost, double objective, double dualObjective,
                         double[] rowMarginal, double[] colMarginal, double transportedMass, int iterations,
                         double marginalChange, double potentialChange, Status status) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * The configuration: {@code epsilon} ε (positive, finite); {@code penaltyA}, {@code penaltyB} the marginal
     * penalties (KL(τ), TV(ρ) or exact; {@link #tauA()}, {@link #tauB()} read τ of a KL side); {@code tolerance}
     * the L1 marginal change at which a run stops, and of the potentials relative to ε (finite, non-negative);
     * {@code maxIterations} at least 1;
     * {@code epsilonScaling} the factor θ in [0, 1) of the ε-scaling stages (0: none); {@code multiscale} the warm
     * start of large point clouds; {@code storage} DENSE for the stabilised kernel, ON_THE_FLY for log-sum-exps on
     * the costs, AUTO for the first up to {@link Sinkhorn#DENSE_LIMIT}/2 entries; {@code overRelaxation} the largest
     * factor ω in [1, 2) ({@link UnbalancedSinkhorn#withOverRelaxation}); {@code anderson} the memory of Anderson
     * acceleration of g, 0 for none ({@link UnbalancedSinkhorn#withAnderson}). Checked when built.
     */
    public record Options(double epsilon, MarginalPenalty penaltyA, MarginalPenalty penaltyB, double tolerance, int maxIterations,
                          double epsilonScaling, boolean multiscale, Sinkhorn.Storage storage, double overRelaxation, int anderson) {
        public Options {
            if (anderson < 0 || anderson > Sinkhorn.Options.MAX_ANDERSON) {
                throw new IllegalArgumentException("Anderson memory must be in [0, " + Sinkhorn.Options.MAX_ANDERSON
                        + "] (0 turns it off), got " + anderson);
            }
            Checks.positiveFinite(epsilon, "epsilon");
            if (penaltyA == null) throw new IllegalArgumentException("penaltyA must not be null");
            if (penaltyB == null) throw new IllegalArgumentException("penaltyB must not be null");
            Checks.nonNegativeFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
            if (!(epsilonScaling >= 0 && epsilonScaling < 1)) {
                throw new IllegalArgumentException("epsilon scaling factor must be in [0, 1), got " + epsilonScaling);
            }
            if (storage == null) throw new IllegalArgumentException("storage must not be null");
            if (!(overRelaxation >= 1 && overRelaxation < 2)) {
                throw new IllegalArgumentException("over-relaxation factor must be in [1, 2) (1 turns it off), got " + overRelaxation);
            }
        }

        /**
         * KL penalties τ_a = τ_b = 1, tolerance 1e-9, 10000 iterations, ε-scaling by ½, multiscale on, storage chosen by
         * size, over-relaxation up to {@link Sinkhorn.Options#DEFAULT_OVER_RELAXATION}, Anderson acceleration with memory
         * {@link Sinkhorn.Options#DEFAULT_ANDERSON}.
         */
        public static Options defaults(double epsilon) {
            return new Options(epsilon, MarginalPenalty.kl(1), MarginalPenalty.kl(1), 1e-9, 10000, 0.5, true, Sinkhorn.Storage.AUTO,
                    Sinkhorn.Options.DEFAULT_OVER_RELAXATION, Sinkhorn.Options.DEFAULT_ANDERSON);
        }

        /** τ_a of a KL source penalty, +∞ for an exact source marginal; refused for a TV penalty. */
        public double tauA() { return tau(penaltyA, "tauA"); }

        /** τ_b of a KL target penalty, +∞ for an exact target marginal; refused for a TV penalty. */
        public double tauB() { return tau(penaltyB, "tauB"); }

        private static double tau(MarginalPenalty p, String name) {
            if (p.kind() == MarginalPenalty.Kind.TV) {
                throw new IllegalArgumentException(name + ": the penalty is " + p + ", not a KL penalty");
            }
            return p.weight();
        }

        Options with(MarginalPenalty pa, MarginalPenalty pb, double tolerance, int maxIterations, double epsilonScaling,
                     boolean multiscale) {
            return new Options(epsilon, pa, pb, tolerance, maxIterations, epsilonScaling, multiscale, storage, overRelaxation, anderson);
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

    /** KL penalties τ_a = τ_b = tau (positive, or +∞ for balanced OT). */
    public UnbalancedSinkhorn withTau(double tau) {
        return withPenalties(kl(tau, "tauA"), kl(tau, "tauB"));
    }

    /** The KL penalty τ_a of the source marginal (positive, or +∞ for an exact source marginal). */
    public UnbalancedSinkhorn withTauA(double tau) {
        return withPenalties(kl(tau, "tauA"), options.penaltyB());
    }

    /** The KL penalty τ_b of the target marginal (positive, or +∞ for an exact target marginal). */
    public UnbalancedSinkhorn withTauB(double tau) {
        return withPenalties(options.penaltyA(), kl(tau, "tauB"));
    }

    /** Total-variation penalties ρ_a = ρ_b = rho: mass created or destroyed at the price rho a unit (positive, or +∞). */
    public UnbalancedSinkhorn withTv(double rho) {
        return withPenalties(MarginalPenalty.tv(rho), MarginalPenalty.tv(rho));
    }

    /** The penalties of the source and target marginals (KL, TV or exact, mixed as wanted). */
    public UnbalancedSinkhorn withPenalties(MarginalPenalty source, MarginalPenalty target) {
        Options o = options;
        return of(o.with(source, target, o.tolerance(), o.maxIterations(), o.epsilonScaling(), o.multiscale()));
    }

    private static MarginalPenalty kl(double tau, String name) {
        if (!(tau > 0)) throw new IllegalArgumentException(name + " must be positive (or +infinity), got " + tau);
        return MarginalPenalty.kl(tau);
    }

    /** τ_a = τ_b = reach^p for a cost d(x, y)^p (GeomLoss's convention; reach positive or +∞, p ≥ 1). */
    public UnbalancedSinkhorn withReach(double reach, double p) {
        if (!(reach > 0)) throw new IllegalArgumentException("reach must be positive (or +infinity), got " + reach);
        Checks.exponent(p, "p");
        return withTau(Math.pow(reach, p));
    }

    public UnbalancedSinkhorn withTolerance(double tol) {
        Options o = options;
        return of(o.with(o.penaltyA(), o.penaltyB(), tol, o.maxIterations(), o.epsilonScaling(), o.multiscale()));
    }

    public UnbalancedSinkhorn withMaxIterations(int n) {
        Options o = options;
        return of(o.with(o.penaltyA(), o.penaltyB(), o.tolerance(), n, o.epsilonScaling(), o.multiscale()));
    }

    /** ε-scaling factor θ in (0, 1); 0 turns ε-scaling off. */
    public UnbalancedSinkhorn withEpsilonScaling(double factor) {
        Options o = options;
        return of(o.with(o.penaltyA(), o.penaltyB(), o.tolerance(), o.maxIterations(), factor, o.multiscale()));
    }

    /** The multiscale warm start of large point clouds (default on; see the class comment). */
    public UnbalancedSinkhorn withMultiscale(boolean on) {
        Options o = options;
        return of(o.with(o.penaltyA(), o.penaltyB(), o.tolerance(), o.maxIterations(), o.epsilonScaling(), on));
    }

    /** How the kernel is held: DENSE (stabilised kernel), ON_THE_FLY (log-sum-exps on the costs) or AUTO (by size). */
    public UnbalancedSinkhorn withStorage(Sinkhorn.Storage storage) {
        Options o = options;
        return of(new Options(o.epsilon(), o.penaltyA(), o.penaltyB(), o.tolerance(), o.maxIterations(), o.epsilonScaling(), o.multiscale(),
                storage, o.overRelaxation(), o.anderson()));
    }

    /**
     * The largest over-relaxation factor ω in [1, 2) (default {@link Sinkhorn.Options#DEFAULT_OVER_RELAXATION}); 1 turns
     * it off. As in balanced {@link Sinkhorn#withOverRelaxation}: each ε-stage starts plain, ω follows the measured
     * contraction, and a potential moves ω times as far as its plain update only where that keeps at least a fixed
     * fraction of the plain step's increase of the dual, computed for its penalty ({@code MarginalPenalty.relax}; TV
     * sides stay plain). The fixed point is the same; only the iterations to reach it change.
     */
    public UnbalancedSinkhorn withOverRelaxation(double omega) {
        Options o = options;
        return of(new Options(o.epsilon(), o.penaltyA(), o.penaltyB(), o.tolerance(), o.maxIterations(), o.epsilonScaling(), o.multiscale(),
                o.storage(), omega, o.anderson()));
    }

    /**
     * Anderson acceleration of the target potentials g with this memory (default {@link Sinkhorn.Options#DEFAULT_ANDERSON};
     * 0 turns it off), on both engines and for every penalty. One whole iteration (plain f-update, g-update over-relaxed
     * where safe, translation) is the fixed-point map g ← T(g), and its last outputs are combined so that the residual is
     * least in the b-weighted 2-norm ({@code AndersonAcceleration}); a TV side's extrapolated g is clamped to [−ρ, ρ].
     * Safeguard, as in balanced {@link Sinkhorn#withAnderson}: the marginal change of an extrapolated state (see Stopping)
     * is measured by the next row pass; if it exceeds that of the state before, the extrapolation is dropped, the run goes
     * on from T of that state and the history restarts (the wasted pass counts as an iteration). The fixed point is the
     * same; only the iterations to reach it change.
     */
    public UnbalancedSinkhorn withAnderson(int memory) {
        Options o = options;
        return of(new Options(o.epsilon(), o.penaltyA(), o.penaltyB(), o.tolerance(), o.maxIterations(), o.epsilonScaling(), o.multiscale(),
                o.storage(), o.overRelaxation(), memory));
    }

    public Options options() { return options; }

    /** Solves the problem; its masses may differ. Throws when a row or column of a dense cost has no finite entry. */
    public Result solve(TransportProblem problem) {
        return solve(problem, null, null);
    }

    /** {@link #solve(TransportProblem)} warm-started from potentials f0, g0 (both or neither; no ε-scaling, no multiscale start). */
    public Result solve(TransportProblem problem, double[] f0, double[] g0) {
        if (problem == null) throw new IllegalArgumentException("problem must not be null");
        int m = problem.rows(), n = problem.cols();
        CostMatrix c = problem.cost();
        if ((f0 == null) != (g0 == null)) throw new IllegalArgumentException("warm start needs both f0 and g0");
        if (f0 != null) {
            if (f0.length != m || g0.length != n) {
                throw new IllegalArgumentException("warm start potentials have lengths " + f0.length + ", " + g0.length + ", expected "
                        + m + ", " + n);
            }
            Checks.finite(f0, m, "f0");
            Checks.finite(g0, n, "g0");
        }
        if (c instanceof CostMatrix.Dense) Checks.feasible(m, n, CostViews.rowMajor(c), Double.POSITIVE_INFINITY, i -> true, j -> true);
        double[] a = problem.a().weights(), b = problem.b().weights();
        if (f0 == null && multiscaleApplies(c)) {
            double[][] start = multiscaleStart(a, b, (CostMatrix.FromPoints) c);
            if (start != null) return new Run(a, b, c, start[0], start[1]).run();
        }
        return new Run(a, b, c, f0, g0).run();
    }

    /** Whether the multiscale warm start applies: on, point clouds of at least MULTISCALE_MIN a side, costs on the fly. */
    private boolean multiscaleApplies(CostMatrix c) {
        return options.multiscale() && c instanceof CostMatrix.FromPoints && !stabilised(c.rows(), c.cols())
                && Math.min(c.rows(), c.cols()) >= Sinkhorn.MULTISCALE_MIN;
    }

    /** Whether the iterations run on the dense stabilised kernel. */
    private boolean stabilised(int m, int n) {
        return switch (options.storage()) {
            case DENSE -> true;
            case ON_THE_FLY -> false;
            case AUTO -> (long) m * n <= STABILISED_LIMIT;
        };
    }

    /**
     * Potentials (f0, g0) from the same problem between the clouds clustered into about an eighth of their points
     * (solved by this solver, so recursively multiscale while large), each carried over to the points by one
     * unbalanced c-transform against the other clustered cloud; null where the coarse solve broke down.
     */
    private double[][] multiscaleStart(double[] a, double[] b, CostMatrix.FromPoints c) {
        double[][] xs = CostViews.sourcePoints(c), ys = CostViews.targetPoints(c);
        KernelRows.Cloud cx = KernelRows.coarsen(xs, a, Math.max(1, xs.length / 8));
        KernelRows.Cloud cy = KernelRows.coarsen(ys, b, Math.max(1, ys.length / 8));
        Result r = solve(TransportProblem.of(DiscreteMeasure.of(cx.weights()), DiscreteMeasure.of(cy.weights()),
                CostMatrix.fromPoints(Matrix.of(cx.points()), Matrix.of(cy.points()), c.metric())));
        if (r.status() == Status.NUMERICAL_ERROR) return null;
        double eps = options.epsilon();
        return new double[][] {
                transform(xs, cy, r.g(), c, options.penaltyA(), eps),
                transform(ys, cx, r.f(), c, options.penaltyB(), eps)};
    }

    /** u(p) = penalty.update(log Σ_J w_J exp((pot_J − c(p, P_J))/ε)) at each point p: the update of u against a clustered cloud. */
    private static double[] transform(double[][] points, KernelRows.Cloud coarse, double[] pot, CostMatrix.FromPoints c,
                                      MarginalPenalty penalty, double eps) {
        KernelRows k = KernelRows.of(CostMatrix.fromPoints(Matrix.of(points), Matrix.of(coarse.points()), c.metric()));
        double invEps = 1 / eps;
        double[] w = new double[pot.length];
        for (int j = 0; j < w.length; j++) w[j] = pot[j] * invEps + Math.log(coarse.weights()[j]);
        double[] out = new double[points.length];
        IntStream.range(0, points.length).parallel().forEach(i -> out[i] = penalty.update(k.lse(i, w, invEps, Double.NaN), eps));
        return out;
    }

    /** One solve's state: the kernel rows and their transpose, the log weights, the potentials and the marginals. */
    private final class Run {
        private final double[] a, b, logA, logB, f, g, lseRows, lseCols, r, s;
        private final int m, n;
        private final CostMatrix c;
        private final KernelRows rows, cols;
        private final StabilisedRows stabilised; // null: log-sum-exps on the costs
        private final boolean parallel, warm;
        private final KernelRows.Relaxation relaxation = new KernelRows.Relaxation(options.overRelaxation());
        private final double[] meanCost; // on the fly: each row's mean cost under the last row pass's kernel
        private int iterations;
        private double change = Double.POSITIVE_INFINITY, moved = Double.POSITIVE_INFINITY;
        // whether r (and meanCost) are the row sums (and row costs) of the current plan, s its column sums, at this ε
        private boolean rowsFresh, costsFresh, colsFresh;

        Run(double[] a, double[] b, CostMatrix c, double[] f0, double[] g0) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = a.length;
            this.n = b.length;
            this.rows = KernelRows.of(c);
            this.cols = rows.transpose();
            this.logA = LogSumExp.logs(a);
            this.logB = LogSumExp.logs(b);
            this.warm = f0 != null;
            this.f = warm ? f0.clone() : new double[m];
            this.g = warm ? g0.clone() : new double[n];
            this.lseRows = nan(m);
            this.lseCols = nan(n);
            if (warm) { // at the fixed point f = −κ_a ε lse: hint each row's first log-sum-exp from the given potentials
                double eps = options.epsilon(), ka = options.penaltyA().kappa(eps), kb = options.penaltyB().kappa(eps);
                for (int i = 0; i < m; i++) lseRows[i] = -f[i] / (ka * eps);
                for (int j = 0; j < n; j++) lseCols[j] = -g[j] / (kb * eps);
            }
            this.r = new double[m];
            this.s = new double[n];
            this.parallel = (long) m * n >= PARALLEL_ENTRIES;
            this.stabilised = stabilised(m, n) ? new StabilisedRows(rows, cols) : null;
            this.meanCost = stabilised == null ? new double[m] : null;
        }

        Result run() {
            double[] stages = warm ? new double[] {options.epsilon()} : KernelRows.epsilonStages(options.epsilon(),
                    options.epsilonScaling(), c);
            Status status = Status.MAX_ITERATIONS;
            double eps = options.epsilon();
            double massScale = Math.max(sum(a), sum(b));
            for (int k = 0; k < stages.length; k++) {
                boolean last = k == stages.length - 1;
                double previous = eps;
                eps = stages[k];
                if (k > 0) { // each row's log-sum-exp is about −f/(κε): carry the hints over to the new ε
                    for (int i = 0; i < m; i++) lseRows[i] *= previous / eps;
                    for (int j = 0; j < n; j++) lseCols[j] *= previous / eps;
                }
                double tol = last ? options.tolerance() : Math.max(options.tolerance(), 1e-4 * massScale);
                int cap = last ? options.maxIterations() : Math.min(options.maxIterations(), iterations + Sinkhorn.STAGE_ITERATIONS);
                colsFresh = false;
                status = stage(eps, tol, cap, last);
                if (status == Status.NUMERICAL_ERROR || iterations >= options.maxIterations()) break;
            }
            if (status == Status.CONVERGED && eps != options.epsilon()) status = Status.MAX_ITERATIONS;
            return result(eps, status);
        }

        /**
         * Iterations at one ε until the residual meets tol or the iteration count reaches cap. Each pass starts with the
         * row log-sum-exps at the current (f, g), which give r = π1 and the plain f-update; the column log-sum-exps of
         * the last g-update, shifted by the translation λ since, give the plain g-update at the current f without a pass
         * (LSE_i(log a_i + (f_i + λ − c_ij)/ε) = lseCols_j + λ/ε), and s = πᵀ1 (the translation leaves the plan alone).
         * So the residual is measured at the top of every pass but a stage's first, and a converged run stops right after
         * the row pass of its last state, whose r, s (and, on the fly at the last ε, ⟨π, C⟩) are the result's.
         */
        private Status stage(double eps, double tol, int cap, boolean last) {
            double invEps = 1 / eps;
            MarginalPenalty pa = options.penaltyA(), pb = options.penaltyB();
            relaxation.startStage();
            double[] fNew = new double[m], lastCols = stabilised != null ? new double[n] : lseCols;
            AndersonAcceleration anderson = options.anderson() > 0 ? new AndersonAcceleration(options.anderson(), b) : null;
            double[] gIn = anderson != null ? new double[n] : null;
            boolean measured = false;
            double lambda = 0;
            while (true) {
                // the sums of the f-update at the current g (and, on the stabilised kernel, those of the g-update at the new f)
                double omega = relaxation.omega();
                double omegaF = anderson != null ? 1 : omega; // with Anderson, T is a map of g alone: the f-update plain
                costsFresh = false;
                if (stabilised != null) { // the pass overwrites lseCols with the sums at fNew: keep those of the last g-update
                    System.arraycopy(lseCols, 0, lastCols, 0, n);
                    stabilised.pass(f, g, logA, logB, invEps, pa, omegaF, lseRows, fNew, lseCols);
                } else {
                    lse(rows, g, logB, invEps, lseRows, last ? meanCost : null);
                    costsFresh = last;
                }
                double rowChange = 0, df = 0;
                for (int i = 0; i < m; i++) {
                    double step = pa.update(lseRows[i], eps) - f[i];
                    df = Math.max(df, Math.abs(step));
                    r[i] = a[i] == 0 ? 0 : Math.exp(logA[i] + f[i] * invEps + lseRows[i]);
                    rowChange += r[i] * Math.abs(Math.expm1(step * invEps));
                }
                rowsFresh = true;
                if (measured) {
                    double colChange = 0, dg = 0;
                    for (int j = 0; j < n; j++) {
                        double step = pb.update(lastCols[j] + lambda * invEps, eps) - g[j];
                        dg = Math.max(dg, Math.abs(step));
                        colChange += s[j] * Math.abs(Math.expm1(step * invEps));
                    }
                    change = rowChange + colChange;
                    moved = (df + dg) * invEps;
                    if (change <= tol && moved <= tol) return Status.CONVERGED;
                    relaxation.observe(change);
                }
                if (iterations >= cap) return Status.MAX_ITERATIONS;
                rowsFresh = costsFresh = false;
                if (anderson != null) System.arraycopy(g, 0, gIn, 0, n);
                for (int i = 0; i < m; i++) f[i] = stabilised != null ? fNew[i] : pa.relax(f[i], pa.update(lseRows[i], eps), omegaF, eps);
                if (stabilised == null) lse(cols, f, logA, invEps, lseCols, null);
                if (anderson != null && !anderson.accept(columnError(pb, eps, invEps))) {
                    // (F(g), g) for an extrapolated g has a larger column error than the state before: go on from T of that
                    // state (its g with this f, a wasted iteration whose next row pass refits f)
                    System.arraycopy(anderson.fallback(), 0, g, 0, n);
                    lambda = 0;
                    columnSums(0, invEps);
                    iterations++;
                    measured = true;
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    g[j] = pb.relax(g[j], pb.update(lseCols[j], eps), omega, eps);
                    s[j] = b[j] == 0 ? 0 : Math.exp(logB[j] + g[j] * invEps + lseCols[j]);
                }
                colsFresh = true;
                lambda = translation();
                if (lambda != 0) {
                    for (int i = 0; i < m; i++) f[i] += lambda;
                    for (int j = 0; j < n; j++) g[j] -= lambda;
                    for (int i = 0; i < m; i++) lseRows[i] -= lambda * invEps; // the hints follow g − λ
                }
                if (anderson != null && anderson.extrapolate(gIn, g, g)) {
                    if (pb.kind() == MarginalPenalty.Kind.TV) { // back into the domain of the TV dual (and its useful part)
                        double rho = pb.weight();
                        for (int j = 0; j < n; j++) g[j] = Math.max(-rho, Math.min(rho, g[j]));
                    }
                    if (!allFinite(g)) { // an extrapolation beyond the double range: take T's output
                        System.arraycopy(anderson.fallback(), 0, g, 0, n);
                        anderson.restart();
                    }
                    columnSums(lambda, invEps);
                }
                iterations++;
                if (!allFinite(f) || !allFinite(g)) return Status.NUMERICAL_ERROR;
                measured = true;
            }
        }

        /**
         * The L1 column error of the state (f, g) right after the plain f-update, whose rows fit: Σ_j s_j |e^{(g_j⁺ − g_j)/ε} − 1|
         * with s = πᵀ1 and g⁺ the plain g-update, from the column log-sum-exps at this f (the residual Anderson minimises).
         */
        private double columnError(MarginalPenalty pb, double eps, double invEps) {
            double e = 0;
            for (int j = 0; j < n; j++) {
                if (b[j] == 0) continue;
                double sj = Math.exp(logB[j] + g[j] * invEps + lseCols[j]);
                e += sj * Math.abs(Math.expm1((pb.update(lseCols[j], eps) - g[j]) * invEps));
            }
            return e;
        }

        /** s = πᵀ1 at the current g, from the column log-sum-exps of the last g-update (taken at f − λ: f has moved by λ since). */
        private void columnSums(double lambda, double invEps) {
            for (int j = 0; j < n; j++) s[j] = b[j] == 0 ? 0 : Math.exp(logB[j] + (g[j] + lambda) * invEps + lseCols[j]);
        }

        /**
         * The λ maximising the dual along (f + λ, g − λ): with A = Σ a_i e^{−f_i/τ_a}, B = Σ b_j e^{−g_j/τ_b},
         * λ = (τ_a τ_b/(τ_a + τ_b)) log(A/B); τ_b log(Σa/B) for τ_a = ∞, τ_a log(A/Σb) for τ_b = ∞; 0 when both are ∞.
         */
        private double translation() {
            MarginalPenalty pa = options.penaltyA(), pb = options.penaltyB();
            if (pa.kind() == MarginalPenalty.Kind.TV || pb.kind() == MarginalPenalty.Kind.TV) return translationTv(pa, pb);
            double ta = pa.weight(), tb = pb.weight();
            if (ta == Double.POSITIVE_INFINITY && tb == Double.POSITIVE_INFINITY) return 0;
            double logA = ta == Double.POSITIVE_INFINITY ? Math.log(sum(a)) : logSum(this.logA, f, -1 / ta);
            double logB = tb == Double.POSITIVE_INFINITY ? Math.log(sum(b)) : logSum(this.logB, g, -1 / tb);
            double lambda;
            if (ta == Double.POSITIVE_INFINITY) lambda = tb * (logA - logB);
            else if (tb == Double.POSITIVE_INFINITY) lambda = ta * (logA - logB);
            else lambda = ta * tb / (ta + tb) * (logA - logB);
            return Double.isFinite(lambda) ? lambda : 0;
        }

        /**
         * The λ maximising the dual along (f + λ, g − λ) when a side has a TV penalty: the dual is concave and piecewise
         * smooth in λ, its derivative h'(λ) = slope_a(f + λ) − slope_b(g − λ) is non-increasing, and λ is restricted
         * to where f + λ ≥ −ρ_a and g − λ ≥ −ρ_b. 0 when it is already a maximiser (h'(0+) ≤ 0 ≤ h'(0−): clamped
         * potentials sit on kinks), up to a rounding of the masses: with equal masses and no potential clamped h' is
         * zero but for rounding, and its sign must not send λ to an end of the interval. Else the root of h', or the
         * end of that interval where h' keeps its sign, by bracketing and bisection, each step one O(m + n) pass.
         */
        private double translationTv(MarginalPenalty pa, MarginalPenalty pb) {
            double tiny = 1e-13 * (sum(a) + sum(b));
            if (slope(pa, pb, 0, true) <= tiny && slope(pa, pb, 0, false) >= -tiny) return 0;
            double lo = pa.lowest(a, f), hi = -pb.lowest(b, g);
            if (!(lo <= 0 && hi >= 0)) return 0; // not in the domain (cannot happen after the clamped updates)
            if (lo == Double.NEGATIVE_INFINITY) lo = bracket(pa, pb, Math.min(0, hi), -1);
            if (hi == Double.POSITIVE_INFINITY) hi = bracket(pa, pb, Math.max(0, lo), 1);
            if (slope(pa, pb, lo, true) <= 0) return lo;
            if (slope(pa, pb, hi, false) >= 0) return hi;
            for (int it = 0; it < 200; it++) {
                double mid = 0.5 * (lo + hi);
                if (mid <= lo || mid >= hi) break;
                if (slope(pa, pb, mid, true) > 0) lo = mid;
                else hi = mid;
            }
            double lambda = 0.5 * (lo + hi);
            return Double.isFinite(lambda) ? lambda : 0;
        }

        /** From start, steps of doubling length in direction dir until h' no longer has the sign of dir (at most 2^60). */
        private double bracket(MarginalPenalty pa, MarginalPenalty pb, double start, int dir) {
            double step = 1, t = start + dir * step;
            for (int k = 0; k < 60 && Math.signum(slope(pa, pb, t, true)) == dir; k++) {
                step *= 2;
                t = start + dir * step;
            }
            return t;
        }

        /** h'(λ±), the one-sided derivative of the dual along (f + λ, g − λ) (g − λ moves the other way). */
        private double slope(MarginalPenalty pa, MarginalPenalty pb, double lambda, boolean right) {
            return pa.slope(a, f, lambda, right) - pb.slope(b, g, -lambda, !right);
        }

        /** log Σ_i exp(logW_i + scale · p_i), shifted by its largest term. */
        private double logSum(double[] logW, double[] p, double scale) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < p.length; i++) mx = Math.max(mx, logW[i] + scale * p[i]);
            if (mx == Double.NEGATIVE_INFINITY) return mx;
            double t = 0;
            for (int i = 0; i < p.length; i++) t += Math.exp(logW[i] + scale * p[i] - mx);
            return mx + Math.log(t);
        }

        /**
         * out_i = LSE_j(logW_j + p_j/ε − c_ij/ε) over the kernel's rows, each hinted by its previous value; with meanCost
         * non-null, also each row's mean cost under its normalised kernel (the same pass).
         */
        private void lse(KernelRows k, double[] p, double[] logW, double invEps, double[] out, double[] meanCost) {
            double[] w = new double[p.length];
            for (int j = 0; j < w.length; j++) w[j] = logW[j] + p[j] * invEps;
            IntStream range = IntStream.range(0, k.rows());
            if (meanCost == null) (parallel ? range.parallel() : range).forEach(i -> out[i] = k.lse(i, w, invEps, out[i]));
            else (parallel ? range.parallel() : range).forEach(i -> out[i] = k.lseCost(i, w, invEps, out[i], meanCost));
        }

        private Result result(double eps, Status status) {
            double invEps = 1 / eps;
            double[] rowLog = new double[m], colLog = new double[n];
            for (int i = 0; i < m; i++) rowLog[i] = logA[i] + f[i] * invEps;
            for (int j = 0; j < n; j++) colLog[j] = logB[j] + g[j] * invEps;
            TransportPlan plan = rows.plan(rowLog, colLog, invEps);
            // the marginals (and on the fly ⟨π, C⟩) of the last row pass and g-update where they are this plan's,
            // else one pass for ⟨π, C⟩ and the row sums and, where needed, one for the column sums
            double[] rowSums = new double[m], rowCost = new double[m];
            if (rowsFresh && costsFresh) {
                System.arraycopy(r, 0, rowSums, 0, m);
                for (int i = 0; i < m; i++) rowCost[i] = r[i] == 0 ? 0 : r[i] * meanCost[i];
            } else {
                IntStream range = IntStream.range(0, m);
                (parallel ? range.parallel() : range).forEach(i -> {
                    double[] o = new double[2];
                    rows.planRow(i, rowLog[i], colLog, invEps, o);
                    rowSums[i] = o[0];
                    rowCost[i] = o[1];
                });
            }
            double[] colSums = colsFresh ? s.clone() : new double[n];
            if (!colsFresh) {
                IntStream crange = IntStream.range(0, n);
                (parallel ? crange.parallel() : crange).forEach(j -> {
                    double[] o = new double[2];
                    cols.planRow(j, colLog[j], rowLog, invEps, o);
                    colSums[j] = o[0];
                });
            }
            double mass = sum(rowSums), cost = sum(rowCost), ma = sum(a), mb = sum(b);
            // ⟨π, C⟩ + ε KL(π ‖ a⊗b) = Σ π_ij (f_i + g_j) − ε Σπ + ε Σa Σb, since log(π_ij / a_i b_j) = (f_i + g_j − c_ij)/ε
            double objective = dot(rowSums, f) + dot(colSums, g) - eps * mass + eps * ma * mb
                    + options.penaltyA().primal(rowSums, a) + options.penaltyB().primal(colSums, b);
            double dual = options.penaltyA().dual(a, f) + options.penaltyB().dual(b, g) - eps * (mass - ma * mb);
            return new Result(f.clone(), g.clone(), plan, cost, objective, dual, rowSums, colSums, mass, iterations, change, moved,
                    status);
        }
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
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
        for (int i = 0; i < x.length; i++) if (x[i] != 0) s += x[i] * y[i];
        return s;
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
