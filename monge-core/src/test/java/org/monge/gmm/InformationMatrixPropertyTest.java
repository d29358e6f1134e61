package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

/** Invariants of the information matrix over random mixtures. */
class InformationMatrixPropertyTest {
    @Test
    void symmetricPositiveDefiniteAndCoordinateCovariant() {
        forAll(401, 25, gen -> {
            int n = gen.intIn("n", 2, 5);
            double sigma = gen.doubleIn("sigma", 0.15, 1.0);
            long seed = gen.anyLong("seed");
            Random rnd = new Random(seed);
            double[] p = new double[n], mu = new double[n], s = new double[n];
            double tot = 0;
            for (int k = 0; k < n; k++) {
                p[k] = 0.05 + rnd.nextDouble();
                tot += p[k];
                mu[k] = (k == 0 ? 0 : mu[k - 1]) + 0.3 + rnd.nextDouble();
                s[k] = sigma * (0.5 + rnd.nextDouble());
            }
            for (int k = 0; k < n; k++) p[k] /= tot;
            WassersteinInformation wi = WassersteinInformation.defaults().withTolerance(1e-10);
            Matrix theta = wi.compute(p, mu, s, MixtureParameters.ALL).matrix();
            assertThat(theta.asymmetry()).isZero();
            assertThat(SymmetricEigen.of(theta).min()).isPositive();
            // free weights: ∂_{p_i} = −Σ_{j ≥ i} ∂_{θ_j}, so G_p = J G_θ Jᵀ on the weight block
            Matrix free = wi.withWeightCoordinates(MixtureParameters.WeightCoordinates.FREE_WEIGHTS)
                    .compute(p, mu, s, MixtureParameters.WEIGHTS).matrix();
            for (int i = 0; i < n - 1; i++) {
                for (int k = 0; k < n - 1; k++) {
                    double expect = 0;
                    for (int j = i; j < n - 1; j++) for (int l = k; l < n - 1; l++) expect += theta.get(j, l);
                    assertThat(free.get(i, k)).isCloseTo(expect, within(1e-8 * Math.abs(expect) + 1e-12));
                }
            }
        });
    }
}
