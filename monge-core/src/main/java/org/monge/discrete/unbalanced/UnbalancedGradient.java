package org.monge.discrete.unbalanced;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;

import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;

/**
 * The value OT of {@link UnbalancedSinkhorn}'s problem (its {@code objective}) with its gradient with respect to
 * the weights and, for costs from points, the points of both sides, from one solution by the envelope theorem on
 * the dual D(f, g) = −τ_a⟨a, e^{−f/τ_a} − 1⟩ − τ_b⟨b, e^{−g/τ_b} − 1⟩ − ε⟨a⊗b, e^{(f⊕g−C)/ε} − 1⟩:
 * <pre>  ∂OT/∂a_i = τ_a(1 − e^{−f_i/τ_a}) − ε((π1)_i/a_i − m(b))      (f_i − ε((π1)_i/a_i − m(b)) for τ_a = +∞)</pre>
 * with (π1)_i/a_i = Σ_j b_j e^{(f_i + g_j − c_ij)/ε} read off the returned plan, symmetrically for b, and
 * min(f_i, ρ) − ε((π1)_i/a_i − m(b)) for a total-variation side ρ TV (its dual term ⟨a, min(f, ρ)⟩, docs/mathematics.md
 * §6; there (π1)_i/a_i is summed from the costs where a_i = 0, since the optimal f_i is then the clamped update), and
 * ∂OT/∂x_i = Σ_j π_ij ∇_x c(x_i, y_j) ({@link CostGradient}). The weights are free (no simplex): the full
 * gradient, not centred; with an exact marginal (τ = +∞) only directions that keep the masses equal make
 * sense, along which the constant in f drops out. A gradient (the problem is strictly convex), as accurate as
 * the solve. Cost: one pass over the plan's entries.
 */
public final class UnbalancedGradient {
    /** Above this exponent the exponentials of {@link #partial} are summed in logs. */
    private static final double LARGE = 700;

    private UnbalancedGradient() {}

    /** The gradient from a solution {@code r} of {@code problem} by a solver with {@code options} (KL, TV or exact sides). */
    public static ValueAndGradient fromSolution(TransportProblem problem, UnbalancedSinkhorn.Options options, UnbalancedSinkhorn.Result r) {
        double eps = options.epsilon();
        CostMatrix c = problem.cost();
        double[] a = problem.a().weights(), b = problem.b().weights();
        double ma = problem.a().totalMass(), mb = problem.b().totalMass();
        double[] ga = new double[a.length], gb = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            int row = i;
            ga[i] = partial(a[i], r.f()[i], r.rowMarginal()[i], mb, eps, options.penaltyA(),
                    () -> density(j -> c.get(row, j), b, r.g(), r.f()[row], eps));
        }
        for (int j = 0; j < b.length; j++) {
            int col = j;
            gb[j] = partial(b[j], r.g()[j], r.colMarginal()[j], ma, eps, options.penaltyB(),
                    () -> density(i -> c.get(i, col), a, r.f(), r.g()[col], eps));
        }
        Matrix gx = null, gy = null;
        if (c instanceof CostMatrix.FromPoints fp) {
            Matrix[] g = CostGradient.ofPlan(r.plan(), CostViews.sourcePoints(fp), CostViews.targetPoints(fp), fp.metric());
            gx = g[0];
            gy = g[1];
        }
        return new ValueAndGradient(r.objective(), gx, ga, gy, gb);
    }

    /**
     * Σ_k w_k exp((p + q_k − cost(k))/ε), the plan's density (π1)_i/a_i at a point whatever its weight, summed shifted by
     * its largest exponent.
     */
    static double density(IntToDoubleFunction cost, double[] w, double[] q, double p, double eps) {
        double[] z = new double[w.length];
        double mx = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            z[k] = w[k] > 0 ? Math.log(w[k]) + (p + q[k] - cost.applyAsDouble(k)) / eps : Double.NEGATIVE_INFINITY;
            mx = Math.max(mx, z[k]);
        }
        if (mx == Double.NEGATIVE_INFINITY) return 0;
        double s = 0;
        for (double v : z) s += Math.exp(v - mx);
        return Math.exp(mx) * s;
    }

    /**
     * ∂OT/∂w for one weight w with potential f, transported marginal and the other side's mass, for the side's penalty:
     * KL and exact as {@link #partial(double, double, double, double, double, double)}; TV(ρ): min(f, ρ) − ε(ratio − m),
     * ratio = marginal/w, or {@code densityAtZero} where w = 0.
     */
    static double partial(double w, double f, double marginal, double otherMass, double eps, MarginalPenalty penalty,
                          DoubleSupplier densityAtZero) {
        if (penalty.kind() != MarginalPenalty.Kind.TV) return partial(w, f, marginal, otherMass, eps, penalty.weight());
        if (Double.isNaN(f)) throw new IllegalArgumentException("the potential is NaN: the solve broke down, no gradient");
        double out = Math.min(f, penalty.weight()) - eps * ((w > 0 ? marginal / w : densityAtZero.getAsDouble()) - otherMass);
        if (!Double.isFinite(out)) {
            throw new IllegalArgumentException("the weight gradient at a point of weight " + w + " (potential " + f + ", " + penalty
                    + ") is outside the double range; rescale the costs");
        }
        return out;
    }

    /**
     * ∂OT/∂w for one weight w with potential f, transported marginal and the other side's mass:
     * τ(1 − e^{−f/τ}) − ε(marginal/w − m), marginal/w read as e^{−f/τ} where w = 0 (its value at the optimum).
     * Evaluated in logs: at a point of zero weight the plan's density e^{−f/τ} may be far beyond e^{709} (a target
     * that is not reached otherwise) while the gradient τ + εm − τe^{−f/τ} − ε·marginal/w still fits a double, so
     * the two exponentials are summed as one log-sum-exp there. A gradient outside the double range is an
     * IllegalArgumentException, never ±∞.
     */
    static double partial(double w, double f, double marginal, double otherMass, double eps, double tau) {
        if (Double.isNaN(f)) throw new IllegalArgumentException("the potential is NaN: the solve broke down, no gradient");
        if (tau == Double.POSITIVE_INFINITY) return f - eps * ((w > 0 ? marginal / w : 1) - otherMass);
        double x = -f / tau, logRatio = w > 0 ? Math.log(marginal) - Math.log(w) : x;
        double out;
        if (Math.max(x, logRatio) < LARGE) { // both exponentials are moderate: expm1 keeps τ(1 − e^{x}) accurate near f = 0
            out = -tau * Math.expm1(x) - eps * ((w > 0 ? marginal / w : Math.exp(x)) - otherMass);
        } else {
            double hi = Math.max(Math.log(tau) + x, Math.log(eps) + logRatio), lo = Math.min(Math.log(tau) + x, Math.log(eps) + logRatio);
            out = tau + eps * otherMass - Math.exp(hi + Math.log1p(Math.exp(lo - hi)));
        }
        if (!Double.isFinite(out)) {
            throw new IllegalArgumentException("the weight gradient at a point of weight " + w + " (potential " + f + ", τ = " + tau
                    + ") is outside the double range: the plan's density there is e^" + x + "; rescale the costs or raise tau");
        }
        return out;
    }
}
