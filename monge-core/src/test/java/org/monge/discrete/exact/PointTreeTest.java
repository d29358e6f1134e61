package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.Metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.monge.testing.Cases.forAll;

class PointTreeTest {

    @Test
    void levelsPartitionThePointsAndNest() {
        forAll(1702, 40, gen -> {
            int n = gen.intIn("n", 1, 500);
            int d = gen.intIn("d", 1, 3);
            Random r = new Random(gen.anyLong("seed"));
            double[][] p = new double[n][d];
            for (double[] q : p) for (int k = 0; k < d; k++) q[k] = r.nextInt(5);
            PointTree t = new PointTree(p);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = r.nextDouble();
            PointTree.Level fine = t.level(t.depth, w);
            assertThat(fine.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) assertThat(fine.points()[i]).isSameAs(p[t.order[i]]);
            for (int dep = t.depth; dep >= 2; dep -= 2) {
                PointTree.Level f = t.level(dep, w), c = t.level(dep - 2, w);
                int covered = 0;
                for (int k = 0; k < c.size(); k++) {
                    double mass = 0;
                    for (int j = c.firstChild(k, f); j < c.endChild(k, f); j++) mass += f.weights()[j];
                    assertThat(mass).isCloseTo(c.weights()[k], offset(1e-12));
                    assertThat(c.firstChild(k, f)).isEqualTo(covered);
                    covered = c.endChild(k, f);
                    assertThat(c.endChild(k, f) - c.firstChild(k, f)).isBetween(1, 4);
                }
                assertThat(covered).isEqualTo(f.size());
            }
        });
    }

    @Test
    void searchFindsExactlyThePairsBelowTheBoundAsBruteForce() {
        forAll(1703, 40, gen -> {
            int n = gen.intIn("n", 1, 400);
            int d = gen.intIn("d", 1, 3);
            boolean euclidean = gen.anyBoolean("euclidean");
            Random r = new Random(gen.anyLong("seed"));
            Metric metric = euclidean ? Metric.EUCLIDEAN : Metric.SQEUCLIDEAN;
            double[][] y = new double[n][d];
            for (double[] q : y) for (int k = 0; k < d; k++) q[k] = r.nextGaussian();
            PointTree t = new PointTree(y);
            double[] w = new double[n];
            Arrays.fill(w, 1);
            int dep = gen.intIn("depth", 0, t.depth);
            PointTree.Level level = t.level(dep, w);
            double[] q = new double[level.size()];
            for (int j = 0; j < q.length; j++) q[j] = r.nextDouble();
            PointTree.Search s = t.new Search(level, q, metric);
            for (int trial = 0; trial < 5; trial++) {
                double[] x = new double[d];
                for (int k = 0; k < d; k++) x[k] = 2 * r.nextGaussian();
                double p = r.nextDouble() - 0.5, bound = r.nextDouble() - 0.5;
                List<Integer> expected = new ArrayList<>(), found = new ArrayList<>();
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < q.length; j++) {
                    double rj = metric.cost(x, level.points()[j]) + p - q[j];
                    if (rj < bound) expected.add(j);
                    min = Math.min(min, rj);
                }
                s.run(x, p, bound, (j, rj, b) -> {
                    found.add(j);
                    return b;
                });
                assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
                double[] best = {Double.POSITIVE_INFINITY};
                s.run(x, p, Double.POSITIVE_INFINITY, (j, rj, b) -> best[0] = Math.min(b, rj));
                assertThat(best[0]).isEqualTo(min);
            }
        });
    }
}
