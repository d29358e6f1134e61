package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The float64 test vector of docs/mathematics.md §5, computed independently of this code. */
class ReferenceVectorTest {
    static final Gaussian N0 = Gaussian.of(new double[] {0, 1}, Matrix.of(new double[][] {{2, .5}, {.5, 1}}));
    static final Gaussian N1 = Gaussian.of(new double[] {1, -1}, Matrix.of(new double[][] {{1, -.3}, {-.3, .8}}));

    @Test
    void w2SquaredMatchesReference() {
        assertThat(BuresWasserstein.squaredDistance(N0, N1)).isCloseTo(5.450586393105, within(1e-11));
    }

    @Test
    void gradientsMatchReference() {
        GaussianGradient g = BuresGradient.of(N0, N1);
        assertThat(g.mean1()).containsExactly(new double[] {2, -4}, within(1e-14));
        double[][] s = g.covariance1().toArray();
        assertThat(s[0][0]).isCloseTo(-0.497200287452, within(1e-11));
        assertThat(s[0][1]).isCloseTo(-0.446492082371, within(1e-11));
        assertThat(s[1][0]).isCloseTo(-0.446492082371, within(1e-11));
        assertThat(s[1][1]).isCloseTo(-0.181752206772, within(1e-11));
    }
}
