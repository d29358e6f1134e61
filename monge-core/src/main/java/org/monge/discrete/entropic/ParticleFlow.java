package org.monge.discrete.entropic;

import org.monge.discrete.Checks;
import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

import java.util.Arrays;

/**
 * The Sinkhorn-divergence gradient flow of a point cloud onto a target: explicit Euler steps of the
 * Wasserstein gradient flow of α ↦ S_ε(α, β) on the positions of α's points, weights fixed (Feydy, Séjourné,
 * Vialard, Amari, Trouvé &amp; Peyré 2019, "Interpolating between optimal transport and MMD using Sinkhorn
 * divergences", §4, the particle flows of GeomLoss):
 * <pre>  x_i ← x_i − η ∇_{x_i} S_ε(α, β) / a_i</pre>
 * (dividing by a_i turns the Euclidean gradient into the velocity field −∇(f_αβ − f_αα) at x_i, the same for
 * every weight). The gradient is that of {@link SinkhornDivergence#gradient}; OT_ε(β, β) is solved once, and each
 * step solves OT_ε(α, β) with {@link Sinkhorn} and OT_ε(α, α) with the symmetric fixed point of
 * {@link SymmetricSinkhorn} (alternating updates crawl on symmetric problems).
 *
 * <p><b>Step-size rule.</b> Start at η₀ ({@link #withStepSize}; 0.25 for |x − y|², where a step of ½ would move
 * each point onto its image under the entropic map when ε → 0 and the self term is negligible). A step whose
 * divergence is not below the current one is halved and retried (backtracking, at most
 * {@link #MAX_HALVINGS} times); after an accepted step η grows by ×1.5 back up to η₀. So the loss decreases
 * at every accepted step.
 *
 * <p><b>Stopping.</b> CONVERGED when S_ε ≤ the tolerance ({@link #withTolerance}, default 1e-3), MAX_STEPS after
 * the step budget, STALLED when backtracking finds no decrease (S_ε at its minimum within the solver's
 * accuracy), NOT_CONVERGED_SOLVE when a Sinkhorn solve did not converge (its gradient is not trusted). The
 * result holds the final points, the loss before the first step and after each accepted step, and the status.
 * A {@link Listener} sees each accepted step (for progress and frames); the library prints nothing.
 *
 * <p>Cost per step: two solves (n·m and n² pairs) and their gradient passes, plus as much again
 * for every halving. Points are used as given (no rescaling of extreme magnitudes, unlike
 * {@link SinkhornDivergence#between}): coordinates beyond 1e±100 are refused.
 */
public final class ParticleFlow {
    /** The largest number of halvings of the step in one step. */
    public static final int MAX_HALVINGS = 30;

    public enum Status {
        CONVERGED, MAX_STEPS, STALLED, NOT_CONVERGED_SOLVE;

        /** Whether the divergence reached the tolerance. */
        public boolean converged() { return this == CONVERGED; }
    }

    /** Called after each accepted step with the new points (a fresh matrix), the divergence there and the step used. */
    @FunctionalInterface
    public interface Listener {
        void step(int step, Matrix points, double divergence, double stepSize);
    }

    /**
     * The result: the final points, {@code losses} (S_ε before the first step, then after each accepted step:
     * steps + 1 values, decreasing), the number of accepted steps, the last step size and the status.
     */
    public record Result(Matrix points, double[] losses, int steps, double stepSize, Status status) {
        public boolean converged() { return status.converged(); }

        /** The last divergence. */
        public double divergence() { return losses[losses.length - 1]; }
    }

    private final Sinkhorn solver;
    private final Metric metric;
    private final int maxSteps;
    private final double stepSize, tolerance;
    private final Listener listener;

    private ParticleFlow(Sinkhorn solver, Metric metric, int maxSteps, double stepSize, double tolerance, Listener listener) {
        this.solver = solver;
        this.metric = metric;
        this.maxSteps = maxSteps;
        this.stepSize = stepSize;
        this.tolerance = tolerance;
        this.listener = listener;
    }

    /**
     * The flow of S_ε for |x − y|², 200 steps, η₀ = 0.25, tolerance 1e-3; solves at ε to an L1 marginal error of
     * 1e-7 within 10,000 iterations.
     */
    public static ParticleFlow withEpsilon(double epsilon) {
        return new ParticleFlow(Sinkhorn.withEpsilon(epsilon).withTolerance(1e-7).withMaxIterations(10_000), Metric.SQEUCLIDEAN, 200, 0.25,
                1e-3, null);
    }

    /** The Sinkhorn solver of every divergence (its reference is the product, as S_ε needs). */
    public ParticleFlow withSolver(Sinkhorn s) {
        EntropicGradient.requireProduct(s);
        return new ParticleFlow(s, metric, maxSteps, stepSize, tolerance, listener);
    }

    /** The ground cost (one whose gradient is known, see {@link CostGradient}). */
    public ParticleFlow withMetric(Metric m) {
        CostGradient.of(m);
        return new ParticleFlow(solver, m, maxSteps, stepSize, tolerance, listener);
    }

    public ParticleFlow withMaxSteps(int n) {
        Checks.atLeast(n, 1, "steps");
        return new ParticleFlow(solver, metric, n, stepSize, tolerance, listener);
    }

    /** The initial (and largest) step size η₀. */
    public ParticleFlow withStepSize(double eta) {
        Checks.positiveFinite(eta, "stepSize");
        return new ParticleFlow(solver, metric, maxSteps, eta, tolerance, listener);
    }

    /** The divergence at which the flow stops as CONVERGED. */
    public ParticleFlow withTolerance(double tol) {
        Checks.nonNegativeFinite(tol, "tolerance");
        return new ParticleFlow(solver, metric, maxSteps, stepSize, tol, listener);
    }

    public ParticleFlow withListener(Listener l) {
        return new ParticleFlow(solver, metric, maxSteps, stepSize, tolerance, l);
    }

    /** Flows the points of {@code source} (weights fixed) towards {@code target}; both need support points of one dimension. */
    public Result run(DiscreteMeasure source, DiscreteMeasure target) {
        Matrix x = source.support();
        if (x.cols() != target.support().cols()) {
            throw new IllegalArgumentException("point clouds differ in dimension: " + x.cols() + " and " + target.support().cols());
        }
        DiscreteMeasure.requireBalanced(source, target);
        double mx = Math.max(x.maxAbs(), target.support().maxAbs());
        if (!Scaling.isModerate(mx)) {
            throw new IllegalArgumentException("points: coordinates as large as " + mx + " are outside the range the flow works in "
                    + "(magnitudes 1e-100 to 1e100, no rescaling); rescale the clouds");
        }
        double[] w = source.weights();
        SymmetricSinkhorn.Result yy = self(target);
        Flow flow = new Flow(w, target, yy.objective(), yy.converged());
        Evaluation cur = flow.evaluate(x);
        double[] losses = new double[maxSteps + 1];
        losses[0] = cur.gradient.value();
        double eta = stepSize;
        int steps = 0;
        Status status = Status.MAX_STEPS;
        while (true) {
            if (!cur.converged) {
                status = Status.NOT_CONVERGED_SOLVE;
                break;
            }
            if (cur.gradient.value() <= tolerance) {
                status = Status.CONVERGED;
                break;
            }
            if (steps == maxSteps) break;
            Evaluation next = null;
            boolean failed = false;
            for (int h = 0; h <= MAX_HALVINGS && next == null && !failed; h++) {
                Evaluation trial = flow.evaluate(moved(x, cur.gradient.x(), w, eta));
                failed = !trial.converged;
                if (!failed && trial.gradient.value() < cur.gradient.value()) next = trial;
                else if (!failed) eta *= 0.5;
            }
            if (failed || next == null) {
                status = failed ? Status.NOT_CONVERGED_SOLVE : Status.STALLED;
                break;
            }
            x = next.points;
            cur = next;
            losses[++steps] = cur.gradient.value();
            if (listener != null) listener.step(steps, x, cur.gradient.value(), eta);
            eta = Math.min(stepSize, 1.5 * eta);
        }
        return new Result(x, Arrays.copyOf(losses, steps + 1), steps, eta, status);
    }

    /** The points, S_ε there with its gradient in the points (weights left out), and whether both solves converged. */
    private record Evaluation(Matrix points, ValueAndGradient gradient, boolean converged) {}

    /**
     * One run's fixed parts: the weights, the target and OT_ε(β, β), which the points do not change, so each
     * evaluation solves only OT_ε(α, β) and OT_ε(α, α). Each from scratch with ε-scaling: a warm start from the
     * previous step's potentials skips ε-scaling, and at small ε plain iterations from there were seen to need
     * over 50 times as many iterations.
     */
    private final class Flow {
        final double[] w;
        final DiscreteMeasure target;
        final double targetSelf;
        final boolean targetConverged;

        Flow(double[] w, DiscreteMeasure target, double targetSelf, boolean targetConverged) {
            this.w = w;
            this.target = target;
            this.targetSelf = targetSelf;
            this.targetConverged = targetConverged;
        }

        Evaluation evaluate(Matrix x) {
            DiscreteMeasure alpha = DiscreteMeasure.of(w, x);
            Matrix y = target.support();
            double[] b = target.weights();
            Sinkhorn.Result xy = solver.solve(TransportProblem.of(alpha, target, CostMatrix.fromPoints(x, y, metric)));
            SymmetricSinkhorn.Result xx = self(alpha);
            double[][] xs = x.toArray(), ys = y.toArray();
            double[][] pxy = EntropicGradient.positions(xs, w, xy.f(), ys, b, xy.g(), xy.epsilon(), metric);
            double[] pxx = EntropicGradient.positions(xs, w, xx.f(), xs, w, xx.f(), solver.epsilon(), metric, false)[0];
            double value = xy.objective() - 0.5 * xx.objective() - 0.5 * targetSelf;
            ValueAndGradient g = new ValueAndGradient(value, Matrix.fromRowMajor(x.rows(), x.cols(),
                    SinkhornDivergence.debiased(pxy[0], pxx, pxx)), null, null, null);
            return new Evaluation(x, g, targetConverged && xy.converged() && xx.converged());
        }
    }

    /** OT_ε(μ, μ) by the symmetric fixed point, with the solver's ε, tolerance and iteration limit. */
    private SymmetricSinkhorn.Result self(DiscreteMeasure mu) {
        Sinkhorn.Options o = solver.options();
        Matrix p = mu.support();
        return SymmetricSinkhorn.solve(mu, CostMatrix.fromPoints(p, p, metric), o.epsilon(), o.tolerance(), o.maxIterations());
    }

    /** x_i − η g_i / w_i (points of zero weight do not move). */
    private static Matrix moved(Matrix x, Matrix g, double[] w, double eta) {
        int n = x.rows(), d = x.cols();
        double[] p = x.toRowMajor(), gr = g.toRowMajor();
        for (int i = 0; i < n; i++) {
            if (w[i] == 0) continue;
            for (int k = 0; k < d; k++) p[i * d + k] -= eta * gr[i * d + k] / w[i];
        }
        return Matrix.fromRowMajor(n, d, p);
    }
}
