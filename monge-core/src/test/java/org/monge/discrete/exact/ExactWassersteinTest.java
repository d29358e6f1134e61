package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class ExactWassersteinTest {

    static DiscreteMeasure randomMeasure(Random r, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] p : x) for (int k = 0; k < d; k++) p[k] = r.nextGaussian();
        return DiscreteMeasure.of(NetworkSimplexTest.randomWeights(r, n, 0.1), Matrix.of(x));
    }

    @Test
    void potReference() {
        // x = [[0,0],[1,0],[0,2]], y = [[1,1],[3,0]], a = [0.2,0.3,0.5], b = [0.6,0.4]:
        // ot.emd2(a, b, ot.dist(x, y, 'euclidean')) = 1.748528137423857 (POT 0.8.2)
        DiscreteMeasure a = DiscreteMeasure.of(new double[] {0.2, 0.3, 0.5}, Matrix.of(new double[][] {{0, 0}, {1, 0}, {0, 2}}));
        DiscreteMeasure b = DiscreteMeasure.of(new double[] {0.6, 0.4}, Matrix.of(new double[][] {{1, 1}, {3, 0}}));
        assertThat(ExactWasserstein.w1(a, b)).isCloseTo(1.748528137423857, within(1e-14));
        assertThatThrownBy(() -> ExactWasserstein.distance(a, b, 0.5)).hasMessageContaining("p must");
    }

    @Test
    void onTheLineW1AndW2EqualTheQuantileFormula() {
        forAll(301, 60, gen -> {
            int m = gen.intIn("m", 1, 20);
            int n = gen.intIn("n", 1, 20);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            DiscreteMeasure a = randomMeasure(r, m, 1), b = randomMeasure(r, n, 1);
            double[] u = a.support().toRowMajor(), v = b.support().toRowMajor();
            for (int p = 1; p <= 3; p++) {
                assertThat(ExactWasserstein.distance(a, b, p))
                        .isCloseTo(OneDimensional.wasserstein(u, a.weights(), v, b.weights(), p), within(1e-9));
            }
        });
    }

    @Test
    void displacementInterpolationIsAGeodesic() {
        forAll(302, 60, gen -> {
            int m = gen.intIn("m", 1, 12);
            int n = gen.intIn("n", 1, 12);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            DiscreteMeasure a = randomMeasure(r, m, 2), b = randomMeasure(r, n, 2);
            double s = r.nextDouble(), t = r.nextDouble();
            DisplacementInterpolation path = DisplacementInterpolation.between(a, b);
            double d = ExactWasserstein.distance(a, b, 2);
            DiscreteMeasure ms = path.at(s), mt = path.at(t);
            assertThat(ExactWasserstein.distance(ms, mt, 2)).isCloseTo(Math.abs(t - s) * d, within(1e-7 * Math.max(1, d)));
            assertThat(ExactWasserstein.distance(a, path.at(0), 2)).isCloseTo(0, within(1e-7));
            assertThat(ExactWasserstein.distance(path.at(1), b, 2)).isCloseTo(0, within(1e-7));
            assertThat(ms.totalMass()).isCloseTo(a.totalMass(), within(1e-12));
        });
    }
}
