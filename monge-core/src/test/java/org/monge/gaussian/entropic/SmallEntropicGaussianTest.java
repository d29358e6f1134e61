package org.monge.gaussian.entropic;

import org.junit.jupiter.api.Test;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.gaussian.entropic.Fixtures.relativeError;
import static org.monge.testing.Cases.forAll;

/**
 * The scratch-array closed form (below SmallKernels.LARGE) against the matrix form it replaces there, on seeded random
 * problems with the product, correlated and arbitrary references: every output equal to 1e-12 relative.
 */
class SmallEntropicGaussianTest {

    @Test
    void scratchArrayFormEqualsTheMatrixForm() {
        forAll(1701, 120, gen -> {
            Random rnd = new Random(gen.anyLong("seed"));
            int d = gen.intIn("d", 1, 24);
            int kind = gen.intIn("reference", 0, 2);
            double eps = Math.pow(10, gen.doubleIn("log10 eps", -3, 2));
            Gaussian p = Fixtures.gaussian(rnd, d, true), q = Fixtures.gaussian(rnd, d, true);
            ReferenceCoupling ref = switch (kind) {
                case 0 -> ReferenceCoupling.product();
                case 1 -> ReferenceCoupling.correlated(Fixtures.orthogonal(rnd, d).scale(0.6));
                default -> ReferenceCoupling.covariance(Fixtures.spd(rnd, 2 * d, 0.3));
            };
            EntropicGaussianResult small = SmallEntropicGaussian.solve(p, q, eps, ref);
            EntropicGaussianResult matrix = EntropicGaussian.matrixForm(p, q, eps, ref);
            assertClose(small.cost(), matrix.cost(), "cost");
            assertClose(small.w2Squared(), matrix.w2Squared(), "W2²");
            assertClose(small.dualValue(), matrix.dualValue(), "dual value");
            assertClose(small.dualPotentials().f0(), matrix.dualPotentials().f0(), "f0");
            assertThat(relativeError(small.crossCovariance(), matrix.crossCovariance())).as("C").isLessThan(1e-12);
            assertThat(relativeError(small.jointCovariance(), matrix.jointCovariance())).as("Σ").isLessThan(1e-12);
            assertThat(relativeError(small.dualPotentials().f(), matrix.dualPotentials().f())).as("F").isLessThan(1e-12);
            assertThat(relativeError(small.dualPotentials().h(), matrix.dualPotentials().h())).as("H").isLessThan(1e-12);
            assertThat(small.dualPotentials().mean0()).containsExactly(p.mean());
            // the residual is rounding of O(1) terms in both forms: compare its size, not its digits
            assertThat(small.optimalityResidual()).isLessThan(Math.max(1e-9, 100 * matrix.optimalityResidual()));
        });
    }

    @Test
    void everyDimensionFromOneToTwelveWithBothReferencesEqualsTheMatrixForm() {
        Random rnd = new Random(1712);
        for (int d = 1; d <= 12; d++) {
            for (int trial = 0; trial < 3; trial++) {
                Gaussian p = Fixtures.gaussian(rnd, d, true), q = Fixtures.gaussian(rnd, d, true);
                double eps = new double[] {0.05, 0.5, 5}[trial];
                for (ReferenceCoupling ref : new ReferenceCoupling[] {ReferenceCoupling.product(),
                        ReferenceCoupling.covariance(Fixtures.spd(rnd, 2 * d, 0.3))}) {
                    EntropicGaussianResult small = SmallEntropicGaussian.solve(p, q, eps, ref);
                    EntropicGaussianResult matrix = EntropicGaussian.matrixForm(p, q, eps, ref);
                    String at = " at d = " + d + ", eps = " + eps + ", " + ref.getClass().getSimpleName();
                    assertClose(small.cost(), matrix.cost(), "cost" + at);
                    assertClose(small.dualValue(), matrix.dualValue(), "dual value" + at);
                    assertThat(relativeError(small.jointCovariance(), matrix.jointCovariance())).as("Σ" + at).isLessThan(1e-12);
                    assertThat(relativeError(small.dualPotentials().f(), matrix.dualPotentials().f())).as("F" + at).isLessThan(1e-12);
                    assertThat(relativeError(small.dualPotentials().h(), matrix.dualPotentials().h())).as("H" + at).isLessThan(1e-12);
                    assertThat(small.optimalityResidual()).as("residual" + at)
                            .isLessThan(Math.max(1e-9, 100 * matrix.optimalityResidual()));
                }
            }
        }
    }

    @Test
    void publicSolveUsesTheSmallFormAndAgreesAtEveryDimensionUpToTheSwitch() {
        Random rnd = new Random(17);
        for (int d : new int[] {1, 2, 10, 95}) {
            Gaussian p = Fixtures.gaussian(rnd, d, true), q = Fixtures.gaussian(rnd, d, false);
            EntropicGaussianResult r = EntropicGaussian.withEpsilon(0.5).solve(p, q);
            EntropicGaussianResult m = EntropicGaussian.matrixForm(p, q, 0.5, ReferenceCoupling.product());
            assertClose(r.cost(), m.cost(), "cost at d = " + d);
            assertThat(relativeError(r.crossCovariance(), m.crossCovariance())).isLessThan(1e-12);
            assertThat(r.dualGap()).isLessThan(1e-10 * Math.abs(r.cost()));
        }
        Matrix k = Fixtures.spd(rnd, 20, 0.3);
        EntropicGaussian withK = EntropicGaussian.withEpsilon(0.5).withReference(ReferenceCoupling.covariance(k));
        Gaussian p = Fixtures.gaussian(rnd, 10, true), q = Fixtures.gaussian(rnd, 10, true);
        // the cached precision of K gives the same answer on every call
        assertThat(withK.solve(p, q).cost()).isEqualTo(withK.solve(p, q).cost());
    }

    private static void assertClose(double got, double expected, String what) {
        assertThat(Math.abs(got - expected)).as(what + ": " + got + " vs " + expected)
                .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(expected)));
    }
}
