package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;

/**
 * What a user needs to trust a transport plan π with dual potentials (f, g) for the Kantorovich
 * LP min Σ π_ij c_ij, π ≥ 0, π1 = a, πᵀ1 = b, dual max Σ a_i f_i + Σ b_j g_j, f_i + g_j ≤ c_ij
 * (docs/mathematics.md §3; LP duality, e.g. Peyré &amp; Cuturi 2019, §3.3). The plan is optimal and the
 * potentials dual-optimal exactly when all four measures below are zero:
 * <ul>
 * <li>{@code marginalError}: Σ_i |π1 − a|_i + Σ_j |πᵀ1 − b|_j plus the mass of negative entries;</li>
 * <li>{@code dualInfeasibility}: max_ij (f_i + g_j − c_ij)⁺ over all pairs (one pass over the costs,
 * which are computed on the fly for point clouds: O(mn) time, O(n) memory);</li>
 * <li>{@code complementarySlackness}: Σ_ij π_ij |c_ij − f_i − g_j| over the plan's support;</li>
 * <li>{@code dualityGap}: primal cost − dual objective.</li>
 * </ul>
 * Forbidden pairs (c = +∞) never violate dual feasibility; mass on one makes the primal cost +∞.
 */
public record OptimalityCertificate(double primalCost, double dualObjective, double marginalError, double dualInfeasibility,
                                    double complementarySlackness, double dualityGap) {

    /** True when every measure is within tol × (1 + |primal cost|) (marginals within tol × total mass). */
    public boolean certifies(double tol) {
        double scale = 1 + Math.abs(primalCost);
        return marginalError <= tol && dualInfeasibility <= tol * scale && complementarySlackness <= tol * scale
                && Math.abs(dualityGap) <= tol * scale;
    }

    /**
     * The certificate of any solver's plan with potentials f (sources) and g (targets) for the
     * problem. Entries of the plan are read once through {@link TransportPlan#forEachNonZero}; an
     * entropic plan is judged as an LP solution like any other.
     */
    public static OptimalityCertificate of(TransportProblem problem, TransportPlan plan, double[] f, double[] g) {
        DiscreteMeasure a = problem.a(), b = problem.b();
        CostMatrix c = problem.cost();
        int m = c.rows(), n = c.cols();
        Checks.planShape(plan, c);
        Checks.finite(f, m, "f");
        Checks.finite(g, n, "g");
        double infeas = 0;
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            c.row(i, row);
            double fi = f[i];
            for (int j = 0; j < n; j++) {
                double viol = fi + g[j] - row[j];
                if (viol > infeas) infeas = viol;
            }
        }
        return withDualInfeasibility(problem, plan, f, g, infeas);
    }

    /**
     * The certificate with max_ij (f_i + g_j − c_ij)⁺ computed by the caller (a pruned search over the
     * pairs, for problems too large for the O(mn) pass); the other measures read only the plan's support.
     */
    static OptimalityCertificate withDualInfeasibility(TransportProblem problem, TransportPlan plan, double[] f, double[] g,
                                                       double infeas) {
        DiscreteMeasure a = problem.a(), b = problem.b();
        CostMatrix c = problem.cost();
        int m = c.rows(), n = c.cols();
        double[] rs = plan.rowSums(), cs = plan.colSums();
        double[] acc = new double[3]; // marginal error, primal cost, complementary slackness
        for (int i = 0; i < m; i++) acc[0] += Math.abs(rs[i] - a.weight(i));
        for (int j = 0; j < n; j++) acc[0] += Math.abs(cs[j] - b.weight(j));
        plan.forEachNonZero((i, j, p) -> {
            if (p < 0) acc[0] += -p;
            double cij = c.get(i, j);
            acc[1] += p * cij;
            acc[2] += Math.abs(p) * Math.abs(cij - f[i] - g[j]);
        });
        double dual = 0;
        for (int i = 0; i < m; i++) dual += a.weight(i) * f[i];
        for (int j = 0; j < n; j++) dual += b.weight(j) * g[j];
        double primal = acc[1];
        return new OptimalityCertificate(primal, dual, acc[0], infeas, acc[2], primal - dual);
    }

    /** The certificate of a plan and potentials f, g for the problem (a, b, c). */
    public static OptimalityCertificate of(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, TransportPlan plan, double[] f, double[] g) {
        return of(TransportProblem.of(a, b, c), plan, f, g);
    }

    /** The certificate of a network simplex result for its problem. */
    public static OptimalityCertificate of(TransportProblem problem, NetworkSimplex.Result r) {
        return of(problem, r.plan(), r.f(), r.g());
    }

    /** The certificate of a network simplex result. */
    public static OptimalityCertificate of(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, NetworkSimplex.Result r) {
        return of(TransportProblem.of(a, b, c), r);
    }
}
