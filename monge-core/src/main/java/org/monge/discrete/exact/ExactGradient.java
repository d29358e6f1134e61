package org.monge.discrete.exact;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;

/**
 * The exact OT cost V = min_π Σ π_ij c(x_i, y_j) (W_p^p for the cost |x − y|^p) with its gradient with
 * respect to the weights and the points of both sides, read off one network-simplex solution by the
 * envelope theorem (Peyré &amp; Cuturi 2019, §9.1; Santambrogio 2015, §7.2.2):
 * <ul>
 * <li>weights: the dual potentials f, g, centred (f − mean f, g − mean g: the gradient on the simplex
 *   tangent, see {@link ValueAndGradient});</li>
 * <li>points: ∂V/∂x_i = Σ_j π_ij ∇_x c(x_i, y_j) and ∂V/∂y_j = Σ_i π_ij ∇_y c(x_i, y_j) with π the optimal
 *   plan ({@link CostGradient}).</li>
 * </ul>
 * <b>Gradient or not.</b> V is the value of a linear program in its right-hand side (a, b), hence convex
 * and piecewise linear in the weights: the potentials are a <em>subgradient</em>, and the gradient
 * exactly where they are unique (a non-degenerate optimal basis, the generic case). In the points, V is a
 * minimum over plans of smooth functions: where the optimal plan is unique (generic points) V is
 * differentiable and the formula is its gradient; where several plans are optimal, each gives a one-sided
 * (for |x − y|², after the smooth part Σ a_i|x_i|² + Σ b_j|y_j|² is removed, a super-) gradient, so these
 * values are then a <em>supergradient</em> in the sense of semi-concave functions, not a gradient.
 *
 * <p>Cost: the solve plus one pass over the m + n − 1 entries of the basic plan, O((m + n)·d).
 */
public final class ExactGradient {
    private ExactGradient() {}

    /** V and its gradient between two weighted point clouds for a metric with a known gradient. */
    public static ValueAndGradient valueAndGradient(DiscreteMeasure a, DiscreteMeasure b, Metric metric) {
        CostGradient.of(metric); // an unknown metric is refused before the solve
        TransportProblem p = TransportProblem.of(a, b, CostMatrix.fromPoints(a.support(), b.support(), metric));
        return fromSolution(p, ExactWasserstein.solve(p));
    }

    /** V and its weight gradients for a cost given without points (x and y are null). */
    public static ValueAndGradient valueAndGradient(TransportProblem problem) {
        return fromSolution(problem, ExactWasserstein.solve(problem));
    }

    /**
     * The gradient read off an optimal solution of {@code problem} (status OPTIMAL, else an
     * IllegalArgumentException): point gradients when its cost is computed from points.
     */
    public static ValueAndGradient fromSolution(TransportProblem problem, NetworkSimplex.Result r) {
        if (!r.isOptimal()) throw new IllegalArgumentException("result: the gradient needs an optimal solution, got " + r.status());
        Matrix gx = null, gy = null;
        if (problem.cost() instanceof CostMatrix.FromPoints fp) {
            Matrix[] g = CostGradient.ofPlan(r.plan(), CostViews.sourcePoints(fp), CostViews.targetPoints(fp), fp.metric());
            gx = g[0];
            gy = g[1];
        }
        return new ValueAndGradient(r.cost(), gx, ValueAndGradient.tangent(r.f()), gy, ValueAndGradient.tangent(r.g()));
    }
}
