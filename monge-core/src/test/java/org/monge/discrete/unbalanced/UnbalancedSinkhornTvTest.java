package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;
import org.monge.testing.TinyLp;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Unbalanced Sinkhorn with total-variation penalties ρ Σ|π1 − a| (and mixed with KL or exact marginals): against
 * SciPy's box-constrained maximisation of the dual, against the linear programme at ε → 0 (brute-force bases and the
 * network simplex with dummy points), by the duality gap of primal and dual objectives evaluated here, and in the
 * limits ρ → ∞ (balanced Sinkhorn) and ρ small (nothing transported).
 */
class UnbalancedSinkhornTvTest {
    // SciPy 1.x, L-BFGS-B on the dual max ⟨a, f⟩ + ⟨b, g⟩ − ε Σ a_i b_j (e^{(f_i+g_j−c_ij)/ε} − 1) over the box
    // f, g ∈ [−ρ, ρ] (ftol 1e-16, gtol 1e-13), on the problem of UnbalancedSinkhornTest (generated with seed 12,
    // masses 1.3 and 0.8) at ε = 0.3, ρ = 0.4; primal of its plan minus its dual: 7.0e-10.
    private static final double EPS = 0.3, RHO = 0.4;
    private static final double SCIPY_DUAL = 0.851754316667796, SCIPY_MASS = 0.5902129330754498, SCIPY_COST = 0.27772396076753186;
    private static final double[] SCIPY_F = {0.4, 0.4, 0.4, 0.12911249, 0.4};
    private static final double[] SCIPY_G = {-0.02391858, 0.30868151, 0.28616095, 0.28343083, 0.4, -0.11877996, 0.4};

    private static TransportProblem problem() {
        return TransportProblem.of(DiscreteMeasure.of(UnbalancedSinkhornTest.A), DiscreteMeasure.of(UnbalancedSinkhornTest.B),
                CostMatrix.dense(5, 7, UnbalancedSinkhornTest.C));
    }

    private static UnbalancedSinkhorn solver(double eps) {
        return UnbalancedSinkhorn.withEpsilon(eps).withTolerance(1e-13).withMaxIterations(200000);
    }

    @Test
    void matchesScipyOnTheDual() {
        UnbalancedSinkhorn.Result r = solver(EPS).withTv(RHO).solve(problem());
        assertThat(r.converged()).isTrue();
        assertThat(r.objective()).isCloseTo(SCIPY_DUAL, within(2e-9));
        assertThat(r.dualObjective()).isCloseTo(r.objective(), within(1e-12));
        assertThat(r.transportedMass()).isCloseTo(SCIPY_MASS, within(1e-7));
        assertThat(r.cost()).isCloseTo(SCIPY_COST, within(1e-7));
        assertThat(r.f()).containsExactly(SCIPY_F, within(1e-6));
        assertThat(r.g()).containsExactly(SCIPY_G, within(1e-6));
        // the marginal of a clamped potential moves freely; an interior one (f_3) is met exactly
        assertThat(r.rowMarginal()[3]).isCloseTo(UnbalancedSinkhornTest.A[3], within(1e-12));
        double[] p = r.plan().toDense();
        assertThat(primal(p, problem(), EPS, MarginalPenalty.tv(RHO), MarginalPenalty.tv(RHO))).isCloseTo(r.objective(), within(1e-12));
    }

    @Test
    void primalAndDualAgreeForMixedPenaltiesAndNoPerturbationHelps() {
        Cases.forAll(21, 25, c -> {
            int m = c.intIn("m", 1, 6), n = c.intIn("n", 1, 6);
            double eps = c.doubleIn("eps", 0.05, 1);
            MarginalPenalty pa = penalty(c, "a"), pb = penalty(c, "b");
            Random rnd = new Random(c.anyLong("seed"));
            TransportProblem p = random(rnd, m, n, pa.isExact() && pb.isExact());
            UnbalancedSinkhorn.Result r = solver(eps).withPenalties(pa, pb).solve(p);
            assertThat(r.converged()).isTrue();
            double[] plan = r.plan().toDense();
            double best = primal(plan, p, eps, pa, pb);
            // weak duality: every π ≥ 0 and (f, g) in the dual's domain have primal ≥ dual, so equality certifies both
            double dual = dual(r.f(), r.g(), p, eps, pa, pb);
            assertThat(best - dual).isBetween(-1e-11, 1e-9 * (1 + Math.abs(best)));
            assertThat(r.objective()).isCloseTo(best, within(1e-10 * (1 + Math.abs(best))));
            assertThat(r.dualObjective()).isCloseTo(dual, within(1e-10 * (1 + Math.abs(best))));
            for (int t = 0; t < (pa.isExact() || pb.isExact() ? 0 : 20); t++) { // a perturbation breaks an exact marginal
                double[] q = plan.clone();
                for (int k = 0; k < q.length; k++) q[k] *= Math.exp(1e-3 * (2 * rnd.nextDouble() - 1));
                assertThat(primal(q, p, eps, pa, pb)).isGreaterThanOrEqualTo(best - 1e-12);
            }
        });
    }

    @Test
    void smallEpsilonApproachesTheLinearProgram() {
        // min ⟨π, C⟩ + ρ_a Σ|π1 − a| + ρ_b Σ|πᵀ1 − b| as a standard-form LP: π1 − u + v = a, πᵀ1 − w + z = b, all ≥ 0
        Cases.forAll(22, 15, c -> {
            int m = c.intIn("m", 1, 2), n = c.intIn("n", 1, 3);
            double ra = c.doubleIn("rhoA", 0.1, 1.5), rb = c.doubleIn("rhoB", 0.1, 1.5);
            TransportProblem p = random(new Random(c.anyLong("seed")), m, n, false);
            double lp = tvLinearProgram(p, ra, rb);
            double eps = 1e-3;
            UnbalancedSinkhorn.Result r = solver(eps).withPenalties(MarginalPenalty.tv(ra), MarginalPenalty.tv(rb)).solve(p);
            assertThat(r.converged()).isTrue();
            // LP ≤ value at ε ≤ LP + ε KL(π_LP ‖ a⊗b), and KL(π ‖ q) ≤ M log(M / min q) + Σq for any π of mass at most
            // M = Σa + Σb (an optimal plan moves no more: creating mass to move it costs more than creating it there)
            double[] a = p.a().weights(), b = p.b().weights();
            double mass = sum(a) + sum(b), qMin = Double.POSITIVE_INFINITY;
            for (double x : a) for (double y : b) qMin = Math.min(qMin, x * y);
            double bound = mass * Math.log(mass / qMin) + sum(a) * sum(b);
            assertThat(r.objective()).isBetween(lp - 1e-9, lp + eps * bound);
        });
    }

    @Test
    void equalRhoIsTheNetworkSimplexOnTheProblemWithDummies() {
        Random rnd = new Random(5);
        TransportProblem p = random(rnd, 20, 30, false);
        double rho = 0.6;
        // destroying at i is transport to a dummy target at cost ρ, creating at j transport from a dummy source at ρ
        int m = p.rows(), n = p.cols();
        double[] a = p.a().weights(), b = p.b().weights(), c = p.cost().toRowMajor();
        double[] ad = new double[m + 1], bd = new double[n + 1], cd = new double[(m + 1) * (n + 1)];
        System.arraycopy(a, 0, ad, 0, m);
        System.arraycopy(b, 0, bd, 0, n);
        ad[m] = sum(b);
        bd[n] = sum(a);
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= n; j++) cd[i * (n + 1) + j] = i < m && j < n ? c[i * n + j] : i == m && j == n ? 0 : rho;
        }
        NetworkSimplex.Result exact = NetworkSimplex.defaults().solve(DiscreteMeasure.of(ad), DiscreteMeasure.of(bd),
                CostMatrix.dense(m + 1, n + 1, cd));
        assertThat(exact.isOptimal()).isTrue();
        double[] full = exact.plan().toDense(), plan = new double[m * n];
        for (int i = 0; i < m; i++) System.arraycopy(full, i * (n + 1), plan, i * n, n);
        // the real block's TV value is the cost with dummies: what a dummy receives at i is destroyed there, and so on
        assertThat(primal(plan, p, 0, MarginalPenalty.tv(rho), MarginalPenalty.tv(rho))).isCloseTo(exact.cost(), within(1e-10));
        double klLp = primal(plan, p, 1, MarginalPenalty.exact(), MarginalPenalty.exact()) - dot(plan, c);
        double previous = Double.POSITIVE_INFINITY;
        for (double eps : new double[] {1e-1, 1e-2, 1e-3}) {
            UnbalancedSinkhorn.Result r = solver(eps).withTv(rho).solve(p);
            assertThat(r.converged()).isTrue();
            assertThat(r.objective()).as("eps %s", eps).isBetween(exact.cost() - 1e-9, exact.cost() + eps * klLp + 1e-9);
            double gap = r.objective() - exact.cost();
            assertThat(gap).isLessThan(previous);
            previous = gap;
        }
    }

    @Test
    void largeRhoIsBalancedSinkhorn() {
        // once ρ exceeds the balanced potentials the clamp is inactive at the fixed point: the plan is balanced Sinkhorn's
        double[] b = UnbalancedSinkhornTest.B.clone(), a = UnbalancedSinkhornTest.A;
        double scale = sum(a) / sum(b);
        for (int j = 0; j < b.length; j++) b[j] *= scale;
        TransportProblem balanced = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b),
                CostMatrix.dense(5, 7, UnbalancedSinkhornTest.C));
        double[] expected = Sinkhorn.withEpsilon(EPS).withTolerance(1e-13).withMaxIterations(100000).solve(balanced).plan().toDense();
        for (double rho : new double[] {5, 50, Double.POSITIVE_INFINITY}) {
            UnbalancedSinkhorn.Result r = solver(EPS).withTv(rho).solve(balanced);
            assertThat(r.converged()).isTrue();
            double[] p = r.plan().toDense();
            for (int k = 0; k < p.length; k++) {
                assertThat(p[k]).as("rho %s, entry %d", rho, k).isCloseTo(expected[k], within(1e-9 * expected[k]));
            }
        }
        // and below that the clamp binds: a strictly smaller objective than the balanced plan's value
        UnbalancedSinkhorn.Result tight = solver(EPS).withTv(0.3).solve(balanced);
        assertThat(tight.objective()).isLessThan(primal(expected, balanced, EPS, MarginalPenalty.tv(0.3), MarginalPenalty.tv(0.3)) - 1e-6);
    }

    @Test
    void smallRhoTransportsAlmostNothing() {
        // every cost at least 1 and ρ_a + ρ_b = 0.4: with f, g ∈ [−ρ, ρ], π_ij ≤ a_i b_j e^{(0.4 − c_ij)/ε}
        Random rnd = new Random(9);
        TransportProblem p0 = random(rnd, 6, 4, false);
        double[] c = p0.cost().toRowMajor();
        for (int k = 0; k < c.length; k++) c[k] += 1;
        TransportProblem p = TransportProblem.of(p0.a(), p0.b(), CostMatrix.dense(6, 4, c));
        double eps = 0.05;
        UnbalancedSinkhorn.Result r = solver(eps).withTv(0.2).solve(p);
        assertThat(r.converged()).isTrue();
        for (double v : r.f()) assertThat(v).isBetween(-0.2, 0.2);
        for (double v : r.g()) assertThat(v).isBetween(-0.2, 0.2);
        double bound = sum(p.a().weights()) * sum(p.b().weights()) * Math.exp((0.4 - 1) / eps);
        assertThat(r.transportedMass()).isPositive().isLessThanOrEqualTo(bound);
        // the empty plan (everything destroyed and created) costs ρ (Σa + Σb) + ε Σa Σb; the optimum is barely below
        double all = 0.2 * (sum(p.a().weights()) + sum(p.b().weights())) + eps * sum(p.a().weights()) * sum(p.b().weights());
        assertThat(r.objective()).isLessThanOrEqualTo(all + 1e-12).isCloseTo(all, within(1e-4));
    }

    @Test
    void theEnginesAgree() {
        Random rnd = new Random(3);
        double[][] x = new double[150][2], y = new double[100][2];
        for (double[] v : x) { v[0] = rnd.nextDouble(); v[1] = rnd.nextDouble(); }
        for (double[] v : y) { v[0] = 0.3 + rnd.nextDouble(); v[1] = rnd.nextDouble(); }
        double[] a = new double[150], b = new double[100];
        for (int i = 0; i < 150; i++) a[i] = 0.5 + rnd.nextDouble();
        for (int j = 0; j < 100; j++) b[j] = 0.5 + rnd.nextDouble();
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b),
                CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN));
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.01).withTolerance(1e-10).withPenalties(MarginalPenalty.tv(0.05),
                MarginalPenalty.kl(0.5));
        UnbalancedSinkhorn.Result dense = s.withStorage(Sinkhorn.Storage.DENSE).solve(p);
        UnbalancedSinkhorn.Result onTheFly = s.withStorage(Sinkhorn.Storage.ON_THE_FLY).solve(p);
        assertThat(dense.converged()).isTrue();
        assertThat(onTheFly.converged()).isTrue();
        assertThat(onTheFly.objective()).isCloseTo(dense.objective(), within(1e-9 * Math.abs(dense.objective())));
        assertThat(dense.dualObjective()).isCloseTo(dense.objective(), within(1e-8 * Math.abs(dense.objective())));
        assertThat(onTheFly.transportedMass()).isCloseTo(dense.transportedMass(), within(1e-8));
        assertThat(onTheFly.rowMarginal()).containsExactly(dense.rowMarginal(), within(1e-9));
    }

    @Test
    void badPenaltiesAreRefused() {
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.1);
        assertThatThrownBy(() -> s.withTv(0)).hasMessage("rho must be positive (or +infinity), got 0.0");
        assertThatThrownBy(() -> s.withTv(Double.NaN)).hasMessage("rho must be positive (or +infinity), got NaN");
        assertThatThrownBy(() -> MarginalPenalty.kl(-1)).hasMessage("tau must be positive (or +infinity), got -1.0");
        assertThatThrownBy(() -> s.withPenalties(null, MarginalPenalty.exact())).hasMessage("penaltyA must not be null");
        assertThatThrownBy(() -> s.withTv(1).options().tauA()).hasMessage("tauA: the penalty is TV(1.0), not a KL penalty");
        assertThat(MarginalPenalty.tv(Double.POSITIVE_INFINITY)).isEqualTo(MarginalPenalty.exact());
        assertThat(s.withTau(2).options().penaltyB()).isEqualTo(MarginalPenalty.kl(2));
        assertThatThrownBy(() -> UnbalancedSinkhornDivergence.of(DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2),
                CostMatrix.dense(2, 2, new double[4]), CostMatrix.dense(2, 2, new double[4]), CostMatrix.dense(2, 2, new double[4]),
                s.withPenalties(MarginalPenalty.tv(1), MarginalPenalty.kl(1))))
                .hasMessage("the divergence needs one penalty for both sides, got TV(1.0) and KL(1.0)");
    }

    private static MarginalPenalty penalty(Cases.Case c, String side) {
        int kind = c.intIn("kind" + side, 0, 2);
        double w = c.doubleIn("weight" + side, 0.05, 3);
        return kind == 0 ? MarginalPenalty.tv(w) : kind == 1 ? MarginalPenalty.kl(w) : MarginalPenalty.exact();
    }

    /** Weights in [0.1, 1.1] (the target's rescaled to the source's mass when balanced), costs in [0, 2]. */
    private static TransportProblem random(Random rnd, int m, int n, boolean balanced) {
        double[] a = new double[m], b = new double[n], cost = new double[m * n];
        for (int i = 0; i < m; i++) a[i] = 0.1 + rnd.nextDouble();
        for (int j = 0; j < n; j++) b[j] = 0.1 + rnd.nextDouble();
        if (balanced) {
            double s = sum(a) / sum(b);
            for (int j = 0; j < n; j++) b[j] *= s;
        }
        for (int k = 0; k < cost.length; k++) cost[k] = 2 * rnd.nextDouble();
        return TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(m, n, cost));
    }

    /** ⟨π, C⟩ + ε KL(π ‖ a⊗b) + D_a(π1 ‖ a) + D_b(πᵀ1 ‖ b) from the plan's entries (+∞ for a violated exact marginal). */
    private static double primal(double[] p, TransportProblem prob, double eps, MarginalPenalty pa, MarginalPenalty pb) {
        double[] a = prob.a().weights(), b = prob.b().weights(), c = prob.cost().toRowMajor();
        int m = a.length, n = b.length;
        double[] rows = new double[m], cols = new double[n];
        double v = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = p[i * n + j];
                rows[i] += x;
                cols[j] += x;
                v += x * c[i * n + j] + (eps == 0 ? 0 : eps * kl(x, a[i] * b[j]));
            }
        }
        return v + divergence(pa, rows, a) + divergence(pb, cols, b);
    }

    private static double divergence(MarginalPenalty pen, double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += switch (pen.kind()) {
                case KL -> pen.weight() * kl(p[i], q[i]);
                case TV -> pen.weight() * Math.abs(p[i] - q[i]);
                case EXACT -> 0; // the solver keeps it to rounding; the plan's cost carries the rest
            };
        }
        return s;
    }

    /** ⟨a, −φ_a*(−f)⟩ + ⟨b, −φ_b*(−g)⟩ − ε Σ a_i b_j (e^{(f_i+g_j−c_ij)/ε} − 1), φ* the conjugates of KL, TV, exact. */
    private static double dual(double[] f, double[] g, TransportProblem prob, double eps, MarginalPenalty pa, MarginalPenalty pb) {
        double[] a = prob.a().weights(), b = prob.b().weights(), c = prob.cost().toRowMajor();
        double v = 0;
        for (int i = 0; i < a.length; i++) v += a[i] * conjugateTerm(pa, f[i]);
        for (int j = 0; j < b.length; j++) v += b[j] * conjugateTerm(pb, g[j]);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) v -= eps * a[i] * b[j] * (Math.exp((f[i] + g[j] - c[i * b.length + j]) / eps) - 1);
        }
        return v;
    }

    /** −φ*(−h): τ(1 − e^{−h/τ}) for KL; min(h, ρ) for TV, −∞ below −ρ; h for an exact marginal. */
    private static double conjugateTerm(MarginalPenalty pen, double h) {
        double w = pen.weight();
        return switch (pen.kind()) {
            case KL -> w * (1 - Math.exp(-h / w));
            case TV -> h < -w - 1e-12 ? Double.NEGATIVE_INFINITY : Math.min(h, w);
            case EXACT -> h;
        };
    }

    /** The TV-relaxed LP by brute force over bases ({@link TinyLp}). */
    private static double tvLinearProgram(TransportProblem p, double ra, double rb) {
        int m = p.rows(), n = p.cols(), vars = m * n + 2 * m + 2 * n;
        double[] c = p.cost().toRowMajor(), cost = new double[vars];
        double[][] lhs = new double[m + n][vars];
        double[] rhs = new double[m + n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = c[i * n + j];
                lhs[i][i * n + j] = 1;
                lhs[m + j][i * n + j] = 1;
            }
        }
        for (int i = 0; i < m; i++) {
            lhs[i][m * n + 2 * i] = -1;
            lhs[i][m * n + 2 * i + 1] = 1;
            cost[m * n + 2 * i] = ra;
            cost[m * n + 2 * i + 1] = ra;
            rhs[i] = p.a().weights()[i];
        }
        for (int j = 0; j < n; j++) {
            int k = m * n + 2 * m + 2 * j;
            lhs[m + j][k] = -1;
            lhs[m + j][k + 1] = 1;
            cost[k] = rb;
            cost[k + 1] = rb;
            rhs[m + j] = p.b().weights()[j];
        }
        return TinyLp.minimum(lhs, rhs, cost);
    }

    private static double kl(double x, double y) {
        return (x > 0 ? x * Math.log(x / y) : 0) - x + y;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
