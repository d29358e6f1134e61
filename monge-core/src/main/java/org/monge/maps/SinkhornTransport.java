package org.monge.maps;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

/**
 * Domain adaptation by entropic optimal transport, as POT's {@code ot.da.SinkhornTransport} (Courty et al. 2017):
 * {@code fit} solves min ⟨π, C⟩ + ε KL(π ‖ a⊗b) between uniform weights with squared-Euclidean cost by
 * {@link Sinkhorn} (POT's {@code reg_e} is this ε: its −ε H(π) differs from ε KL(π ‖ a⊗b) by a constant on
 * couplings), after POT's optional {@link CostNormalization} (solved as the original cost at ε·s).
 * {@code transform} is POT's: the {@link BarycentricMap} of the plan, new points moved with their nearest fitting
 * point. The result also carries the {@link EntropicMap} of the same solution (Pooladian &amp; Niles-Weed 2021),
 * which agrees with {@code transform} at the fitting points and extends smoothly to new ones (POT 0.8.2 has no
 * such rule). Cost: Sinkhorn's, O(n m) per iteration.
 */
public final class SinkhornTransport {
    private final double epsilon, tolerance;
    private final int maxIterations;
    private final CostNormalization normalization;

    /** The fitted estimator: both out-of-sample maps and Sinkhorn's result (its status says whether it converged). */
    public record Result(BarycentricMap map, EntropicMap entropicMap, Sinkhorn.Result solution) {
        /** POT's transform: the barycentric projection, extended by nearest neighbour. */
        public Matrix transform(Matrix points) { return map.apply(points); }

        public boolean converged() { return solution.converged(); }
    }

    private SinkhornTransport(double epsilon, double tolerance, int maxIterations, CostNormalization normalization) {
        this.epsilon = Sinkhorn.Options.defaults(epsilon).epsilon();
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.normalization = normalization;
    }

    /** ε = POT's reg_e; Sinkhorn's default tolerance and iteration cap, no cost normalisation. */
    public static SinkhornTransport withEpsilon(double epsilon) {
        Sinkhorn.Options o = Sinkhorn.Options.defaults(epsilon);
        return new SinkhornTransport(epsilon, o.tolerance(), o.maxIterations(), CostNormalization.NONE);
    }

    public SinkhornTransport withTolerance(double tol) {
        Sinkhorn.withEpsilon(epsilon).withTolerance(tol); // validates
        return new SinkhornTransport(epsilon, tol, maxIterations, normalization);
    }

    public SinkhornTransport withMaxIterations(int n) {
        Sinkhorn.withEpsilon(epsilon).withMaxIterations(n); // validates
        return new SinkhornTransport(epsilon, tolerance, n, normalization);
    }

    public SinkhornTransport withNormalization(CostNormalization norm) {
        if (norm == null) throw new IllegalArgumentException("normalization must not be null");
        return new SinkhornTransport(epsilon, tolerance, maxIterations, norm);
    }

    public Result fit(Matrix xs, Matrix xt) {
        DomainData.check(xs, xt);
        CostMatrix c = CostMatrix.fromPoints(xs, xt, Metric.SQEUCLIDEAN);
        double eps = epsilon * normalization.scale(c);
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(eps).withTolerance(tolerance).withMaxIterations(maxIterations);
        DiscreteMeasure a = DiscreteMeasure.uniform(xs), b = DiscreteMeasure.uniform(xt);
        Sinkhorn.Result r = sinkhorn.solve(a, b, c);
        return new Result(BarycentricMap.of(xs, xt, r.plan()), EntropicMap.of(xt, b.weights(), r.g(), r.epsilon()), r);
    }
}
