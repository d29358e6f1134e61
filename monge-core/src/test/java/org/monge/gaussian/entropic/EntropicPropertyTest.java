package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Test;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.gaussian.entropic.Fixtures.gaussian;
import static org.monge.gaussian.entropic.Fixtures.spd;
import static org.monge.testing.Cases.forAll;

/** Invariants of the closed form for random Gaussians, references and ε over six decades. */
class EntropicPropertyTest {
    @Test
    void planIsAValidCouplingAndTheCertificatesHold() {
        forAll(221, 80, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 8);
            double logEps = gen.doubleIn("logEps", -3, 2);
            int kind = gen.intIn("kind", 0, 2);
            Random rnd = new Random(seed);
            double eps = Math.pow(10, logEps);
            Gaussian p = gaussian(rnd, d, true), q = gaussian(rnd, d, true);
            ReferenceCoupling ref = switch (kind) {
                case 0 -> ReferenceCoupling.product();
                case 1 -> ReferenceCoupling.correlated(1.8 * rnd.nextDouble() - 0.9, d);
                default -> ReferenceCoupling.covariance(spd(rnd, 2 * d, 0.3));
            };
            EntropicGaussianResult r = EntropicGaussian.withEpsilon(eps).withReference(ref).solve(p, q);
            double scale = Math.max(1, Math.abs(r.cost()));
            // the joint covariance is positive definite with the given marginals
            assertThat(SymmetricEigen.eigenvalues(r.jointCovariance())[0]).isPositive();
            // E|X − Y|² ≥ W2² and KL ≥ 0: the bias is never negative
            assertThat(r.bias()).isGreaterThanOrEqualTo(-1e-9 * scale);
            assertThat(r.dualGap()).isLessThan(1e-8 * scale);
            assertThat(r.optimalityResidual()).isLessThan(1e-6);
            // the potentials' quadratic forms are symmetric
            assertThat(r.dualPotentials().f().asymmetry()).isZero();
            assertThat(r.dualPotentials().h().asymmetry()).isZero();
            // swapping P and Q transposes C for the product reference
            if (kind == 0) {
                Matrix swapped = EntropicGaussian.withEpsilon(eps).solve(q, p).crossCovariance();
                assertThat(swapped.minus(r.crossCovariance().transpose()).maxAbs()).isLessThan(1e-8 * (1 + r.crossCovariance().maxAbs()));
            }
        });
    }
}
