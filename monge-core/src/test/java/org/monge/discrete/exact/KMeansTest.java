package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KMeansTest {
    static Matrix blobs(int n, long seed) {
        Random r = new Random(seed);
        double[][] c = {{0, 0}, {5, 0}, {0, 5}, {5, 5}};
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            double[] cc = c[i % 4];
            p[i][0] = cc[0] + r.nextGaussian();
            p[i][1] = cc[1] + 0.5 * r.nextGaussian();
        }
        return Matrix.of(p);
    }

    @Test
    void w2SquaredEqualsTheExactTransportCostToTheProjection() {
        for (long seed = 0; seed < 4; seed++) {
            Matrix x = blobs(120, seed);
            Random r = new Random(seed);
            double[] w = new double[120];
            for (int i = 0; i < 120; i++) w[i] = 0.1 + r.nextDouble();
            DiscreteMeasure data = DiscreteMeasure.of(w, x).normalized();
            for (int k : new int[] {1, 3, 4, 7}) {
                KMeans.Result res = KMeans.withK(k).withSeed(seed).fit(data);
                assertThat(res.centers().rows()).isLessThanOrEqualTo(k);
                DiscreteMeasure nu = res.projection();
                double exact = NetworkSimplex.defaults().solve(data, nu, CostMatrix.fromPoints(x, nu.support(), Metric.SQEUCLIDEAN)).cost();
                assertThat(res.w2Squared()).isCloseTo(exact, within(1e-10 * Math.max(1, exact)));
                assertThat(res.converged()).isTrue();
            }
        }
    }

    @Test
    void oneCentreIsTheWeightedMeanAndFourBlobsAreFound() {
        Matrix x = blobs(400, 7);
        KMeans.Result one = KMeans.withK(1).fit(x);
        double mx = 0, my = 0, v = 0;
        for (int i = 0; i < 400; i++) { mx += x.get(i, 0) / 400; my += x.get(i, 1) / 400; }
        for (int i = 0; i < 400; i++) v += (Math.pow(x.get(i, 0) - mx, 2) + Math.pow(x.get(i, 1) - my, 2)) / 400;
        assertThat(one.centers().get(0, 0)).isCloseTo(mx, within(1e-12));
        assertThat(one.w2Squared()).isCloseTo(v, within(1e-10));
        KMeans.Result four = KMeans.withK(4).withSeed(3).fit(x);
        assertThat(four.w2Squared()).isLessThan(1.5); // within-blob variance 1 + 0.25
        for (double wk : four.weights()) assertThat(wk).isCloseTo(0.25, within(0.03));
    }

    @Test
    void plusPlusSeedsAreDataPointsSpreadOutAndSeeded() {
        Matrix x = blobs(200, 1);
        Matrix s = KMeans.plusPlusSeeds(x, 4, 9);
        assertThat(KMeans.plusPlusSeeds(x, 4, 9)).isEqualTo(s);
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < 200; i++) rows.add(Arrays.toString(x.row(i)));
        for (int l = 0; l < 4; l++) assertThat(rows).contains(Arrays.toString(s.row(l)));
        // duplicates: fewer distinct points than k still gives k seeds
        Matrix dup = Matrix.of(new double[][] {{1, 1}, {1, 1}, {2, 2}});
        assertThat(KMeans.plusPlusSeeds(dup, 3, 0).rows()).isEqualTo(3);
        assertThat(KMeans.withK(3).fit(dup).centers().rows()).isEqualTo(2);
        assertThatThrownBy(() -> KMeans.withK(0)).hasMessageContaining("k must");
    }
}
