package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Mixtures, EM, MW2 and the information matrix against an exact 1-D W2 along a curve. */
class GmmTest {
    @Test
    void validationNamesTheArgument() {
        assertThatThrownBy(() -> GaussianMixture.univariate(new double[] {0.5, 0.6}, new double[] {0, 1}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights must sum to 1");
        assertThatThrownBy(() -> GaussianMixture.univariate(new double[] {0.5, 0.5}, new double[] {0, 1}, new double[] {1, -1}))
                .hasMessageContaining("sigmas[1]");
        assertThatThrownBy(() -> WassersteinInformation.defaults()
                .compute(new double[] {0.5, 0.5}, new double[] {0, Double.NaN}, new double[] {1, 1}, MixtureParameters.WEIGHTS))
                .hasMessageContaining("means[1]");
    }

    @Test
    void densityCdfAndSamplingAgree() {
        GaussianMixture g = GaussianMixture.univariate(new double[] {0.3, 0.7}, new double[] {-1, 2}, new double[] {0.5, 1});
        // density integrates to the CDF difference (trapezoid on a fine grid)
        double s = 0, h = 1e-3;
        for (int i = 0; i < 7000; i++) {
            double x = -3 + i * h;
            s += 0.5 * h * (g.density(new double[] {x}) + g.density(new double[] {x + h}));
        }
        assertThat(s).isCloseTo(g.cdf(4) - g.cdf(-3), within(1e-6));
        Matrix x = g.sample(200_000, 7);
        long below = 0;
        for (int i = 0; i < x.rows(); i++) if (x.get(i, 0) < 0.5) below++;
        assertThat(below / 200_000.0).isCloseTo(g.cdf(0.5), within(5e-3));
        assertThat(g.sample(10, 3)).isEqualTo(g.sample(10, 3));
    }

    @Test
    void emRecoversWellSeparatedMixture() {
        GaussianMixture truth = GaussianMixture.of(new double[] {0.3, 0.5, 0.2}, Matrix.of(new double[][] {{-5, 0}, {0, 5}, {6, -2}}),
                List.of(Matrix.of(new double[][] {{1, .3}, {.3, .5}}), Matrix.identity(2), Matrix.of(new double[][] {{.5, 0}, {0, 2}})));
        Matrix x = truth.sample(6000, 11);
        ExpectationMaximization.Result r = ExpectationMaximization.withComponents(3).withSeed(1).fit(x);
        assertThat(r.converged()).as("converged after %d iterations, %d failed restarts", r.iterations(), r.failedRestarts()).isTrue();
        // match each true component to the fitted one with the nearest mean (MW2 is not the right yardstick here:
        // a weight error of 0.005 moved across a gap of 10 already costs ~0.5 in MW2²)
        for (int c = 0; c < 3; c++) {
            Gaussian t = truth.component(c);
            int best = 0;
            for (int f = 1; f < 3; f++) {
                if (dist(r.mixture().component(f).mean(), t.mean()) < dist(r.mixture().component(best).mean(), t.mean())) best = f;
            }
            assertThat(r.mixture().weight(best)).isCloseTo(truth.weight(c), within(0.02));
            assertThat(dist(r.mixture().component(best).mean(), t.mean())).isLessThan(0.1);
            assertThat(r.mixture().component(best).covariance().minus(t.covariance()).maxAbs()).isLessThan(0.15);
            assertThat(BuresWasserstein.distance(r.mixture().component(best), t)).isLessThan(0.1);
        }
        ExpectationMaximization.Result r2 = ExpectationMaximization.withComponents(2).withSeed(1).fit(x);
        assertThat(r.bic()).isLessThan(r2.bic());
        assertThat(r.logLikelihood()).isGreaterThan(r2.logLikelihood());
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    @Test
    void mw2EqualsW2ForSingleGaussians() {
        Gaussian a = Gaussian.of(new double[] {0, 1}, Matrix.of(new double[][] {{2, .5}, {.5, 1}}));
        Gaussian b = Gaussian.of(new double[] {1, -1}, Matrix.of(new double[][] {{1, -.3}, {-.3, .8}}));
        MixtureTransport.Result r = MixtureTransport.solve(GaussianMixture.of(new double[] {1}, List.of(a)),
                GaussianMixture.of(new double[] {1}, List.of(b)));
        assertThat(r.squaredDistance()).isCloseTo(BuresWasserstein.squaredDistance(a, b), within(1e-12));
    }

    @Test
    void mw2TendsToTheDiscreteCostAsVariancesVanish() {
        double[] pa = {0.2, 0.5, 0.3}, ma = {-1, 0.5, 3}, pb = {0.6, 0.4}, mb = {0, 2};
        double eps = 1e-6;
        GaussianMixture a = GaussianMixture.univariate(pa, ma, new double[] {eps, eps, eps});
        GaussianMixture b = GaussianMixture.univariate(pb, mb, new double[] {eps, eps});
        double exact = OneDimensional.wassersteinCost(ma, pa, mb, pb, 2); // independent: quantile merge
        assertThat(MixtureTransport.solve(a, b).squaredDistance()).isCloseTo(exact, within(1e-9));
    }

    @Test
    void mw2BoundsW2FromAboveOnLargeSamples() {
        // 1-D: exact W2 between 200 000-point samples (quantile merge)
        GaussianMixture a = GaussianMixture.univariate(new double[] {0.5, 0.5}, new double[] {-1.5, 1.5}, new double[] {0.7, 0.7});
        GaussianMixture b = GaussianMixture.univariate(new double[] {0.3, 0.7}, new double[] {-0.5, 1}, new double[] {1.2, 0.4});
        double[] xa = a.sample(200_000, 1).toRowMajor(), xb = b.sample(200_000, 2).toRowMajor();
        double w2 = OneDimensional.wasserstein(xa, xb, 2);
        double mw2 = MixtureTransport.solve(a, b).distance();
        assertThat(mw2).isGreaterThanOrEqualTo(w2);
        // 2-D: exact network simplex between 700-point samples; MW2 exceeds W2 by far more than the sampling error here
        GaussianMixture c = GaussianMixture.of(new double[] {0.5, 0.5}, Matrix.of(new double[][] {{-2, 0}, {2, 0}}),
                List.of(Matrix.identity(2), Matrix.identity(2)));
        GaussianMixture e = GaussianMixture.of(new double[] {1}, Matrix.of(new double[][] {{0, 0}}),
                List.of(Matrix.of(new double[][] {{5, 0}, {0, 1}})));
        Matrix sc = c.sample(700, 3), se = e.sample(700, 4);
        NetworkSimplex.Result r = NetworkSimplex.defaults().solve(DiscreteMeasure.uniform(sc), DiscreteMeasure.uniform(se),
                CostMatrix.fromPoints(sc, se, Metric.SQEUCLIDEAN));
        double mw2c = MixtureTransport.solve(c, e).squaredDistance();
        assertThat(mw2c).isGreaterThan(r.cost());
        Matrix mapped = MixtureTransport.assign(c, e, MixtureTransport.solve(c, e), sc);
        assertThat(mapped.rows()).isEqualTo(700);
    }

    /** Exact 1-D W2² between two 1-D mixtures: ∫ (x − G⁻¹(F(x)))² ρ(x) dx by composite Gauss–Kronrod. */
    static double w2SquaredExact(GaussianMixture f, GaussianMixture g, double lo, double hi) {
        double[] bp = new double[4001];
        for (int i = 0; i < bp.length; i++) bp[i] = lo + (hi - lo) * i / (bp.length - 1);
        double[][] rule = WassersteinInformation.compositeRule(bp);
        double s = 0;
        for (int m = 0; m < rule[0].length; m++) {
            double x = rule[0][m];
            double t = f.cdf(x);
            double y = x; // Newton on G(y) = t from y = x
            for (int it = 0; it < 60; it++) {
                double step = (g.cdf(y) - t) / g.density(new double[] {y});
                y -= step;
                if (Math.abs(step) < 1e-15) break;
            }
            s += rule[1][m] * (x - y) * (x - y) * f.density(new double[] {x});
        }
        return s;
    }

    @Test
    void informationMatrixMatchesW2AlongACurve() {
        double[] p = {0.2, 0.5, 0.3}, mu = {-1, 0, 1.5}, sg = {0.4, 0.5, 0.35};
        double[] v = {0.3, -0.5, 0.2, 0.1, -0.4, 0.25, 0.05, -0.1}; // θ1, θ2, μ1..3, σ1..3
        Matrix g = WassersteinInformation.defaults().compute(p, mu, sg, MixtureParameters.ALL).matrix();
        double gvv = 0;
        for (int a = 0; a < 8; a++) for (int b = 0; b < 8; b++) gvv += v[a] * g.get(a, b) * v[b];
        double[] ratio = new double[2];
        double[] hs = {2e-3, 1e-3};
        for (int r = 0; r < 2; r++) {
            double h = hs[r];
            double[] th = MixtureGradientFlow.Model.toTheta(p);
            th[0] += h * v[0];
            th[1] += h * v[1];
            double[] q = MixtureGradientFlow.Model.fromTheta(th);
            double[] mu2 = mu.clone(), sg2 = sg.clone();
            for (int k = 0; k < 3; k++) { mu2[k] += h * v[2 + k]; sg2[k] += h * v[5 + k]; }
            double w = w2SquaredExact(GaussianMixture.univariate(p, mu, sg), GaussianMixture.univariate(q, mu2, sg2), -5, 5);
            ratio[r] = w / (h * h);
        }
        double extrapolated = 2 * ratio[1] - ratio[0]; // W2²/h² = g(v,v) + O(h)
        assertThat(extrapolated).isCloseTo(gvv, within(2e-4 * gvv));
    }
}
