package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class MultiscaleNetworkSimplexTest {

    private static double[][] cloud(Random r, int n, int d, int grid) {
        double[][] p = new double[n][d];
        for (double[] q : p) for (int k = 0; k < d; k++) q[k] = grid > 0 ? r.nextInt(grid) : r.nextGaussian();
        return p;
    }

    private static double[] weights(Random r, int n, boolean uniform) {
        double[] w = NetworkSimplexTest.randomWeights(r, n, uniform ? 0 : 0.1);
        if (uniform) Arrays.fill(w, 1.0 / n);
        return w;
    }

    /** The multiscale result against the plain network simplex on the complete graph, and its certificate against the O(mn) one. */
    private static void assertAgrees(TransportProblem p, MultiscaleNetworkSimplex.Result ms) {
        NetworkSimplex.Result plain = NetworkSimplex.defaults().solve(p);
        assertThat(plain.isOptimal()).isTrue();
        assertThat(ms.status()).isEqualTo(MultiscaleNetworkSimplex.Status.OPTIMAL);
        assertThat(ms.converged()).isTrue();
        assertThat(Math.abs(ms.cost() - plain.cost())).isLessThanOrEqualTo(1e-9 * Math.abs(plain.cost()) + 1e-15);
        OptimalityCertificate full = OptimalityCertificate.of(p, ms.plan(), ms.f(), ms.g());
        OptimalityCertificate pruned = ms.certificate();
        // the pruned search must find the same largest dual violation as the pass over all pairs
        assertThat(pruned.dualInfeasibility()).isEqualTo(full.dualInfeasibility());
        assertThat(pruned.dualityGap()).isEqualTo(full.dualityGap());
        assertThat(pruned.marginalError()).isEqualTo(full.marginalError());
        assertThat(full.marginalError()).isLessThan(1e-12);
        assertThat(full.dualInfeasibility()).isLessThan(1e-12 * (1 + Math.abs(plain.cost())));
    }

    @Test
    void agreesWithThePlainNetworkSimplexOnRandomClouds() {
        forAll(1701, 24, gen -> {
            int m = gen.intIn("m", 1, 300);
            int n = gen.intIn("n", 1, 300);
            int d = gen.intIn("d", 1, 3);
            boolean euclidean = gen.anyBoolean("euclidean");
            boolean uniform = gen.anyBoolean("uniform");
            int grid = gen.anyBoolean("duplicates") ? 4 : 0; // a few integer values per axis: many duplicate points and ties
            long coarsest = gen.intIn("coarsestPairs", 1, 2000);
            Random r = new Random(gen.anyLong("seed"));
            double[][] x = cloud(r, m, d, grid), y = cloud(r, n, d, grid);
            CostMatrix c = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), euclidean ? Metric.EUCLIDEAN : Metric.SQEUCLIDEAN);
            DiscreteMeasure a = DiscreteMeasure.of(weights(r, m, uniform)), b = DiscreteMeasure.of(weights(r, n, uniform));
            TransportProblem p = TransportProblem.of(a, b, c);
            assertAgrees(p, MultiscaleNetworkSimplex.defaults().withCoarsestPairs(coarsest).solve(p));
        });
    }

    /** The finest candidate set holds each pair once (the coarse potentials' pairs exclude the coarse support's children). */
    @Test
    void candidatePairsAreDistinct() {
        forAll(1702, 12, gen -> {
            int m = gen.intIn("m", 50, 400), n = gen.intIn("n", 50, 400);
            boolean grid = gen.anyBoolean("duplicates");
            long coarsest = gen.intIn("coarsestPairs", 1, 500);
            Random r = new Random(gen.anyLong("seed"));
            double[][] x = cloud(r, m, 2, grid ? 4 : 0), y = cloud(r, n, 2, grid ? 4 : 0);
            TransportProblem p = TransportProblem.uniform(CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN));
            Set<Long> pairs = new HashSet<>();
            int[] total = new int[1];
            MultiscaleNetworkSimplex.Result ms = MultiscaleNetworkSimplex.defaults().withCoarsestPairs(coarsest).solve(p, arcs -> {
                total[0] = arcs.arcs();
                for (int e = 0; e < arcs.arcs(); e++) pairs.add(((long) arcs.source(e) << 32) | arcs.target(e));
            });
            assertThat(total[0]).isPositive();
            assertThat(pairs).hasSize(total[0]);
            assertAgrees(p, ms);
        });
    }

    @Test
    void agreesWithPot() {
        Random r = new Random(2026);
        double[][] x = new double[500][], y = new double[400][];
        for (int i = 0; i < 500; i++) x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
        for (int j = 0; j < 400; j++) y[j] = new double[] {r.nextGaussian() + 1, 2 * r.nextDouble()};
        // POT 0.8.2: ot.emd2(ones(500)/500, ones(400)/400, M) with M = ot.dist(x, y) and with sqrt(M), the points
        // written by Double.toString and read by numpy.loadtxt
        double[] expected = {2.4181753566294124, 1.4981754524072626};
        Metric[] metrics = {Metric.SQEUCLIDEAN, Metric.EUCLIDEAN};
        for (int k = 0; k < 2; k++) {
            TransportProblem p = TransportProblem.uniform(CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), metrics[k]));
            MultiscaleNetworkSimplex.Result ms = MultiscaleNetworkSimplex.defaults().withCoarsestPairs(1000).solve(p);
            assertThat(ms.converged()).isTrue();
            assertThat(ms.cost()).isCloseTo(expected[k], within(1e-12));
        }
    }

    @Test
    void unequalSizesAndSeveralLevelsAtTheDefaultCoarsening() {
        Random r = new Random(17);
        double[][] x = cloud(r, 150, 2, 0), y = cloud(r, 1200, 2, 0);
        for (double[] q : y) q[0] += 1;
        CostMatrix c = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(weights(r, 150, false)), DiscreteMeasure.uniform(1200), c);
        StringBuilder lines = new StringBuilder();
        MultiscaleNetworkSimplex.Result ms = MultiscaleNetworkSimplex.defaults().withProgress(s -> lines.append(s).append('\n')).solve(p);
        assertAgrees(p, ms);
        assertThat(lines.toString()).contains("level 1:").contains("level 0:");
    }

    @Test
    void identicalCloudsWithDuplicatesHaveZeroCostAndACertificate() {
        Random r = new Random(5);
        double[][] x = cloud(r, 400, 2, 6);
        CostMatrix c = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(x), Metric.SQEUCLIDEAN);
        TransportProblem p = TransportProblem.uniform(c);
        MultiscaleNetworkSimplex.Result ms = MultiscaleNetworkSimplex.defaults().withCoarsestPairs(16).solve(p);
        assertThat(ms.status()).isEqualTo(MultiscaleNetworkSimplex.Status.OPTIMAL);
        assertThat(ms.cost()).isEqualTo(0.0);
    }

    @Test
    void aTooSmallCandidateSetIsRepairedByTheCheck() {
        Random r = new Random(3);
        int m = 200, n = 170;
        double[][] x = cloud(r, m, 2, 0), y = cloud(r, n, 2, 0);
        CostMatrix c = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(weights(r, m, false)), DiscreteMeasure.uniform(n), c);
        // one arbitrary (far from optimal) candidate per source: infeasible on its own, so the first plan
        // routes mass through the artificial root and only the full check can bring in the right pairs
        int[] s = new int[m], t = new int[m];
        for (int i = 0; i < m; i++) {
            s[i] = i;
            t[i] = (7 * i) % n;
        }
        MultiscaleNetworkSimplex.Result ms = MultiscaleNetworkSimplex.defaults().solveFrom(p, s, t);
        assertThat(ms.rounds()).isGreaterThan(1);
        assertThat(ms.arcs()).isGreaterThan(m);
        assertAgrees(p, ms);
    }

    @Test
    void thePivotLimitIsReportedNotCertified() {
        Random r = new Random(9);
        double[][] x = cloud(r, 300, 2, 0), y = cloud(r, 300, 2, 0);
        TransportProblem p = TransportProblem.uniform(CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN));
        MultiscaleNetworkSimplex.Result ms = MultiscaleNetworkSimplex.defaults().withMaxPivots(5).solve(p);
        assertThat(ms.status()).isEqualTo(MultiscaleNetworkSimplex.Status.ITERATION_LIMIT);
        assertThat(ms.converged()).isFalse();
        assertThat(ms.certificate()).isNull();
    }

    @Test
    void badInputIsRejectedByName() {
        Matrix x = Matrix.of(new double[][] {{0, 0}, {1, 1}});
        MultiscaleNetworkSimplex s = MultiscaleNetworkSimplex.defaults();
        assertThatThrownBy(() -> s.solve(TransportProblem.uniform(CostMatrix.dense(x))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("problem:").hasMessageContaining("points");
        assertThatThrownBy(() -> s.solve(TransportProblem.uniform(CostMatrix.fromPoints(x, x, Metric.CITYBLOCK))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cost:");
        TransportProblem unbalanced = TransportProblem.of(DiscreteMeasure.of(new double[] {1, 1}), DiscreteMeasure.uniform(2),
                CostMatrix.fromPoints(x, x, Metric.SQEUCLIDEAN));
        assertThatThrownBy(() -> s.solve(unbalanced)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withMaxPivots(0)).hasMessageContaining("maxPivots");
        assertThatThrownBy(() -> s.withCoarsestPairs(0)).hasMessageContaining("coarsestPairs");
    }
}
