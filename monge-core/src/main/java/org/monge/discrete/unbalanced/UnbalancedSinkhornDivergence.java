package org.monge.discrete.unbalanced;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.discrete.entropic.KernelRows;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The debiased unbalanced Sinkhorn divergence of Séjourné, Feydy, Vialard, Trouvé &amp; Peyré, "Sinkhorn divergences
 * for unbalanced optimal transport" (2019), for KL- or TV-relaxed marginals:
 * <pre>  S(α, β) = OT(α, β) − ½ OT(α, α) − ½ OT(β, β) + (ε/2)(m(α) − m(β))²</pre>
 * with OT the optimal value of {@link UnbalancedSinkhorn}'s problem min ⟨π, C⟩ + ε KL(π ‖ α⊗β) + D(π1 ‖ α)
 * + D(πᵀ1 ‖ β), one penalty D for both sides, as the paper's theory needs: τ KL or ρ TV ({@link MarginalPenalty}).
 * The mass term is the same for every D: it cancels the constant ε m(α) m(β) that the entropic term ε KL(π ‖ α⊗β)
 * puts into each OT value (the paper defines S so for its φ-divergences, TV among its examples), so S vanishes at α = β
 * whatever the mass; for kernels e^{−C/ε} that are positive and universal (e.g. |x − y|, |x − y|²) the paper
 * proves S ≥ 0, with equality only at α = β (docs/mathematics.md §6).
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
     * Between two point clouds (measures with support points) for a metric. The solver's two penalties must agree
     * (configure it with {@link UnbalancedSinkhorn#withTau}, {@link UnbalancedSinkhorn#withReach} or
     * {@link UnbalancedSinkhorn#withTv}).
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
        if (!o.penaltyA().equals(o.penaltyB())) {
            throw new IllegalArgumentException("the divergence needs one penalty for both sides, got " + o.penaltyA() + " and "
                    + o.penaltyB());
        }
        // equal inputs take the same computation as the self terms, so that S is exactly 0 there
        UnbalancedSinkhorn.Result xy = same(alpha, beta) ? self(alpha, cab, solver) : solver.solve(TransportProblem.of(alpha, beta, cab));
        UnbalancedSinkhorn.Result xx = self(alpha, caa, solver), yy = self(beta, cbb, solver);
        double ma = alpha.totalMass(), mb = beta.totalMass();
        double mass = 0.5 * o.epsilon() * (ma - mb) * (ma - mb);
        double s = xy.objective() - 0.5 * xx.objective() - 0.5 * yy.objective() + mass;
        return new Result(s, mass, ma, mb, xy, xx, yy);
    }

    /**
     * OT(α, α). With TV penalties the dual is flat along (f + λ, g − λ) wherever no weighted potential is clamped, and the
     * asymmetric iterations were seen to creep along it for 10^5 iterations at a residual of 1e-7 (a 6-point measure,
     * ε = ρ = 0.3); the symmetric optimum f = g is instead the fixed point f = T(f) of the update T against f itself,
     * reached by the averaged iterations f ← ½(f + T(f)) of GeomLoss's symmetric Sinkhorn (Feydy et al. 2019), with
     * ε-scaling, from which the solver, warm-started, stops after one iteration. KL penalties take the plain solve.
     */
    private static UnbalancedSinkhorn.Result self(DiscreteMeasure mu, CostMatrix c, UnbalancedSinkhorn solver) {
        TransportProblem p = TransportProblem.of(mu, mu, c);
        UnbalancedSinkhorn.Options o = solver.options();
        if (o.penaltyA().kind() != MarginalPenalty.Kind.TV) return solver.solve(p);
        double[] f = symmetricPotential(mu.weights(), c, o);
        return f == null ? solver.solve(p) : solver.solve(p, f, f);
    }

    /** Whether α and β have the same weights and, where both have them, the same support points. */
    private static boolean same(DiscreteMeasure alpha, DiscreteMeasure beta) {
        if (!Arrays.equals(alpha.weights(), beta.weights())) return false;
        if (!alpha.hasSupport() || !beta.hasSupport()) return !alpha.hasSupport() && !beta.hasSupport();
        return Arrays.deepEquals(alpha.support().toArray(), beta.support().toArray());
    }

    /** The fixed point of f ← ½(f + T(f)) stage by stage down to ε (residual max|T(f) − f|/ε ≤ tol), or null if not met. */
    private static double[] symmetricPotential(double[] w, CostMatrix c, UnbalancedSinkhorn.Options o) {
        KernelRows k = KernelRows.of(c);
        double[] logW = LogSumExp.logs(w), f = new double[w.length], lse = new double[w.length], z = new double[w.length];
        Arrays.fill(lse, Double.NaN);
        double[] stages = KernelRows.epsilonStages(o.epsilon(), o.epsilonScaling(), c);
        int iterations = 0;
        for (int s = 0; s < stages.length; s++) {
            double eps = stages[s], invEps = 1 / eps;
            boolean last = s == stages.length - 1;
            double tol = last ? o.tolerance() : Math.max(o.tolerance(), 1e-4);
            while (true) {
                if (iterations++ >= o.maxIterations()) return null;
                for (int j = 0; j < w.length; j++) z[j] = logW[j] + f[j] * invEps;
                IntStream.range(0, w.length).parallel().forEach(i -> lse[i] = k.lse(i, z, invEps, lse[i]));
                double res = 0;
                for (int i = 0; i < w.length; i++) {
                    double t = o.penaltyA().update(lse[i], eps);
                    res = Math.max(res, Math.abs(t - f[i]));
                    f[i] = 0.5 * (f[i] + t);
                }
                for (double v : f) if (!Double.isFinite(v)) return null;
                if (res * invEps <= tol) break;
            }
        }
        return f;
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
        double eps = solver.options().epsilon();
        MarginalPenalty penalty = solver.options().penaltyA();
        double ma = r.massA(), mb = r.massB();
        double[] a = alpha.weights(), b = beta.weights();
        Matrix[] pxy = CostGradient.ofPlan(r.xy().plan(), x, y, metric);
        Matrix[] pxx = CostGradient.ofPlan(r.xx().plan(), x, x, metric);
        Matrix[] pyy = CostGradient.ofPlan(r.yy().plan(), y, y, metric);
        double[] ga = weightGradient(a, b, x, y, r.xy().f(), r.xy().g(), r.xy().rowMarginal(), r.xx(), metric, eps, penalty, ma - mb);
        double[] gb = weightGradient(b, a, y, x, r.xy().g(), r.xy().f(), r.xy().colMarginal(), r.yy(), metric, eps, penalty, mb - ma);
        return new ValueAndGradient(r.divergence(), pxy[0].minus(pxx[0].plus(pxx[1]).scale(0.5)), ga,
                pxy[1].minus(pyy[0].plus(pyy[1]).scale(0.5)), gb);
    }

    /**
     * ∂OT(w, other)/∂w − ½ ∂OT(w, w)/∂w + ε·massGap for one side: w on points p, the other measure on points q, f and
     * fo the potentials of the cross solve on w's side and the other's, marginal its transported marginal on w's side.
     */
    private static double[] weightGradient(double[] w, double[] other, double[][] p, double[][] q, double[] f, double[] fo,
                                           double[] marginal, UnbalancedSinkhorn.Result self, Metric metric, double eps,
                                           MarginalPenalty penalty, double massGap) {
        double[] out = new double[w.length];
        double otherMass = sum(other), ownMass = sum(w);
        for (int i = 0; i < w.length; i++) {
            int k = i;
            double cross = UnbalancedGradient.partial(w[i], f[i], marginal[i], otherMass, eps, penalty,
                    () -> UnbalancedGradient.density(j -> metric.cost(p[k], q[j]), other, fo, f[k], eps));
            double selfRows = UnbalancedGradient.partial(w[i], self.f()[i], self.rowMarginal()[i], ownMass, eps, penalty,
                    () -> UnbalancedGradient.density(j -> metric.cost(p[k], p[j]), w, self.g(), self.f()[k], eps));
            double selfCols = UnbalancedGradient.partial(w[i], self.g()[i], self.colMarginal()[i], ownMass, eps, penalty,
                    () -> UnbalancedGradient.density(j -> metric.cost(p[j], p[k]), w, self.f(), self.g()[k], eps));
            out[i] = cross - 0.5 * (selfRows + selfCols) + eps * massGap;
        }
        return out;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
