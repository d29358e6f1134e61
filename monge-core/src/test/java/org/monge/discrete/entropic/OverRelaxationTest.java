package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.testing.Cases;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.DiscreteFixtures.marginalError;
import static org.monge.testing.DiscreteFixtures.uniformCloud;

/**
 * Over-relaxed Sinkhorn: the same fixed point in fewer iterations in each balanced engine, the marginal error it
 * reports is that of its returned plan (rows and columns, recomputed here), the safeguard keeps the dual rising,
 * and the option is validated.
 */
public class OverRelaxationTest {
    private static final int N = 400;
    private static final double EPS = 0.003;

    private static final Random RANDOM = new Random(17);
    private static final CostMatrix POINTS = CostMatrix.fromPoints(uniformCloud(RANDOM, N, 2), uniformCloud(RANDOM, N, 2),
            Metric.SQEUCLIDEAN);
    private static final CostMatrix DENSE = CostMatrix.dense(N, N, POINTS.toRowMajor());
    private static final DiscreteMeasure A = DiscreteMeasure.uniform(N), B = DiscreteMeasure.uniform(N);

    private static void fewerIterationsSameFixedPoint(Sinkhorn base, CostMatrix c) {
        double tol = 1e-9;
        // Anderson acceleration off on both sides: this is over-relaxation alone (AndersonTest checks the two together)
        Sinkhorn.Result plain = base.withTolerance(tol).withMaxIterations(20_000).withOverRelaxation(1).withAnderson(0).solve(A, B, c);
        Sinkhorn.Result fast = base.withTolerance(tol).withMaxIterations(20_000).withAnderson(0).solve(A, B, c);
        assertThat(plain.converged()).isTrue();
        assertThat(fast.converged()).isTrue();
        assertThat(fast.iterations()).isLessThan(plain.iterations() / 2);
        // both within the tolerance of the same fixed point: the dual is (1/ε)-smooth, so costs agree to about tol
        assertThat(fast.cost()).isCloseTo(plain.cost(), within(1e-8));
        assertThat(fast.objective()).isCloseTo(plain.objective(), within(1e-8));
        // the reported error is the whole L1 marginal error of the returned plan, and it meets the tolerance
        double err = marginalError(fast.plan(), A.weights(), B.weights());
        assertThat(err).isLessThanOrEqualTo(2 * tol);
        assertThat(fast.marginalError()).isCloseTo(err, within(1e-11));
    }

    @Test
    void scalingFormNeedsFewerIterations() {
        fewerIterationsSameFixedPoint(Sinkhorn.withEpsilon(EPS).withLogDomain(false), DENSE);
    }

    @Test
    void stabilisedLogDomainNeedsFewerIterations() {
        fewerIterationsSameFixedPoint(Sinkhorn.withEpsilon(EPS).withStorage(Sinkhorn.Storage.DENSE), DENSE);
    }

    @Test
    void onTheFlyLogDomainNeedsFewerIterations() {
        fewerIterationsSameFixedPoint(Sinkhorn.withEpsilon(EPS).withStorage(Sinkhorn.Storage.ON_THE_FLY), POINTS);
    }

    @Test
    void safeFactorKeepsAFractionOfThePlainDualIncrease() {
        // h(t, x) = t x − e^{(t−1)x} + e^{−x}, the dual increase (over ε a_i) of the step t·(f* − f), computed directly
        Cases.forAll(17, 2000, c -> {
            double x = c.doubleIn("sign", -1, 1) * Math.pow(10, c.doubleIn("decade", -4, 2));
            double omega = c.doubleIn("omega", 1, 1.99);
            double w = OverRelaxation.safe(omega, x);
            assertThat(w).isIn(1.0, omega);
            double plain = x - 1 + Math.exp(-x), relaxed = w * x - Math.exp((w - 1) * x) + Math.exp(-x);
            if (Math.abs(x) > 1e-3 && w != 1) assertThat(relaxed).isGreaterThanOrEqualTo(OverRelaxation.KAPPA * plain);
            if (Math.abs(x) > 1e-3 && w == 1 && omega != 1) assertThat(omega * x - Math.exp((omega - 1) * x) + Math.exp(-x))
                    .isLessThan(OverRelaxation.KAPPA * plain * (1 + 1e-9));
        });
        assertThat(OverRelaxation.safe(1.9, 1e-6)).isEqualTo(1.9); // near the fixed point the relaxed step is taken
        assertThat(OverRelaxation.safe(1.9, 20)).isEqualTo(1.0);   // a large move up is not over-relaxed
    }

    @Test
    void optionIsValidatedAndOnByDefault() {
        assertThat(Sinkhorn.withEpsilon(1).options().overRelaxation()).isEqualTo(Sinkhorn.Options.DEFAULT_OVER_RELAXATION);
        assertThat(Sinkhorn.withEpsilon(1).withOverRelaxation(1).options().overRelaxation()).isEqualTo(1.0);
        for (double bad : new double[] {0.5, 2, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Sinkhorn.withEpsilon(1).withOverRelaxation(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("over-relaxation factor must be in [1, 2)");
        }
    }
}
