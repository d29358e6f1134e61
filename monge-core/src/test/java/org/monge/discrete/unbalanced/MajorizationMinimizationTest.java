package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.unbalanced.MajorizationMinimization.Divergence;
import org.monge.discrete.unbalanced.MajorizationMinimization.Options;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Majorisation–minimisation unbalanced OT against POT (plans after 3 updates and at convergence, both divergences),
 * the monotone decrease of the objective (the MM guarantee, objectives computed here), and the exact OT cost of the
 * network simplex as τ grows on balanced inputs.
 */
public class MajorizationMinimizationTest {
    // POT 0.8.2 (/usr/bin/python3), two problems with unequal masses (1.3 vs 0.8 at τ = 0.7, 0.6 vs 1.1 at τ = 2):
    //   rng = np.random.default_rng(seed); a = rng.uniform(0.1, 1, m); a = a / a.sum() * ma
    //   b = rng.uniform(0.1, 1, n); b = b / b.sum() * mb; C = rng.uniform(0, 2, (m, n))
    //   (seed, m, n, ma, mb, τ) = (3, 4, 6, 1.3, 0.8, 0.7) for A1, B1, C1 and (5, 5, 3, 0.6, 1.1, 2.0) for A2, B2, C2
    //   reg = τ for 'kl', τ/2 for 'l2' (POT 0.8's l2 penalty is ‖·‖², ours ½‖·‖²)
    //   P, log = ot.unbalanced.mm_unbalanced(a, b, C, reg, div=div, numItermax=100000, stopThr=1e-15, log=True)
    //   ITERATIONS = len(log['err']); COST = ot.unbalanced.mm_unbalanced2(a, b, C, reg, div=div, numItermax=100000,
    //   stopThr=1e-15); PLAN3 = ot.unbalanced.mm_unbalanced(a, b, C, reg, div=div, numItermax=3, stopThr=1e-15)
    private static final double TAU1 = 0.7, TAU2 = 2.0;
    private static final double[] A1 = {0.1189524856745687, 0.21033788736875664, 0.5515876129026538, 0.41912201405402094};
    private static final double[] B1 = {0.061243622678046186, 0.16240084739665928, 0.17610469375828075, 0.08082175362417018,
        0.2523537083205433, 0.06707537422230014};
    private static final double[] C1 = {0.7824563809913241, 1.0334803652427274, 0.8612560408283556, 1.1735971428762815,
        1.4756755745843204, 1.912534509672197, 0.5684023274975829, 1.29709441415965, 1.3924319933403109, 0.5854414980249742,
        0.0029801670176723416, 1.9469205495328255, 0.5968024460337513, 0.6279720040686736, 1.7834221408903144, 1.1703258797818161,
        0.9426193303636627, 1.5465540192976328, 0.060692015324942394, 1.413930191311247, 0.7484876669569416, 0.18170542700851566,
        1.3210001348557896, 1.862927709482709};
    private static final double[] KL_PLAN1 = {2.4911521955705814e-47, 8.0259247257721e-48, 0.05937700151408892, 1.4557414515781424e-67,
        6.7641506711531786e-71, 8.278574772615544e-46, 2.7566569723401825e-72, 1.2288577780164807e-108, 7.456087759965198e-83,
        1.955289662000824e-64, 0.22990007908425264, 2.0479333470183295e-89, 1.7605101878767842e-17, 0.18130247558363813,
        2.8694972997733445e-55, 2.0926211322428812e-51, 5.744559330632805e-15, 0.020159105664157177, 0.09576299437125123,
        5.560035111927854e-85, 0.043705541760902106, 0.10631288172553814, 6.968395749105656e-68, 1.1047841405210812e-50};
    private static final double[] KL_PLAN3_1 = {0.003700950625580574, 0.009344311947828782, 0.017981672968215207, 0.002629048653350566,
        0.005038472251397983, 0.0011823344224415671, 0.006361160718278132, 0.005770821566629841, 0.006259202497486145,
        0.010073311193134505, 0.12848506583146824, 0.0011933211840743471, 0.022888803498980613, 0.0925679145343424, 0.010355431286706802,
        0.010999614087046045, 0.06560123877879906, 0.010761371440778161, 0.04858572293217151, 0.011560802313019711, 0.06401399096053863,
        0.06157194831254901, 0.019622019200618283, 0.003676249873237918};
    private static final int KL_ITERATIONS1 = 242;
    private static final double KL_COST1 = 0.25469670237664693;
    private static final double[] L2_PLAN1 = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2292171071177411, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.18232030971846927, 0.0, 0.0, 0.02902213825949548, 0.0, 0.0};
    private static final double[] L2_PLAN3_1 = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2292171071177411, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.15697025039211157, 0.0, 0.0, 0.06056104032966756, 0.0, 0.0};
    private static final int L2_ITERATIONS1 = 161;
    private static final double L2_COST1 = 0.017021972319141945;
    private static final double[] A2 = {0.1817952950157738, 0.182378290357238, 0.12431120503534254, 0.07876401920238806,
        0.03275119038925768};
    private static final double[] B2 = {0.46471673801516905, 0.4883100078044317, 0.14697325418039942};
    private static final double[] C2 = {0.09751542145433612, 1.9983522301301428, 1.3047382231759754, 0.4690204033396479,
        0.8698951044502841, 1.9483723865185107, 1.7953552162170976, 1.688462075217482, 0.7848093286695563, 0.9860460374634852,
        1.353378703662132, 0.12160542591611212, 1.1111922338414468, 0.5429032090602031, 1.7593023466698443};
    private static final double[] KL_PLAN2 = {0.25896858722432264, 1.486114916933499e-111, 3.2246207591917996e-127, 0.05173671311344708,
        0.16402098834421977, 5.220547767456111e-148, 5.892364521462878e-40, 0.057533583112039426, 0.04013477427325354,
        7.750232478993833e-29, 7.359119157250088e-26, 0.08621530607812479, 4.0244557542262444e-74, 0.04562739182203115,
        9.533736803028265e-159};
    private static final double[] KL_PLAN3_2 = {0.14016515623229067, 0.04423828751516372, 0.020963861484863046, 0.10163404454030606,
        0.09880215107634882, 0.012394593084138391, 0.03262979438065494, 0.04642288292234242, 0.025752481333375047, 0.03160306170103288,
        0.03150516009094771, 0.0223534399967287, 0.01160654479287018, 0.023340329710648294, 0.0026402729999758503};
    private static final int KL_ITERATIONS2 = 680;
    private static final double KL_COST2 = 0.35609698461337846;
    private static final double[] L2_PLAN2 = {0.2750269414633586, 0.0, 0.0, 0.0477004393770569, 0.04215700648511566, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 0.08246728021236566, 0.0, 0.10372629358923637, 0.0};
    private static final double[] L2_PLAN3_2 = {0.24228074810063935, 0.0, 0.0, 0.08657274480952759, 0.05265140207359173, 0.0, 0.0, 0.0,
        0.0, 0.00016609925281206995, 0.0, 0.08168754413056198, 0.0, 0.07564166963295058, 0.0};
    private static final int L2_ITERATIONS2 = 426;
    private static final double L2_COST2 = 0.15220582737176835;

    private static TransportProblem problem(double[] a, double[] b, double[] c) {
        return TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(a.length, b.length, c));
    }

    private static MajorizationMinimization solver(double tau, Divergence d) {
        return MajorizationMinimization.withTau(tau).withDivergence(d).withMaxIterations(100000);
    }

    /** Every entry within 1e-9 relative of POT's (exact zeros stay zero). */
    private static void assertPlan(double[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) {
            assertThat(Math.abs(actual[k] - expected[k])).as("entry %d", k).isLessThanOrEqualTo(1e-9 * Math.abs(expected[k]));
        }
    }

    private static void assertMatchesPot(double[] a, double[] b, double[] c, double tau, Divergence d, double[] plan,
                                         double[] plan3, int iterations, double cost) {
        TransportProblem p = problem(a, b, c);
        MajorizationMinimization.Result r = solver(tau, d).solve(p);
        assertThat(r.converged()).isTrue();
        assertThat(r.iterations()).isEqualTo(iterations);
        assertPlan(r.plan().toDense(), plan);
        assertThat(Math.abs(r.cost() - cost)).isLessThanOrEqualTo(1e-9 * cost);
        assertThat(r.transportedMass()).isCloseTo(sum(plan), within(1e-12));
        MajorizationMinimization.Result three = solver(tau, d).withMaxIterations(3).solve(p);
        assertThat(three.status()).isEqualTo(MajorizationMinimization.Status.MAX_ITERATIONS);
        assertThat(three.iterations()).isEqualTo(3);
        assertPlan(three.plan().toDense(), plan3);
    }

    @Test
    void klMatchesPot() {
        assertMatchesPot(A1, B1, C1, TAU1, Divergence.KL, KL_PLAN1, KL_PLAN3_1, KL_ITERATIONS1, KL_COST1);
        assertMatchesPot(A2, B2, C2, TAU2, Divergence.KL, KL_PLAN2, KL_PLAN3_2, KL_ITERATIONS2, KL_COST2);
    }

    @Test
    void l2MatchesPot() {
        assertMatchesPot(A1, B1, C1, TAU1, Divergence.L2, L2_PLAN1, L2_PLAN3_1, L2_ITERATIONS1, L2_COST1);
        assertMatchesPot(A2, B2, C2, TAU2, Divergence.L2, L2_PLAN2, L2_PLAN3_2, L2_ITERATIONS2, L2_COST2);
    }

    @Test
    void objectiveNeverIncreases() {
        for (Divergence d : Divergence.values()) {
            checkMonotone(A1, B1, C1, TAU1, d);
            checkMonotone(A2, B2, C2, TAU2, d);
        }
    }

    /** The objective of a bᵀ, then of the plans after 1, 2, … 60 updates, computed here from each plan. */
    private static void checkMonotone(double[] a, double[] b, double[] c, double tau, Divergence d) {
        double[] start = new double[a.length * b.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) start[i * b.length + j] = a[i] * b[j];
        double previous = objective(start, a, b, c, tau, d);
        for (int k = 1; k <= 60; k++) {
            MajorizationMinimization.Result r = solver(tau, d).withMaxIterations(k).solve(problem(a, b, c));
            double now = objective(r.plan().toDense(), a, b, c, tau, d);
            assertThat(r.objective()).isCloseTo(now, within(1e-12));
            assertThat(now).as("%s after %d updates", d, k).isLessThanOrEqualTo(previous + 1e-15);
            previous = now;
        }
    }

    private static double objective(double[] plan, double[] a, double[] b, double[] c, double tau, Divergence d) {
        int m = a.length, n = b.length;
        double[] r = new double[m], s = new double[n];
        double cost = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                r[i] += plan[i * n + j];
                s[j] += plan[i * n + j];
                cost += plan[i * n + j] * c[i * n + j];
            }
        }
        return cost + tau * (penalty(r, a, d) + penalty(s, b, d));
    }

    /** Σ p log(p/q) − p + q for KL (every p here is positive), ½ Σ (p − q)² for L2. */
    private static double penalty(double[] p, double[] q, Divergence d) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += d == Divergence.KL ? p[i] * Math.log(p[i] / q[i]) - p[i] + q[i] : 0.5 * (p[i] - q[i]) * (p[i] - q[i]);
        }
        return s;
    }

    @Test
    void largeTauApproachesExactTransport() {
        Random rnd = new Random(7);
        double[] a = new double[5], b = new double[6], c = new double[30];
        for (int i = 0; i < a.length; i++) a[i] = 0.1 + rnd.nextDouble();
        for (int j = 0; j < b.length; j++) b[j] = 0.1 + rnd.nextDouble();
        for (int k = 0; k < c.length; k++) c[k] = rnd.nextDouble();
        TransportProblem p = problem(DiscreteMeasure.of(a).normalized().weights(), DiscreteMeasure.of(b).normalized().weights(), c);
        double exact = NetworkSimplex.defaults().solve(p).cost();
        for (Divergence d : Divergence.values()) {
            double tau = d == Divergence.KL ? 100 : 1000;
            MajorizationMinimization.Result r = solver(tau, d).withMaxIterations(200000).solve(p);
            // the exact plan is feasible with zero penalty, so the optimum lies below the exact cost
            assertThat(r.objective()).as("%s", d).isLessThanOrEqualTo(exact + 1e-12);
            assertThat(Math.abs(r.cost() - exact)).as("%s", d).isLessThanOrEqualTo(0.01 * exact);
            assertThat(r.transportedMass()).as("%s", d).isBetween(0.99, 1.0);
        }
    }

    @Test
    void zeroWeightsAndForbiddenPairsCarryNothing() {
        double inf = Double.POSITIVE_INFINITY;
        TransportProblem p = problem(new double[] {0.5, 0, 0.7}, new double[] {0.4, 0.6},
                new double[] {inf, 1, 0.2, 0.3, 0.5, inf});
        for (Divergence d : Divergence.values()) {
            MajorizationMinimization.Result r = solver(1, d).solve(p);
            double[] plan = r.plan().toDense();
            assertThat(plan[0]).isZero();
            assertThat(plan[2]).isZero();
            assertThat(plan[3]).isZero();
            assertThat(plan[5]).isZero();
            assertThat(r.cost()).isFinite();
            assertThat(r.objective()).isFinite();
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> MajorizationMinimization.withTau(0)).hasMessage("tau must be positive and finite, got 0.0");
        assertThatThrownBy(() -> MajorizationMinimization.withTau(Double.POSITIVE_INFINITY))
                .hasMessage("tau must be positive and finite, got Infinity");
        assertThatThrownBy(() -> MajorizationMinimization.withTau(1).withTolerance(0))
                .hasMessage("tolerance must be positive and finite, got 0.0");
        assertThatThrownBy(() -> MajorizationMinimization.withTau(1).withMaxIterations(0))
                .hasMessage("maxIterations must be at least 1, got 0");
        assertThatThrownBy(() -> MajorizationMinimization.withTau(1).withDivergence(null))
                .hasMessage("divergence must not be null");
        assertThatThrownBy(() -> MajorizationMinimization.of(null)).hasMessage("options must not be null");
        assertThat(Options.defaults(2)).isEqualTo(new Options(2, Divergence.KL, 1e-15, 1000));
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
