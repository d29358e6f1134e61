package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.GradientCheck;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SymmetricSinkhornTest {
    /**
     * The returned f is the fixed point: the plan π_ij = a_i a_j e^{(f_i + f_j − c_ij)/ε}, built here entry by entry, has
     * marginals a (to the tolerance), and its primal objective ⟨π, C⟩ + ε KL(π ‖ a⊗a) equals the reported dual value.
     * (Alternating Sinkhorn is no reference here: on such problems it missed 1e-10 within 10^6 iterations.)
     */
    @Test
    void thePotentialIsTheFixedPointAndPrimalEqualsDual() {
        Cases.forAll(61, 10, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 1, 12);
            double eps = new double[] {0.05, 0.2, 1}[c.intIn("eps", 0, 2)];
            Matrix x = GradientCheck.cloud(n, 2, r);
            double[] w = GradientCheck.weights(n, c.anyBoolean("unit") ? 1 : 1.7, r);
            DiscreteMeasure a = DiscreteMeasure.of(w, x);
            SymmetricSinkhorn.Result s = SymmetricSinkhorn.solve(a, CostMatrix.fromPoints(x, x, Metric.SQEUCLIDEAN), eps, 1e-12, 100_000);
            assertThat(s.converged()).as("%d iterations, error %s", s.iterations(), s.marginalError()).isTrue();
            double primal = 0, err = 0;
            for (int i = 0; i < n; i++) {
                double row = 0;
                for (int j = 0; j < n; j++) {
                    double cij = Metric.SQEUCLIDEAN.cost(x.row(i), x.row(j));
                    double pij = w[i] * w[j] * Math.exp((s.f()[i] + s.f()[j] - cij) / eps);
                    row += pij;
                    primal += pij * cij + eps * (pij * Math.log(pij / (w[i] * w[j])) - pij + w[i] * w[j]);
                }
                err += Math.abs(row - w[i]);
            }
            assertThat(err).isLessThanOrEqualTo(1e-11);
            assertThat(s.objective()).isCloseTo(primal, within(1e-9 * (1 + Math.abs(primal))));
        });
    }

    /** Where alternating updates crawl (25 points, ε = 0.05), the averaged fixed point converges in few iterations. */
    @Test
    void convergesWhereAlternatingUpdatesCrawl() {
        Random r = new Random(1);
        double[] p = new double[50];
        for (int k = 0; k < p.length; k++) p[k] = 0.3 * r.nextGaussian();
        Matrix x = Matrix.fromRowMajor(25, 2, p);
        DiscreteMeasure a = DiscreteMeasure.uniform(x);
        CostMatrix cost = CostMatrix.fromPoints(x, x, Metric.SQEUCLIDEAN);
        SymmetricSinkhorn.Result s = SymmetricSinkhorn.solve(a, cost, 0.05, 1e-7, 10_000);
        assertThat(s.converged()).isTrue();
        assertThat(s.iterations()).isLessThan(1000);
        // plain alternating updates (no over-relaxation, no Anderson acceleration) crawl on this symmetric problem; the
        // accelerated default gets there, to the same objective as the averaged fixed point
        Sinkhorn plain = Sinkhorn.withEpsilon(0.05).withTolerance(1e-7).withMaxIterations(10_000).withOverRelaxation(1).withAnderson(0);
        Sinkhorn.Result alt = plain.solve(a, a, cost);
        assertThat(alt.converged()).isFalse();
        assertThat(s.objective()).isCloseTo(alt.objective(), within(1e-5));
        Sinkhorn.Result relaxed = Sinkhorn.withEpsilon(0.05).withTolerance(1e-7).withMaxIterations(10_000).solve(a, a, cost);
        assertThat(relaxed.converged()).isTrue();
        assertThat(relaxed.objective()).isCloseTo(s.objective(), within(1e-6));
    }
}
