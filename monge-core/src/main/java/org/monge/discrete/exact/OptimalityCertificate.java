package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.internal.CostViews;

/**
 * What a user needs to trust a transport plan π with dual potentials (u, v) for the Kantorovich
 * LP min Σ π_ij c_ij, π ≥ 0, π1 = a, πᵀ1 = b, dual max Σ a_i u_i + Σ b_j v_j, u_i + v_j ≤ c_ij
 * (docs/mathematics.md §3; LP duality, e.g. Peyré &amp; Cuturi 2019, §3.3). The plan is optimal and the
 * potentials dual-optimal exactly when all four measures below are zero:
 * <ul>
 * <li>{@code marginalError}: Σ_i |π1 − a|_i + Σ_j |πᵀ1 − b|_j plus the mass of negative entries;</li>
 * <li>{@code dualInfeasibility}: max_ij (u_i + v_j − c_ij)⁺ over all pairs (one pass over the costs,
 * which are computed on the fly for point clouds: O(mn) time, O(n) memory);</li>
 * <li>{@code complementarySlackness}: Σ_ij π_ij |c_ij − u_i − v_j| over the plan's support;</li>
 * <li>{@code dualityGap}: primal cost − dual objective.</li>
 * </ul>
 * Forbidden pairs (c = +∞) never violate dual feasibility; mass on one makes the primal cost +∞.
 */
public record OptimalityCertificate(double primalCost, double dualObjective, double marginalError, double dualInfeasibility,
                                    double complementarySlackness, double dualityGap) {

    /** True when every measure is within tol × (1 + |primal cost|) (marginals within tol × total mass). */
    public boolean certifies(double tol) {
        double scale = 1 + Math.abs(primalCost);
        return marginalError <= tol && dualInfeasibility <= tol * scale && complementarySlackness <= tol * scale && Math.abs(dualityGap) <= tol * scale;
    }

    /** The certificate of a plan and potentials for the problem (a, b, c). */
    public static OptimalityCertificate of(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, SparsePlan plan, double[] u, double[] v) {
        int m = c.rows(), n = c.cols();
        if (a.size() != m) throw new IllegalArgumentException("a has " + a.size() + " weights but the cost has " + m + " rows");
        if (b.size() != n) throw new IllegalArgumentException("b has " + b.size() + " weights but the cost has " + n + " columns");
        CostViews.requirePlanShape(plan, c);
        if (u.length != m) throw new IllegalArgumentException("u has length " + u.length + ", expected " + m);
        if (v.length != n) throw new IllegalArgumentException("v has length " + v.length + ", expected " + n);
        for (int i = 0; i < m; i++) if (!Double.isFinite(u[i])) throw new IllegalArgumentException("u[" + i + "] is not finite: " + u[i]);
        for (int j = 0; j < n; j++) if (!Double.isFinite(v[j])) throw new IllegalArgumentException("v[" + j + "] is not finite: " + v[j]);
        double marg = 0;
        double[] rs = plan.rowSums(), cs = plan.colSums();
        for (int i = 0; i < m; i++) marg += Math.abs(rs[i] - a.weight(i));
        for (int j = 0; j < n; j++) marg += Math.abs(cs[j] - b.weight(j));
        double primal = 0, slack = 0;
        for (int k = 0; k < plan.nonzeros(); k++) {
            double p = plan.masses()[k];
            int i = plan.sources()[k], j = plan.targets()[k];
            if (p < 0) marg += -p;
            if (p == 0) continue;
            double cij = c.get(i, j);
            primal += p * cij;
            slack += Math.abs(p) * Math.abs(cij - u[i] - v[j]);
        }
        double dual = 0;
        for (int i = 0; i < m; i++) dual += a.weight(i) * u[i];
        for (int j = 0; j < n; j++) dual += b.weight(j) * v[j];
        double infeas = 0;
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            c.row(i, row);
            double ui = u[i];
            for (int j = 0; j < n; j++) {
                double viol = ui + v[j] - row[j];
                if (viol > infeas) infeas = viol;
            }
        }
        return new OptimalityCertificate(primal, dual, marg, infeas, slack, primal - dual);
    }

    /** The certificate of a network simplex result. */
    public static OptimalityCertificate of(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, NetworkSimplex.Result r) {
        return of(a, b, c, r.plan(), r.u(), r.v());
    }
}
