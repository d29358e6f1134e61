package org.monge.discrete.gromov;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

/**
 * Entropic square-loss Gromov–Wasserstein between (C1, a) and (C2, b): the mirror-descent (projected
 * gradient in the KL geometry) iterations of Peyré, Cuturi &amp; Solomon (ICML 2016, Alg. 1 with step 1/ε),
 * T ← argmin over plans T' with marginals a, b of ⟨∇E(T), T'⟩ + ε KL(T' ‖ a⊗b), each an entropic transport
 * problem whose cost is the gradient of E(T) = Σ_ijkl (C1_ik − C2_jl)² T_ij T_kl, solved by the log-domain
 * {@link Sinkhorn}, which each iteration warm-starts from the potentials of the previous one. The iteration
 * starts from a⊗b / mass and stops when the Frobenius norm of the plan's change in one step is at most the
 * tolerance.
 *
 * <p>Conventions are those of POT's {@code entropic_gromov_wasserstein} (version 0.8.2): the cost handed to
 * Sinkhorn is the gradient 2 (L ⊗ T) of E (for symmetric C1, C2; the true gradient of E for others, see
 * {@link SquareLoss}), ε weighs the entropy against that cost, KL relative to a⊗b gives the same plans as
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
     * The result: the loss E(T) of the final plan (without the entropy), the plan, the number of outer steps, the
     * status, the Frobenius norm of the plan's change in the last step, and the L1 marginal error of the final plan
     * as its Sinkhorn solve reports it.
     */
    public record Result(double cost, Matrix plan, int iterations, Status status, double planChange, double marginalError) {
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

    private EntropicGromovWasserstein(Options options) { this.options = options; }

    public static EntropicGromovWasserstein withEpsilon(double epsilon) {
        return new EntropicGromovWasserstein(Options.defaults(epsilon));
    }

    public static EntropicGromovWasserstein with(Options options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        return new EntropicGromovWasserstein(options);
    }

    public EntropicGromovWasserstein withTolerance(double tolerance) {
        return new EntropicGromovWasserstein(new Options(options.epsilon(), tolerance, options.maxIterations(),
                options.sinkhornTolerance(), options.sinkhornMaxIterations()));
    }

    public EntropicGromovWasserstein withMaxIterations(int n) {
        return new EntropicGromovWasserstein(new Options(options.epsilon(), options.tolerance(), n,
                options.sinkhornTolerance(), options.sinkhornMaxIterations()));
    }

    public Options options() { return options; }

    /** Entropic GW between (C1, a) and (C2, b) from the independent plan a bᵀ / mass. */
    public Result solve(Matrix c1, Matrix c2, DiscreteMeasure a, DiscreteMeasure b) {
        GromovWasserstein.check(c1, c2, a, b);
        int n = a.size(), m = b.size();
        double mass = b.totalMass();
        double[] start = new double[n * m];
        for (int i = 0, k = 0; i < n; i++) {
            for (int j = 0; j < m; j++) start[k++] = a.weight(i) * b.weight(j) / mass;
        }
        SquareLoss loss = new SquareLoss(c1, c2, a.weights(), b.weights());
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(options.epsilon()).withTolerance(options.sinkhornTolerance() * mass)
                .withMaxIterations(options.sinkhornMaxIterations());
        Matrix t = Matrix.fromRowMajor(n, m, start);
        double[] f = null, g = null;
        double change;
        Sinkhorn.Result inner;
        int it = 0;
        do {
            it++;
            CostMatrix gradient = CostMatrix.dense(n, m, loss.gradient(t).toRowMajor());
            inner = sinkhorn.solve(TransportProblem.of(a, b, gradient), f, g);
            f = inner.f();
            g = inner.g();
            Matrix next = Matrix.fromRowMajor(n, m, inner.plan().toDense());
            change = next.minus(t).frobeniusNorm();
            t = next;
        } while (change > options.tolerance() && it < options.maxIterations());
        Status status = !inner.converged() ? Status.SINKHORN_NOT_CONVERGED
                : change <= options.tolerance() ? Status.CONVERGED : Status.MAX_ITERATIONS;
        return new Result(loss.loss(t), t, it, status, change, inner.marginalError());
    }
}
