package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** W2 itself where W2² leaves the double range: worked by hand for isotropic Gaussians. */
class BuresDistanceRangeTest {

    private static Gaussian iso(double m, double s) {
        return Gaussian.of(new double[] {m, 0}, Matrix.identity(2).scale(s));
    }

    @Test
    void distanceBeyondTheRangeOfItsSquare() {
        // |Δm|² = 1e400 and the covariance term 2·(√(4s) − √s)² = 2s with s = 1e300: W2 = √(1e400 + 2e300)
        double w2 = BuresWasserstein.distance(iso(0, 1e300), iso(1e200, 4e300));
        assertThat(w2 / 1e200).isCloseTo(Math.sqrt(1 + 2e-100), within(1e-15));
        // covariances near the top of the range (their traces overflow): W2² = 2·1.5e308·(1 − ½)² = 0.75e308
        assertThat(BuresWasserstein.distance(iso(0, 1.5e308), iso(0, 1.5e308 / 4)) / Math.sqrt(0.75e308))
                .isCloseTo(1, within(1e-12));
        assertThatThrownBy(() -> BuresWasserstein.squaredDistance(iso(0, 1), iso(1e200, 1))).hasMessageContaining("out of range");
    }

    @Test
    void distanceAgreesWithTheRootOfTheSquareInRange() {
        for (double s : new double[] {1e-300, 1e-100, 1, 1e100, 1e300}) {
            Gaussian p = iso(0, s), q = iso(Math.sqrt(s), 4 * s);
            assertThat(BuresWasserstein.distance(p, q)).isCloseTo(Math.sqrt(BuresWasserstein.squaredDistance(p, q)),
                    within(1e-14 * Math.sqrt(3 * s)));
        }
    }

    @Test
    void aDistanceBeyondTheRangeIsRefused() {
        assertThatThrownBy(() -> BuresWasserstein.distance(iso(-1.7e308, 1), iso(1.7e308, 1))).hasMessageContaining("out of range");
    }
}
