package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.GradientCheck;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ParticleFlowTest {
    /** A blob near the origin flows onto a blob shifted by (2, 1) and stretched: the loss falls at every step to below 1e-3. */
    @Test
    void theCloudReachesTheTargetAndTheLossDecreases() {
        Random r = new Random(51);
        Matrix x = GradientCheck.cloud(30, 2, r).scale(0.3), y = GradientCheck.cloud(30, 2, r).scale(0.5)
                .plus(Matrix.fromRowMajor(30, 2, repeat(new double[] {2, 1}, 30)));
        List<Double> seen = new ArrayList<>();
        ParticleFlow.Result res = ParticleFlow.withEpsilon(0.05).withMaxSteps(200)
                .withListener((step, points, divergence, eta) -> seen.add(divergence))
                .run(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y));
        double[] loss = res.losses();
        assertThat(res.status()).as("losses %s", Arrays.toString(loss)).isEqualTo(ParticleFlow.Status.CONVERGED);
        assertThat(res.divergence()).isLessThanOrEqualTo(1e-3);
        assertThat(loss[0]).isGreaterThan(1);
        for (int k = 1; k < loss.length; k++) assertThat(loss[k]).as("step %d", k).isLessThan(loss[k - 1]);
        assertThat(seen).hasSize(res.steps());
        // an independent look at the end state: the divergence recomputed from the returned points
        double s = SinkhornDivergence.between(DiscreteMeasure.uniform(res.points()), DiscreteMeasure.uniform(y), Metric.SQEUCLIDEAN,
                Sinkhorn.withEpsilon(0.05)).divergence();
        assertThat(s).isLessThanOrEqualTo(1e-3).isCloseTo(res.divergence(), within(1e-6));
    }

    @Test
    void aBudgetOfOneStepEndsAtMaxSteps() {
        Random r = new Random(52);
        Matrix x = GradientCheck.cloud(10, 2, r).scale(0.3), y = GradientCheck.cloud(10, 2, r).scale(0.5).scale(2);
        ParticleFlow.Result res = ParticleFlow.withEpsilon(0.5).withMaxSteps(1).run(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y));
        assertThat(res.status()).isEqualTo(ParticleFlow.Status.MAX_STEPS);
        assertThat(res.losses()).hasSize(2);
        assertThat(res.losses()[1]).isLessThan(res.losses()[0]);
        assertThatThrownBy(() -> ParticleFlow.withEpsilon(0.1).run(DiscreteMeasure.uniform(x.scale(1e200)), DiscreteMeasure.uniform(y)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("points:");
        assertThatThrownBy(() -> ParticleFlow.withEpsilon(0.1).withMaxSteps(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("steps");
    }

    /** A solve that cannot converge within its budget stops the flow with that status instead of trusting its gradient. */
    @Test
    void anUnconvergedSolveStopsTheFlow() {
        Random r = new Random(53);
        Matrix x = GradientCheck.cloud(10, 2, r), y = GradientCheck.cloud(10, 2, r).scale(3);
        ParticleFlow.Result res = ParticleFlow.withEpsilon(0.1).withSolver(Sinkhorn.withEpsilon(0.1).withMaxIterations(20))
                .run(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y));
        assertThat(res.status()).isEqualTo(ParticleFlow.Status.NOT_CONVERGED_SOLVE);
        assertThat(res.converged()).isFalse();
    }

    private static double[] repeat(double[] row, int n) {
        double[] out = new double[row.length * n];
        for (int i = 0; i < n; i++) System.arraycopy(row, 0, out, i * row.length, row.length);
        return out;
    }
}
