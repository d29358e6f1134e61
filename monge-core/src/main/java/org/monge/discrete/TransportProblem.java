package org.monge.discrete;

/**
 * A discrete transport problem between the source weights a (m entries), the target weights b
 * (n entries) and an m×n cost, validated once when it is built: the sizes match (see
 * {@link Checks#shape}); the weights are valid by construction of {@link DiscreteMeasure}; dense
 * costs are never NaN or −∞ by construction of {@link CostMatrix}. Balance (equal total masses
 * within {@link DiscreteMeasure#MASS_TOLERANCE}) is checked by {@link #requireBalanced} in the
 * solvers that need it, so that an unbalanced problem can still be described; so is
 * {@link #requireFeasible} (no row or column of positive weight made only of +∞ costs). Every
 * discrete solver accepts one.
 */
public record TransportProblem(DiscreteMeasure a, DiscreteMeasure b, CostMatrix cost) {

    public TransportProblem {
        if (a == null || b == null || cost == null) throw new IllegalArgumentException("a transport problem needs a, b and a cost");
        Checks.shape(a, b, cost);
    }

    /** The problem (a, b, c), sizes checked. */
    public static TransportProblem of(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c) {
        return new TransportProblem(a, b, c);
    }

    /** The problem (a, b, c) with equal masses required. */
    public static TransportProblem balanced(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c) {
        return of(a, b, c).requireBalanced();
    }

    /** Uniform weights 1/m and 1/n on the rows and columns of c. */
    public static TransportProblem uniform(CostMatrix c) {
        return of(DiscreteMeasure.uniform(c.rows()), DiscreteMeasure.uniform(c.cols()), c);
    }

    /**
     * The cost as computed from two point clouds, for solvers that work on the points themselves (1-D,
     * sliced, the Sinkhorn divergence); throws, naming the solver, when the cost is a dense matrix.
     */
    public CostMatrix.FromPoints pointCost(String solver) {
        if (cost instanceof CostMatrix.FromPoints points) return points;
        throw new IllegalArgumentException("problem: " + solver + " needs a cost computed from points (CostMatrix.fromPoints), "
                + "not a dense matrix");
    }

    /** The source weights on the source points of {@link #pointCost}. */
    public DiscreteMeasure sourceOnPoints(String solver) {
        return DiscreteMeasure.of(a.weights(), pointCost(solver).sourcePoints());
    }

    /** The target weights on the target points of {@link #pointCost}. */
    public DiscreteMeasure targetOnPoints(String solver) {
        return DiscreteMeasure.of(b.weights(), pointCost(solver).targetPoints());
    }

    /** Number of sources m. */
    public int rows() { return cost.rows(); }

    /** Number of targets n. */
    public int cols() { return cost.cols(); }

    /** Whether the total masses agree within {@link DiscreteMeasure#MASS_TOLERANCE} relative. */
    public boolean isBalanced() { return Checks.isBalanced(a.totalMass(), b.totalMass()); }

    /** This problem; throws unless it is balanced (see {@link Checks#balanced}). */
    public TransportProblem requireBalanced() {
        Checks.balanced(a.totalMass(), b.totalMass());
        return this;
    }

    /**
     * This problem; for a dense cost, throws unless every row (column) of positive weight has a finite
     * cost: "problem is infeasible: row i has no finite cost" (see {@link Checks#feasible}). Costs
     * computed from points are not scanned: that would compute all m×n of them.
     */
    public TransportProblem requireFeasible() {
        if (cost instanceof CostMatrix.Dense) {
            Checks.feasible(rows(), cols(), cost.rowMajorView(), Double.POSITIVE_INFINITY, i -> a.weight(i) > 0, j -> b.weight(j) > 0);
        }
        return this;
    }
}
