package org.monge.gmm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The potential a PDE of the same flow needs: the given V, except for the entropy, whose energy has none. */
class MixtureGradientFlowPotentialTest {
    @Test
    void entropyHasNoPotentialWhateverWasGiven() {
        LatticeProblem.Potential well = LatticeProblem.Potential.DOUBLE_WELL;
        MixtureGradientFlow entropy = MixtureGradientFlow.of(MixtureGradientFlow.Energy.ENTROPY, well);
        MixtureGradientFlow fokkerPlanck = MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, well);
        for (double x : new double[] {-2, 0, 3}) assertThat(entropy.potential().applyAsDouble(x)).isZero();
        // (x² − 1)²/4 at 0 and at 3 by hand: 1/4 and 16
        assertThat(fokkerPlanck.potential().applyAsDouble(0)).isEqualTo(0.25);
        assertThat(fokkerPlanck.potential().applyAsDouble(3)).isEqualTo(16.0);
    }
}
