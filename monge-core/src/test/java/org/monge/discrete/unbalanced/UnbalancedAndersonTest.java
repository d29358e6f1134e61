package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.DiscreteFixtures.uniformCloud;

/**
 * Anderson acceleration in unbalanced Sinkhorn: on both engines and for KL, TV, exact and mixed penalties the
 * accelerated run reaches the fixed point of the run without it (objective to 1e-9 relative, primal = dual), in
 * fewer iterations where the penalties are smooth (KL, exact), and its safeguard keeps a TV run from needing more.
 */
class UnbalancedAndersonTest {
    /** Random points of the unit square, weights in [0.5, 1.5] (masses about m and n), squared-Euclidean cost. */
    private static TransportProblem problem(long seed, int m, int n) {
        Random r = new Random(seed);
        double[] a = new double[m], b = new double[n];
        for (int i = 0; i < m; i++) a[i] = (0.5 + r.nextDouble()) / m;
        for (int j = 0; j < n; j++) b[j] = (0.5 + r.nextDouble()) / n * 0.8;
        return TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b),
                CostMatrix.fromPoints(uniformCloud(r, m, 2), uniformCloud(r, n, 2), Metric.SQEUCLIDEAN));
    }

    private static void assertSameFixedPoint(UnbalancedSinkhorn.Result fast, UnbalancedSinkhorn.Result plain, String what) {
        assertThat(plain.converged()).as("%s without Anderson: %s", what, plain.status()).isTrue();
        assertThat(fast.converged()).as("%s with Anderson: %s", what, fast.status()).isTrue();
        double scale = Math.abs(plain.objective());
        assertThat(fast.objective()).as(what).isCloseTo(plain.objective(), within(1e-9 * scale));
        assertThat(fast.dualObjective()).as(what).isCloseTo(fast.objective(), within(1e-9 * scale));
        assertThat(fast.transportedMass()).as(what).isCloseTo(plain.transportedMass(), within(1e-9));
        assertThat(fast.cost()).as(what).isCloseTo(plain.cost(), within(1e-9 * Math.abs(plain.cost())));
    }

    @Test
    void reachesTheSameFixedPointInFewerIterationsWithKlPenalties() {
        TransportProblem p = problem(4, 200, 150);
        for (Sinkhorn.Storage storage : new Sinkhorn.Storage[] {Sinkhorn.Storage.DENSE, Sinkhorn.Storage.ON_THE_FLY}) {
            for (double eps : new double[] {0.01, 0.002}) {
                UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(eps).withTau(1).withTolerance(1e-11).withStorage(storage);
                UnbalancedSinkhorn.Result plain = s.withAnderson(0).solve(p), fast = s.solve(p);
                String what = storage + " eps=" + eps + ": " + fast.iterations() + " vs " + plain.iterations();
                assertSameFixedPoint(fast, plain, what);
                assertThat(fast.iterations()).as(what).isLessThan(plain.iterations());
            }
        }
    }

    @Test
    void reachesTheSameFixedPointWithExactMixedAndTvPenalties() {
        TransportProblem p = problem(7, 120, 90);
        MarginalPenalty[][] pairs = {
            {MarginalPenalty.exact(), MarginalPenalty.kl(0.5)},
            {MarginalPenalty.kl(2), MarginalPenalty.exact()},
            {MarginalPenalty.tv(2), MarginalPenalty.kl(2)},
            {MarginalPenalty.kl(2), MarginalPenalty.tv(0.3)},
            {MarginalPenalty.tv(0.5), MarginalPenalty.tv(0.5)},
            {MarginalPenalty.tv(0.05), MarginalPenalty.tv(0.05)},
        };
        for (Sinkhorn.Storage storage : new Sinkhorn.Storage[] {Sinkhorn.Storage.DENSE, Sinkhorn.Storage.ON_THE_FLY}) {
            for (MarginalPenalty[] pair : pairs) {
                UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.01).withPenalties(pair[0], pair[1]).withTolerance(1e-11)
                        .withMaxIterations(100000).withStorage(storage);
                UnbalancedSinkhorn.Result plain = s.withAnderson(0).solve(p), fast = s.solve(p);
                String what = storage + " " + pair[0] + "/" + pair[1] + ": " + fast.iterations() + " vs " + plain.iterations();
                assertSameFixedPoint(fast, plain, what);
                if (pair[1].kind() != MarginalPenalty.Kind.TV) assertThat(fast.iterations()).as(what).isLessThan(plain.iterations());
                else assertThat(fast.iterations()).as(what).isLessThanOrEqualTo(plain.iterations() + plain.iterations() / 10);
            }
        }
    }

    @Test
    void aWarmStartAtTheFixedPointStopsAtOnce() {
        TransportProblem p = problem(9, 60, 40);
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withEpsilon(0.01).withTau(1).withTolerance(1e-10);
        UnbalancedSinkhorn.Result r = s.withTolerance(1e-13).solve(p), warm = s.solve(p, r.f(), r.g());
        assertThat(warm.converged()).isTrue();
        assertThat(warm.iterations()).isEqualTo(1);
        assertThat(warm.objective()).isCloseTo(r.objective(), within(1e-12));
    }

    @Test
    void theMemoryIsAnOptionInRange() {
        assertThat(UnbalancedSinkhorn.withEpsilon(1).options().anderson()).isEqualTo(Sinkhorn.Options.DEFAULT_ANDERSON);
        assertThat(UnbalancedSinkhorn.withEpsilon(1).withAnderson(0).withTau(2).options().anderson()).isZero();
        assertThat(UnbalancedSinkhorn.withEpsilon(1).withAnderson(3).withStorage(Sinkhorn.Storage.DENSE).withOverRelaxation(1)
                .options().anderson()).isEqualTo(3);
        assertThatThrownBy(() -> UnbalancedSinkhorn.withEpsilon(1).withAnderson(-1))
                .hasMessage("Anderson memory must be in [0, 50] (0 turns it off), got -1");
        assertThatThrownBy(() -> UnbalancedSinkhorn.withEpsilon(1).withAnderson(51)).hasMessageContaining("got 51");
    }
}
