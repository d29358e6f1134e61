package org.monge.discrete.unbalanced;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;

/**
 * The debiased unbalanced Sinkhorn divergence of Séjourné, Feydy, Vialard, Trouvé &amp; Peyré, "Sinkhorn divergences
 * for unbalanced optimal transport" (2019), for KL-relaxed marginals:
 * <pre>  S(α, β) = OT(α, β) − ½ OT(α, α) − ½ OT(β, β) + (ε/2)(m(α) − m(β))²</pre>
 * with OT the optimal value of {@link UnbalancedSinkhorn}'s problem min ⟨π, C⟩ + ε KL(π ‖ α⊗β) + τ KL(π1 ‖ α)
 * + τ KL(πᵀ1 ‖ β), one τ for both sides, as the paper's theory needs. The mass term cancels the constant
 * ε m(α) m(β) that the generalised KL puts into each OT value, so S vanishes at α = β whatever the mass; for
 * kernels e^{−C/ε} that are positive and universal (e.g. |x − y|, |x − y|²) the paper proves S ≥ 0, with
 * equality only at α = β.
 *
 * <p>This is the value form: S from the three primal objectives. GeomLoss's {@code sinkhorn_divergence} with a
 * {@code reach} evaluates the same S from the potentials instead,
 * (τ + ε/2)(⟨α, e^{−f_αα/τ} − e^{−f_αβ/τ}⟩ + ⟨β, e^{−g_ββ/τ} − e^{−g_αβ/τ}⟩), which equals it only at the optimum
 * (it uses Σπ = ⟨α, e^{−f/τ}⟩ = ⟨β, e^{−g/τ}⟩). The value form is what the paper defines, holds for τ = +∞ (the
 * balanced {@code org.monge.discrete.entropic.SinkhornDivergence}) and gives exactly 0 for identical inputs, since
 * the three solves are then the same computation.
 */
public final class UnbalancedSinkhornDivergence {
    private UnbalancedSinkhornDivergence() {}

    /**
     * S and what it is made of: the three solves (their {@code objective()} are the OT values) and the mass term
     * (ε/2)(m(α) − m(β))². {@code status()} is the worst of the three solves, NUMERICAL_ERROR also when S itself is
     * not finite (then {@code divergence} is NaN or infinite and must not be used).
     */
    public record Result(double divergence, double massTerm, double massA, double massB, UnbalancedSinkhorn.Result xy,
                         UnbalancedSinkhorn.Result xx, UnbalancedSinkhorn.Result yy) {
        public UnbalancedSinkhorn.Status status() {
            if (!Double.isFinite(divergence)) return UnbalancedSinkhorn.Status.NUMERICAL_ERROR;
            UnbalancedSinkhorn.Status worst = UnbalancedSinkhorn.Status.CONVERGED;
            for (UnbalancedSinkhorn.Result r : new UnbalancedSinkhorn.Result[] {xy, xx, yy}) {
                if (r.status().ordinal() > worst.ordinal()) worst = r.status();
            }
            return worst;
        }

        public boolean converged() { return status().converged(); }
    }

    /**
     * Between two point clouds (measures with support points) for a metric. The solver's τ_a and τ_b must agree
     * (configure it with {@link UnbalancedSinkhorn#withTau} or {@link UnbalancedSinkhorn#withReach}).
     */
    public static Result between(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, UnbalancedSinkhorn solver) {
        return of(alpha, beta,
                CostMatrix.fromPoints(alpha.support(), beta.support(), metric),
                CostMatrix.fromPoints(alpha.support(), alpha.support(), metric),
                CostMatrix.fromPoints(beta.support(), beta.support(), metric), solver);
    }

    /** From the three cost matrices C(α, β), C(α, α), C(β, β) (histograms on given supports). */
    public static Result of(DiscreteMeasure alpha, DiscreteMeasure beta, CostMatrix cab, CostMatrix caa, CostMatrix cbb,
                            UnbalancedSinkhorn solver) {
        UnbalancedSinkhorn.Options o = solver.options();
        if (o.penaltyA().kind() == MarginalPenalty.Kind.TV || o.penaltyB().kind() == MarginalPenalty.Kind.TV) {
            throw new IllegalArgumentException("the unbalanced divergence needs KL penalties, got " + o.penaltyA() + " and "
                    + o.penaltyB());
        }
        if (o.tauA() != o.tauB()) {
            throw new IllegalArgumentException("the divergence needs one penalty for both sides, got tauA " + o.tauA()
                    + " and tauB " + o.tauB());
        }
        UnbalancedSinkhorn.Result xy = solver.solve(TransportProblem.of(alpha, beta, cab));
        UnbalancedSinkhorn.Result xx = solver.solve(TransportProblem.of(alpha, alpha, caa));
        UnbalancedSinkhorn.Result yy = solver.solve(TransportProblem.of(beta, beta, cbb));
        double ma = alpha.totalMass(), mb = beta.totalMass();
        double mass = 0.5 * o.epsilon() * (ma - mb) * (ma - mb);
        double s = xy.objective() - 0.5 * xx.objective() - 0.5 * yy.objective() + mass;
        return new Result(s, mass, ma, mb, xy, xx, yy);
    }

    /** S between two point clouds with its gradient ({@link #gradient}); the solves are those of {@link #between}. */
    public static ValueAndGradient valueAndGradient(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, UnbalancedSinkhorn solver) {
        CostGradient.of(metric); // an unknown metric is refused before the solves
        return gradient(alpha, beta, metric, solver, between(alpha, beta, metric, solver));
    }

    /**
     * The gradient of S from the three solves of {@link #between} with {@code solver}, by the envelope theorem on
     * each OT ({@link UnbalancedGradient}); OT(α, α) moves both marginals; the mass term adds
     * ε(m(α) − m(β)). The weights are free (no simplex), so this is the full gradient, not centred. Points: as
     * in the balanced case, ∂/∂x_i = Σ_j π^αβ_ij ∇_x c(x_i, y_j) − ½ Σ_j (π^αα_ij + π^αα_ji) ∇_x c(x_i, x_j).
     * A gradient (S is smooth in the weights and, for a smooth cost, in the points), as accurate as the solves.
     * Cost: one pass over the non-zero entries of each plan (materialised by the solver).
     */
    public static ValueAndGradient gradient(DiscreteMeasure alpha, DiscreteMeasure beta, Metric metric, UnbalancedSinkhorn solver,
                                            Result r) {
        double[][] x = alpha.support().toArray(), y = beta.support().toArray();
        double eps = solver.options().epsilon(), tau = solver.options().tauA();
        double ma = r.massA(), mb = r.massB();
        double[] a = alpha.weights(), b = beta.weights();
        Matrix[] pxy = CostGradient.ofPlan(r.xy().plan(), x, y, metric);
        Matrix[] pxx = CostGradient.ofPlan(r.xx().plan(), x, x, metric);
        Matrix[] pyy = CostGradient.ofPlan(r.yy().plan(), y, y, metric);
        double[] ga = weightGradient(a, r.xy().f(), r.xy().rowMarginal(), mb, r.xx(), ma, eps, tau, ma - mb);
        double[] gb = weightGradient(b, r.xy().g(), r.xy().colMarginal(), ma, r.yy(), mb, eps, tau, mb - ma);
        return new ValueAndGradient(r.divergence(), pxy[0].minus(pxx[0].plus(pxx[1]).scale(0.5)), ga,
                pxy[1].minus(pyy[0].plus(pyy[1]).scale(0.5)), gb);
    }

    /** ∂OT(w, other)/∂w − ½ ∂OT(w, w)/∂w + ε·massGap for one side. */
    private static double[] weightGradient(double[] w, double[] f, double[] marginal, double otherMass, UnbalancedSinkhorn.Result self,
                                           double ownMass, double eps, double tau, double massGap) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double cross = UnbalancedGradient.partial(w[i], f[i], marginal[i], otherMass, eps, tau);
            double selfRows = UnbalancedGradient.partial(w[i], self.f()[i], self.rowMarginal()[i], ownMass, eps, tau);
            double selfCols = UnbalancedGradient.partial(w[i], self.g()[i], self.colMarginal()[i], ownMass, eps, tau);
            out[i] = cross - 0.5 * (selfRows + selfCols) + eps * massGap;
        }
        return out;
    }
}
