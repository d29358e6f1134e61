package org.monge.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.monge.testing.Cases.forAll;
import static org.monge.testing.RandomMatrices.spd;

class CongruenceTest {
    @Test
    void equalsTheProductOfGeneralMatrices() {
        forAll(101, 60, gen -> {
            long seed = gen.anyLong("seed");
            int n = gen.intIn("n", 1, 110);
            Random rnd = new Random(seed);
            Matrix l = Cholesky.lower(spd(rnd, n, 0.1)).orElseThrow();
            Matrix s = spd(rnd, n, 0.1);
            Matrix expected = l.transpose().times(s).times(l);
            Matrix got = Congruence.lowerTransposed(l, s);
            assertThat(got.minus(expected).maxAbs()).isLessThan(1e-12 * (1 + expected.maxAbs()));
            assertThat(got.asymmetry()).isZero();
        });
    }

    /**
     * The allocation-free fidelity equals Σ√λ of the explicitly formed congruence, on every route
     * (Java loops, native dgemm, the large LAPACK route) and with sizes changing from call to call,
     * so that the per-thread scratch arrays are reused with stale contents of other sizes.
     */
    @Test
    void traceSqrtMatchesTheExplicitCongruence() {
        forAll(102, 60, gen -> {
            long seed = gen.anyLong("seed");
            Random rnd = new Random(seed);
            for (int k = 0; k < 4; k++) {
                int n = 1 + rnd.nextInt(k == 3 ? 120 : 40);
                Matrix l = Cholesky.lower(spd(rnd, n, 0.1)).orElseThrow();
                Matrix s = spd(rnd, n, 0.1);
                double expected = SymmetricEigen.traceSqrt(SymmetricEigen.eigenvalues(l.transpose().times(s).times(l)));
                assertThat(Congruence.traceSqrt(l, s)).as("n=%d", n).isCloseTo(expected, offset(1e-12 * expected));
            }
        });
    }

    @Test
    void traceSqrtIsThreadSafe() {
        forAll(103, 20, gen -> {
            long seed = gen.anyLong("seed");
            Random rnd = new Random(seed);
            int pairs = 64;
            Matrix[] ls = new Matrix[pairs], ss = new Matrix[pairs];
            double[] serial = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                int n = 1 + rnd.nextInt(48);
                ls[i] = Cholesky.lower(spd(rnd, n, 0.1)).orElseThrow();
                ss[i] = spd(rnd, n, 0.1);
                serial[i] = Congruence.traceSqrt(ls[i], ss[i]);
            }
            double[] parallel = IntStream.range(0, pairs).parallel().mapToDouble(i -> Congruence.traceSqrt(ls[i], ss[i])).toArray();
            assertThat(parallel).containsExactly(serial);
        });
    }
}
