package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;
import org.monge.testing.TinyLp;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

/**
 * {@link NetworkSimplex.WarmStarted}: a sequence of costs between the same marginals, each solve from the previous
 * optimal tree, against cold solves of the same costs (and vertex enumeration on tiny problems): the same optimal
 * cost, a full certificate (primal and dual feasibility, complementary slackness, zero gap), and, for a small change
 * of the cost, fewer pivots than from scratch (the warm start is used, not bypassed).
 */
class NetworkSimplexWarmStartTest {

    @Test
    void aSequenceOfCostsReachesTheColdOptimaWithCertificates() {
        forAll(1301, 40, gen -> {
            int m = gen.intIn("m", 1, 30);
            int n = gen.intIn("n", 1, 30);
            Random r = new Random(gen.anyLong("seed"));
            boolean ties = r.nextBoolean();
            double[] a = NetworkSimplexTest.randomWeights(r, m, ties ? 0.3 : 0), b = NetworkSimplexTest.randomWeights(r, n, ties ? 0.3 : 0);
            DiscreteMeasure da = DiscreteMeasure.of(a), db = DiscreteMeasure.of(b);
            NetworkSimplex.WarmStarted warm = NetworkSimplex.defaults().warmStarted(da, db);
            double[][] c = NetworkSimplexTest.randomCost(r, m, n, ties);
            for (int step = 0; step < 6; step++) {
                // alternately a small perturbation of the last cost (the Frank–Wolfe case) and an unrelated cost,
                // on another scale (the artificial cost and the tolerance must follow)
                if (step % 2 == 1) {
                    for (double[] row : c) for (int j = 0; j < n; j++) row[j] += 0.05 * r.nextGaussian();
                } else if (step > 0) {
                    c = NetworkSimplexTest.randomCost(r, m, n, ties);
                    double scale = Math.pow(10, r.nextInt(7) - 3);
                    for (double[] row : c) for (int j = 0; j < n; j++) row[j] *= scale;
                }
                NetworkSimplex.Result w = warm.solve(NetworkSimplexTest.dense(c));
                NetworkSimplex.Result cold = NetworkSimplex.defaults().solve(da, db, NetworkSimplexTest.dense(c));
                NetworkSimplexTest.assertCertified(a, b, c, w);
                assertThat(w.cost()).as("step %d", step).isCloseTo(cold.cost(), within(1e-12 * (1 + Math.abs(cold.cost()))));
            }
        });
    }

    @Test
    void tinyProblemsMatchVertexEnumerationAfterAWarmStart() {
        forAll(1302, 200, gen -> {
            int m = gen.intIn("m", 1, 3);
            int n = gen.intIn("n", 1, 4);
            Random r = new Random(gen.anyLong("seed"));
            boolean ties = r.nextBoolean();
            double[] a = NetworkSimplexTest.randomWeights(r, m, ties ? 0.3 : 0), b = NetworkSimplexTest.randomWeights(r, n, ties ? 0.3 : 0);
            NetworkSimplex.WarmStarted warm = NetworkSimplex.defaults().warmStarted(DiscreteMeasure.of(a), DiscreteMeasure.of(b));
            warm.solve(NetworkSimplexTest.dense(NetworkSimplexTest.randomCost(r, m, n, ties)));
            double[][] c = NetworkSimplexTest.randomCost(r, m, n, ties);
            NetworkSimplex.Result w = warm.solve(NetworkSimplexTest.dense(c));
            NetworkSimplexTest.assertCertified(a, b, c, w);
            assertThat(w.cost()).isCloseTo(TinyLp.transport(a, b, c), within(1e-12));
        });
    }

    @Test
    void aSmallChangeNeedsFewerPivotsThanAColdSolve() {
        Random r = new Random(1303);
        int n = 200;
        DiscreteMeasure u = DiscreteMeasure.uniform(n);
        double[][] c = NetworkSimplexTest.randomCost(r, n, n, false);
        NetworkSimplex.WarmStarted warm = NetworkSimplex.defaults().warmStarted(u, u);
        NetworkSimplex.Result first = warm.solve(NetworkSimplexTest.dense(c));
        NetworkSimplex.Result firstCold = NetworkSimplex.defaults().solve(u, u, NetworkSimplexTest.dense(c));
        assertThat(first.iterations()).as("the first solve is a cold one").isEqualTo(firstCold.iterations());
        assertThat(first.cost()).isEqualTo(firstCold.cost());
        for (double[] row : c) for (int j = 0; j < n; j++) row[j] += 1e-3 * r.nextGaussian();
        NetworkSimplex.Result again = warm.solve(NetworkSimplexTest.dense(c));
        NetworkSimplex.Result cold = NetworkSimplex.defaults().solve(u, u, NetworkSimplexTest.dense(c));
        assertThat(again.cost()).isCloseTo(cold.cost(), within(1e-12 * Math.abs(cold.cost())));
        assertThat(again.iterations()).as("warm pivots against %d cold", cold.iterations()).isLessThan(cold.iterations() / 10);
    }

    @Test
    void costsFromPointsAreAccepted() {
        Random r = new Random(1304);
        double[][] x = new double[15][2], y = new double[12][2];
        for (double[] p : x) { p[0] = r.nextDouble(); p[1] = r.nextDouble(); }
        for (double[] p : y) { p[0] = r.nextDouble(); p[1] = r.nextDouble(); }
        DiscreteMeasure a = DiscreteMeasure.uniform(15), b = DiscreteMeasure.uniform(12);
        NetworkSimplex.WarmStarted warm = NetworkSimplex.defaults().warmStarted(a, b);
        for (Metric metric : new Metric[] {Metric.SQEUCLIDEAN, Metric.EUCLIDEAN}) {
            CostMatrix c = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), metric);
            assertThat(warm.solve(c).cost()).isCloseTo(NetworkSimplex.defaults().solve(a, b, c).cost(), within(1e-14));
        }
    }

    @Test
    void mistakesNameTheArgument() {
        DiscreteMeasure a = DiscreteMeasure.uniform(3), b = DiscreteMeasure.uniform(4);
        assertThatThrownBy(() -> NetworkSimplex.defaults().warmStarted(null, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a and b");
        assertThatThrownBy(() -> NetworkSimplex.defaults().warmStarted(a, DiscreteMeasure.of(new double[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masses differ");
        NetworkSimplex.WarmStarted warm = NetworkSimplex.defaults().warmStarted(a, b);
        assertThatThrownBy(() -> warm.solve(CostMatrix.dense(4, 3, new double[12]))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a has 3 weights but the cost has 4 rows");
    }
}
