package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large-sample check of the unbalanced Gaussian closed form: UnbalancedSinkhorn at ε' = 2ε between n random
 * samples of each Gaussian with weights m_a/n and m_b/n. The discrete objective and transported mass estimate
 * the continuous ones with an O(1/√n) error, so the errors, averaged over seeds, must shrink from n = 200 to
 * n = 1600 and end below a tolerance.
 */
@Tag("slow")
class UnbalancedEntropicGaussianSampleTest {

    record Errors(double cost, double mass, double cross) {}

    static Errors errors(UnbalancedEntropicGaussian solver, Gaussian p, double ma, Gaussian q, double mb, int n, int seeds) {
        UnbalancedEntropicGaussian.Result exact = solver.solve(p, ma, q, mb);
        int d = p.dimension();
        double cost = 0, mass = 0, cross = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(500 + seed);
            Matrix x = EntropicSinkhornSampleTest.sample(p, n, rnd), y = EntropicSinkhornSampleTest.sample(q, n, rnd);
            double[] wa = new double[n], wb = new double[n];
            Arrays.fill(wa, ma / n);
            Arrays.fill(wb, mb / n);
            UnbalancedSinkhorn.Result r = UnbalancedSinkhorn.withEpsilon(2 * solver.epsilon()).withTauA(solver.tauA())
                    .withTauB(solver.tauB()).withTolerance(1e-9).solve(TransportProblem.of(DiscreteMeasure.of(wa, x),
                            DiscreteMeasure.of(wb, y), CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN)));
            assertThat(r.converged()).as("n=%d seed=%d: %s", n, seed, r.status()).isTrue();
            double[] plan = r.plan().toDense();
            double total = r.transportedMass();
            double[] mx = new double[d], my = new double[d];
            double[][] xy = new double[d][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                double w = plan[i * n + j] / total;
                for (int k = 0; k < d; k++) {
                    mx[k] += w * x.get(i, k);
                    my[k] += w * y.get(j, k);
                    for (int l = 0; l < d; l++) xy[k][l] += w * x.get(i, k) * y.get(j, l);
                }
            }
            for (int k = 0; k < d; k++) for (int l = 0; l < d; l++) xy[k][l] -= mx[k] * my[l];
            cost += Math.abs(r.objective() - exact.cost()) / seeds;
            mass += Math.abs(total - exact.mass()) / seeds;
            cross += Matrix.of(xy).minus(exact.crossCovariance()).maxAbs() / seeds;
        }
        return new Errors(cost, mass, cross);
    }

    @Test
    void twoDimensionalSamplesApproachTheClosedForm() {
        UnbalancedEntropicGaussian solver = UnbalancedEntropicGaussian.withEpsilon(0.5).withTauA(1).withTauB(2);
        Gaussian p = UnbalancedEntropicGaussianTest.P2, q = UnbalancedEntropicGaussianTest.Q2;
        Errors small = errors(solver, p, 1.3, q, 0.7, 200, 4), large = errors(solver, p, 1.3, q, 0.7, 1600, 4);
        assertThat(large.cost()).as("cost error n=1600 vs n=200 (%s)", small).isLessThan(small.cost()).isLessThan(0.05);
        assertThat(large.mass()).as("mass error n=1600 vs n=200 (%s)", small).isLessThan(small.mass()).isLessThan(0.02);
        assertThat(large.cross()).as("C error n=1600 vs n=200 (%s)", small).isLessThan(small.cross()).isLessThan(0.06);
    }
}
