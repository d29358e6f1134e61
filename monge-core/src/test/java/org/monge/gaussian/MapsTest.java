package org.monge.gaussian;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MapsTest {

    @Property(tries = 50)
    void brenierMapPushesN0ToN1AndIsSymmetricPositiveDefinite(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int d) {
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
    }

    @Property(tries = 50)
    void knotheRosenblattMapPushesN0ToN1AndIsLowerTriangular(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int d) {
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
    }

    @Property(tries = 30)
    void mapsCoincideInOneDimension(@ForAll @DoubleRange(min = 0.1, max = 3) double s0, @ForAll @DoubleRange(min = 0.1, max = 3) double s1,
                                   @ForAll @DoubleRange(min = -3, max = 3) double m0, @ForAll @DoubleRange(min = -3, max = 3) double m1) {
        Gaussian p = Gaussian.univariate(m0, s0), q = Gaussian.univariate(m1, s1);
        AffineMap b = BrenierMap.between(p, q), k = KnotheRosenblattMap.between(p, q);
        assertThat(b.matrix().get(0, 0)).isCloseTo(s1 / s0, within(1e-12 * s1 / s0));
        assertThat(k.matrix().get(0, 0)).isCloseTo(b.matrix().get(0, 0), within(1e-12 * s1 / s0));
        assertThat(k.shift()[0]).isCloseTo(b.shift()[0], within(1e-10 * (1 + Math.abs(b.shift()[0]))));
    }

    @Property(tries = 30)
    void mcCannInterpolationIsAConstantSpeedGeodesic(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int d,
                                                     @ForAll @DoubleRange(min = 0, max = 1) double t) {
        Random rnd = new Random(seed);
        Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
        McCannInterpolation path = new McCannInterpolation(p, q);
        double w = BuresWasserstein.distance(p, q);
        Gaussian g = path.at(t);
        assertThat(BuresWasserstein.distance(p, g)).isCloseTo(t * w, within(1e-7 * (1 + w)));
        assertThat(BuresWasserstein.distance(g, q)).isCloseTo((1 - t) * w, within(1e-7 * (1 + w)));
        assertThat(path.at(1).covariance().minus(q.covariance()).maxAbs()).isLessThan(1e-9 * (1 + q.covariance().maxAbs()));
        assertThat(path.at(0).covariance().minus(p.covariance()).maxAbs()).isLessThan(1e-12 * (1 + p.covariance().maxAbs()));
    }

    @Property(tries = 20)
    void mapsApplyToPointsConsistently(@ForAll long seed) {
        Random rnd = new Random(seed);
        Gaussian p = RandomGaussians.gaussian(rnd, 3), q = RandomGaussians.gaussian(rnd, 3);
        AffineMap t = BrenierMap.between(p, q);
        Matrix pts = Matrix.of(new double[][] {RandomGaussians.vector(rnd, 3), RandomGaussians.vector(rnd, 3)});
        Matrix out = t.applyToRows(pts);
        for (int i = 0; i < 2; i++) {
            double[] y = t.apply(pts.row(i));
            for (int k = 0; k < 3; k++) assertThat(out.get(i, k)).isCloseTo(y[k], within(1e-12));
        }
    }

    private static void assertPushes(AffineMap t, Gaussian p, Gaussian q) {
        Gaussian image = t.pushForward(p);
        double scale = 1 + q.covariance().maxAbs();
        assertThat(image.covariance().minus(q.covariance()).maxAbs()).isLessThan(1e-9 * scale);
        double[] m = image.mean(), m1 = q.mean();
        for (int i = 0; i < m.length; i++) assertThat(m[i]).isCloseTo(m1[i], within(1e-9 * (1 + Math.abs(m1[i]))));
    }
}
