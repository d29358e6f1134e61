package org.monge.maps;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

/**
 * Domain adaptation by exact optimal transport, as POT's {@code ot.da.EMDTransport} (Courty, Flamary, Tuia &amp;
 * Rakotomamonjy 2017, "Optimal transport for domain adaptation"): {@code fit} solves the exact problem between
 * uniform weights on the source and target samples with squared-Euclidean cost by {@link NetworkSimplex};
 * {@code transform} is the {@link BarycentricMap} of the plan, with POT's out-of-sample rule for new points
 * (the nearest fitting point's displacement). A positive rescaling of the cost (POT's {@code norm}) leaves the
 * exact plan unchanged, so it is not an option here. Cost: one n×m network simplex.
 */
public final class EmdTransport {
    private final NetworkSimplex simplex;

    /** The fitted estimator: the map and the network simplex's result (its status says whether it is optimal). */
    public record Result(BarycentricMap map, NetworkSimplex.Result solution) {
        public Matrix transform(Matrix points) { return map.apply(points); }

        public boolean converged() { return solution.converged(); }
    }

    private EmdTransport(NetworkSimplex simplex) { this.simplex = simplex; }

    public static EmdTransport defaults() { return new EmdTransport(NetworkSimplex.defaults()); }

    public EmdTransport withMaxIterations(int n) { return new EmdTransport(simplex.withMaxIterations(n)); }

    public Result fit(Matrix xs, Matrix xt) {
        DomainData.check(xs, xt);
        NetworkSimplex.Result r = simplex.solve(DiscreteMeasure.uniform(xs.rows()), DiscreteMeasure.uniform(xt.rows()),
                CostMatrix.fromPoints(xs, xt, Metric.SQEUCLIDEAN));
        return new Result(BarycentricMap.of(xs, xt, r.plan()), r);
    }
}
