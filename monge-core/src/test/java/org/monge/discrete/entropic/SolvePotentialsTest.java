package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.linalg.Matrix;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.DiscreteFixtures.marginalError;
import static org.monge.testing.DiscreteFixtures.uniformCloud;

/**
 * {@link Sinkhorn#solvePotentials} runs the same iterations as {@link Sinkhorn#solve} (the potentials bit-equal, cold,
 * warm and from the multiscale start) and skips only the final pass: its marginal error is that of the returned plan,
 * recounted here from the plan, and costs that solve rescales fall back to solve itself.
 */
class SolvePotentialsTest {
    private static void assertSameRun(Sinkhorn s, TransportProblem p, double[] f0, double[] g0) {
        Sinkhorn.Result full = s.solve(p, f0, g0);
        Sinkhorn.Potentials pot = s.solvePotentials(p, f0, g0);
        assertThat(pot.f()).isEqualTo(full.f());
        assertThat(pot.g()).isEqualTo(full.g());
        assertThat(pot.iterations()).isEqualTo(full.iterations());
        assertThat(pot.status()).isEqualTo(full.status());
        double recount = marginalError(pot.plan(), p.a().weights(), p.b().weights());
        assertThat(pot.marginalError()).isCloseTo(recount, within(1e-12)).isCloseTo(full.marginalError(), within(1e-12));
        assertThat(pot.plan().rowSums()).containsExactly(full.plan().rowSums());
    }

    @Test
    void theSameIterationsWithoutTheFinalPass() {
        Random r = new Random(11);
        for (int k = 0; k < 6; k++) {
            Matrix x = uniformCloud(r, 40 + 7 * k, 2), y = uniformCloud(r, 30 + 5 * k, 2);
            DiscreteMeasure a = DiscreteMeasure.uniform(x.rows()), b = DiscreteMeasure.uniform(y.rows());
            TransportProblem p = TransportProblem.of(a, b, CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
            Sinkhorn s = Sinkhorn.withEpsilon(0.02 + 0.01 * k).withTolerance(1e-10).withStorage(Sinkhorn.Storage.ON_THE_FLY);
            assertSameRun(s, p, null, null);
            Sinkhorn.Result cold = s.withTolerance(1e-3).solve(p);
            assertSameRun(s, p, cold.f(), cold.g());
            assertSameRun(s.withAnderson(0).withOverRelaxation(1), p, cold.f(), cold.g());
        }
    }

    @Test
    void largeCloudsFromTheMultiscaleStart() {
        Random r = new Random(12);
        Matrix x = uniformCloud(r, 3000, 2), y = uniformCloud(r, 2500, 2);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.uniform(3000), DiscreteMeasure.uniform(2500),
                CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        assertSameRun(Sinkhorn.withEpsilon(0.01).withTolerance(1e-6).withStorage(Sinkhorn.Storage.ON_THE_FLY), p, null, null);
    }

    @Test
    void costsThatSolveRescalesAreSolvedInFull() {
        Random r = new Random(13);
        Matrix x = uniformCloud(r, 30, 2).scale(1e120), y = uniformCloud(r, 20, 2).scale(1e120);
        TransportProblem far = TransportProblem.of(DiscreteMeasure.uniform(30), DiscreteMeasure.uniform(20),
                CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        assertSameRun(Sinkhorn.withEpsilon(1e239).withTolerance(1e-9), far, null, null);
        double[] c = new double[30 * 20];
        for (int e = 0; e < c.length; e++) c[e] = 5 + r.nextDouble();
        TransportProblem dense = TransportProblem.of(DiscreteMeasure.uniform(30), DiscreteMeasure.uniform(20), CostMatrix.dense(30, 20, c));
        assertSameRun(Sinkhorn.withEpsilon(0.1).withTolerance(1e-9), dense, null, null);
    }
}
