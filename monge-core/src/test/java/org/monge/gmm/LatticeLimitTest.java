package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The renormalised information matrix against its small-σ limits, with measured orders of convergence. */
class LatticeLimitTest {
    static final double[] P5 = {0.1, 0.25, 0.3, 0.2, 0.15};
    static final double[] MU5 = {0, 1, 2, 3, 4};
    static final double[] SIGMAS = {0.1, 0.07, 0.05, 0.035, 0.025};

    /** Largest relative error of the diagonal of G/Z against an approximation. */
    static double diagonalError(Matrix g, Matrix approx) {
        double e = 0;
        for (int i = 0; i < g.rows(); i++) e = Math.max(e, Math.abs(g.get(i, i) / approx.get(i, i) - 1));
        return e;
    }

    /** Least-squares slope of log e against log σ. */
    static double order(double[] sigma, double[] err) {
        int n = sigma.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += Math.log(sigma[i]) / n; my += Math.log(err[i]) / n; }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(sigma[i]) - mx;
            sxy += dx * (Math.log(err[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /** Errors of the leading and second-order approximations, [0][i] and [1][i], at SIGMAS[i]. */
    static double[][] errors(double[] p, double[] mu) {
        double[][] e = new double[2][SIGMAS.length];
        for (int i = 0; i < SIGMAS.length; i++) {
            Matrix g = WassersteinInformation.defaults().renormalisedWeightMatrix(p, mu, SIGMAS[i]).matrix();
            e[0][i] = diagonalError(g, LatticeLimit.renormalisedLimit(p));
            e[1][i] = diagonalError(g, LatticeLimit.renormalisedSecondOrder(p, mu, SIGMAS[i]));
        }
        return e;
    }

    @Test
    void leadingOrderIsSecondOrderInSigmaAndTheCorrectionIsFourthOrder() {
        double[][] e = errors(P5, MU5);
        double o1 = order(SIGMAS, e[0]), o2 = order(SIGMAS, e[1]);
        System.out.printf("homogeneous N=5: leading errors %s order %.3f; second-order errors %s order %.3f%n",
                Arrays.toString(e[0]), o1, Arrays.toString(e[1]), o2);
        assertThat(o1).isCloseTo(2, within(0.15));
        assertThat(o2).isCloseTo(4, within(0.3));
        for (int i = 0; i < SIGMAS.length; i++) assertThat(e[1][i]).isLessThan(e[0][i] / 5);
    }

    @Test
    void reproducesTheErrorsQuotedInTheMathematicsDoc() {
        // docs/mathematics.md §4.4 (N = 5, Δ = 1, the weights P5): largest relative error over the diagonal, leading order
        // → corrected, 1.4e-2 → 4.3e-4 at σ = 0.05 and 4.8e-3 → 5.5e-5 at σ = 0.03
        double[][] quoted = {{0.05, 1.4e-2, 4.3e-4}, {0.03, 4.8e-3, 5.5e-5}};
        for (double[] q : quoted) {
            Matrix g = WassersteinInformation.defaults().renormalisedWeightMatrix(P5, MU5, q[0]).matrix();
            assertThat(diagonalError(g, LatticeLimit.renormalisedLimit(P5))).isCloseTo(q[1], within(0.05 * q[1]));
            assertThat(diagonalError(g, LatticeLimit.renormalisedSecondOrder(P5, MU5, q[0]))).isCloseTo(q[2], within(0.05 * q[2]));
        }
    }

    @Test
    void inhomogeneousGapsEachEdgeRenormalisedByItsOwnScale() {
        double[] mu = {0, 0.8, 2.0, 2.9, 4.4};
        double[][] e = errors(P5, mu);
        double o1 = order(SIGMAS, e[0]), o2 = order(SIGMAS, e[1]);
        System.out.printf("inhomogeneous N=5: leading errors %s order %.3f; second-order errors %s order %.3f%n",
                Arrays.toString(e[0]), o1, Arrays.toString(e[1]), o2);
        assertThat(o1).isCloseTo(2, within(0.2));
        assertThat(o2).isGreaterThan(3.5);
    }

    @Test
    void offDiagonalEntriesAreExponentiallySmaller() {
        Matrix g = WassersteinInformation.defaults().renormalisedWeightMatrix(P5, MU5, 0.05).matrix();
        for (int i = 0; i + 1 < g.rows(); i++) assertThat(g.get(i, i + 1)).isLessThan(1e-20 * g.get(i, i));
    }

    @Test
    void meanBlockTendsToTheWeightsAndCrossBlockToHalfGaps() {
        // docs/mathematics.md §4.7: σ = 0.02, μ = (−1, .3, 1): θμ rows close to (.6497, .6503, 0), (0, .3503, .3497)
        // (agreement within 5e-4), both tending to the half gaps (.65, .65), (.35, .35).
        double[] p = {0.2, 0.5, 0.3}, mu = {-1, 0.3, 1};
        Matrix g = WassersteinInformation.defaults().compute(p, mu, new double[] {0.02, 0.02, 0.02}, MixtureParameters.WEIGHTS_AND_MEANS)
                .matrix();
        double[][] cross = {{0.6497, 0.6503, 0}, {0, 0.3503, 0.3497}};
        for (int i = 0; i < 2; i++) for (int k = 0; k < 3; k++) assertThat(g.get(i, 2 + k)).isCloseTo(cross[i][k], within(5e-4));
        for (int k = 0; k < 3; k++) assertThat(g.get(2 + k, 2 + k)).isCloseTo(p[k], within(1e-12));
        Matrix limit = LatticeLimit.meanCrossBlock(mu);
        assertThat(limit.get(0, 0)).isEqualTo(0.65);
    }

    @Test
    void scaledVarianceLimitWithinOnePointFivePercent() {
        // docs/mathematics.md §4.6: s = (1, .5, 1.5, 1), Δ_i = δ (s_i + s_{i+1}); within 1.4% at σ = 0.045
        double[] s = {1, 0.5, 1.5, 1}, p = {0.1, 0.3, 0.45, 0.15};
        double delta = 0.5, sigma = 0.045;
        double[] mu = new double[4], sig = new double[4];
        for (int i = 1; i < 4; i++) mu[i] = mu[i - 1] + delta * (s[i - 1] + s[i]);
        for (int i = 0; i < 4; i++) sig[i] = s[i] * sigma;
        double logZ = LatticeLimit.logZScaled(sigma, delta);
        Matrix g = WassersteinInformation.defaults().compute(p, mu, sig, MixtureParameters.WEIGHTS, new double[] {logZ, logZ, logZ})
                .matrix();
        Matrix limit = LatticeLimit.renormalisedScaledVarianceLimit(p, mu, s);
        double e = diagonalError(g, limit);
        System.out.printf("scaled variances: relative error %.4f at sigma %.3f%n", e, sigma);
        assertThat(e).isLessThan(0.015);
    }
}
