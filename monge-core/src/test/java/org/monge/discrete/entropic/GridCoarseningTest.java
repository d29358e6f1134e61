package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class GridCoarseningTest {
    /** Mass and the weighted mean are preserved; the cell count lands near the target; zero weights drop out. */
    @Test
    void preservesMassAndMeanAndHitsTheTarget() {
        forAll(371, 40, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 4);
            int n = gen.intIn("n", 200, 3000);
            Random r = new Random(seed);
            double[][] p = new double[n][d];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) p[i][k] = (i % 3 == 0 ? 5 : 0) + r.nextGaussian(); // two clusters
                w[i] = i % 10 == 0 ? 0 : r.nextDouble();
            }
            int target = n / 8;
            GridCoarsening.Coarse c = GridCoarsening.of(p, w, target);
            double total = 0, coarseTotal = 0;
            double[] mean = new double[d], coarseMean = new double[d];
            for (int i = 0; i < n; i++) {
                total += w[i];
                for (int k = 0; k < d; k++) mean[k] += w[i] * p[i][k];
            }
            for (int j = 0; j < c.size(); j++) {
                assertThat(c.weights()[j]).isPositive();
                coarseTotal += c.weights()[j];
                for (int k = 0; k < d; k++) coarseMean[k] += c.weights()[j] * c.points()[j][k];
            }
            assertThat(coarseTotal).isCloseTo(total, within(1e-12 * total));
            for (int k = 0; k < d; k++) assertThat(coarseMean[k] / coarseTotal).isCloseTo(mean[k] / total, within(1e-10));
            assertThat((double) c.size()).isBetween(target / 2.0, target * 2.0);
        });
    }

    @Test
    void identicalPointsCollapseToOne() {
        forAll(372, 10, gen -> {
            int n = gen.intIn("n", 1, 50);
            double[][] p = new double[n][];
            for (int i = 0; i < n; i++) p[i] = new double[] {1.5, -2};
            double[] w = new double[n];
            Arrays.fill(w, 0.25);
            GridCoarsening.Coarse c = GridCoarsening.of(p, w, 10);
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.points()[0]).containsExactly(1.5, -2);
            assertThat(c.weights()[0]).isCloseTo(0.25 * n, within(1e-12));
        });
    }
}
