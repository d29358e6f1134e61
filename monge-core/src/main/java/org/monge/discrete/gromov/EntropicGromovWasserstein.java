package org.monge.discrete.gromov;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.EntropicPlan;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

/**
 * Entropic Gromov–Wasserstein (square loss, or by {@link #withLoss} the KL loss of {@link GromovLoss}) between
 * (C1, a) and (C2, b): the mirror-descent (projected
 * gradient in the KL geometry) iterations of Peyré, Cuturi &amp; Solomon (ICML 2016, Alg. 1 with step 1/ε),
 * T ← argmin over plans T' with marginals a, b of ⟨∇E(T), T'⟩ + ε KL(T' ‖ a⊗b), each an entropic transport
 * problem whose cost is the gradient of E(T) = Σ_ijkl (C1_ik − C2_jl)² T_ij T_kl, solved by the log-domain
 * {@link Sinkhorn}, which each iteration warm-starts from the potentials of the previous one. The iteration
 * starts from a⊗b / mass and stops when the Frobenius norm of the plan's change in one step is at most the
 * tolerance.
 *
 * <p>A fixed point T of the iteration satisfies ε log(T / a⊗b) = f ⊕ g − ∇E(T), the stationarity condition of
 * E(T) + ε KL(T ‖ a⊗b) on the plans: the result reports that objective beside the loss. Fused GW (Vayer et al.,
 * ICML 2019) runs the same iteration with the cost (1 − α) M + α ∇E(T) for a feature cost M, the gradient of
 * (1 − α) ⟨M, T⟩ + α E(T).
 *
 * <p>Conventions are those of POT's {@code entropic_gromov_wasserstein} (version 0.8.2): the cost handed to
 * Sinkhorn is the gradient 2 (L ⊗ T) of E (for symmetric C1, C2; the true gradient of E for others, see
 * {@link LossTensor}), ε weighs the entropy against that cost, KL relative to a⊗b gives the same plans as
 * POT's −H(T), and the reported cost is E(T) of the final plan without the entropy, as
 * {@code entropic_gromov_wasserstein2} reports it. POT tests the plan change only every tenth step; this
 * tests it every step, so it may stop a few steps earlier at the same tolerance. Like the exact problem
 * ({@link GromovWasserstein}) this one is not convex: the result is a fixed point reached from a⊗b.
 */
public final class EntropicGromovWasserstein {

    /** How the iteration ended. */
    public enum Status {
        /** The plan changed by at most the tolerance in the last step, and that step's Sinkhorn converged. */
        CONVERGED,
        /** The iteration limit stopped the method before the plan settled. */
        MAX_ITERATIONS,
        /** The Sinkhorn solve of the last step did not meet its tolerance: the plan misses the marginals by marginalError. */
        SINKHORN_NOT_CONVERGED;

        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The result: the loss E(T) of the final plan (without the entropy; (1 − α) ⟨M, T⟩ + α E(T) for fused GW), the
     * objective cost + ε KL(T ‖ a⊗b / mass) whose stationary point the plan is, the plan, the number of outer steps, the
     * status, the Frobenius norm of the plan's change in the last step, and the L1 marginal error of the final plan
     * as its Sinkhorn solve reports it.
     */
    public record Result(double cost, double objective, Matrix plan, int iterations, Status status, double planChange,
            double marginalError) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * The result of {@link #solveCloudsOnTheFly}: as {@link Result}, with the plan held by its potentials
     * ({@link EntropicPlan}: rows computed on demand, O(n + m) memory), and the Sinkhorn iterations of all steps.
     */
    public record CloudResult(double cost, double objective, EntropicPlan plan, int iterations, int sinkhornIterations,
            Status status, double planChange, double marginalError) {
        public boolean converged() { return status.converged(); }
    }

    /**
     * ε the entropic regularisation; the tolerance on the Frobenius norm of the plan's change in one step; the
     * limit on outer steps; the L1 marginal tolerance of each Sinkhorn solve, relative to the mass, and its
     * iteration limit.
     */
    public record Options(double epsilon, double tolerance, int maxIterations, double sinkhornTolerance, int sinkhornMaxIterations) {
        public Options {
            Checks.positiveFinite(epsilon, "epsilon");
            Checks.positiveFinite(tolerance, "tolerance");
            Checks.atLeast(maxIterations, 1, "maxIterations");
            Checks.positiveFinite(sinkhornTolerance, "sinkhornTolerance");
            Checks.atLeast(sinkhornMaxIterations, 1, "sinkhornMaxIterations");
        }

        /** POT's outer defaults (tolerance 1e-9, 1000 steps) at ε; each Sinkhorn to 1e-9 (POT's number) in at most 10000 iterations. */
        public static Options defaults(double epsilon) { return new Options(epsilon, 1e-9, 1000, 1e-9, 10_000); }
    }

    private final Options options;
    private final GromovLoss lossFunction;

    private EntropicGromovWasserstein(Options options, GromovLoss lossFunction) {
        this.options = options;
        this.lossFunction = lossFunction;
    }

    /** POT's defaults at ε, square loss. */
    public static EntropicGromovWasserstein withEpsilon(double epsilon) {
        return new EntropicGromovWasserstein(Options.defaults(epsilon), GromovLoss.SQUARE);
    }

    public static EntropicGromovWasserstein with(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new EntropicGromovWasserstein(options, GromovLoss.SQUARE);
    }

    /** The loss L(C1_ik, C2_jl): square (the default) or KL, which needs non-negative C1 and C2. */
    public EntropicGromovWasserstein withLoss(GromovLoss loss) {
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        return new EntropicGromovWasserstein(options, loss);
    }

    public GromovLoss loss() { return lossFunction; }

    public EntropicGromovWasserstein withTolerance(double tolerance) {
        return new EntropicGromovWasserstein(new Options(options.epsilon(), tolerance, options.maxIterations(),
                options.sinkhornTolerance(), options.sinkhornMaxIterations()), lossFunction);
    }

    public EntropicGromovWasserstein withMaxIterations(int n) {
        return new EntropicGromovWasserstein(new Options(options.epsilon(), options.tolerance(), n,
                options.sinkhornTolerance(), options.sinkhornMaxIterations()), lossFunction);
    }

    public Options options() { return options; }

    /** Entropic GW between (C1, a) and (C2, b) from the independent plan a bᵀ / mass. */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {
        GromovWasserstein.check(lossFunction, c1, c2, a, b);
        return iterate(new LossTensor(lossFunction, c1, c2, a.weights(), b.weights()), null, 1, a, b, null);
    }

    /**
     * Entropic GW from a given plan, whose marginals must be a and b (the entropy stays relative to a⊗b / mass): for
     * problems where a⊗b is itself a fixed point, as the inner-product costs of centred clouds (C1 a = 0 makes the
     * first gradient separable, and Sinkhorn returns a⊗b).
     */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b, TransportPlan start) {
        GromovWasserstein.check(lossFunction, c1, c2, a, b);
        return iterate(new LossTensor(lossFunction, c1, c2, a.weights(), b.weights()), null, 1, a, b,
                GromovWasserstein.checkedStart(start, a, b));
    }

    /**
     * Entropic fused GW: the same iteration for (1 − α) ⟨M, T⟩ + α E(T), M the n×m feature cost and α ∈ [0, 1];
     * α = 1 is entropic GW, α = 0 the entropic transport problem on M.
     */
    public Result solveFused(Matrix features, double alpha, Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {
        GromovWasserstein.check(lossFunction, c1, c2, a, b);
        GromovWasserstein.checkFeatures(features, alpha, a, b);
        return iterate(new LossTensor(lossFunction, c1, c2, a.weights(), b.weights()), features, alpha, a, b, null);
    }

    /**
     * Entropic GW between point clouds x and y with squared Euclidean structures (square loss) by the low-rank gradient
     * of {@link LossTensor#ofClouds}: no n×n or m×m matrix; the Sinkhorn steps still take the dense n×m gradient.
     */
    public Result solveClouds(Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        return iterate(GromovWasserstein.clouds(lossFunction, x, y, a, b), null, 1, a, b, null);
    }

    /**
     * Entropic GW between point clouds x and y with squared Euclidean structures (square loss) in O((n + m) d) memory:
     * the same iteration as {@link #solveClouds}, its linearised cost written as a squared Euclidean cost between two
     * clouds of dimension min(d1, d2) + 1 plus separable terms, so that each Sinkhorn step computes the costs on the
     * fly, and the plan kept as potentials (see {@code OnTheFlyGromov}); a step costs O(nm (d1 + d2)). The inner
     * solves are inexact while the plan still moves (their tolerance shrinks with the plan's change), the steps are
     * Anderson-accelerated on the moments that determine them, and the iteration stops only after a plain step solved
     * to the full Sinkhorn tolerance changed the plan by at most the tolerance: the same stopping rule and reported
     * values as {@link #solveClouds}, at a fixed point of the same iteration, in far fewer steps and Sinkhorn iterations.
     */
    public CloudResult solveCloudsOnTheFly(Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        GromovWasserstein.checkClouds(lossFunction, x, y, a, b);
        return new OnTheFlyGromov(options, true, true, x, y, a, b).solve();
    }

    /** Entropic fused GW with the clouds' squared Euclidean structures, as {@link #solveClouds}. */
    public Result solveFusedClouds(Matrix features, double alpha, Matrix x, Matrix y, DiscreteMeasure a, DiscreteMeasure b) {
        LossTensor loss = GromovWasserstein.clouds(lossFunction, x, y, a, b);
        GromovWasserstein.checkFeatures(features, alpha, a, b);
        return iterate(loss, features, alpha, a, b, null);
    }

    /** The mirror descent from {@code from}, or from a⊗b / mass when it is null. */
    private Result iterate(LossTensor loss, Matrix features, double alpha, DiscreteMeasure a, DiscreteMeasure b, Matrix from) {
        int n = a.size(), m = b.size();
        double mass = b.totalMass();
        double[] start = new double[n * m];
        for (int i = 0, k = 0; i < n; i++) {
            for (int j = 0; j < m; j++) start[k++] = a.weight(i) * b.weight(j) / mass;
        }
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(options.epsilon()).withTolerance(options.sinkhornTolerance() * mass)
                .withMaxIterations(options.sinkhornMaxIterations());
        Matrix independent = Matrix.fromRowMajor(n, m, start), t = from == null ? independent : from;
        double[] f = null, g = null;
        double change;
        Sinkhorn.Result inner;
        int it = 0;
        do {
            it++;
            Matrix structure = loss.gradient(t);
            Matrix gradient = features == null ? structure : features.combine(1 - alpha, structure, alpha);
            inner = sinkhorn.solve(TransportProblem.of(a, b, CostMatrix.dense(n, m, gradient.toRowMajor())), f, g);
            f = inner.f();
            g = inner.g();
            Matrix next = Matrix.fromRowMajor(n, m, inner.plan().toDense());
            change = next.minus(t).frobeniusNorm();
            t = next;
        } while (change > options.tolerance() && it < options.maxIterations());
        Status status = !inner.converged() ? Status.SINKHORN_NOT_CONVERGED
                : change <= options.tolerance() ? Status.CONVERGED : Status.MAX_ITERATIONS;
        double cost = features == null ? loss.loss(t) : (1 - alpha) * features.dot(t) + alpha * loss.loss(t);
        return new Result(cost, cost + options.epsilon() * kl(t, independent), t, it, status, change, inner.marginalError());
    }

    /** KL(T ‖ P) = Σ T log(T / P) − T + P, with 0 log 0 = 0. */
    static double kl(Matrix t, Matrix p) {
        double[] x = t.toRowMajor(), y = p.toRowMajor();
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += (x[k] > 0 ? x[k] * Math.log(x[k] / y[k]) : 0) - x[k] + y[k];
        }
        return s;
    }
}
