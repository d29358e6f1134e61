package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;

/**
 * W_p between two discrete measures with support points in R^d, computed exactly by the
 * {@link NetworkSimplex}: W_1 with the Euclidean cost (the earth mover's distance), W_2 with the
 * squared Euclidean cost, general p with |x − y|^p. The cost is computed from the points; the
 * solver's status is checked, so an iteration limit or infeasibility is an exception, never a
 * number. O(mn) memory for the cost, network-simplex time.
 */
public final class ExactWasserstein {
    private ExactWasserstein() {}

    /** The earth mover's distance W_1 with the Euclidean ground distance. */
    public static double w1(DiscreteMeasure a, DiscreteMeasure b) {
        return distance(a, b, 1);
    }

    /** W_p = (min_π Σ π_ij |x_i − y_j|^p)^(1/p), p ≥ 1. */
    public static double distance(DiscreteMeasure a, DiscreteMeasure b, double p) {
        double cost = solve(a, b, p).cost();
        return p == 1 ? cost : Math.pow(Math.max(cost, 0), 1 / p);
    }

    /** The full solver result for the cost |x − y|^p (cost = W_p^p). */
    public static NetworkSimplex.Result solve(DiscreteMeasure a, DiscreteMeasure b, double p) {
        Checks.exponent(p, "p");
        Metric metric = p == 1 ? Metric.EUCLIDEAN : p == 2 ? Metric.SQEUCLIDEAN : (x, y) -> Math.pow(Metric.EUCLIDEAN.cost(x, y), p);
        CostMatrix c = CostMatrix.fromPoints(a.support(), b.support(), metric);
        return solve(TransportProblem.of(a, b, CostMatrix.dense(c.rows(), c.cols(), c.toRowMajor())));
    }

    /** The exact optimum of a balanced problem with any cost; a status other than OPTIMAL is an exception. */
    public static NetworkSimplex.Result solve(TransportProblem problem) {
        NetworkSimplex.Result r = NetworkSimplex.defaults().solve(problem);
        if (!r.isOptimal()) throw new IllegalStateException("network simplex ended with status " + r.status());
        return r;
    }
}
