package org.monge.gmm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The lattice test problem of the mixture flows against NumPy (linspace and the normalised bump). */
class LatticeProblemTest {
    static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) assertThat(actual[k]).as("entry %d", k).isCloseTo(expected[k], within(1e-15));
    }

    @Test
    void meansAreEvenlySpacedOnTheRange() {
        // NumPy: linspace(-3, 3, 5) and linspace(-2, 2, 4)
        assertClose(LatticeProblem.means(5, 3), new double[] {-3, -1.5, 0, 1.5, 3});
        assertClose(LatticeProblem.means(4, 2), new double[] {-2, -0.6666666666666667, 0.6666666666666665, 2});
        assertThat(LatticeProblem.gap(15, 3)).isCloseTo(6.0 / 14, within(1e-16));
    }

    @Test
    void bumpWeightsMatchNumpy() {
        // NumPy: p = exp(-(mu - c)**2/0.5) + 0.05; p/p.sum()
        assertClose(LatticeProblem.bumpWeights(new double[] {-3, -1.5, 0, 1.5, 3}, 1),
                new double[] {0.05039280525350631, 0.0503965611836445, 0.1867912966948738, 0.6616884335569275, 0.05073090331104787});
        assertClose(LatticeProblem.bumpWeights(LatticeProblem.means(4, 2), -0.5),
                new double[] {0.04997461606215355, 0.8144904169868665, 0.09464218221010597, 0.04089278474087387});
    }

    @Test
    void potentialsHaveTheirWellsWhereStated() {
        assertThat(LatticeProblem.Potential.QUADRATIC.applyAsDouble(2)).isEqualTo(2.0);
        assertThat(LatticeProblem.Potential.QUADRATIC.applyAsDouble(0)).isZero();
        for (double x : new double[] {-1, 1}) assertThat(LatticeProblem.Potential.DOUBLE_WELL.applyAsDouble(x)).isZero();
        assertThat(LatticeProblem.Potential.DOUBLE_WELL.applyAsDouble(0)).isEqualTo(0.25);
        assertThat(LatticeProblem.Potential.DOUBLE_WELL.applyAsDouble(2)).isEqualTo(2.25);
    }

    @Test
    void refusesADegenerateLattice() {
        assertThatThrownBy(() -> LatticeProblem.means(1, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 means");
        assertThatThrownBy(() -> LatticeProblem.means(5, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("range");
        assertThatThrownBy(() -> LatticeProblem.bumpWeights(new double[] {0, 1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("centre");
    }
}
