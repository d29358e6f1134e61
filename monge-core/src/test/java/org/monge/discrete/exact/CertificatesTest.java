package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportPlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class CertificatesTest {

    static CostMatrix randomProblemCost(Random r, int m, int n, int kind) {
        if (kind == 0) {
            Matrix x = uniformCloud(r, m, 2), y = uniformCloud(r, n, 2);
            Metric metric = r.nextBoolean() ? Metric.SQEUCLIDEAN : Metric.minkowski(1 + 2 * r.nextDouble());
            return CostMatrix.fromPoints(x, y, metric);
        }
        double[] c = new double[m * n];
        for (int k = 0; k < c.length; k++) c[k] = kind == 1 ? r.nextInt(3) : 1;
        return CostMatrix.dense(m, n, c);
    }

    @Test
    void networkSimplexResultsAreCertified() {
        forAll(331, 80, gen -> {
            int m = gen.intIn("m", 1, 40);
            int n = gen.intIn("n", 1, 40);
            int kind = gen.intIn("kind", 0, 2);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            CostMatrix c = randomProblemCost(r, m, n, kind);
            DiscreteMeasure a = DiscreteMeasure.of(NetworkSimplexTest.randomWeights(r, m, 0.2));
            DiscreteMeasure b = DiscreteMeasure.of(NetworkSimplexTest.randomWeights(r, n, 0.2));
            NetworkSimplex.Result res = NetworkSimplex.defaults().solve(a, b, c);
            OptimalityCertificate cert = OptimalityCertificate.of(a, b, c, res);
            assertThat(cert.certifies(1e-10)).as(cert.toString()).isTrue();
            assertThat(cert.primalCost()).isCloseTo(res.cost(), within(1e-12));
            assertThat(CyclicalMonotonicity.findImprovingCycle(c, res.plan())).isEmpty();
        });
    }

    /** Permutation plans on n ≤ 6: an improving cycle exists exactly when the permutation is not optimal. */
    @Test
    void cycleExistsExactlyForSuboptimalPermutations() {
        forAll(332, 200, gen -> {
            int n = gen.intIn("n", 1, 6);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] c = new double[n * n];
            for (int k = 0; k < c.length; k++) c[k] = r.nextInt(4);
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            for (int i = n - 1; i > 0; i--) { int k = r.nextInt(i + 1); int t = perm[i]; perm[i] = perm[k]; perm[k] = t; }
            int[] rows = new int[n];
            double[] w = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) { rows[i] = i; w[i] = 1.0 / n; total += c[i * n + perm[i]]; }
            CostMatrix cm = CostMatrix.dense(n, n, c);
            SparsePlan plan = new SparsePlan(n, n, rows, perm, w);
            double best = LinearAssignmentTest.bruteForce(n, n, c, false);
            Optional<CyclicalMonotonicity.ImprovingCycle> cycle = CyclicalMonotonicity.findImprovingCycle(cm, plan);
            assertThat(cycle.isPresent()).isEqualTo(total > best + 1e-9);
            cycle.ifPresent(cyc -> {
                assertThat(cyc.change()).isNegative();
                double ch = 0;
                int k = cyc.rows().length;
                for (int q = 0; q < k; q++) {
                    assertThat(perm[cyc.rows()[q]]).isEqualTo(cyc.cols()[q]); // pairs come from the support
                    ch += c[cyc.rows()[q] * n + cyc.cols()[(q + 1) % k]] - c[cyc.rows()[q] * n + cyc.cols()[q]];
                }
                assertThat(cyc.change()).isCloseTo(ch, within(1e-12));
            });
            // the certificate of this plan with the assignment's optimal duals shows the gap
            LinearAssignment.Result opt = LinearAssignment.defaults().solve(n, n, c);
            // with weights 1/n the assignment's potentials are the transport potentials
            OptimalityCertificate cert = OptimalityCertificate.of(DiscreteMeasure.uniform(n), DiscreteMeasure.uniform(n), cm, plan,
                    opt.f(), opt.g());
            assertThat(cert.marginalError()).isCloseTo(0, within(1e-12));
            assertThat(cert.dualityGap()).isCloseTo((total - best) / n, within(1e-9));
            assertThat(cert.certifies(1e-9)).isEqualTo(total <= best + 1e-9);
        });
    }

    @Test
    void certificateMeasuresEachViolation() {
        // 2×2, c = [[0, 1], [1, 0]], a = b = (1/2, 1/2); optimal plan diagonal, cost 0
        CostMatrix c = CostMatrix.dense(2, 2, new double[] {0, 1, 1, 0});
        DiscreteMeasure a = DiscreteMeasure.uniform(2);
        SparsePlan anti = new SparsePlan(2, 2, new int[] {0, 1}, new int[] {1, 0}, new double[] {0.5, 0.4});
        OptimalityCertificate cert = OptimalityCertificate.of(a, a, c, anti, new double[] {0.5, 0.5}, new double[] {0, 0});
        assertThat(cert.marginalError()).isCloseTo(0.2, within(1e-15));
        assertThat(cert.dualInfeasibility()).isCloseTo(0.5, within(1e-15)); // u_0 + v_0 − c_00 = 0.5
        assertThat(cert.primalCost()).isCloseTo(0.9, within(1e-15));
        assertThat(cert.dualObjective()).isCloseTo(0.5, within(1e-15));
        assertThat(cert.complementarySlackness()).isCloseTo(0.45, within(1e-15));
        assertThat(cert.dualityGap()).isCloseTo(0.4, within(1e-15));
        assertThat(cert.certifies(1e-6)).isFalse();
        assertThatThrownBy(() -> OptimalityCertificate.of(a, a, c, anti, new double[] {0}, new double[] {0, 0}))
                .hasMessageContaining("f has length 1");
    }

    @Test
    void anyPlanIsReadThroughTheSameInterface() {
        // c = [[0, 1], [1, 0]], a = b = (1/2, 1/2), reference a⊗b: the entropic plan [[q, r], [r, q]] has the cross ratio
        // q²/r² = exp((c01 + c10 − c00 − c11)/ε) = e^{2/ε} and rows summing to 1/2, so r = e^{−1/ε} / (2(1 + e^{−1/ε}))
        double eps = 0.5, r = Math.exp(-1 / eps) / (2 * (1 + Math.exp(-1 / eps))), q = 0.5 - r;
        CostMatrix c = CostMatrix.dense(2, 2, new double[] {0, 1, 1, 0});
        TransportProblem problem = TransportProblem.uniform(c);
        Sinkhorn.Result s = Sinkhorn.withEpsilon(eps).withTolerance(1e-14).solve(problem);
        TransportPlan entropic = s.plan();
        assertThat(entropic.toDense()).containsExactly(new double[] {q, r, r, q}, within(1e-14));
        List<double[]> seen = new ArrayList<>();
        entropic.forEachNonZero((i, j, mass) -> seen.add(new double[] {i, j, mass}));
        assertThat(seen).hasSize(4);
        for (double[] e : seen) assertThat(e[2]).isCloseTo(e[0] == e[1] ? q : r, within(1e-14));
        assertThat(entropic.cost(c)).isCloseTo(2 * r, within(1e-14));
        // with zero potentials: dual objective 0, no dual violation (c ≥ 0), slackness Σ π_ij c_ij = 2r, gap 2r
        OptimalityCertificate cert = OptimalityCertificate.of(problem, entropic, new double[2], new double[2]);
        assertThat(cert.primalCost()).isCloseTo(2 * r, within(1e-14));
        assertThat(cert.marginalError()).isCloseTo(0, within(1e-13));
        assertThat(cert.dualInfeasibility()).isZero();
        assertThat(cert.complementarySlackness()).isCloseTo(2 * r, within(1e-14));
        assertThat(cert.dualityGap()).isCloseTo(2 * r, within(1e-14));
        // a sparse plan with a stored zero: the zero is skipped, the rest comes in storage order
        SparsePlan sparse = new SparsePlan(2, 2, new int[] {1, 0, 0}, new int[] {1, 1, 0}, new double[] {0.5, 0, 0.5});
        List<double[]> entries = new ArrayList<>();
        sparse.forEachNonZero((i, j, mass) -> entries.add(new double[] {i, j, mass}));
        assertThat(entries).containsExactly(new double[] {1, 1, 0.5}, new double[] {0, 0, 0.5});
        OptimalityCertificate exact = OptimalityCertificate.of(problem, sparse, new double[2], new double[2]);
        assertThat(exact.certifies(1e-15)).isTrue();
        assertThatThrownBy(() -> OptimalityCertificate.of(TransportProblem.uniform(CostMatrix.dense(1, 2, new double[2])), sparse,
                new double[1], new double[2])).hasMessage("cost is 1x2 but the plan is 2x2");
    }
}
