package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.testing.Cases;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Unbalanced Sinkhorn against POT, against balanced Sinkhorn as τ → ∞, with an exact marginal for τ = ∞,
 * and against perturbed plans (first-order optimality of the objective computed here, not by the solver).
 */
public class UnbalancedSinkhornTest {
    // POT 0.8.2, the script below (masses 1.3 and 0.8, ε = 0.3, τ_a = τ_b = 0.7):
    //   rng = np.random.default_rng(12); a = rng.uniform(0.1, 1, 5); a = a / a.sum() * 1.3
    //   b = rng.uniform(0.1, 1, 7); b = b / b.sum() * 0.8; C = rng.uniform(0, 2, (5, 7))
    //   Mp = C - eps * (log(a)[:, None] + log(b)[None, :])   # KL(π ‖ a⊗b) as POT's entropy Σ π log π − π
    //   P = ot.unbalanced.sinkhorn_unbalanced(a, b, Mp, 0.3, 0.7, method='sinkhorn', numItermax=100000, stopThr=1e-14)
    //   v2 = ot.unbalanced.sinkhorn_unbalanced2(a, b, Mp, 0.3, 0.7, ...)  (= ⟨P, Mp⟩)
    //   objective = ⟨P, C⟩ + ε KL(P ‖ a⊗b) + τ KL(P1 ‖ a) + τ KL(Pᵀ1 ‖ b), generalised KL, in NumPy
    // POT regularises by reg·Σ π (log π − 1) with the kernel e^{−M/reg}, and penalises both marginals by reg_m KL;
    // with M = C − ε log a_i − ε log b_j its problem differs from ours by a constant, so the plans agree.
    private static final double EPS = 0.3, TAU = 0.7;
    static final double[] A = {0.19036647072084695, 0.5564024748688247, 0.15801730579772952, 0.15274238790942496,
        0.2424713607031739};
    static final double[] B = {0.06678478435615468, 0.1527754888037036, 0.044214778483401315, 0.19692637360129991,
        0.18946332375286867, 0.02227215518512131, 0.1275630958174506};
    static final double[] C = {0.2137025480474799, 0.5159099175219806, 0.8337920812662054, 0.907232243706553,
        0.9362931818878013, 1.8550334017446526, 0.5175421788443009, 0.3757804215690759, 1.3410209481090003, 1.8932374067039555,
        1.8456217508875028, 1.7604999998469473, 0.12871139184722957, 1.8733922498582674, 1.2984807381089507, 1.7431116910505926,
        0.8161969361119685, 0.4387798690166764, 1.5859401537893862, 1.3232689419835673, 1.5576801840441443, 0.4026893958035396,
        0.2687034745967851, 1.5272501792753428, 0.0404574474201731, 1.891201362597212, 0.27017572501853104, 1.200220571059202,
        0.8380140960229363, 0.6477901042681522, 0.3404925431272092, 1.5607656025862096, 1.8290491745111843, 1.4577427637224136,
        1.2005695751341072};
    private static final double[] POT_PLAN = {0.008714283422280634, 0.023771443879820223, 0.0020003140966622862,
        0.008251688391995778, 0.03419646780626312, 7.656588605693919e-06, 0.04555913555388229, 0.074925824763227,
        0.0224190191691223, 0.0008638246740974234, 0.005334779517490291, 0.03234828629452671, 0.035659396935844904,
        0.007325091711658762, 0.0003777245470422604, 0.0006409436294266523, 0.0034189329107297928, 0.06338958263487235,
        0.006321814298135723, 7.263802315117242e-05, 0.002291618343473166, 0.0025119152334862624, 0.029328059216974837,
        0.0001072937835435439, 0.08029484036691356, 0.0007673082250968591, 0.0008160402385758215, 0.0025331275736006366,
        0.0033877431593112763, 0.04770915971148728, 0.032261514442101555, 0.0029101723595375186, 0.005433090123508165,
        8.96674355392705e-05, 0.014563118217047252};
    private static final double POT_V2 = 0.9921670128495277, POT_COST = 0.3635982375292079, POT_OBJECTIVE = 0.7609740206256477,
        POT_MASS = 0.6006035172790323;

    private static TransportProblem problem() {
        return TransportProblem.of(DiscreteMeasure.of(A), DiscreteMeasure.of(B), CostMatrix.dense(5, 7, C));
    }

    private static UnbalancedSinkhorn solver() {
        return UnbalancedSinkhorn.withEpsilon(EPS).withTau(TAU).withTolerance(1e-14).withMaxIterations(100000);
    }

    @Test
    void matchesPotOnUnequalMasses() {
        UnbalancedSinkhorn.Result r = solver().solve(problem());
        assertThat(r.converged()).isTrue();
        double[] p = r.plan().toDense();
        for (int k = 0; k < p.length; k++) assertThat(p[k]).as("entry %d", k).isCloseTo(POT_PLAN[k], within(1e-6 * POT_PLAN[k]));
        double mp = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 7; j++) mp += p[i * 7 + j] * (C[i * 7 + j] - EPS * Math.log(A[i]) - EPS * Math.log(B[j]));
        }
        assertThat(mp).isCloseTo(POT_V2, within(1e-6 * POT_V2));
        assertThat(r.cost()).isCloseTo(POT_COST, within(1e-6 * POT_COST));
        assertThat(r.objective()).isCloseTo(POT_OBJECTIVE, within(1e-6 * POT_OBJECTIVE));
        assertThat(objective(p, EPS, TAU, TAU)).isCloseTo(POT_OBJECTIVE, within(1e-6 * POT_OBJECTIVE));
        assertThat(r.transportedMass()).isCloseTo(POT_MASS, within(1e-6 * POT_MASS));
        assertThat(r.dualObjective()).isCloseTo(r.objective(), within(1e-10));
        double[] rows = r.rowMarginal();
        for (int i = 0; i < 5; i++) {
            double s = 0;
            for (int j = 0; j < 7; j++) s += POT_PLAN[i * 7 + j];
            assertThat(rows[i]).isCloseTo(s, within(1e-6 * s));
        }
        // the optimality conditions f = −τ log(π1/a), g = −τ log(πᵀ1/b)
        for (int i = 0; i < 5; i++) assertThat(r.f()[i]).isCloseTo(-TAU * Math.log(rows[i] / A[i]), within(1e-9));
        for (int j = 0; j < 7; j++) assertThat(r.g()[j]).isCloseTo(-TAU * Math.log(r.colMarginal()[j] / B[j]), within(1e-9));
    }

    @Test
    void largeTauGivesTheBalancedSinkhornPlan() {
        double[] b = B.clone();
        double sb = 0, sa = 0;
        for (double v : b) sb += v;
        for (double v : A) sa += v;
        for (int j = 0; j < b.length; j++) b[j] *= sa / sb;
        TransportProblem balanced = TransportProblem.of(DiscreteMeasure.of(A), DiscreteMeasure.of(b), CostMatrix.dense(5, 7, C));
        double[] expected = Sinkhorn.withEpsilon(EPS).withTolerance(1e-13).withMaxIterations(100000).solve(balanced).plan().toDense();
        UnbalancedSinkhorn.Result infinite = solver().withTau(Double.POSITIVE_INFINITY).solve(balanced);
        assertThat(infinite.converged()).isTrue();
        double[] pi = infinite.plan().toDense();
        for (int k = 0; k < expected.length; k++) assertThat(pi[k]).isCloseTo(expected[k], within(1e-9 * expected[k] + 1e-15));
        // the plan moves towards the balanced one as O(1/τ): about ten times closer a decade
        double previous = Double.POSITIVE_INFINITY;
        for (double tau : new double[] {10, 100, 1000}) {
            UnbalancedSinkhorn.Result r = solver().withTau(tau).withTolerance(1e-11).solve(balanced);
            assertThat(r.converged()).isTrue();
            double[] p = r.plan().toDense();
            double worst = 0;
            for (int k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(p[k] - expected[k]) / expected[k]);
            assertThat(worst).as("tau %s", tau).isLessThan(previous / 5);
            previous = worst;
        }
        assertThat(previous).isLessThan(1e-2);
    }

    @Test
    void infiniteTauBKeepsTheTargetMarginal() {
        UnbalancedSinkhorn.Result r = solver().withTauB(Double.POSITIVE_INFINITY).solve(problem());
        assertThat(r.converged()).isTrue();
        double[] cols = r.plan().colSums();
        for (int j = 0; j < 7; j++) assertThat(cols[j]).isCloseTo(B[j], within(1e-12));
        assertThat(r.transportedMass()).isCloseTo(0.8, within(1e-12));
        // the source marginal is relaxed: it has the target's mass, not the source's 1.3
        double[] rows = r.rowMarginal();
        for (int i = 0; i < 5; i++) assertThat(r.f()[i]).isCloseTo(-TAU * Math.log(rows[i] / A[i]), within(1e-9));
        UnbalancedSinkhorn.Result sa = solver().withTauA(Double.POSITIVE_INFINITY).solve(problem());
        assertThat(sa.converged()).isTrue();
        assertThat(sa.plan().rowSums()).containsExactly(A, within(1e-12));
    }

    @Test
    void perturbedPlansHaveNoSmallerObjective() {
        Cases.forAll(12, 20, c -> {
            int m = c.intIn("m", 1, 6), n = c.intIn("n", 1, 6);
            double eps = c.doubleIn("eps", 0.05, 1), tauA = c.doubleIn("tauA", 0.05, 5), tauB = c.doubleIn("tauB", 0.05, 5);
            Random rnd = new Random(c.anyLong("seed"));
            double[] a = new double[m], b = new double[n], cost = new double[m * n];
            for (int i = 0; i < m; i++) a[i] = 0.1 + rnd.nextDouble();
            for (int j = 0; j < n; j++) b[j] = 0.1 + 2 * rnd.nextDouble();
            for (int k = 0; k < cost.length; k++) cost[k] = 3 * rnd.nextDouble();
            UnbalancedSinkhorn.Result r = UnbalancedSinkhorn.withEpsilon(eps).withTauA(tauA).withTauB(tauB).withTolerance(1e-13)
                    .withMaxIterations(100000).solve(TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b),
                            CostMatrix.dense(m, n, cost)));
            assertThat(r.converged()).isTrue();
            double[] p = r.plan().toDense();
            double best = objective(p, a, b, cost, eps, tauA, tauB);
            assertThat(r.objective()).isCloseTo(best, within(1e-10 * (1 + Math.abs(best))));
            for (int t = 0; t < 20; t++) {
                double[] q = p.clone();
                for (int k = 0; k < q.length; k++) q[k] *= Math.exp(1e-3 * (2 * rnd.nextDouble() - 1));
                assertThat(objective(q, a, b, cost, eps, tauA, tauB)).isGreaterThanOrEqualTo(best - 1e-12);
            }
        });
    }

    @Test
    void reachSetsTauToItsPower() {
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.1).withReach(0.5, 2);
        assertThat(s.options().tauA()).isEqualTo(0.25);
        assertThat(s.options().tauB()).isEqualTo(0.25);
        assertThat(UnbalancedSinkhorn.withEpsilon(0.1).withReach(Double.POSITIVE_INFINITY, 1).options().tauA())
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void smallEpsilonStaysFinite() {
        UnbalancedSinkhorn.Result r = UnbalancedSinkhorn.withEpsilon(1e-4).withTau(TAU).withTolerance(1e-10).withMaxIterations(100000)
                .solve(problem());
        assertThat(r.status()).isNotEqualTo(UnbalancedSinkhorn.Status.NUMERICAL_ERROR);
        assertThat(r.objective()).isFinite();
        assertThat(r.dualObjective()).isCloseTo(r.objective(), within(1e-6));
    }

    @Test
    void iterationLimitIsReported() {
        UnbalancedSinkhorn.Result r = solver().withMaxIterations(3).solve(problem());
        assertThat(r.status()).isEqualTo(UnbalancedSinkhorn.Status.MAX_ITERATIONS);
        assertThat(r.converged()).isFalse();
        assertThat(r.iterations()).isEqualTo(3);
        assertThat(r.marginalChange()).isGreaterThan(1e-14);
    }

    @Test
    void invalidOptionsAreRejectedWhenConfigured() {
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(1);
        assertThatThrownBy(() -> UnbalancedSinkhorn.withEpsilon(0)).hasMessageStartingWith("epsilon must be positive");
        assertThatThrownBy(() -> s.withTau(0)).hasMessageStartingWith("tauA must be positive");
        assertThatThrownBy(() -> s.withTauB(Double.NaN)).hasMessageStartingWith("tauB must be positive");
        assertThatThrownBy(() -> s.withTauA(-1)).hasMessageStartingWith("tauA must be positive");
        assertThatThrownBy(() -> s.withReach(Double.NaN, 2)).hasMessageStartingWith("reach must be positive");
        assertThatThrownBy(() -> s.withTolerance(-1)).hasMessageStartingWith("tolerance");
        assertThatThrownBy(() -> s.withMaxIterations(0)).hasMessageStartingWith("maxIterations");
        assertThat(s.withTau(Double.POSITIVE_INFINITY).options().tauB()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void aRowWithoutFiniteCostIsRefused() {
        double inf = Double.POSITIVE_INFINITY;
        TransportProblem p = TransportProblem.of(DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2),
                CostMatrix.dense(2, 2, new double[] {0, 1, inf, inf}));
        assertThatThrownBy(() -> solver().solve(p)).hasMessage("problem is infeasible: row 1 has no finite cost");
    }

    private static double objective(double[] p, double eps, double tauA, double tauB) {
        return objective(p, A, B, C, eps, tauA, tauB);
    }

    /** ⟨π, C⟩ + ε KL(π ‖ a⊗b) + τ_a KL(π1 ‖ a) + τ_b KL(πᵀ1 ‖ b), generalised KL, from the plan's entries. */
    private static double objective(double[] p, double[] a, double[] b, double[] c, double eps, double tauA, double tauB) {
        int m = a.length, n = b.length;
        double[] rows = new double[m], cols = new double[n];
        double v = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = p[i * n + j], ab = a[i] * b[j];
                rows[i] += x;
                cols[j] += x;
                v += x * c[i * n + j] + eps * (kl(x, ab));
            }
        }
        for (int i = 0; i < m; i++) v += tauA * kl(rows[i], a[i]);
        for (int j = 0; j < n; j++) v += tauB * kl(cols[j], b[j]);
        return v;
    }

    private static double kl(double x, double y) {
        return (x > 0 ? x * Math.log(x / y) : 0) - x + y;
    }
}
