package org.monge.discrete.entropic;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

/**
 * The debiased Sinkhorn divergence S_ε(α, β) = OT_ε(α, β) − ½ OT_ε(α, α) − ½ OT_ε(β, β), with
 * OT_ε the entropic objective ⟨π, C⟩ + ε KL(π ‖ α⊗β) at the optimum (Ramdas, García Trillos &amp;
 * Cuturi 2017; Feydy et al. 2019, who prove S_ε ≥ 0 for positive-definite kernels e^{−c/ε}, e.g.
 * c = |x − y| or |x − y|², with equality iff α = β). Three Sinkhorn solves with the given solver
 * (the symmetric terms share their data, so identical inputs give exactly 0); all results are
 * returned so callers can check each converged. For histograms the three cost matrices are given.
 */
public final class SinkhornDivergence {
    private SinkhornDivergence() {}

    /** S_ε and the three solves it is made of. */
    public record Result(double divergence, Sinkhorn.Result xy, Sinkhorn.Result xx, Sinkhorn.Result yy) {
        public boolean converged() { return xy.converged() && xx.converged() && yy.converged(); }
    }

    /**
     * Between two point clouds (measures with support points) for a metric. For a metric homogeneous of
     * degree k, S_ε(sα, sβ) = s^k S_{ε/s^k}(α, β): clouds beyond 1e±100 are solved divided by one power of
     * two (exact) and S is scaled back, so the three solves share a scale; a divergence beyond the double
     * range is refused.
     */
    public static Result between(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, Sinkhorn solver) {
        int k = Metric.homogeneity(metric);
        double[][] x = alpha.support().toArray(), y = beta.support().toArray();
        int e = k == 0 ? 0 : solver.pointExponent(Math.max(Sinkhorn.maxAbs(x), Sinkhorn.maxAbs(y)), k);
        if (e == 0) return unscaled(alpha, beta, metric, solver);
        int shift = k * e;
        DiscreteMeasure as = DiscreteMeasure.of(alpha.weights(), Sinkhorn.scalb(x, -e));
        DiscreteMeasure bs = DiscreteMeasure.of(beta.weights(), Sinkhorn.scalb(y, -e));
        Result r = unscaled(as, bs, metric, solver.scaledDown(shift));
        double s = Scaling.requireRepresentable(Math.scalb(r.divergence(), shift), "the Sinkhorn divergence");
        return new Result(s, Sinkhorn.scaledUp(r.xy(), shift), Sinkhorn.scaledUp(r.xx(), shift), Sinkhorn.scaledUp(r.yy(), shift));
    }

    /**
     * S_ε for a problem whose cost is computed from points ({@link #between} with the cost's metric and the
     * problem's weights on its points); a dense cost does not give C(α, α) and C(β, β): use {@link #of}.
     */
    public static Result solve(TransportProblem problem, Sinkhorn solver) {
        CostMatrix.FromPoints c = problem.pointCost("the Sinkhorn divergence");
        return between(problem.sourceOnPoints("the Sinkhorn divergence"), problem.targetOnPoints("the Sinkhorn divergence"),
                c.metric(), solver);
    }

    private static Result unscaled(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, Sinkhorn solver) {
        return of(alpha, beta,
                CostMatrix.fromPoints(alpha.support(), beta.support(), metric),
                CostMatrix.fromPoints(alpha.support(), alpha.support(), metric),
                CostMatrix.fromPoints(beta.support(), beta.support(), metric), solver);
    }

    /** From the three cost matrices C(α, β), C(α, α), C(β, β) (histograms on given supports). */
    public static Result of(DiscreteMeasure alpha, DiscreteMeasure beta, CostMatrix cab, CostMatrix caa, CostMatrix cbb, Sinkhorn solver) {
        Sinkhorn s = solver.withReference(ReferenceMeasure.product()); // S_ε is defined for the product reference
        Sinkhorn.Result xy = s.solve(alpha, beta, cab);
        Sinkhorn.Result xx = s.solve(alpha, alpha, caa);
        Sinkhorn.Result yy = s.solve(beta, beta, cbb);
        return new Result(xy.objective() - 0.5 * xx.objective() - 0.5 * yy.objective(), xy, xx, yy);
    }

    /**
     * S_ε between two point clouds with its gradient with respect to the points and weights of both
     * ({@link #gradient}); the solves are those of {@link #between}.
     */
    public static ValueAndGradient valueAndGradient(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, Sinkhorn solver) {
        CostGradient.of(metric); // an unknown metric is refused before the solves
        return gradient(alpha, beta, metric, between(alpha, beta, metric, solver));
    }

    /**
     * The gradient of S_ε from the three solves of {@link #between} (Feydy et al. 2019, §3.2): by the envelope
     * theorem applied to each OT_ε ({@link EntropicGradient}), with both marginals of OT_ε(α, α) moving together,
     * <pre>  ∂S/∂a = f_αβ − ½(f_αα + g_αα),   ∂S/∂x_i = Σ_j π^αβ_ij ∇_x c(x_i, y_j) − ½ Σ_j (π^αα_ij + π^αα_ji) ∇_x c(x_i, x_j)</pre>
     * (weights centred on the simplex tangent), and symmetrically for b and y. A gradient (S_ε is smooth), as
     * accurate as the three solves. Cost: one pass over the pairs of each solve (n·m + n² + m²); the self terms
     * use their symmetric potential (f + g)/2, whose plan is symmetric, and compute one side only.
     */
    public static ValueAndGradient gradient(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, Result r) {
        double[][] x = alpha.support().toArray(), y = beta.support().toArray();
        double[] a = alpha.weights(), b = beta.weights();
        Sinkhorn.Result xy = r.xy(), xx = r.xx(), yy = r.yy();
        double[][] pxy = EntropicGradient.positions(x, a, xy.f(), y, b, xy.g(), xy.epsilon(), metric);
        double[] fx = symmetric(xx), fy = symmetric(yy);
        double[] pxx = EntropicGradient.positions(x, a, fx, x, a, fx, xx.epsilon(), metric, false)[0];
        double[] pyy = EntropicGradient.positions(y, b, fy, y, b, fy, yy.epsilon(), metric, false)[0];
        int d = alpha.support().cols();
        return new ValueAndGradient(r.divergence(), Matrix.fromRowMajor(x.length, d, debiased(pxy[0], pxx, pxx)),
                ValueAndGradient.tangent(debiased(xy.f(), xx.f(), xx.g())),
                Matrix.fromRowMajor(y.length, d, debiased(pxy[1], pyy, pyy)),
                ValueAndGradient.tangent(debiased(xy.g(), yy.f(), yy.g())));
    }

    /**
     * (f + g)/2 of a self term's solve: the symmetric potential, whose plan is symmetric (the solve's own f and g
     * differ by a constant at the fixed point, and by its tolerance before), so its two point-gradient sides are equal.
     */
    static double[] symmetric(Sinkhorn.Result self) {
        double[] f = self.f(), g = self.g(), s = new double[f.length];
        for (int i = 0; i < s.length; i++) s[i] = 0.5 * (f[i] + g[i]);
        return s;
    }

    /** cross − ½(self1 + self2), entry by entry. */
    static double[] debiased(double[] cross, double[] self1, double[] self2) {
        double[] out = new double[cross.length];
        for (int k = 0; k < out.length; k++) out[k] = cross[k] - 0.5 * (self1[k] + self2[k]);
        return out;
    }
}
