package org.monge.maps;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * Class-regularised domain adaptation with the non-convex group lasso (ℓp-ℓ1, p = ½), as POT's
 * {@code ot.da.SinkhornLpl1Transport} (Courty, Flamary, Tuia &amp; Rakotomamonjy 2017, "Optimal transport for domain
 * adaptation", §4.2): with source labels, {@code fit} seeks the coupling π of uniform weights minimising
 * <pre>  ⟨π, C⟩ + ε Σ π log π + η Σ_j Σ_c (Σ_{i ∈ I_c} π_ij)^½,</pre>
 * C the squared-Euclidean cost (after POT's optional {@link CostNormalization}), I_c the sources of class c, so that
 * each target point is fed by few classes. The concave penalty is handled by majorisation-minimisation, as POT does:
 * starting from W = 0, each of a fixed number of outer iterations solves the entropic problem with cost C + η W by
 * {@link Sinkhorn} (warm-started from the previous potentials) and sets W_ij = p (Σ_{i' ∈ I_c(i)} π_i'j + δ)^{p−1},
 * the slope of the penalty's linearisation at π smoothed by POT's δ = 10⁻³. The plan of the last solve is the
 * answer. ε Σ π log π and ε KL(π ‖ a⊗b) differ by a constant on couplings, so POT's reg_e is our ε and its reg_cl
 * our η. {@code transform} is POT's: the {@link BarycentricMap} of the plan, new points moved with their nearest
 * fitting point. Cost: outer iterations × one dense n×m Sinkhorn; memory a few n×m arrays. docs/mathematics.md §11
 * states the problem and the scheme.
 */
public final class SinkhornLpl1Transport {
    /** POT's exponent p of the group norm and its smoothing δ of the majorisation. */
    public static final double P = 0.5, SMOOTHING = 1e-3;
    private final double epsilon, eta, tolerance;
    private final int outerIterations, maxIterations;
    private final CostNormalization normalization;

    /**
     * The fitted estimator: the map, the plan (n×m), the last Sinkhorn solve, and whether every inner solve met its
     * tolerance.
     */
    public record Result(BarycentricMap map, Matrix coupling, Sinkhorn.Result solution, int outerIterations, boolean converged) {
        /** POT's transform: the barycentric projection, extended by nearest neighbour. */
        public Matrix transform(Matrix points) { return map.apply(points); }
    }

    private SinkhornLpl1Transport(double epsilon, double eta, int outer, double tol, int maxIterations, CostNormalization norm) {
        this.epsilon = epsilon;
        this.eta = eta;
        this.outerIterations = outer;
        this.tolerance = tol;
        this.maxIterations = maxIterations;
        this.normalization = norm;
    }

    /**
     * ε = POT's reg_e (positive), η = its reg_cl (non-negative; 0 is plain Sinkhorn); POT's 10 outer iterations, Sinkhorn's
     * default tolerance and iteration cap, no cost normalisation.
     */
    public static SinkhornLpl1Transport of(double epsilon, double eta) {
        Sinkhorn.Options o = Sinkhorn.Options.defaults(epsilon);
        Checks.nonNegativeFinite(eta, "eta");
        return new SinkhornLpl1Transport(epsilon, eta, 10, o.tolerance(), o.maxIterations(), CostNormalization.NONE);
    }

    /** The number of majorisation steps (POT's max_iter), at least 1. */
    public SinkhornLpl1Transport withOuterIterations(int n) {
        Checks.atLeast(n, 1, "outerIterations");
        return new SinkhornLpl1Transport(epsilon, eta, n, tolerance, maxIterations, normalization);
    }

    /** The L1 marginal tolerance of each inner Sinkhorn solve. */
    public SinkhornLpl1Transport withTolerance(double tol) {
        Sinkhorn.withEpsilon(epsilon).withTolerance(tol); // validates
        return new SinkhornLpl1Transport(epsilon, eta, outerIterations, tol, maxIterations, normalization);
    }

    /** The iteration cap of each inner Sinkhorn solve (POT's max_inner_iter). */
    public SinkhornLpl1Transport withMaxIterations(int n) {
        Sinkhorn.withEpsilon(epsilon).withMaxIterations(n); // validates
        return new SinkhornLpl1Transport(epsilon, eta, outerIterations, tolerance, n, normalization);
    }

    public SinkhornLpl1Transport withNormalization(CostNormalization norm) {
        if (norm == null) throw new IllegalArgumentException("normalization must not be null");
        return new SinkhornLpl1Transport(epsilon, eta, outerIterations, tolerance, maxIterations, norm);
    }

    /** Fits to source points xs with labels ys (one a point) and unlabelled target points xt. */
    public Result fit(Matrix xs, int[] ys, Matrix xt) {
        DomainData.check(xs, xt);
        SourceClasses classes = SourceClasses.of(ys, xs.rows());
        int n = xs.rows(), m = xt.rows();
        double[] c = SourceClasses.cost(xs, xt, normalization), cost = c.clone();
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(epsilon).withTolerance(tolerance).withMaxIterations(maxIterations)
                .withStorage(Sinkhorn.Storage.DENSE);
        Sinkhorn.Result r = null;
        double[] plan = null, column = new double[m];
        boolean converged = true;
        for (int t = 0; t < outerIterations; t++) {
            CostMatrix ct = CostMatrix.dense(n, m, cost);
            r = r == null ? sinkhorn.solve(a, b, ct) : sinkhorn.solve(a, b, ct, r.f(), r.g());
            converged &= r.converged();
            plan = r.plan().toDense();
            for (int[] members : classes.members) { // cost = C + η W with W from this plan
                Arrays.fill(column, 0);
                for (int i : members) for (int j = 0; j < m; j++) column[j] += plan[i * m + j];
                for (int j = 0; j < m; j++) column[j] = eta * P * Math.pow(column[j] + SMOOTHING, P - 1);
                for (int i : members) for (int j = 0; j < m; j++) cost[i * m + j] = c[i * m + j] + column[j];
            }
        }
        return new Result(BarycentricMap.ofDense(xs, xt, plan), Matrix.fromRowMajor(n, m, plan), r, outerIterations, converged);
    }
}
