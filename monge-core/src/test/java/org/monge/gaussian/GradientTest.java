package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.Cases.forAll;

/** Gradients against central finite differences along random directions (docs/mathematics.md §1). */
class GradientTest {
    private static final double H = 1e-5;

    @Test
    void covarianceGradientsMatchCentralDifferences() {
        forAll(201, 40, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 6);
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
            GaussianGradient g = BuresGradient.of(p, q);
            Matrix e = RandomGaussians.symmetricDirection(rnd, d);
            double fd1 = (BuresWasserstein.squaredDistance(p, Gaussian.of(q.mean(), q.covariance().combine(1, e, H)))
                    - BuresWasserstein.squaredDistance(p, Gaussian.of(q.mean(), q.covariance().combine(1, e, -H)))) / (2 * H);
            assertRelClose(g.covariance1().dot(e), fd1, g.covariance1().frobeniusNorm());
            double fd0 = (BuresWasserstein.squaredDistance(Gaussian.of(p.mean(), p.covariance().combine(1, e, H)), q)
                    - BuresWasserstein.squaredDistance(Gaussian.of(p.mean(), p.covariance().combine(1, e, -H)), q)) / (2 * H);
            assertRelClose(g.covariance0().dot(e), fd0, g.covariance0().frobeniusNorm());
            assertThat(g.covariance1().asymmetry()).isZero();
        });
    }

    @Test
    void meanGradientsMatchCentralDifferences() {
        forAll(202, 40, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 6);
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
            GaussianGradient g = BuresGradient.of(p, q);
            double[] v = RandomGaussians.vector(rnd, d);
            double[] plus = q.mean(), minus = q.mean();
            for (int i = 0; i < d; i++) {
                plus[i] += H * v[i];
                minus[i] -= H * v[i];
            }
            double fd = (BuresWasserstein.squaredDistance(p, Gaussian.of(plus, q.covariance()))
                    - BuresWasserstein.squaredDistance(p, Gaussian.of(minus, q.covariance()))) / (2 * H);
            double an = 0, scale = 0;
            for (int i = 0; i < d; i++) {
                an += g.mean1()[i] * v[i];
                scale += Math.abs(g.mean1()[i] * v[i]);
                assertThat(g.mean0()[i]).isEqualTo(-g.mean1()[i]);
            }
            assertRelClose(an, fd, scale);
        });
    }

    @Test
    void sqrtDerivativeMatchesCentralDifferences() {
        forAll(203, 40, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 6);
            Random rnd = new Random(seed);
            Matrix s = RandomGaussians.spd(rnd, d, 0.2);
            Matrix e = RandomGaussians.symmetricDirection(rnd, d);
            Matrix x = MatrixFunctions.sqrtDerivative(s, e);
            Matrix fd = MatrixFunctions.sqrt(s.combine(1, e, H)).minus(MatrixFunctions.sqrt(s.combine(1, e, -H))).scale(1 / (2 * H));
            assertThat(x.minus(fd).frobeniusNorm()).isLessThan(1e-6 * x.frobeniusNorm());
            // X solves the Sylvester equation X S^½ + S^½ X = E
            Matrix r = MatrixFunctions.sqrt(s);
            assertThat(x.times(r).plus(r.times(x)).minus(e).frobeniusNorm()).isLessThan(1e-10);
        });
    }

    private static void assertRelClose(double analytic, double fd, double scale) {
        assertThat(Math.abs(analytic - fd)).as("analytic %s vs finite difference %s", analytic, fd)
                .isLessThan(1e-6 * Math.max(Math.abs(analytic), 1e-3 * scale));
    }
}
