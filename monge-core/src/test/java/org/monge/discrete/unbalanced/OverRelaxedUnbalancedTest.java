package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.uniformCloud;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Over-relaxed unbalanced Sinkhorn: each relaxed coordinate keeps the guaranteed share of the plain step's dual
 * increase (evaluated here from the dual itself), and the relaxed run reaches the plain run's fixed point.
 */
class OverRelaxedUnbalancedTest {
    @Test
    void aRelaxedCoordinateKeepsTheGuaranteedShareOfTheDualIncrease() {
        Cases.forAll(31, 400, c -> {
            double eps = c.doubleIn("eps", 1e-3, 1), omega = c.doubleIn("omega", 1, 1.99), cur = c.doubleIn("cur", -3, 3);
            // plain steps of up to 30 ε (beyond, e^{30} and more, the relaxed step is refused anyway)
            double plain = cur + c.doubleIn("step", -30, 30) * eps * (c.anyBoolean("small") ? 1e-5 : 1);
            MarginalPenalty p = c.anyBoolean("exact") ? MarginalPenalty.exact() : MarginalPenalty.kl(c.doubleIn("tau", 0.1, 10));
            // the dual of one coordinate per unit of weight, D(f) = −φ*(−f) − ε S e^{f/ε}, with S such that plain maximises it
            double tau = p.weight();
            double logS = p.isExact() ? 0 : -plain / tau; // S e^{plain/ε}: log S + plain/ε
            DoubleUnaryOperator dual = f -> (p.isExact() ? f : tau * -Math.expm1(-f / tau)) - eps * Math.exp(logS + (f - plain) / eps);
            double next = p.relax(cur, plain, omega, eps);
            double gainPlain = dual.applyAsDouble(plain) - dual.applyAsDouble(cur);
            double gain = dual.applyAsDouble(next) - dual.applyAsDouble(cur);
            double slack = 1e-12 * (Math.abs(dual.applyAsDouble(cur)) + 1);
            assertThat(gain).isGreaterThanOrEqualTo(0.05 * gainPlain - slack);
            assertThat(next == plain || Math.abs((next - cur) - omega * (plain - cur)) <= 1e-12 * (1 + Math.abs(cur))).isTrue();
        });
        assertThat(MarginalPenalty.tv(0.5).relax(0.1, 0.3, 1.9, 0.01)).isEqualTo(0.3);
    }

    @Test
    void theRelaxedRunReachesThePlainFixedPointInFewerIterations() {
        Random rnd = new Random(4);
        Matrix x = uniformCloud(rnd, 200, 2), y = uniformCloud(rnd, 150, 2);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.uniform(200), DiscreteMeasure.uniform(150),
                CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        for (Sinkhorn.Storage storage : new Sinkhorn.Storage[] {Sinkhorn.Storage.DENSE, Sinkhorn.Storage.ON_THE_FLY}) {
            UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.003).withTau(1).withTolerance(1e-10).withStorage(storage);
            UnbalancedSinkhorn.Result plain = s.withOverRelaxation(1).solve(p), relaxed = s.solve(p);
            assertThat(plain.converged()).isTrue();
            assertThat(relaxed.converged()).isTrue();
            assertThat(relaxed.objective()).isCloseTo(plain.objective(), within(1e-10));
            assertThat(relaxed.dualObjective()).isCloseTo(relaxed.objective(), within(1e-10));
            assertThat(relaxed.transportedMass()).isCloseTo(plain.transportedMass(), within(1e-9));
            assertThat(relaxed.iterations()).as("%s: relaxed %d, plain %d", storage, relaxed.iterations(), plain.iterations())
                    .isLessThan(plain.iterations());
        }
        assertThatThrownBy(() -> UnbalancedSinkhorn.withEpsilon(1).withOverRelaxation(2))
                .hasMessage("over-relaxation factor must be in [1, 2) (1 turns it off), got 2.0");
    }
}
