package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.within;

class SlicedWassersteinTest {
    @Test
    void inOneDimensionItIsTheOneDimensionalDistance() {
        Random r = new Random(1);
        double[] u = new double[200], v = new double[150], uw = new double[200], vw = new double[150];
        for (int i = 0; i < 200; i++) { u[i] = r.nextGaussian(); uw[i] = r.nextDouble(); }
        for (int j = 0; j < 150; j++) { v[j] = 2 + r.nextDouble(); vw[j] = r.nextDouble(); }
        DiscreteMeasure a = DiscreteMeasure.of(uw, Matrix.column(u)).normalized();
        DiscreteMeasure b = DiscreteMeasure.of(vw, Matrix.column(v)).normalized();
        for (double p : new double[] {1, 2, 3}) {
            double exact = OneDimensional.wasserstein(u, a.weights(), v, b.weights(), p);
            assertThat(SlicedWasserstein.defaults().withP(p).withProjections(7).distance(a, b)).isCloseTo(exact, within(1e-12 * exact));
            assertThat(SlicedWasserstein.defaults().withP(p).withMaxSliced(true).distance(a, b)).isCloseTo(exact, within(1e-12 * exact));
        }
    }

    @Test
    void matchesADirectMonteCarloEstimateAndIsSeedDeterministic() {
        Matrix x = uniformCloud(300, 3, 2), y = uniformCloud(300, 3, 3);
        DiscreteMeasure a = DiscreteMeasure.uniform(x), b = DiscreteMeasure.uniform(y.scale(1.5));
        SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(50).withSeed(42);
        double got = sw.distance(a, b);
        assertThat(sw.distance(a, b)).isEqualTo(got);
        // independent: project by hand along the same directions, sort, average squared gaps
        double[][] th = sw.directions(3).toArray(), xs = x.toArray(), ys = y.scale(1.5).toArray();
        double acc = 0;
        for (double[] t : th) {
            double[] px = new double[300], py = new double[300];
            for (int i = 0; i < 300; i++) {
                px[i] = xs[i][0] * t[0] + xs[i][1] * t[1] + xs[i][2] * t[2];
                py[i] = ys[i][0] * t[0] + ys[i][1] * t[1] + ys[i][2] * t[2];
            }
            Arrays.sort(px);
            Arrays.sort(py);
            double s = 0;
            for (int i = 0; i < 300; i++) s += (px[i] - py[i]) * (px[i] - py[i]) / 300;
            acc += s / th.length;
            assertThat(Math.abs(t[0] * t[0] + t[1] * t[1] + t[2] * t[2] - 1)).isLessThan(1e-12);
        }
        assertThat(got).isCloseTo(Math.sqrt(acc), within(1e-12));
        assertThat(SlicedWasserstein.defaults().withSeed(1).distance(a, a)).isZero();
        // max-sliced ≥ sliced ≤ W2 (projections are 1-Lipschitz)
        assertThat(sw.withMaxSliced(true).distance(a, b)).isGreaterThanOrEqualTo(got);
        double w2 = Math.sqrt(NetworkSimplex.defaults().solve(a, b, CostMatrix.fromPoints(x, y.scale(1.5), Metric.SQEUCLIDEAN)).cost());
        assertThat(sw.withMaxSliced(true).distance(a, b)).isLessThanOrEqualTo(w2 + 1e-12);
    }
}
