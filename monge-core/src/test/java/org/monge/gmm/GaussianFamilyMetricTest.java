package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GaussianFamilyMetricTest {
    @Test
    void closedFormMatchesThePulledBackW2() {
        Gaussian g = Gaussian.of(new double[] {0.5, -1, 2}, Matrix.of(new double[][] {{2, .5, .1}, {.5, 1, -.2}, {.1, -.2, .7}}));
        double[] dm = {0.3, -0.2, 0.5};
        Matrix ds = Matrix.of(new double[][] {{0.4, -0.1, 0.2}, {-0.1, 0.3, 0.05}, {0.2, 0.05, -0.6}});
        double gvv = GaussianFamilyMetric.inner(g, dm, ds, dm, ds);
        double[] ratio = new double[2];
        double[] hs = {1e-3, 5e-4};
        for (int r = 0; r < 2; r++) {
            double h = hs[r];
            double[] m = g.mean();
            for (int i = 0; i < 3; i++) m[i] += h * dm[i];
            Gaussian moved = Gaussian.of(m, g.covariance().plus(ds.scale(h)));
            ratio[r] = BuresWasserstein.squaredDistance(g, moved) / (h * h);
        }
        assertThat(2 * ratio[1] - ratio[0]).isCloseTo(gvv, within(1e-6 * gvv));
        Matrix full = GaussianFamilyMetric.matrix(g);
        assertThat(full.rows()).isEqualTo(9);
        assertThat(SymmetricEigen.of(full).min()).isPositive();
    }

    @Test
    void identityInMeanAndStandardDeviationIn1D() {
        // in (μ, σ): dS = 2σ dσ, X = dσ/σ, tr(X S X) = dσ²
        Gaussian g = Gaussian.univariate(0.3, 0.7);
        double v = GaussianFamilyMetric.inner(g, new double[] {0}, Matrix.of(new double[][] {{2 * 0.7}}), new double[] {0},
                Matrix.of(new double[][] {{2 * 0.7}}));
        assertThat(v).isCloseTo(1, within(1e-14));
    }
}
