package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The information matrix against an independent quadrature, its scaling law (weight block ∝ c², weight–mean
 * and weight–width blocks ∝ c, the rest scale-free) at extreme scales, and quick refusals where it is not representable.
 */
class InformationMatrixScaleTest {
    private static final double[] P = {0.2, 0.5, 0.3};
    private static final double[] MU = {0, 1, 2.5};
    private static final double[] SIGMA = {0.6, 0.6, 0.6};

    /**
     * G_ab = ∫ ∂_a F ∂_b F / ρ dx in θ coordinates, then means, then widths, by scipy.integrate.quad
     * (epsrel 1e-12, on [−12, 14.5] with breakpoints at the means and midpoints), computed once in python3.
     */
    private static final double[][] SCIPY = {
        {1.5686321110919037, 0.8763141635927627, 0.35711338788256203, 0.6020645183404786, 0.040822093776959445, -0.007922428696848012,
            -0.27632773897084595, -0.05594942030376773},
        {0.8763141635927627, 3.3519115209748827, 0.07668245911915897, 0.760585873091626, 0.662731667789215, 0.07964530217232438,
            0.4529907815703648, -0.18666115468379488},
        {0.35711338788256203, 0.07668245911915897, 0.11565643551493335, 0.08316196836071064, 0.0011815961243560353, -0.054868179795944924,
            -0.08630875078593617, -0.0023496672041200934},
        {0.6020645183404786, 0.760585873091626, 0.08316196836071064, 0.3590273120475225, 0.05781071959176695, 0.0522945298152482,
            0.007183186728818267, -0.06540123492229945},
        {0.040822093776959445, 0.662731667789215, 0.0011815961243560353, 0.05781071959176695, 0.24100768428387706, 0.0025736499806967195,
            0.07912556405711793, 0.06775090212641954},
        {-0.007922428696848012, 0.07964530217232438, -0.054868179795944924, 0.0522945298152482, 0.0025736499806967195, 0.10747169259794698,
            -0.0008992763891155017, -0.004453507487148139},
        {-0.27632773897084595, 0.4529907815703648, -0.08630875078593617, 0.007183186728818267, 0.07912556405711793, -0.0008992763891155017,
            0.2206366049113711, -0.06139915664161074},
        {-0.05594942030376773, -0.18666115468379488, -0.0023496672041200934, -0.06540123492229945, 0.06775090212641954,
            -0.004453507487148139,
            -0.06139915664161074, 0.19255929680584322}};

    private static double[] times(double[] v, double c) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * c;
        return out;
    }

    /** 2 for a weight–weight entry, 1 for weight–mean/width, 0 otherwise (parameters 0 and 1 are weights). */
    private static int power(int a, int b) {
        return (a < 2 ? 1 : 0) + (b < 2 ? 1 : 0);
    }

    @Test
    void matchesAnIndependentQuadrature() {
        Matrix g = WassersteinInformation.defaults().compute(P, MU, SIGMA, MixtureParameters.ALL).matrix();
        for (int a = 0; a < 8; a++) {
            for (int b = 0; b < 8; b++) assertThat(g.get(a, b)).as("(%d, %d)", a, b).isCloseTo(SCIPY[a][b], within(1e-9));
        }
    }

    @Test
    void scalesLikeLengthSquaredAtExtremeScales() {
        for (double c : new double[] {0x1p500, 1e150, 1e-150, 0x1p-480}) {
            Matrix g = WassersteinInformation.defaults().compute(P, times(MU, c), times(SIGMA, c), MixtureParameters.ALL).matrix();
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    double expected = SCIPY[a][b] * Math.pow(c, power(a, b));
                    assertThat(g.get(a, b)).as("c = %s, (%d, %d)", c, a, b).isCloseTo(expected, within(1e-9 * Math.pow(c, power(a, b))));
                }
            }
        }
    }

    @Test
    void aPowerOfTwoScaleIsExact() {
        WassersteinInformation wi = WassersteinInformation.defaults();
        Matrix big = wi.compute(P, times(MU, 0x1p400), times(SIGMA, 0x1p400), MixtureParameters.WEIGHTS_AND_MEANS).matrix();
        Matrix small = wi.compute(P, MU, SIGMA, MixtureParameters.WEIGHTS_AND_MEANS).matrix();
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) assertThat(big.get(a, b)).isEqualTo(Math.scalb(small.get(a, b), 400 * power(a, b)));
        }
    }

    /** Out-of-range problems are refused at once (they used to hang in the quadrature or come back as zeros). */
    @Test
    void unrepresentableProblemsAreRefusedQuickly() {
        double[] p = {0.1, 0.3, 0.45, 0.15}, mu = {0, 1, 2, 3};
        WassersteinInformation wi = WassersteinInformation.defaults();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> wi.compute(p, mu, WassersteinInformationTest.fill(4, 1e-300), MixtureParameters.WEIGHTS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sigma:").hasMessageContaining("overflows");
            assertThatThrownBy(() -> wi.compute(p, times(mu, 1e300), WassersteinInformationTest.fill(4, 0.1), MixtureParameters.WEIGHTS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
            assertThatThrownBy(() -> wi.compute(p, mu, WassersteinInformationTest.fill(4, 1e300), MixtureParameters.WEIGHTS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sigma:").hasMessageContaining("lost to rounding");
            assertThatThrownBy(() -> wi.compute(p, times(mu, 1e300), WassersteinInformationTest.fill(4, 4e299), MixtureParameters.ALL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("means/sigma:").hasMessageContaining("overflows");
            double[] tiny = WassersteinInformationTest.fill(4, 4e-301);
            assertThatThrownBy(() -> wi.compute(p, times(mu, 1e-300), tiny, MixtureParameters.WEIGHTS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("means/sigma:").hasMessageContaining("underflows");
        });
    }
}
