package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.Cases.forAll;

class FastExpTest {
    static double relativeError(double x) {
        double e = StrictMath.exp(x);
        return Math.abs(FastExp.exp(x) - e) / e;
    }

    @Test
    void withinThreeTimesTenToTheMinusFourteenOnAFineGrid() {
        double worst = 0;
        for (int k = -1_000_000; k <= 1_000_000; k++) worst = Math.max(worst, relativeError(k * 64e-6));
        assertThat(worst).isLessThan(3e-14);
    }

    @Test
    void withinBoundAnywhereInRange() {
        forAll(361, 2000, gen -> {
            double x = gen.doubleIn("x", -64, 64);
            assertThat(relativeError(x)).isLessThan(3e-14);
        });
    }

    @Test
    void clampsOutsideTheRange() {
        assertThat(FastExp.exp(-1e300)).isEqualTo(FastExp.exp(-64));
        assertThat(FastExp.exp(Double.NEGATIVE_INFINITY)).isEqualTo(FastExp.exp(-64));
        assertThat(FastExp.exp(700)).isEqualTo(FastExp.exp(64)).isGreaterThan(LogKernel.HINT_MAX);
        assertThat(FastExp.exp(0)).isEqualTo(1.0);
    }
}
