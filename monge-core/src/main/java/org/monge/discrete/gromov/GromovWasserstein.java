package org.monge.discrete.gromov;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

/**
 * The Gromov–Wasserstein discrepancy between (C1, a) and (C2, b) for the square loss (or, by {@link #withLoss}, the KL
 * loss of {@link GromovLoss}), min over plans T with marginals a, b of E(T) = Σ_ijkl (C1_ik − C2_jl)² T_ij T_kl (Mémoli 2011;
 * the sum without a ½, as POT's {@code gromov_wasserstein2} reports it), by the conditional-gradient
 * (Frank–Wolfe) method of Peyré, Cuturi &amp; Solomon (ICML 2016) as in Vayer et al. (ICML 2019,
 * Alg. 2): each step linearises E at T, solves the linear problem min ⟨∇E(T), T'⟩ exactly with the
 * {@link NetworkSimplex}, started from the previous step's optimal basis ({@link NetworkSimplex.WarmStarted}: the
 * marginals are the same every step), and moves towards its solution T* by the exact line search (E is a
 * quadratic in the step, for either loss). The gradient costs O(n²m + nm²) by the decomposition in {@link LossTensor},
 * one matrix product a step (the line search's product for Δ also updates the one for T).
 *
 * <p>E is not convex: the result is a stationary point reached from the start (a⊗b/mass by default,
 * as POT does), certified by the Frank–Wolfe gap ⟨∇E(T), T − T*⟩ ≥ 0 at the final plan, which is 0
 * exactly at a stationary point. The iteration stops, as POT's {@code cg} does, when the loss changes
 * by less than the relative or the absolute tolerance in one step. C1 and C2 need not be symmetric.
 *
 * <p>The same iteration solves fused GW (Vayer et al., ICML 2019), which adds a cost M between the points'
 * features: min (1 − α) ⟨M, T⟩ + α E(T); the linear term only shifts the gradient and the line search.
 */
public final class GromovWasserstein {

    /** How the iteration ended. */
    public enum Status {
        /** The loss changed by less than a tolerance in the last step. */
        CONVERGED,
        /** The iteration limit stopped the method before the loss settled. */
        MAX_ITERATIONS;

        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result: the loss E(T) of the final plan, the plan itself, the number of Frank–Wolfe steps,
     * the status, and the Frank–Wolfe gap ⟨∇E(T), T − T*⟩ at the final plan (T* the exact minimiser of
     * the linearisation), which bounds how far the linearised problem can still lower the loss.
     */
    public record Result(double cost, SparsePlan plan, int iterations, Status status, double frankWolfeGap) {
        public boolean converged() { return status.converged(); }
    }

    /** Stopping rule: relative and absolute change of the loss in one step, and the step limit. */
    public record Options(double relativeTolerance, double absoluteTolerance, int maxIterations) {
        public Options {
            Checks.positiveFinite(relativeTolerance, "relativeTolerance");
            Checks.positiveFinite(absoluteTolerance, "absoluteTolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
        }

        /** POT's defaults: 1e-9 relative, 1e-9 absolute, 200 steps. */
        public static Options defaults() { return new Options(1e-9, 1e-9, 200); }
    }

    private final Options options;
    private final GromovLoss lossFunction;

    private GromovWasserstein(Options options, GromovLoss lossFunction) {
        this.options = options;
        this.lossFunction = lossFunction;
    }

    /** POT's defaults, square loss. */
    public static GromovWasserstein defaults() { return new GromovWasserstein(Options.defaults(), GromovLoss.SQUARE); }

    public static GromovWasserstein with(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new GromovWasserstein(options, GromovLoss.SQUARE);
    }

    public GromovWasserstein withTolerance(double relative, double absolute) {
        return new GromovWasserstein(new Options(relative, absolute, options.maxIterations()), lossFunction);
    }

    public GromovWasserstein withMaxIterations(int n) {
        return new GromovWasserstein(new Options(options.relativeTolerance(), options.absoluteTolerance(), n), lossFunction);
    }

    /** The loss L(C1_ik, C2_jl): square (the default) or KL, which needs non-negative C1 and C2. */
    public GromovWasserstein withLoss(GromovLoss loss) {
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        return new GromovWasserstein(options, loss);
    }

    public Options options() { return options; }

    public GromovLoss loss() { return lossFunction; }

    /** GW between (C1, a) and (C2, b) from the independent plan a bᵀ / mass. */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {
        check(lossFunction, c1, c2, a, b);
        return iterate(new Objective(lossFunction, c1, c2, a, b, null, 1), a, b, independent(a, b));
    }

    /** GW between (C1, a) and (C2, b) from a given plan, whose marginals must be a and b. */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b, TransportPlan start) {
        check(lossFunction, c1, c2, a, b);
        return iterate(new Objective(lossFunction, c1, c2, a, b, null, 1), a, b, checkedStart(start, a, b));
    }

    /**
     * Fused GW (Vayer, Chapel, Flamary, Tavenard &amp; Courty, ICML 2019): min over plans T of
     * (1 − α) ⟨M, T⟩ + α E(T), with M the n×m cost between the points' features and α ∈ [0, 1] the weight of
     * the structure, as POT's {@code fused_gromov_wasserstein2} reports it; α = 1 is GW, α = 0 exact OT with
     * cost M. Same Frank–Wolfe iteration from a bᵀ / mass: the gradient and the line search gain the linear term.
     */
    public Result solveFused(Matrix features, double alpha, Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {
        check(lossFunction, c1, c2, a, b);
        checkFeatures(features, alpha, a, b);
        return iterate(new Objective(lossFunction, c1, c2, a, b, features, alpha), a, b, independent(a, b));
    }

    /** Fused GW as {@link #solveFused(Matrix, double, Matrix, Matrix, DiscreteMeasure, DiscreteMeasure)} from a given plan. */
    public Result solveFused(Matrix features, double alpha, Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b,
            TransportPlan start) {
        check(lossFunction, c1, c2, a, b);
        checkFeatures(features, alpha, a, b);
        return iterate(new Objective(lossFunction, c1, c2, a, b, features, alpha), a, b, checkedStart(start, a, b));
    }

    /**
     * GW between the point clouds x (n×d1) and y (m×d2), a point a row, with their squared Euclidean distances as C1
     * and C2 (POT's ot.dist), square loss: by the low-rank gradient of {@link LossTensor#ofClouds}, O(nm(d1 + d2)) a
     * step besides the network simplex, with no n×n or m×m matrix formed. Same iteration and result as
     * {@link #solve(Matrix, Matrix, DiscreteMeasure, DiscreteMeasure)} on the distance matrices, to rounding.
     */
    public Result solveClouds(Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        return iterate(new Objective(clouds(lossFunction, x, y, a, b), null, 1), a, b, independent(a, b));
    }

    /** Fused GW with the clouds' squared Euclidean structures, as {@link #solveClouds}. */
    public Result solveFusedClouds(Matrix features, double alpha, Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        LossTensor loss = clouds(lossFunction, x, y, a, b);
        checkFeatures(features, alpha, a, b);
        return iterate(new Objective(loss, features, alpha), a, b, independent(a, b));
    }

    /** The checks of the cloud path (square loss, finite points, sizes, masses) and its low-rank loss. */
    static LossTensor clouds(GromovLoss loss, Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        checkClouds(loss, x, y, a, b);
        return LossTensor.ofClouds(x, y, a.weights(), b.weights());
    }

    /** Validates the point-cloud problem: square loss, finite clouds matching the weights, equal masses, no overflow. */
    static void checkClouds(GromovLoss loss, Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        if (loss != GromovLoss.SQUARE) {
            throw new IllegalArgumentException("the point-cloud path is for the square loss; give C1, C2 for " + loss);
        }
        if (x == null || y == null) throw new IllegalArgumentException("the point clouds must not be null");
        if (!x.allFinite()) throw new IllegalArgumentException("x must have finite coordinates");
        if (!y.allFinite()) throw new IllegalArgumentException("y must have finite coordinates");
        Checks.length(a.size(), x.rows(), "a", "points in x");
        Checks.length(b.size(), y.rows(), "b", "points in y");
        Checks.balanced(a.totalMass(), b.totalMass());
        // a squared distance is at most 4 max|p|²: keep its square in the double range
        if (x.maxAbs() * x.maxAbs() * Math.max(1, x.cols()) > MAX_ENTRY / 4 || y.maxAbs() * y.maxAbs() * Math.max(1,
                y.cols()) > MAX_ENTRY / 4) {
            throw new IllegalArgumentException("x/y: coordinates too large, the squared distances' squares overflow: rescale them");
        }
    }

    private static Matrix independent(DiscreteMeasure a, DiscreteMeasure b) {
        double mass = b.totalMass();
        double[] t = new double[a.size() * b.size()];
        for (int i = 0, k = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) t[k++] = a.weight(i) * b.weight(j) / mass;
        }
        return Matrix.fromRowMajor(a.size(), b.size(), t);
    }

    /** The start plan as a dense matrix, after checking its shape and marginals against a and b. */
    static Matrix checkedStart(TransportPlan start, DiscreteMeasure a, DiscreteMeasure b) {
        if (start == null) throw new IllegalArgumentException("the start plan must not be null");
        if (start.rows() != a.size() || start.cols() != b.size()) {
            throw new IllegalArgumentException("start plan is " + start.rows() + "x" + start.cols() + " but the measures have "
                    + a.size() + " and " + b.size() + " points");
        }
        checkMarginal(start.rowSums(), a, "row", "a");
        checkMarginal(start.colSums(), b, "column", "b");
        return Matrix.fromRowMajor(a.size(), b.size(), start.toDense());
    }

    /**
     * F(T) = (1 − α) ⟨M, T⟩ + α E(T), or E(T) alone without features; along T + sΔ it is
     * F(T) + (α β + (1 − α) ⟨M, Δ⟩) s + α γ s² with β, γ from {@link LossTensor#quadratic}.
     */
    private static final class Objective {
        private final LossTensor loss;
        private final Matrix features;
        private final double alpha;

        Objective(GromovLoss kind, Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b, Matrix features, double alpha) {
            this(new LossTensor(kind, c1, c2, a.weights(), b.weights()), features, alpha);
        }

        Objective(LossTensor loss, Matrix features, double alpha) {
            this.loss = loss;
            this.features = features;
            this.alpha = alpha;
        }

        Matrix cross(Matrix t) { return loss.cross(t); }

        double value(Matrix t, Matrix cross) {
            double structure = loss.loss(t, cross);
            return features == null ? structure : (1 - alpha) * features.dot(t) + alpha * structure;
        }

        Matrix gradient(Matrix t, Matrix cross) {
            Matrix structure = loss.gradient(t, cross);
            return features == null ? structure : features.combine(1 - alpha, structure, alpha);
        }

        double[] quadratic(Matrix t, Matrix cross, Matrix delta, Matrix crossDelta) {
            double[] q = loss.quadratic(t, cross, delta, crossDelta);
            if (features == null) return q;
            return new double[] {(1 - alpha) * features.dot(delta) + alpha * q[0], alpha * q[1]};
        }
    }

    private Result iterate(Objective loss, DiscreteMeasure a, DiscreteMeasure b, Matrix start) {
        // the linear steps share a and b: each starts from the previous step's optimal basis (NetworkSimplex.WarmStarted)
        NetworkSimplex.WarmStarted lp = NetworkSimplex.defaults().warmStarted(a, b);
        Matrix t = start, cross = loss.cross(t);
        double value = loss.value(t, cross);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the loss of the start plan is " + value + ", outside the double range: rescale C1 and C2");
        }
        int it = 0;
        Status status = Status.MAX_ITERATIONS;
        double gap;
        while (true) {
            it++;
            Matrix gradient = loss.gradient(t, cross);
            Matrix delta = linearMinimiser(lp, a, b, gradient, it).minus(t);
            Matrix crossDelta = loss.cross(delta);
            double[] q = loss.quadratic(t, cross, delta, crossDelta);
            gap = 0.0 - q[0]; // not −q[0]: a zero gap prints as 0, not −0
            double step = step(q[0], q[1]);
            if (step != 0) {
                t = t.combine(1, delta, step);
                cross = cross.combine(1, crossDelta, step); // cross is linear in T: one product a step, not two
            }
            double old = value;
            value = loss.value(t, cross);
            double change = Math.abs(value - old);
            boolean settled = change / Math.abs(value) < options.relativeTolerance() || change < options.absoluteTolerance();
            if (settled) status = Status.CONVERGED;
            if (settled || it >= options.maxIterations()) {
                // the gap above belongs to the plan before the step; a plan that moved needs its own
                if (step != 0) {
                    Matrix last = loss.gradient(t, cross);
                    gap = last.dot(t.minus(linearMinimiser(lp, a, b, last, it)));
                }
                break;
            }
        }
        SparsePlan plan = SparsePlan.fromDense(t.rows(), t.cols(), t.toRowMajor());
        return new Result(value, plan, it, status, gap);
    }

    /**
     * The minimiser over [0, 1] of E(0) + βα + γα², the loss along the segment, with
     * POT's tie rule: for a concave or linear model the end with the strictly lower value, else α = 0.
     */
    static double step(double beta, double gamma) {
        if (gamma > 0) return Math.min(1, Math.max(0, -beta / (2 * gamma)));
        return beta + gamma < 0 ? 1 : 0;
    }

    /** The exact solution of min ⟨G, T'⟩ over plans T' with marginals a and b (G shifted to be ≥ 0). */
    private static Matrix linearMinimiser(NetworkSimplex.WarmStarted lp, DiscreteMeasure a, DiscreteMeasure b, Matrix gradient,
            int it) {
        double[] g = gradient.toRowMajor();
        double min = Double.POSITIVE_INFINITY;
        for (double v : g) min = Math.min(min, v);
        for (int k = 0; k < g.length; k++) g[k] -= min;
        NetworkSimplex.Result r = lp.solve(CostMatrix.dense(a.size(), b.size(), g));
        if (!r.isOptimal()) {
            throw new IllegalStateException("network simplex ended with status " + r.status() + " in Frank–Wolfe step " + it);
        }
        return Matrix.fromRowMajor(a.size(), b.size(), r.plan().toDense());
    }

    /** Entries up to this size keep (C1_ik − C2_jl)² below the largest double. */
    private static final double MAX_ENTRY = 1e153;

    /**
     * The checks both GW solvers make: square, finite, not too large entries (non-negative for the KL loss), sizes
     * matching the measures, equal masses.
     */
    static void check(GromovLoss loss, Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {
        checkCost(c1, "C1");
        checkCost(c2, "C2");
        if (loss == GromovLoss.KL) {
            requireNonNegative(c1, "C1");
            requireNonNegative(c2, "C2");
        }
        Checks.length(a.size(), c1.rows(), "a", "rows in C1");
        Checks.length(b.size(), c2.rows(), "b", "rows in C2");
        Checks.balanced(a.totalMass(), b.totalMass());
    }

    static void checkFeatures(Matrix m, double alpha, DiscreteMeasure a, DiscreteMeasure b) {
        if (m == null) throw new IllegalArgumentException("the feature cost M must not be null");
        if (m.rows() != a.size() || m.cols() != b.size()) {
            throw new IllegalArgumentException("the feature cost M is " + m.rows() + "x" + m.cols() + " but the measures have "
                    + a.size() + " and " + b.size() + " points");
        }
        if (!m.allFinite()) throw new IllegalArgumentException("the feature cost M must have finite entries");
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }

    private static void checkCost(Matrix c, String name) {
        if (!c.isSquare()) throw new IllegalArgumentException(name + " must be square, got " + c.rows() + "x" + c.cols());
        double max = c.maxAbs();
        if (!Double.isFinite(max)) throw new IllegalArgumentException(name + " must have finite entries");
        if (max > MAX_ENTRY) {
            throw new IllegalArgumentException(name + " has an entry of size " + max + ", whose square overflows: rescale it");
        }
    }

    private static void requireNonNegative(Matrix c, String name) {
        for (int i = 0; i < c.rows(); i++) {
            for (int k = 0; k < c.cols(); k++) {
                if (c.get(i, k) < 0) {
                    throw new IllegalArgumentException(name + " must be non-negative for the KL loss, got " + c.get(i, k) + " at ("
                            + i + ", " + k + ")");
                }
            }
        }
    }

    private static void checkMarginal(double[] sums, DiscreteMeasure m, String what, String name) {
        double tolerance = 1e-8 * m.totalMass();
        for (int i = 0; i < sums.length; i++) {
            if (Math.abs(sums[i] - m.weight(i)) > tolerance) {
                throw new IllegalArgumentException("start plan " + what + " " + i + " sums to " + sums[i] + " but " + name + "[" + i
                        + "] is " + m.weight(i));
            }
        }
    }
}
