package org.monge.discrete.unbalanced;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;

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
}
