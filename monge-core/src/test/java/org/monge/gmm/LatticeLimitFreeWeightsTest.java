package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The leading-order weight block in free coordinates p_1 … p_{N−1}, against NumPy and its σ² scaling law. */
class LatticeLimitFreeWeightsTest {
    static final double[] P = {0.1, 0.2, 0.3, 0.4};
    static final double[] MU = {0, 1, 2, 3};
    static final double SIGMA = 0.5;
    /*
     * NumPy: gap = diff(mu); Z = pi*sqrt(2*pi)*s**3*exp(gap**2/(8*s*s))/gap; d = Z/sqrt(p[:-1]*p[1:]);
     * G[i][k] = d[max(i, k):].sum()
     */
    static final double[][] EXPECTED = {
            {22.786284322843727, 11.310508309579388, 4.684965939161372},
            {11.310508309579388, 11.310508309579388, 4.684965939161372},
            {4.684965939161372, 4.684965939161372, 4.684965939161372}};

    static void assertClose(Matrix g, double[][] expected, int exponent) {
        assertThat(g.rows()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < expected.length; k++) {
                double want = Math.scalb(expected[i][k], exponent);
                assertThat(g.get(i, k)).as("(%d, %d)", i, k).isCloseTo(want, within(1e-13 * Math.abs(want)));
            }
        }
    }

    @Test
    void matchesTheSumOfEdgeTermsComputedWithNumpy() {
        assertClose(LatticeLimit.leadingOrderInFreeWeights(P, MU, SIGMA), EXPECTED, 0);
        // an uneven lattice: NumPy as above with p = [0.2, 0.3, 0.5], mu = [-1, 0, 1.5], s = 0.3
        assertClose(LatticeLimit.leadingOrderInFreeWeights(new double[] {0.2, 0.3, 0.5}, new double[] {-1, 0, 1.5}, 0.3),
                new double[][] {{11.810931137207437, 8.329845348590588}, {8.329845348590588, 8.329845348590588}}, 0);
    }

    @Test
    void scalesLikeSigmaSquaredFarOutsideTheModerateRange() {
        // x -> 2^h x multiplies σ³/Δ by 2^{2h} and leaves Δ²/σ² unchanged
        for (int h : new int[] {-450, -200, 200, 450}) {
            double[] mu = new double[MU.length];
            for (int i = 0; i < mu.length; i++) mu[i] = Math.scalb(MU[i], h);
            assertClose(LatticeLimit.leadingOrderInFreeWeights(P, mu, Math.scalb(SIGMA, h)), EXPECTED, 2 * h);
        }
    }

    @Test
    void refusesEntriesOutsideTheDoubleRange() {
        for (int h : new int[] {-600, 600}) {
            double[] mu = new double[MU.length];
            for (int i = 0; i < mu.length; i++) mu[i] = Math.scalb(MU[i], h);
            assertThatThrownBy(() -> LatticeLimit.leadingOrderInFreeWeights(P, mu, Math.scalb(SIGMA, h)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sigma: ");
        }
    }

    @Test
    void refusesMeansThatAreNotIncreasing() {
        assertThatThrownBy(() -> LatticeLimit.leadingOrderInFreeWeights(P, new double[] {0, 2, 1, 3}, SIGMA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("means must be strictly increasing");
    }
}
