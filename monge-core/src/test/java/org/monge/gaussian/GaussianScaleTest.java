package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.EntropicGaussian1D;
import org.monge.gaussian.entropic.EntropicGaussianResult;
import org.monge.gaussian.entropic.ReferenceCoupling;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureTransport;
import org.monge.linalg.Matrix;

import java.util.List;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every Gaussian closed form at covariance scales c from 1e-300 to 1e300: the problem with means
 * ×√c and covariances ×c must give the scale-1 answer scaled analytically (W2², costs and
 * covariances ×c, mean terms ×√c, maps and covariance gradients unchanged) to 1e-12 relative;
 * answers beyond the double range are refused with an "out of range" message. Where a closed form
 * in double exists at the extreme scale itself (commuting covariances) or mpmath gives the value,
 * that is checked too.
 */
class GaussianScaleTest {
    private static final double TOL = 1e-12;
    private static final int D = 3;

    static Stream<Double> scales() {
        DoubleStream every50 = DoubleStream.iterate(-300, e -> e <= 300, e -> e + 50).map(e -> Math.pow(10, e));
        return Stream.concat(every50.boxed(), Stream.of(1e-154, 1e154, 1e-160, 1e160, 4.9e-300, 1.7e300));
    }

    private final Random rnd = new Random(18);
    private final Gaussian p = RandomGaussians.gaussian(rnd, D);
    private final Gaussian q = RandomGaussians.gaussian(rnd, D);
    private final Gaussian r = RandomGaussians.gaussian(rnd, D);

    /** N(√c m, c S). */
    static Gaussian scaled(Gaussian g, double c) {
        double[] m = g.mean();
        for (int i = 0; i < m.length; i++) m[i] *= Math.sqrt(c);
        return Gaussian.of(m, g.covariance().scale(c));
    }

    static void assertRelative(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected).isLessThanOrEqualTo(TOL * Math.abs(expected));
    }

    static void assertRelative(Matrix actual, Matrix expected) {
        assertThat(actual.allFinite()).isTrue();
        assertThat(actual.minus(expected).maxAbs()).as("%s vs %s", actual, expected).isLessThanOrEqualTo(TOL * expected.maxAbs());
    }

    static void assertRelative(double[] actual, double[] expected) {
        assertRelative(Matrix.column(actual), Matrix.column(expected));
    }

    static double[] times(double[] v, double s) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] *= s;
        return out;
    }

    @ParameterizedTest
    @MethodSource("scales")
    void w2IsHomogeneous(double c) {
        assertRelative(BuresWasserstein.squaredDistance(scaled(p, c), scaled(q, c)), c * BuresWasserstein.squaredDistance(p, q));
        // singular (semi-definite) first covariance: the eigen route
        Gaussian singular = Gaussian.of(p.mean(), Matrix.diagonal(new double[] {2, 1, 0}));
        assertRelative(BuresWasserstein.squaredDistance(scaled(singular, c), scaled(q, c)),
                c * BuresWasserstein.squaredDistance(singular, q));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void w2OfCommutingCovariancesMatchesTheClosedFormAtThatScale(double c) {
        double[] a = {1 * c, 2.5 * c, 0.3 * c}, b = {4 * c, 0.7 * c, 0.3 * c};
        double expected = 0;
        for (int i = 0; i < D; i++) expected += (Math.sqrt(a[i]) - Math.sqrt(b[i])) * (Math.sqrt(a[i]) - Math.sqrt(b[i]));
        double w2 = BuresWasserstein.squaredDistance(Gaussian.centered(Matrix.diagonal(a)), Gaussian.centered(Matrix.diagonal(b)));
        assertRelative(w2, expected);
    }

    @ParameterizedTest
    @MethodSource("scales")
    void w2BetweenVeryDifferentScales(double c) {
        // 1·S0 against c·S1: the cross term is √c times that at scale 1 for commuting covariances
        double[] a = {1, 2, 3}, b = {4 * c, 5 * c, 6 * c};
        double expected = 0;
        for (int i = 0; i < D; i++) expected += (Math.sqrt(a[i]) - Math.sqrt(b[i])) * (Math.sqrt(a[i]) - Math.sqrt(b[i]));
        assertRelative(BuresWasserstein.squaredDistance(Gaussian.centered(Matrix.diagonal(a)), Gaussian.centered(Matrix.diagonal(b))),
                expected);
    }

    @ParameterizedTest
    @MethodSource("scales")
    void gradientScales(double c) {
        GaussianGradient g = BuresGradient.of(p, q), gc = BuresGradient.of(scaled(p, c), scaled(q, c));
        assertRelative(gc.w2Squared(), c * g.w2Squared());
        assertRelative(gc.mean0(), times(g.mean0(), Math.sqrt(c)));
        assertRelative(gc.mean1(), times(g.mean1(), Math.sqrt(c)));
        assertRelative(gc.covariance0(), g.covariance0());
        assertRelative(gc.covariance1(), g.covariance1());
    }

    @ParameterizedTest
    @MethodSource("scales")
    void mapsAreScaleInvariant(double c) {
        Gaussian pc = scaled(p, c), qc = scaled(q, c);
        AffineMap b = BrenierMap.between(p, q), bc = BrenierMap.between(pc, qc);
        assertRelative(bc.matrix(), b.matrix());
        assertRelative(bc.shift(), times(b.shift(), Math.sqrt(c)));
        AffineMap k = KnotheRosenblattMap.between(p, q), kc = KnotheRosenblattMap.between(pc, qc);
        assertRelative(kc.matrix(), k.matrix());
        assertRelative(kc.shift(), times(k.shift(), Math.sqrt(c)));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void mapBetweenDifferentScalesScalesAsTheirRatio(double c) {
        // A(S0, c S1) = √c A(S0, S1) while √c stays representable
        assertRelative(BrenierMap.matrix(p, Gaussian.of(q.mean(), q.covariance().scale(c))), BrenierMap.matrix(p, q).scale(Math.sqrt(c)));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void mcCannInterpolationScales(double c) {
        Gaussian m = new McCannInterpolation(p, q).at(0.3), mc = new McCannInterpolation(scaled(p, c), scaled(q, c)).at(0.3);
        assertRelative(mc.covariance(), m.covariance().scale(c));
        assertRelative(mc.mean(), times(m.mean(), Math.sqrt(c)));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void barycenterScales(double c) {
        double[] w = {0.2, 0.5, 0.3};
        GaussianBarycenter.Result b = GaussianBarycenter.defaults().solve(List.of(p, q, r), w);
        GaussianBarycenter.Result bc = GaussianBarycenter.defaults().solve(List.of(scaled(p, c), scaled(q, c), scaled(r, c)), w);
        assertThat(bc.converged()).isTrue();
        assertRelative(bc.barycenter().covariance(), b.barycenter().covariance().scale(c));
        assertRelative(bc.barycenter().mean(), times(b.barycenter().mean(), Math.sqrt(c)));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void fidScales(double c) {
        FeatureStatistics a = new FeatureStatistics(10, p.mean(), p.covariance()), b = new FeatureStatistics(10, q.mean(), q.covariance());
        Gaussian pc = scaled(p, c), qc = scaled(q, c);
        FeatureStatistics ac = new FeatureStatistics(10, pc.mean(), pc.covariance()),
                bc = new FeatureStatistics(10, qc.mean(), qc.covariance());
        assertRelative(Fid.between(ac, bc), c * Fid.between(a, b));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void statisticsOfScaledFeatures(double c) {
        double s = Math.sqrt(c);
        Random g = new Random(7);
        int n = 300;
        double[] x = new double[n * D];
        for (int i = 0; i < x.length; i++) x[i] = g.nextGaussian() * (1 + i % D) + 3;
        double[] xs = times(x, s);
        FeatureStatistics one = statistics(x, n, 1), scaled = statistics(xs, n, 1), merged = statistics(xs, n, 7);
        assertRelative(scaled.covariance(), one.covariance().scale(c));
        assertRelative(scaled.mean(), times(one.mean(), s));
        assertRelative(merged.covariance(), one.covariance().scale(c));
        assertRelative(merged.mean(), times(one.mean(), s));
    }

    /** Statistics of n rows accumulated in `parts` accumulators (blocks of unequal sizes) and merged. */
    static FeatureStatistics statistics(double[] x, int n, int parts) {
        MomentAccumulator all = new MomentAccumulator(D);
        int from = 0;
        for (int k = 0; k < parts; k++) {
            int to = k == parts - 1 ? n : from + (n - from) / 3;
            MomentAccumulator part = new MomentAccumulator(D);
            for (int r0 = from; r0 < to; r0 += 17) {
                int rows = Math.min(17, to - r0);
                double[] block = new double[rows * D];
                System.arraycopy(x, r0 * D, block, 0, rows * D);
                part.addBlock(block, rows);
            }
            all.merge(part);
            from = to;
        }
        return all.statistics();
    }

    @Test
    void statisticsAcrossBlocksOfVeryDifferentScales() {
        // a first block of tiny deviations, then large ones: the accumulator raises its scale
        double[] tiny = {1e-200, 0, -1e-200, 0}, big = {1e150, 0, -1e150, 2e150};
        MomentAccumulator acc = new MomentAccumulator(2);
        acc.addBlock(tiny.clone(), 2);
        acc.addBlock(big.clone(), 2);
        double[] col0 = {1e-200, -1e-200, 1e150, -1e150}, col1 = {0, 0, 0, 2e150};
        FeatureStatistics st = acc.statistics();
        assertRelative(st.covariance().get(0, 0), variance(col0, col0));
        assertRelative(st.covariance().get(1, 1), variance(col1, col1));
        assertRelative(st.covariance().get(0, 1), variance(col0, col1));
    }

    private static double variance(double[] a, double[] b) {
        // independent two-pass reference at scale 1e-150 (exact powers are not needed at 1e-12)
        double sa = 0, sb = 0;
        for (int i = 0; i < a.length; i++) {
            sa += a[i] * 1e-150;
            sb += b[i] * 1e-150;
        }
        sa /= a.length;
        sb /= b.length;
        double v = 0;
        for (int i = 0; i < a.length; i++) v += (a[i] * 1e-150 - sa) * (b[i] * 1e-150 - sb);
        return v / (a.length - 1) * 1e300;
    }

    @Test
    void statisticsRefuseACovarianceBeyondTheDoubleRange() {
        double[] x = {1e200, 0, -1e200, 1, 3e200, 2};
        MomentAccumulator acc = new MomentAccumulator(2);
        acc.addBlock(x, 3);
        assertThatThrownBy(acc::statistics).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    static Stream<ReferenceCoupling> references() {
        Matrix k = RandomGaussians.spd(new Random(3), 2 * D, 0.5);
        return Stream.of(ReferenceCoupling.product(), ReferenceCoupling.correlated(0.4, D), ReferenceCoupling.covariance(k));
    }

    @ParameterizedTest
    @MethodSource("scales")
    void entropicScalesWithEpsilon(double c) {
        references().forEach(ref -> {
            EntropicGaussianResult one = EntropicGaussian.withEpsilon(0.7).withReference(ref).solve(p, q);
            ReferenceCoupling refC = ref instanceof ReferenceCoupling.Covariance
                    ? ReferenceCoupling.covariance(ref.covariance(p, q).scale(c)) : ref;
            EntropicGaussianResult rc = EntropicGaussian.withEpsilon(0.7 * c).withReference(refC).solve(scaled(p, c), scaled(q, c));
            assertRelative(rc.cost(), c * one.cost());
            assertRelative(rc.w2Squared(), c * one.w2Squared());
            assertRelative(rc.crossCovariance(), one.crossCovariance().scale(c));
            assertRelative(rc.dualValue(), c * one.dualValue());
            assertRelative(rc.dualPotentials().f(), one.dualPotentials().f());
        });
    }

    @Test
    void entropicAtFixedEpsilonMatchesMpmath() {
        // identical N(0, 1e-200 I) in 2-D with ε = 1: each coordinate is the 1-D problem a = b = 1e-100, ρ = 0,
        // whose cost mpmath (500 digits) gives as 2.0e-200
        Gaussian g = Gaussian.centered(Matrix.identity(2).scale(1e-200));
        assertRelative(EntropicGaussian.withEpsilon(1).solve(g, g).cost(), 4e-200);
        assertRelative(EntropicGaussian1D.cost(1e-100, 1e-100, 0, 1), 2e-200);
        // mpmath: a = 1e-100, b = 2e-100, ρ = 0.5, ε = 1e-200
        assertRelative(EntropicGaussian1D.cost(1e-100, 2e-100, 0.5, 1e-200), 2.1199587078634196628e-200);
        assertRelative(EntropicGaussian1D.crossCovariance(1e-100, 2e-100, 0.5, 1e-200), 1.6598525745124632984e-200);
        assertRelative(EntropicGaussian.withEpsilon(1e-200).withReference(ReferenceCoupling.correlated(0.5, 1))
                .solve(Gaussian.univariate(0, 1e-100), Gaussian.univariate(0, 2e-100)).cost(), 2.1199587078634196628e-200);
        // mpmath: a = 1e150, b = 3e149, ρ = 0.3, ε = 1e301
        assertRelative(EntropicGaussian1D.cost(1e150, 3e149, 0.3, 1e301), 9.032594601552574209e+299);
        assertRelative(EntropicGaussian.withEpsilon(1e301).withReference(ReferenceCoupling.correlated(0.3, 1))
                .solve(Gaussian.univariate(0, 1e150), Gaussian.univariate(0, 3e149)).cost(), 9.032594601552574209e+299);
    }

    @ParameterizedTest
    @MethodSource("scales")
    void entropic1DScalesWithEpsilon(double c) {
        double s = Math.sqrt(c);
        assertRelative(EntropicGaussian1D.cost(1.3 * s, 0.4 * s, 0.6, 0.2 * c), c * EntropicGaussian1D.cost(1.3, 0.4, 0.6, 0.2));
        assertRelative(EntropicGaussian1D.crossCovariance(1.3 * s, 0.4 * s, -0.2, 0.2 * c),
                c * EntropicGaussian1D.crossCovariance(1.3, 0.4, -0.2, 0.2));
    }

    @Test
    void entropicRefusesEpsilonFarOutsideTheCovarianceScale() {
        Gaussian g = Gaussian.centered(Matrix.identity(2).scale(1e300));
        assertThatThrownBy(() -> EntropicGaussian.withEpsilon(1e-300).solve(g, g))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @ParameterizedTest
    @MethodSource("scales")
    void mixtureW2Scales(double c) {
        GaussianMixture a = GaussianMixture.of(new double[] {0.3, 0.7}, List.of(p, q));
        GaussianMixture b = GaussianMixture.of(new double[] {0.6, 0.4}, List.of(r, q));
        GaussianMixture ac = GaussianMixture.of(new double[] {0.3, 0.7}, List.of(scaled(p, c), scaled(q, c)));
        GaussianMixture bc = GaussianMixture.of(new double[] {0.6, 0.4}, List.of(scaled(r, c), scaled(q, c)));
        MixtureTransport.Result one = MixtureTransport.solve(a, b), rc = MixtureTransport.solve(ac, bc);
        assertRelative(rc.squaredDistance(), c * one.squaredDistance());
        assertRelative(rc.coupling(), one.coupling());
    }

    @Test
    void reportedScaleFailuresAreRight() {
        Gaussian a = Gaussian.centered(Matrix.identity(2).scale(1e-200)), b = Gaussian.centered(Matrix.identity(2).scale(4e-200));
        assertRelative(BuresWasserstein.squaredDistance(a, b), 2e-200);
        assertRelative(BrenierMap.matrix(a, b), Matrix.identity(2).scale(2));
        Gaussian bary = GaussianBarycenter.defaults().solve(List.of(a, b)).barycenter();
        assertRelative(bary.covariance(), Matrix.identity(2).scale(2.25e-200));
        // a valid positive-definite covariance ×1e-200 has a gradient (I − T with T = ½ I here)
        assertRelative(BuresGradient.of(a, b).covariance1(), Matrix.identity(2).scale(0.5));
    }

    @Test
    void w2SquaredBeyondTheDoubleRangeIsRefused() {
        Gaussian a = Gaussian.of(new double[] {0, 0}, Matrix.identity(2)), b = Gaussian.of(new double[] {1e200, 0}, Matrix.identity(2));
        assertThatThrownBy(() -> BuresWasserstein.squaredDistance(a, b))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("W2²").hasMessageContaining("out of range");
        // means 1e150 apart are fine: W2² = 1e300 + 2(√1 − √1)²
        Gaussian c = Gaussian.of(new double[] {1e150, 0}, Matrix.identity(2));
        assertRelative(BuresWasserstein.squaredDistance(a, c), 1e300);
        // tiny mean differences are not lost to underflow: |Δm|² = 2e-320·… from 1e-160 per coordinate
        Gaussian t0 = Gaussian.of(new double[] {0, 0}, Matrix.identity(2).scale(1e-320)),
                t1 = Gaussian.of(new double[] {1e-160, 1e-160}, Matrix.identity(2).scale(1e-320));
        assertThat(BuresWasserstein.squaredDistance(t0, t1)).isGreaterThan(1.9e-320);
    }
}
