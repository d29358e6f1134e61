package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EntropicPartialTransportTest {

    /*
     * POT 0.8.2 reference (/usr/bin/python3): rng = np.random.default_rng(1), a = np.round(rng.uniform(0.1, 1.0, 6), 3),
     * b = np.round(rng.uniform(0.1, 1.0, 8), 3), M = np.round(rng.uniform(0, 5, (6, 8)), 3) (Σa = 3.562, Σb = 4.602);
     * K = ot.partial.entropic_partial_wasserstein(a, b, M, reg, m, numItermax=200000, stopThr=1e-15), printed with
     * K.ravel().tolist(). At m = 0.5 no marginal binds (POT stops after its first iteration); at m = 2.5 they do.
     * The exact costs are ot.partial.partial_wasserstein2(a, b, M, m=m).
     */
    private static final double[] A = {0.561, 0.955, 0.23, 0.954, 0.381, 0.481};
    private static final double[] B = {0.845, 0.468, 0.595, 0.125, 0.778, 0.584, 0.397, 0.81};
    private static final double[] M = {
        1.516, 2.267, 0.67, 2.016, 1.017, 1.312, 3.752, 1.402,
        2.426, 4.904, 4.808, 3.624, 2.706, 1.384, 0.803, 4.85,
        2.58, 0.579, 3.117, 3.883, 3.065, 4.586, 0.198, 2.643,
        2.297, 0.312, 3.207, 4.263, 2.965, 1.3, 4.199, 2.547,
        2.554, 3.765, 0.74, 4.098, 3.416, 3.935, 0.958, 4.012,
        0.957, 0.408, 4.276, 4.306, 4.383, 2.36, 1.37, 0.035};
    private static final double[] POT_HALF = {
        1.4334772636926426e-07, 7.84945040699765e-11, 0.0006768962777446803, 9.658693827155087e-10, 2.106300222893923e-05,
        1.1024313430538543e-06, 2.7897558288443e-17, 4.482151360327778e-07, 1.6007039760243608e-11, 2.7700892514782527e-22,
        7.234632329153041e-22, 1.0033746638659804e-16, 9.733890902647707e-13, 5.366109432724456e-07, 0.00017902367372195816,
        4.753492164401229e-22, 3.431606814386457e-12, 0.001681628675565418, 1.5971148719417488e-14, 7.527320750382761e-18,
        2.6863913743513164e-14, 6.661165354752033e-21, 0.07592627271196487, 1.8276456536216323e-12, 5.8150158838413804e-11,
        0.024282666268898533, 6.493384500520106e-15, 1.683919751949944e-19, 7.302368857028304e-14, 1.2429878683756422e-06,
        3.1935216118570077e-19, 4.773255708230694e-12, 4.450554123185103e-12, 2.4496718466921766e-17, 0.0003361367437191166,
        8.768136178993042e-19, 8.031481306307835e-16, 4.475146857264959e-18, 3.7997412014505605e-05, 2.072051477525621e-18,
        3.8379292354017344e-05, 0.009297660166869072, 1.478642240224127e-19, 1.0954051134276702e-19, 5.071868826119528e-20,
        3.0970297824587984e-11, 6.172495082263541e-07, 0.38751818376732233};
    private static final double[] POT_BINDING = {
        0.0021068103181853867, 1.761962519349634e-10, 0.22652165812368816, 1.4195576261059545e-05, 0.3095671731379878,
        0.016202654813329727, 2.806455845626309e-15, 0.006587507854349857, 2.0194385421388392e-06, 5.337478853920923e-21,
        2.0782082294032324e-18, 1.2658514620855337e-11, 1.228021842152422e-07, 0.0676985149789722, 0.15459216328960834,
        5.996977223976568e-17, 1.5179634147859352e-09, 0.00011361003029834464, 1.6086179669860114e-13, 3.32969309378264e-15,
        1.1883190716856305e-11, 2.9465512383186626e-18, 0.2298863876312359, 8.084548689434227e-10, 7.336189186051052e-06,
        0.467884627392057, 1.8652786336192574e-11, 2.1244230662827033e-14, 9.212624782393167e-09, 0.15681460447441106,
        2.7576990474223414e-16, 6.021910792416609e-07, 2.1426788667237267e-07, 1.8012487754594813e-16, 0.3684783418574993,
        4.221339539140065e-14, 3.866683740315156e-11, 2.1545188152176357e-13, 0.012521443835590096, 9.975703673682008e-14,
        4.763271620044777e-05, 1.7624014491757622e-06, 4.178539109940965e-21, 1.3595123227163335e-19, 6.294719719478108e-20,
        3.843737902498151e-11, 5.243563474227132e-09, 0.4809505996003506};

    private static TransportProblem problem() {
        return TransportProblem.of(DiscreteMeasure.of(A), DiscreteMeasure.of(B), CostMatrix.dense(6, 8, M));
    }

    private static EntropicPartialTransport.Result solve(double eps, double mass) {
        return EntropicPartialTransport.withEpsilon(eps).withTolerance(1e-13).withMaxIterations(200000).solve(problem(), mass);
    }

    @Test
    void matchesPotWhenNoMarginalBinds() {
        EntropicPartialTransport.Result r = solve(0.1, 0.5);
        assertThat(r.converged()).isTrue();
        assertThat(r.plan().toDense()).containsExactly(POT_HALF, within(1e-8));
    }

    @Test
    void matchesPotWhenMarginalsBind() {
        EntropicPartialTransport.Result r = solve(0.1, 2.5);
        assertThat(r.converged()).isTrue();
        assertThat(r.plan().toDense()).containsExactly(POT_BINDING, within(1e-8));
    }

    @Test
    void movesExactlyTheMassWithinTheMarginals() {
        for (double mass : new double[] {0.5, 2.5, 3.562}) {
            EntropicPartialTransport.Result r = solve(0.1, mass);
            assertThat(r.converged()).as("mass %s", mass).isTrue();
            assertThat(r.mass()).as("mass %s", mass).isCloseTo(mass, within(1e-9));
            for (double p : r.plan().toDense()) assertThat(p).isGreaterThanOrEqualTo(0);
            double[] rows = r.plan().rowSums(), cols = r.plan().colSums();
            for (int i = 0; i < A.length; i++) assertThat(rows[i]).isLessThanOrEqualTo(A[i] + 1e-9);
            for (int j = 0; j < B.length; j++) assertThat(cols[j]).isLessThanOrEqualTo(B[j] + 1e-9);
            assertThat(r.cost()).isCloseTo(r.plan().cost(problem().cost()), within(1e-12));
        }
    }

    @Test
    void costApproachesTheExactPartialCostAsEpsilonDecreases() {
        double exact = PartialTransport.defaults().solve(problem(), 2.5).cost();
        assertThat(exact).isCloseTo(1.396311, within(1e-9)); // POT's partial_wasserstein2
        double previous = Double.POSITIVE_INFINITY;
        for (double eps : new double[] {0.1, 0.05, 0.02}) {
            double gap = solve(eps, 2.5).cost() - exact;
            assertThat(gap).as("eps %s", eps).isGreaterThanOrEqualTo(-1e-9).isLessThan(previous);
            previous = gap;
        }
        assertThat(previous).isLessThan(1e-3); // POT at reg 0.02: 1.3965741386
    }

    @Test
    void reportsMaxIterationsWhenStoppedEarly() {
        EntropicPartialTransport.Result r = EntropicPartialTransport.withEpsilon(0.1).withTolerance(0).withMaxIterations(3)
                .solve(problem(), 2.5);
        assertThat(r.status()).isEqualTo(EntropicPartialTransport.Status.MAX_ITERATIONS);
        assertThat(r.converged()).isFalse();
        assertThat(r.iterations()).isEqualTo(3);
    }

    /** POT at reg 1e-3 stops after one iteration with cost 0.0875: all the mass on (5, 7), row sum 2.5 &gt; a_5 = 0.481. */
    @Test
    void smallEpsilonStaysFiniteAndDoesNotStopOnAViolatedMarginal() {
        EntropicPartialTransport.Result r = solve(1e-3, 2.5);
        assertThat(r.converged()).isTrue();
        assertThat(r.plan().rowSums()[5]).isLessThanOrEqualTo(A[5] + 1e-9);
        assertThat(r.cost()).isFinite().isCloseTo(1.396311, within(1e-2));
    }

    @Test
    void refusesAMassOutsideTheRange() {
        assertThatThrownBy(() -> solve(0.1, 4.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mass");
        assertThatThrownBy(() -> solve(0.1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mass");
        assertThatThrownBy(() -> EntropicPartialTransport.withEpsilon(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
