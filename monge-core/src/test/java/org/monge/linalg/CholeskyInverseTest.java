package org.monge.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.RandomMatrices.spd;

/** The triangular inverse (Java loop below Backend.LARGE, LAPACK dtrtri above), S^−1 and log det from the Cholesky factor. */
class CholeskyInverseTest {
    @Test
    void inverseAndLogDetFromTheFactorOnBothSidesOfTheBackendSwitch() {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 7, Backend.LARGE - 1, Backend.LARGE, 150}) {
            Matrix s = spd(rnd, n, 0.1);
            Matrix l = Cholesky.lower(s).orElseThrow();
            Matrix li = Cholesky.invertLower(l);
            assertThat(li.times(l).minus(Matrix.identity(n)).maxAbs()).as("n=%d", n).isLessThan(1e-10);
            assertThat(li.isLowerTriangular(0)).isTrue();
            Matrix inv = Cholesky.inverseFromLower(l);
            assertThat(inv.times(s).minus(Matrix.identity(n)).maxAbs()).as("n=%d", n).isLessThan(1e-9);
            assertThat(inv.asymmetry()).isZero();
            assertThat(Cholesky.logDetFromLower(l)).isCloseTo(SymmetricEigen.of(s).logDet(), within(1e-9 * n));
        }
    }
}
