package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.linalg.Matrix;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The free-support W2 barycenter of point clouds μ_1 … μ_K: argmin over the positions X of a
 * measure Σ w_i δ_{x_i} (weights fixed) of Σ_k λ_k W2²(·, μ_k), by Cuturi &amp; Doucet 2014
 * (Algorithm 2 with θ = 1): solve each exact OT problem (network simplex), move each x_i to
 * Σ_k λ_k T_k(x_i) with T_k the barycentric projection of the optimal plan. The objective never
 * increases; the run stops when no point moves more than the tolerance (relative to the spread
 * of the data). Cost per iteration: K exact OT solves.
 */
public final class FreeSupportBarycenter {
    private final int maxIterations;
    private final double tolerance;

    private FreeSupportBarycenter(int maxIterations, double tolerance) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    public static FreeSupportBarycenter defaults() { return new FreeSupportBarycenter(100, 1e-9); }

    public FreeSupportBarycenter withMaxIterations(int n) {
        Checks.atLeast(n, 1, "maxIterations");
        return new FreeSupportBarycenter(n, tolerance);
    }

    public FreeSupportBarycenter withTolerance(double t) {
        Checks.nonNegativeFinite(t, "tolerance");
        return new FreeSupportBarycenter(maxIterations, t);
    }

    /** How the iterations ended. */
    public enum Status {
        /** The last move of the support was within the tolerance. */
        CONVERGED,
        /** The iteration limit came first. */
        MAX_ITERATIONS;

        /** Whether the iterations met their stopping rule. */
        public boolean converged() { return this == CONVERGED; }
    }

    /** The barycenter, Σ_k λ_k W2²(barycenter, μ_k), iterations, the last move and convergence. */
    public record Result(DiscreteMeasure barycenter, double cost, int iterations, double lastMove, Status status) {
        public boolean converged() { return status.converged(); }
    }

    /** Start from {@code init} (its weights stay fixed); measures need support points of one dimension. */
    public Result solve(List<DiscreteMeasure> measures, double[] lambdas, DiscreteMeasure init) {
        int kk = measures.size();
        if (kk == 0) throw new IllegalArgumentException("measures: need at least one");
        Checks.length(lambdas.length, kk, "lambdas", "measures");
        double[] lam = Checks.probabilities(lambdas, "lambdas");
        DiscreteMeasure bary = init.normalized();
        int n = bary.size(), d = bary.support().cols();
        double spread = 0;
        for (DiscreteMeasure mu : measures) {
            if (mu.support().cols() != d) {
                throw new IllegalArgumentException("measures differ in dimension from the initial barycenter: " + mu.support().cols()
                        + " and " + d);
            }
            spread = Math.max(spread, mu.support().maxAbs());
        }
        double[] w = bary.weights();
        for (int i = 0; i < n; i++) {
            if (!(w[i] > 0)) throw new IllegalArgumentException("init weights[" + i + "] must be positive, got " + w[i]);
        }
        double move = Double.POSITIVE_INFINITY;
        int it = 0;
        double cost = Double.NaN;
        while (true) {
            DiscreteMeasure current = bary;
            NetworkSimplex.Result[] plans = new NetworkSimplex.Result[kk];
            IntStream.range(0, kk).parallel().forEach(k -> plans[k] = NetworkSimplex.defaults()
                    .solve(current, measures.get(k).normalized(),
                            CostMatrix.fromPoints(current.support(), measures.get(k).support(), Metric.SQEUCLIDEAN)));
            cost = 0;
            for (int k = 0; k < kk; k++) cost += lam[k] * plans[k].cost();
            if (it >= maxIterations || move <= tolerance * Math.max(spread, 1e-300)) break;
            it++;
            double[] next = new double[n * d];
            for (int k = 0; k < kk; k++) {
                double[][] y = measures.get(k).support().toArray();
                SparsePlan pl = plans[k].plan();
                for (int e = 0; e < pl.nonzeros(); e++) {
                    int i = pl.sources()[e];
                    double f = lam[k] * pl.masses()[e] / w[i];
                    for (int t = 0; t < d; t++) next[i * d + t] += f * y[pl.targets()[e]][t];
                }
            }
            double[] old = current.support().toRowMajor();
            move = 0;
            for (int q = 0; q < next.length; q++) move = Math.max(move, Math.abs(next[q] - old[q]));
            bary = DiscreteMeasure.of(w, Matrix.fromRowMajor(n, d, next));
        }
        return new Result(bary, cost, it, move, move <= tolerance * Math.max(spread, 1e-300) ? Status.CONVERGED : Status.MAX_ITERATIONS);
    }
}
