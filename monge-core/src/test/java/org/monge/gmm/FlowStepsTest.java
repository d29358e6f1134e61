package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.discrete.exact.OneDimensional;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The reference PDE reaches every snapshot time exactly, whatever the time step, keeps its mass, and refuses absurd step counts. */
class FlowStepsTest {
    private static final DoubleUnaryOperator QUADRATIC = x -> 0.5 * x * x;

    @Test
    void stepCountsAreCeilingsWithinRounding() {
        assertThat(FokkerPlanck1D.steps(1, 10)).isEqualTo(1);
        assertThat(FokkerPlanck1D.steps(1, 0.3)).isEqualTo(4);
        assertThat(FokkerPlanck1D.steps(0.6, 0.2)).isEqualTo(3); // 0.6 / 0.2 is 2.9999999999999996 in double
        assertThat(FokkerPlanck1D.steps(0, 0.1)).isZero();
        assertThat(FokkerPlanck1D.steps(1e300, 1e-3)).isCloseTo(1e303, within(1e290));
        assertThat(FlowComparison.pdeSteps(1, 5, 10)).isEqualTo(5);
        assertThat(FlowComparison.pdeSteps(1, 5, 1e-12)).isCloseTo(1e12, within(10.0));
    }

    /**
     * Ornstein–Uhlenbeck (V = x²/2): the mean obeys m' = −m, so each implicit Euler step of length τ divides it
     * by 1 + τ (up to O(h²) from the space discretisation). From mean 1, time 0.5 is one step of 0.5 when dt
     * exceeds it (m = 1/1.5), and 0.2, 0.2 and a shortened 0.1 when dt = 0.2 (m = 1/(1.2² · 1.1)).
     */
    @Test
    void stepsEndExactlyAtTheRequestedTime() {
        for (double[] c : new double[][] {{10, 1 / 1.5}, {0.2, 1 / (1.2 * 1.2 * 1.1)}, {0.5, 1 / 1.5}}) {
            FokkerPlanck1D pde = FokkerPlanck1D.on(-8, 8, 1600, QUADRATIC, c[0]);
            double[] m0 = MixtureGradientFlow.cellMasses(new double[] {1}, new double[] {1}, new double[] {0.5}, pde.edges());
            double[] m = pde.advanceBy(m0, 0.5, null);
            double mean = 0;
            for (int j = 0; j < m.length; j++) mean += pde.centres()[j] * m[j];
            assertThat(mean).as("dt = %s", c[0]).isCloseTo(c[1], within(1e-3));
        }
    }

    /** A million steps: the total mass stays 1 and the masses reach the discrete Gibbs state e^{−V_j}/Z, the scheme's exact equilibrium. */
    @Test
    void massIsKeptOverAMillionSteps() {
        FokkerPlanck1D pde = FokkerPlanck1D.on(-7, 7, 40, QUADRATIC, 1e-3);
        double[] m0 = new double[40];
        m0[5] = 1;
        double[] m = pde.advanceBy(m0, 1000, null);
        double total = 0, z = 0;
        for (int j = 0; j < 40; j++) { total += m[j]; z += Math.exp(-QUADRATIC.applyAsDouble(pde.centres()[j])); }
        assertThat(total).isCloseTo(1, within(1e-13));
        for (int j = 0; j < 40; j++) assertThat(m[j]).isCloseTo(Math.exp(-QUADRATIC.applyAsDouble(pde.centres()[j])) / z, within(1e-12));
    }

    /** A time step longer than a snapshot interval still advances the PDE: it ends near the fine-step solution, far from the start. */
    @Test
    void aLongTimeStepStillAdvancesThePde() {
        double[][] l = GradientFlowTest.lattice(9, 3, 1);
        double[] sg = WassersteinInformationTest.fill(9, 0.375);
        MixtureGradientFlow flow = MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, QUADRATIC);
        FlowComparison.Result coarse = FlowComparison.run(flow, QUADRATIC, l[0], l[1], sg, 1, 5, -7, 7, 400, 10);
        FlowComparison.Result fine = FlowComparison.run(flow, QUADRATIC, l[0], l[1], sg, 1, 5, -7, 7, 400, 1e-3);
        double[] x = coarse.centres();
        double moved = OneDimensional.wasserstein(x, coarse.pdeMasses()[5], x, coarse.pdeMasses()[0], 2);
        double error = OneDimensional.wasserstein(x, coarse.pdeMasses()[5], x, fine.pdeMasses()[5], 2);
        assertThat(moved).isGreaterThan(0.5);
        assertThat(error).isLessThan(0.1 * moved);
        assertThat(coarse.w2()[5]).isLessThan(0.1);
    }

    @Test
    void absurdStepCountsAreRefusedBeforeAnyWork() {
        double[][] l = GradientFlowTest.lattice(5, 2, 0);
        double[] sg = WassersteinInformationTest.fill(5, 0.5);
        MixtureGradientFlow flow = MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, QUADRATIC);
        assertThatThrownBy(() -> FlowComparison.run(flow, QUADRATIC, l[0], l[1], sg, 1e300, 5, -6, 6, 100, 1e-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.00e+303 PDE steps");
        assertThatThrownBy(() -> FlowComparison.run(flow, QUADRATIC, l[0], l[1], sg, 1, 5, -6, 6, 100, 1e-12))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.00e+12 PDE steps");
    }

    @Test
    void progressReachesTheEndTimeForBothSolutions() {
        double[][] l = GradientFlowTest.lattice(5, 2, 0);
        double[] sg = WassersteinInformationTest.fill(5, 0.5);
        List<Double> pde = new ArrayList<>(), mixture = new ArrayList<>();
        MixtureGradientFlow flow = MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, QUADRATIC);
        FlowComparison.run(flow, QUADRATIC, l[0], l[1], sg, 0.3, 3, -6, 6, 100, 0.07,
                (stage, f) -> (stage == FlowComparison.Stage.PDE ? pde : mixture).add(f));
        assertThat(pde).hasSize(3 * 2); // each segment of 0.1 is a step of 0.07 and a shortened one of 0.03
        assertThat(pde.get(pde.size() - 1)).isEqualTo(1.0);
        assertThat(pde).allMatch(f -> f > 0 && f <= 1);
        assertThat(mixture).isNotEmpty().allMatch(f -> f > 0 && f <= 1 + 1e-12);
    }
}
