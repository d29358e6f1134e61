package org.monge.maps;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * Class-regularised domain adaptation with the convex group lasso (ℓ1-ℓ2), as POT's
 * {@code ot.da.SinkhornL1l2Transport} (Courty, Flamary, Tuia &amp; Rakotomamonjy 2017, "Optimal transport for domain
 * adaptation", §4.2): with source labels, {@code fit} seeks the coupling π of uniform weights minimising
 * <pre>  F(π) = ⟨π, C⟩ + ε Σ π log π + η Σ_j Σ_c ‖π_{I_c, j}‖₂,</pre>
 * C the squared-Euclidean cost (after POT's optional {@link CostNormalization}), I_c the sources of class c. It runs
 * POT's generalised conditional gradient (Rakotomamonjy, Flamary &amp; Courty 2015, "Generalized conditional gradient:
 * analysis of convergence and applications"): from π = a⊗b, each step linearises the group lasso at π, solves the
 * entropic problem with cost C + η ∇Ω(π) by {@link Sinkhorn} (∇Ω(π)_ij = π_ij / ‖π_{I_c(i), j}‖₂, 0 for a zero group),
 * and moves towards that plan by POT's {@link ArmijoSearch} on F. It stops after the given number of steps, or once F
 * changes by less than the tolerance relatively or 10⁻⁹ absolutely (POT's two thresholds). POT's reg_e is our ε, its
 * reg_cl our η, its tol our loss tolerance. {@code transform} is POT's: the {@link BarycentricMap} of the plan, new
 * points moved with their nearest fitting point. Cost: per step one dense n×m Sinkhorn and a few O(n m) evaluations
 * of F; memory a few n×m arrays. docs/mathematics.md §11 states the problem.
 */
public final class SinkhornL1l2Transport {
    /** POT's absolute threshold on the change of F. */
    public static final double ABSOLUTE_TOLERANCE = 1e-9;
    private final double epsilon, eta, lossTolerance, tolerance;
    private final int outerIterations, maxIterations;
    private final CostNormalization normalization;

    /**
     * The fitted estimator: the map, the plan (n×m), F at the start and after each step, the steps taken, and whether
     * every inner Sinkhorn solve met its tolerance.
     */
    public record Result(BarycentricMap map, Matrix coupling, double[] losses, int outerIterations, boolean converged) {
        /** POT's transform: the barycentric projection, extended by nearest neighbour. */
        public Matrix transform(Matrix points) { return map.apply(points); }
    }

    private SinkhornL1l2Transport(double epsilon, double eta, int outer, double lossTol, double tol, int maxIterations,
                                  CostNormalization norm) {
        this.epsilon = epsilon;
        this.eta = eta;
        this.outerIterations = outer;
        this.lossTolerance = lossTol;
        this.tolerance = tol;
        this.maxIterations = maxIterations;
        this.normalization = norm;
    }

    /**
     * ε = POT's reg_e (positive), η = its reg_cl (non-negative); POT's 10 steps and loss tolerance 10⁻⁸, Sinkhorn's default
     * tolerance and iteration cap, no cost normalisation.
     */
    public static SinkhornL1l2Transport of(double epsilon, double eta) {
        Sinkhorn.Options o = Sinkhorn.Options.defaults(epsilon);
        Checks.nonNegativeFinite(eta, "eta");
        return new SinkhornL1l2Transport(epsilon, eta, 10, 1e-8, o.tolerance(), o.maxIterations(), CostNormalization.NONE);
    }

    /** The most conditional-gradient steps (POT's max_iter), at least 1. */
    public SinkhornL1l2Transport withOuterIterations(int n) {
        Checks.atLeast(n, 1, "outerIterations");
        return new SinkhornL1l2Transport(epsilon, eta, n, lossTolerance, tolerance, maxIterations, normalization);
    }

    /** The relative change of F below which the steps stop (POT's tol). */
    public SinkhornL1l2Transport withLossTolerance(double tol) {
        Checks.nonNegativeFinite(tol, "lossTolerance");
        return new SinkhornL1l2Transport(epsilon, eta, outerIterations, tol, tolerance, maxIterations, normalization);
    }

    /** The L1 marginal tolerance of each inner Sinkhorn solve. */
    public SinkhornL1l2Transport withTolerance(double tol) {
        Sinkhorn.withEpsilon(epsilon).withTolerance(tol); // validates
        return new SinkhornL1l2Transport(epsilon, eta, outerIterations, lossTolerance, tol, maxIterations, normalization);
    }

    /** The iteration cap of each inner Sinkhorn solve (POT's max_inner_iter). */
    public SinkhornL1l2Transport withMaxIterations(int n) {
        Sinkhorn.withEpsilon(epsilon).withMaxIterations(n); // validates
        return new SinkhornL1l2Transport(epsilon, eta, outerIterations, lossTolerance, tolerance, n, normalization);
    }

    public SinkhornL1l2Transport withNormalization(CostNormalization norm) {
        if (norm == null) throw new IllegalArgumentException("normalization must not be null");
        return new SinkhornL1l2Transport(epsilon, eta, outerIterations, lossTolerance, tolerance, maxIterations, norm);
    }

    /** Fits to source points xs with labels ys (one a point) and unlabelled target points xt. */
    public Result fit(Matrix xs, int[] ys, Matrix xt) {
        DomainData.check(xs, xt);
        SourceClasses classes = SourceClasses.of(ys, xs.rows());
        int n = xs.rows(), m = xt.rows();
        double[] c = SourceClasses.cost(xs, xt, normalization);
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(epsilon).withTolerance(tolerance).withMaxIterations(maxIterations)
                .withStorage(Sinkhorn.Storage.DENSE);
        Objective objective = new Objective(c, classes.members, n, m);
        double[] plan = new double[n * m], linear = new double[n * m], delta = new double[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) plan[i * m + j] = a.weight(i) * b.weight(j);
        double[] losses = new double[outerIterations + 1];
        double loss = objective.value(plan);
        losses[0] = loss;
        Sinkhorn.Result r = null;
        boolean converged = true;
        int steps = 0;
        while (steps < outerIterations) {
            objective.penaltyGradient(plan, linear);
            for (int k = 0; k < linear.length; k++) linear[k] = c[k] + eta * linear[k];
            CostMatrix ct = CostMatrix.dense(n, m, linear);
            r = r == null ? sinkhorn.solve(a, b, ct) : sinkhorn.solve(a, b, ct, r.f(), r.g());
            converged &= r.converged();
            double[] next = r.plan().toDense();
            double slope = 0;
            for (int k = 0; k < delta.length; k++) {
                delta[k] = next[k] - plan[k];
                slope += delta[k] * (linear[k] + epsilon * (1 + Math.log(Math.max(plan[k], Double.MIN_NORMAL))));
            }
            double previous = loss;
            ArmijoSearch.Step step = ArmijoSearch.search(alpha -> objective.value(plan, delta, alpha), loss, slope);
            for (int k = 0; k < plan.length; k++) plan[k] += step.alpha() * delta[k];
            loss = step.value();
            losses[++steps] = loss;
            double change = Math.abs(loss - previous);
            if (change / Math.abs(loss) < lossTolerance || change < ABSOLUTE_TOLERANCE) break;
        }
        return new Result(BarycentricMap.ofDense(xs, xt, plan), Matrix.fromRowMajor(n, m, plan.clone()),
                Arrays.copyOf(losses, steps + 1), steps, converged);
    }

    /** F and the gradient of the group lasso, over a dense row-major plan. */
    private final class Objective {
        private final double[] cost, scratch;
        private final int[][] members;
        private final int m;

        Objective(double[] cost, int[][] members, int n, int m) {
            this.cost = cost;
            this.members = members;
            this.m = m;
            this.scratch = new double[n * m];
        }

        /** F(plan + alpha·delta). */
        double value(double[] plan, double[] delta, double alpha) {
            for (int k = 0; k < plan.length; k++) scratch[k] = plan[k] + alpha * delta[k];
            return value(scratch);
        }

        /** F(π) = ⟨π, C⟩ + ε Σ π log π + η Σ_j Σ_c ‖π_{I_c, j}‖₂ (0 log 0 = 0). */
        double value(double[] p) {
            double linearPart = 0, entropy = 0;
            for (int k = 0; k < p.length; k++) {
                linearPart += cost[k] * p[k];
                if (p[k] != 0) entropy += p[k] * Math.log(p[k]);
            }
            double groups = 0;
            for (int j = 0; j < m; j++) {
                for (int[] rows : members) {
                    double s = 0;
                    for (int i : rows) s += p[i * m + j] * p[i * m + j];
                    groups += Math.sqrt(s);
                }
            }
            return linearPart + epsilon * entropy + eta * groups;
        }

        /** out = ∇ Σ_j Σ_c ‖π_{I_c, j}‖₂ at p: p_ij / ‖p_{I_c(i), j}‖₂, 0 on a zero group. */
        void penaltyGradient(double[] p, double[] out) {
            for (int j = 0; j < m; j++) {
                for (int[] rows : members) {
                    double s = 0;
                    for (int i : rows) s += p[i * m + j] * p[i * m + j];
                    double norm = Math.sqrt(s);
                    for (int i : rows) out[i * m + j] = norm > 0 ? p[i * m + j] / norm : 0;
                }
            }
        }
    }
}
