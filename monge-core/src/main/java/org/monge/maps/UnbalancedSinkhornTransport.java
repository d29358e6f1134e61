package org.monge.maps;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.linalg.Matrix;

/**
 * Domain adaptation by unbalanced entropic transport, as POT's {@code ot.da.UnbalancedSinkhornTransport}:
 * {@code fit} solves min ⟨π, C⟩ + ε KL(π ‖ a⊗b) + τ KL(π1 ‖ a) + τ KL(πᵀ1 ‖ b) between uniform weights with
 * squared-Euclidean cost by {@link UnbalancedSinkhorn} (POT's reg_e is ε, its reg_m is τ); {@code transform} is
 * the {@link BarycentricMap} of the plan with the nearest-neighbour rule for new points. POT's kernel is
 * e^{−C/ε} where ours is a_i b_j e^{−C/ε}: for uniform weights that is a constant factor on the kernel, which with
 * equal penalties on both sides scales the optimal plan by a constant, so the row-normalised projection, and
 * {@code transform}, are the same. Cost: 2 n m exponentials per iteration.
 */
public final class UnbalancedSinkhornTransport {
    private final UnbalancedSinkhorn solver;

    /** The fitted estimator: the map and the solver's result (its status says whether it converged). */
    public record Result(BarycentricMap map, UnbalancedSinkhorn.Result solution) {
        public Matrix transform(Matrix points) { return map.apply(points); }

        public boolean converged() { return solution.converged(); }
    }

    private UnbalancedSinkhornTransport(UnbalancedSinkhorn solver) { this.solver = solver; }

    /** ε = POT's reg_e, τ = POT's reg_m (its default is 0.1). */
    public static UnbalancedSinkhornTransport of(double epsilon, double tau) {
        return new UnbalancedSinkhornTransport(UnbalancedSinkhorn.withEpsilon(epsilon).withTau(tau));
    }

    public UnbalancedSinkhornTransport withTolerance(double tol) { return new UnbalancedSinkhornTransport(solver.withTolerance(tol)); }

    public UnbalancedSinkhornTransport withMaxIterations(int n) { return new UnbalancedSinkhornTransport(solver.withMaxIterations(n)); }

    public Result fit(Matrix xs, Matrix xt) {
        DomainData.check(xs, xt);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.uniform(xs.rows()), DiscreteMeasure.uniform(xt.rows()),
                CostMatrix.fromPoints(xs, xt, Metric.SQEUCLIDEAN));
        UnbalancedSinkhorn.Result r = solver.solve(p);
        return new Result(BarycentricMap.of(xs, xt, r.plan()), r);
    }
}
