package org.monge.gmm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Densities of a flow comparison: cell masses over the cell width, worked by hand. */
class FlowComparisonDensityTest {
    @Test
    void densityIsMassOverCellWidth() {
        // cells of width 0.25 centred at 0.125, 0.375, 0.625: masses 0.25, 0.5, 0.25 are densities 1, 2, 1
        FlowComparison.Result r = new FlowComparison.Result(new double[] {0}, new double[][] {{1}},
                new double[][] {{0.25, 0.5, 0.25}}, new double[][] {{0.5, 0.25, 0.25}}, new double[] {0},
                new double[] {0.125, 0.375, 0.625}, MixtureGradientFlow.Status.REACHED_END);
        double[] mixture = r.mixtureDensity(0), pde = r.pdeDensity(0);
        double[] wantMixture = {1, 2, 1}, wantPde = {2, 1, 1};
        for (int j = 0; j < 3; j++) {
            assertThat(mixture[j]).isCloseTo(wantMixture[j], within(1e-15));
            assertThat(pde[j]).isCloseTo(wantPde[j], within(1e-15));
        }
    }
}
