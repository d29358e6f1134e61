package org.monge.linalg;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CongruenceTest {
    @Property(tries = 60)
    void equalsTheProductOfGeneralMatrices(@ForAll long seed, @ForAll @IntRange(min = 1, max = 110) int n) {
        Random rnd = new Random(seed);
        Matrix l = Cholesky.lower(LinalgTest.spd(rnd, n)).orElseThrow();
        Matrix s = LinalgTest.spd(rnd, n);
        Matrix expected = l.transpose().times(s).times(l);
        Matrix got = Congruence.lowerTransposed(l, s);
        assertThat(got.minus(expected).maxAbs()).isLessThan(1e-12 * (1 + expected.maxAbs()));
        assertThat(got.asymmetry()).isZero();
    }
}
