package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.within;

class SinkhornDivergenceTest {
    @Test
    void nonNegativeZeroForIdenticalInputsAndBetweenZeroAndW2() {
        Matrix x = uniformCloud(80, 2, 1), y = uniformCloud(60, 2, 2);
        DiscreteMeasure a = DiscreteMeasure.uniform(x), b = DiscreteMeasure.uniform(y.scale(0.7));
        Sinkhorn s = Sinkhorn.withEpsilon(0.05).withTolerance(1e-11).withMaxIterations(20000);
        assertThat(SinkhornDivergence.between(a, a, Metric.SQEUCLIDEAN, s).divergence()).isZero();
        double w2sq = NetworkSimplex.defaults().solve(a, b, CostMatrix.fromPoints(x, y.scale(0.7), Metric.SQEUCLIDEAN)).cost();
        for (double eps : new double[] {1.0, 0.1, 0.01}) {
            SinkhornDivergence.Result r = SinkhornDivergence.between(a, b, Metric.SQEUCLIDEAN,
                    Sinkhorn.withEpsilon(eps).withTolerance(1e-10).withMaxIterations(50000));
            assertThat(r.converged()).isTrue();
            assertThat(r.divergence()).isGreaterThan(0);
            assertThat(r.divergence()).isLessThanOrEqualTo(w2sq + 1e-9);
            if (eps == 0.01) assertThat(r.divergence()).isCloseTo(w2sq, within(0.2 * w2sq));
        }
        for (double[] shift : new double[][] {{0.01, 0}, {0.1, 0.2}}) {
            double[][] xs = x.toArray();
            for (double[] p : xs) { p[0] += shift[0]; p[1] += shift[1]; }
            double d = SinkhornDivergence.between(a, DiscreteMeasure.uniform(Matrix.of(xs)), Metric.EUCLIDEAN, s).divergence();
            assertThat(d).isGreaterThan(0);
        }
    }
}
