package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.EntropicBarycenter;
import org.monge.linalg.Matrix;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.within;

class DiscreteBarycenterTest {
    static double[] bump(double[] grid, double centre, double width) {
        double[] h = new double[grid.length];
        double s = 0;
        for (int i = 0; i < grid.length; i++) s += h[i] = Math.exp(-Math.pow((grid[i] - centre) / width, 2) / 2);
        for (int i = 0; i < grid.length; i++) h[i] /= s;
        return h;
    }

    @Test
    void entropicBarycenterOfTwoBumpsSitsHalfwayAndIsAFixedPoint() {
        int n = 101;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) grid[i] = i / (n - 1.0);
        CostMatrix c = CostMatrix.fromPoints(Matrix.column(grid), Matrix.column(grid), Metric.SQEUCLIDEAN);
        double[] b1 = bump(grid, 0.2, 0.05), b2 = bump(grid, 0.8, 0.05);
        EntropicBarycenter.Result r = EntropicBarycenter.withEpsilon(1e-3).withTolerance(1e-10)
                .solve(List.of(b1, b2), new double[] {1, 1}, c);
        assertThat(r.converged()).isTrue();
        double mean = 0, total = 0;
        for (int i = 0; i < n; i++) { mean += r.barycenter()[i] * grid[i]; total += r.barycenter()[i]; }
        assertThat(total).isCloseTo(1, within(1e-12));
        assertThat(mean).isCloseTo(0.5, within(1e-6));
        // the W2 barycenter of two equal bumps is the bump halfway (not the mixture): mass near 0.5
        double near = 0;
        for (int i = 0; i < n; i++) if (Math.abs(grid[i] - 0.5) < 0.15) near += r.barycenter()[i];
        assertThat(near).isGreaterThan(0.95);
        // weights (3, 1): mean moves to 0.35
        EntropicBarycenter.Result r2 = EntropicBarycenter.withEpsilon(1e-3).withTolerance(1e-10)
                .solve(List.of(b1, b2), new double[] {3, 1}, c);
        double m2 = 0;
        for (int i = 0; i < n; i++) m2 += r2.barycenter()[i] * grid[i];
        assertThat(m2).isCloseTo(0.35, within(2e-3));
        // stays finite at a tiny ε (log domain)
        EntropicBarycenter.Result tiny = EntropicBarycenter.withEpsilon(1e-5).withMaxIterations(200)
                .solve(List.of(b1, b2), new double[] {1, 1}, c);
        for (double v : tiny.barycenter()) assertThat(Double.isFinite(v)).isTrue();
    }

    @Test
    void freeSupportBarycenterOfShiftedCloudsIsTheShiftedCloud() {
        Matrix x = uniformCloud(30, 2, 4);
        double[][] a = x.toArray(), b = x.toArray();
        for (double[] p : b) { p[0] += 2; p[1] -= 1; }
        DiscreteMeasure mu = DiscreteMeasure.uniform(Matrix.of(a)), nu = DiscreteMeasure.uniform(Matrix.of(b));
        FreeSupportBarycenter.Result r = FreeSupportBarycenter.defaults().solve(List.of(mu, nu), new double[] {1, 1},
                DiscreteMeasure.uniform(uniformCloud(30, 2, 5)));
        assertThat(r.converged()).isTrue();
        // translation: the barycenter is x shifted by half; cost = ½·(|shift|/2)²·2 = |shift|²/4
        assertThat(r.cost()).isCloseTo(5.0 / 4, within(1e-9));
        double[][] z = r.barycenter().support().toArray();
        for (int i = 0; i < 30; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : a) best = Math.min(best, Math.hypot(z[i][0] - p[0] - 1, z[i][1] - p[1] + 0.5));
            assertThat(best).isLessThan(1e-9);
        }
    }
}
