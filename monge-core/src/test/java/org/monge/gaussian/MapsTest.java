package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class MapsTest {

    @Test
    void brenierMapPushesN0ToN1AndIsSymmetricPositiveDefinite() {
        forAll(211, 50, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 7);
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
            AffineMap t = BrenierMap.between(p, q);
            assertPushes(t, p, q);
            assertThat(t.matrix().asymmetry()).isLessThan(1e-12 * t.matrix().maxAbs());
            assertThat(SymmetricEigen.eigenvalues(t.matrix())[0]).isGreaterThan(0);
            // optimality: E|T(X) − X|² under N0 equals W2²
            Matrix a = t.matrix(), i = Matrix.identity(d);
            Matrix am = a.minus(i);
            double[] shiftAtMean = t.apply(p.mean());
            double meanPart = 0;
            for (int k = 0; k < d; k++) meanPart += Math.pow(shiftAtMean[k] - p.mean()[k], 2);
            double cost = meanPart + am.times(p.covariance()).times(am.transpose()).trace();
            double w2 = BuresWasserstein.squaredDistance(p, q);
            assertThat(cost).isCloseTo(w2, within(1e-9 * (1 + w2)));
        });
    }

    @Test
    void knotheRosenblattMapPushesN0ToN1AndIsLowerTriangular() {
        forAll(212, 50, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 7);
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
            AffineMap t = KnotheRosenblattMap.between(p, q);
            assertPushes(t, p, q);
            assertThat(t.matrix().isLowerTriangular(0.0)).isTrue();
            for (double v : t.matrix().diag()) assertThat(v).isGreaterThan(0);
            // never cheaper than the optimal (Brenier) map
            Matrix am = t.matrix().minus(Matrix.identity(d));
            double cost = p.meanDistanceSquared(q) + am.times(p.covariance()).times(am.transpose()).trace();
            assertThat(cost).isGreaterThanOrEqualTo(BuresWasserstein.squaredDistance(p, q) - 1e-9);
        });
    }

    @Test
    void mapsCoincideInOneDimension() {
        forAll(213, 30, gen -> {
            double s0 = gen.doubleIn("s0", 0.1, 3);
            double s1 = gen.doubleIn("s1", 0.1, 3);
            double m0 = gen.doubleIn("m0", -3, 3);
            double m1 = gen.doubleIn("m1", -3, 3);
            Gaussian p = Gaussian.univariate(m0, s0), q = Gaussian.univariate(m1, s1);
            AffineMap b = BrenierMap.between(p, q), k = KnotheRosenblattMap.between(p, q);
            assertThat(b.matrix().get(0, 0)).isCloseTo(s1 / s0, within(1e-12 * s1 / s0));
            assertThat(k.matrix().get(0, 0)).isCloseTo(b.matrix().get(0, 0), within(1e-12 * s1 / s0));
            assertThat(k.shift()[0]).isCloseTo(b.shift()[0], within(1e-10 * (1 + Math.abs(b.shift()[0]))));
        });
    }

    @Test
    void mcCannInterpolationIsAConstantSpeedGeodesic() {
        forAll(214, 30, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 5);
            double t = gen.doubleIn("t", 0, 1);
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
            McCannInterpolation path = new McCannInterpolation(p, q);
            double w = BuresWasserstein.distance(p, q);
            Gaussian g = path.at(t);
            assertThat(BuresWasserstein.distance(p, g)).isCloseTo(t * w, within(1e-7 * (1 + w)));
            assertThat(BuresWasserstein.distance(g, q)).isCloseTo((1 - t) * w, within(1e-7 * (1 + w)));
            assertThat(path.at(1).covariance().minus(q.covariance()).maxAbs()).isLessThan(1e-9 * (1 + q.covariance().maxAbs()));
            assertThat(path.at(0).covariance().minus(p.covariance()).maxAbs()).isLessThan(1e-12 * (1 + p.covariance().maxAbs()));
        });
    }

    @Test
    void mapsApplyToPointsConsistently() {
        forAll(215, 20, gen -> {
            long seed = gen.anyLong("seed");
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, 3), q = RandomGaussians.gaussian(rnd, 3);
            AffineMap t = BrenierMap.between(p, q);
            Matrix pts = Matrix.of(new double[][] {RandomGaussians.vector(rnd, 3), RandomGaussians.vector(rnd, 3)});
            Matrix out = t.applyToRows(pts);
            for (int i = 0; i < 2; i++) {
                double[] y = t.apply(pts.row(i));
                for (int k = 0; k < 3; k++) assertThat(out.get(i, k)).isCloseTo(y[k], within(1e-12));
            }
        });
    }

    private static void assertPushes(AffineMap t, Gaussian p, Gaussian q) {
        Gaussian image = t.pushForward(p);
        double scale = 1 + q.covariance().maxAbs();
        assertThat(image.covariance().minus(q.covariance()).maxAbs()).isLessThan(1e-9 * scale);
        double[] m = image.mean(), m1 = q.mean();
        for (int i = 0; i < m.length; i++) assertThat(m[i]).isCloseTo(m1[i], within(1e-9 * (1 + Math.abs(m1[i]))));
    }
}
