package org.monge.discrete;

import org.junit.jupiter.api.Test;
import org.monge.discrete.entropic.EntropicBarycenter;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.exact.ExactWasserstein;
import org.monge.discrete.exact.FreeSupportBarycenter;
import org.monge.discrete.exact.KMeans;
import org.monge.discrete.exact.LinearAssignment;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TransportProblemTest {
    // a = (0.6, 0.4), b = (0.5, 0.5), c = [[1, 2], [3, 1]]: the plans are [[t, 0.6 − t], [0.5 − t, t − 0.1]],
    // t in [0.1, 0.5], of cost 2.6 − 3t; the optimum is the vertex t = 0.5, cost 1.1 (enumerated by hand)
    private static final DiscreteMeasure A = DiscreteMeasure.of(new double[] {0.6, 0.4});
    private static final DiscreteMeasure B = DiscreteMeasure.of(new double[] {0.5, 0.5});
    private static final CostMatrix C = CostMatrix.dense(2, 2, new double[] {1, 2, 3, 1});

    @Test
    void shapesAreCheckedWhenTheProblemIsBuilt() {
        CostMatrix c23 = CostMatrix.dense(2, 3, new double[6]);
        assertThatThrownBy(() -> TransportProblem.of(DiscreteMeasure.uniform(3), DiscreteMeasure.uniform(3), c23))
                .hasMessage("a has 3 weights but the cost has 2 rows");
        assertThatThrownBy(() -> TransportProblem.of(DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2), c23))
                .hasMessage("b has 2 weights but the cost has 3 columns");
        TransportProblem p = TransportProblem.uniform(c23);
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.cols()).isEqualTo(3);
        assertThat(p.a().weight(0)).isEqualTo(0.5);
        assertThat(p.b().weight(2)).isEqualTo(1.0 / 3);
    }

    @Test
    void balanceIsOneRuleWithOneMessage() {
        CostMatrix c = CostMatrix.dense(1, 1, new double[] {0});
        // MASS_TOLERANCE is 1e-9 relative: 1 + 1e-10 balances 1, 1 + 1e-8 does not
        DiscreteMeasure one = DiscreteMeasure.of(new double[] {1});
        assertThat(TransportProblem.of(one, DiscreteMeasure.of(new double[] {1 + 1e-10}), c).isBalanced()).isTrue();
        TransportProblem off = TransportProblem.of(DiscreteMeasure.of(new double[] {1}), DiscreteMeasure.of(new double[] {2}), c);
        assertThat(off.isBalanced()).isFalse();
        String message = "source and target masses differ: 1.0 and 2.0 (rescale one to balance them)";
        assertThatThrownBy(off::requireBalanced).hasMessage(message);
        assertThatThrownBy(() -> NetworkSimplex.defaults().solve(off)).hasMessage(message);
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).solve(off)).hasMessage(message);
        assertThatThrownBy(() -> OneDimensional.wasserstein(new double[] {0}, new double[] {1}, new double[] {0}, new double[] {2}, 1))
                .hasMessage(message);
    }

    @Test
    void aRowOrColumnOfOnlyInfiniteCostsIsOneInfeasibilityMessage() {
        double inf = Double.POSITIVE_INFINITY;
        // row 1 is all +inf: with positive weight it can send its mass nowhere; with weight 0 it needs nothing
        CostMatrix rowless = CostMatrix.dense(2, 2, new double[] {1, 2, inf, inf});
        TransportProblem p = TransportProblem.uniform(rowless);
        String row = "problem is infeasible: row 1 has no finite cost";
        assertThatThrownBy(p::requireFeasible).hasMessage(row);
        assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).solve(p)).hasMessage(row);
        DiscreteMeasure onlyFirst = DiscreteMeasure.of(new double[] {1, 0});
        TransportProblem zeroWeight = TransportProblem.of(onlyFirst, DiscreteMeasure.uniform(2), rowless);
        assertThat(zeroWeight.requireFeasible()).isSameAs(zeroWeight);
        // column 0 is all +inf
        CostMatrix colless = CostMatrix.dense(2, 2, new double[] {inf, 1, inf, 2});
        assertThatThrownBy(() -> TransportProblem.uniform(colless).requireFeasible())
                .hasMessage("problem is infeasible: column 0 has no finite cost");
        // the assignment needs every row of the smaller side (2 rows, 3 columns): column 2 may be all forbidden
        double[] wide = {1, inf, inf, inf, 2, inf};
        assertThat(LinearAssignment.defaults().solve(2, 3, wide).cost()).isEqualTo(3);
        double[] rowForbidden = {1, 2, inf, inf, inf, inf};
        assertThatThrownBy(() -> LinearAssignment.defaults().solve(2, 3, rowForbidden)).hasMessage(row);
        double ninf = Double.NEGATIVE_INFINITY;
        double[] tall = {ninf, 1, ninf, 2, ninf, 3};
        assertThatThrownBy(() -> LinearAssignment.defaults().withMaximize(true).requireAssignable(3, 2, tall))
                .hasMessage("problem is infeasible: column 0 has no finite cost");
    }

    @Test
    void everyEntryPointSolvesTheSameProblem() {
        TransportProblem p = TransportProblem.balanced(A, B, C);
        NetworkSimplex.Result viaProblem = NetworkSimplex.defaults().solve(p);
        assertThat(viaProblem.cost()).isCloseTo(1.1, within(1e-15));
        assertThat(viaProblem.plan().toDense()).containsExactly(new double[] {0.5, 0.1, 0, 0.4}, within(1e-15));
        assertThat(NetworkSimplex.defaults().solve(A, B, C).cost()).isEqualTo(viaProblem.cost());
        assertThat(ExactWasserstein.solve(p).cost()).isEqualTo(viaProblem.cost());
        // f_i + g_j = c_ij on the plan's support (1, 2 and 1 at (0,0), (0,1), (1,1)) and Σ a f + Σ b g = 1.1
        double[] f = viaProblem.f(), g = viaProblem.g();
        assertThat(f[0] + g[0]).isCloseTo(1, within(1e-15));
        assertThat(f[0] + g[1]).isCloseTo(2, within(1e-15));
        assertThat(f[1] + g[1]).isCloseTo(1, within(1e-15));
        assertThat(viaProblem.dualObjective(A, B)).isCloseTo(1.1, within(1e-15));
        Sinkhorn solver = Sinkhorn.withEpsilon(0.1);
        assertThat(solver.solve(p).cost()).isEqualTo(solver.solve(A, B, C).cost());
    }

    @Test
    void weightsFollowOneRuleInEverySolver() {
        Matrix pts = Matrix.of(new double[][] {{0}, {1}});
        DiscreteMeasure mu = DiscreteMeasure.uniform(pts);
        CostMatrix c = CostMatrix.fromPoints(pts, pts, Metric.SQEUCLIDEAN);
        List<Consumer<double[]>> takesLambdas = List.of(
                l -> EntropicBarycenter.withEpsilon(0.1).solve(List.of(new double[] {1, 1}, new double[] {1, 1}), l, c),
                l -> FreeSupportBarycenter.defaults().solve(List.of(mu, mu), l, mu),
                l -> OneDimensional.barycenter(List.of(new double[] {0}, new double[] {1}), null, l));
        for (Consumer<double[]> solver : takesLambdas) {
            assertThatThrownBy(() -> solver.accept(new double[] {1, -1})).hasMessage("lambdas[1] is negative: -1.0");
            assertThatThrownBy(() -> solver.accept(new double[] {Double.NaN, 1})).hasMessage("lambdas[0] is not finite: NaN");
            assertThatThrownBy(() -> solver.accept(new double[] {0, 0})).hasMessage("lambdas must have a positive total mass");
        }
        assertThatThrownBy(() -> DiscreteMeasure.of(new double[] {1, -2})).hasMessage("weights[1] is negative: -2.0");
        assertThatThrownBy(() -> EntropicBarycenter.withEpsilon(0.1).solve(List.of(new double[] {1, -1}), new double[] {1}, c))
                .hasMessage("histograms[0][1] is negative: -1.0");
        assertThatThrownBy(() -> OneDimensional.wasserstein(new double[] {0, 1}, new double[] {1, -1}, new double[] {1}, null, 1))
                .hasMessage("u weights[1] is negative: -1.0");
        assertThatThrownBy(() -> KMeans.plusPlusSeeds(pts, new double[] {1, Double.POSITIVE_INFINITY}, 1, 0))
                .hasMessage("weights[1] is not finite: Infinity");
    }

    private static <E extends Enum<E>> void oneConvergedStatus(E[] values, Predicate<E> converged, String name) {
        List<String> yes = new ArrayList<>();
        for (E s : values) if (converged.test(s)) yes.add(s.name());
        assertThat(yes).containsExactly(name);
    }

    @Test
    void everyStatusSaysWhetherItConverged() {
        oneConvergedStatus(NetworkSimplex.Status.values(), NetworkSimplex.Status::converged, "OPTIMAL");
        oneConvergedStatus(Sinkhorn.Status.values(), Sinkhorn.Status::converged, "CONVERGED");
        oneConvergedStatus(KMeans.Status.values(), KMeans.Status::converged, "CONVERGED");
        oneConvergedStatus(EntropicBarycenter.Status.values(), EntropicBarycenter.Status::converged, "CONVERGED");
        oneConvergedStatus(FreeSupportBarycenter.Status.values(), FreeSupportBarycenter.Status::converged, "CONVERGED");
        // Lloyd's first iteration always changes the labels (none are assigned before it), so one iteration never converges;
        // two pairs 10 apart settle within a few
        Matrix x = Matrix.of(new double[][] {{0}, {0.1}, {10}, {10.1}});
        KMeans.Result one = KMeans.withK(2).withMaxIterations(1).fit(x);
        assertThat(one.status()).isEqualTo(KMeans.Status.MAX_ITERATIONS);
        assertThat(one.converged()).isFalse();
        KMeans.Result many = KMeans.withK(2).fit(x);
        assertThat(many.status()).isEqualTo(KMeans.Status.CONVERGED);
        assertThat(many.converged()).isTrue();
    }

    @Test
    void solversOnPointsTakeTheProblemToo() {
        // random weighted clouds: the 1-D solver's cost is the network simplex's on the same problem (an
        // independent LP solve); sliced W and S_ε through the problem equal their point-cloud entry points
        Cases.forAll(11, 30, k -> {
            int m = k.intIn("m", 1, 7), n = k.intIn("n", 1, 7);
            double[][] x = new double[m][1], y = new double[n][1];
            double[] a = new double[m], b = new double[n];
            for (int i = 0; i < m; i++) { x[i][0] = k.doubleIn("x", -3, 3); a[i] = k.doubleIn("a", 0.1, 1); }
            for (int j = 0; j < n; j++) { y[j][0] = k.doubleIn("y", -3, 3); b[j] = k.doubleIn("b", 0.1, 1); }
            DiscreteMeasure mu = DiscreteMeasure.of(a).normalized(), nu = DiscreteMeasure.of(b).normalized();
            for (Metric metric : List.of(Metric.SQEUCLIDEAN, Metric.EUCLIDEAN, Metric.CITYBLOCK)) {
                TransportProblem p = TransportProblem.of(mu, nu, CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), metric));
                double lp = NetworkSimplex.defaults().solve(p).cost();
                assertThat(OneDimensional.solve(p).cost()).isCloseTo(lp, within(1e-12 * (1 + lp)));
            }
        });
        Matrix x = Matrix.of(new double[][] {{0, 0}, {1, 0}, {0, 2}}), y = Matrix.of(new double[][] {{1, 1}, {2, 0}});
        DiscreteMeasure mu = DiscreteMeasure.of(new double[] {0.2, 0.3, 0.5}, x), nu = DiscreteMeasure.uniform(y);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(mu.weights()), DiscreteMeasure.of(nu.weights()),
                CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        SlicedWasserstein sliced = SlicedWasserstein.defaults().withSeed(3);
        assertThat(sliced.distance(p)).isEqualTo(sliced.distance(mu, nu));
        Sinkhorn solver = Sinkhorn.withEpsilon(0.1);
        assertThat(SinkhornDivergence.solve(p, solver).divergence())
                .isEqualTo(SinkhornDivergence.between(mu, nu, Metric.SQEUCLIDEAN, solver).divergence());
        TransportProblem dense = TransportProblem.of(DiscreteMeasure.uniform(2), DiscreteMeasure.uniform(2), C);
        assertThatThrownBy(() -> OneDimensional.solve(dense))
                .hasMessage("problem: the 1-D solver needs a cost computed from points (CostMatrix.fromPoints), not a dense matrix");
        assertThatThrownBy(() -> sliced.distance(dense)).hasMessageStartingWith("problem: sliced Wasserstein needs a cost computed");
        assertThatThrownBy(() -> SinkhornDivergence.solve(dense, solver)).hasMessageStartingWith("problem: the Sinkhorn divergence needs");
        assertThatThrownBy(() -> OneDimensional.solve(p)).hasMessage("problem: the 1-D solver needs points of dimension 1, got 2");
    }

    @Test
    void assignmentTakesAProblemWithUniformWeights() {
        CostMatrix c = CostMatrix.dense(3, 3, new double[] {4, 1, 3, 2, 0, 5, 3, 2, 2});
        TransportProblem uniform = TransportProblem.uniform(c);
        LinearAssignment.Result r = LinearAssignment.defaults().solve(uniform);
        assertThat(r.cost()).isEqualTo(LinearAssignment.defaults().solve(c).cost());
        // the assignment with mass 1/3 a pair is an optimal plan: its cost is the network simplex's
        assertThat(r.cost() / 3).isCloseTo(NetworkSimplex.defaults().solve(uniform).cost(), within(1e-15));
        TransportProblem weighted = TransportProblem.of(DiscreteMeasure.of(new double[] {0.5, 0.25, 0.25}), DiscreteMeasure.uniform(3), c);
        assertThatThrownBy(() -> LinearAssignment.defaults().solve(weighted))
                .hasMessageStartingWith("a: an assignment needs uniform weights, but entry 1 is 0.25");
    }
}
