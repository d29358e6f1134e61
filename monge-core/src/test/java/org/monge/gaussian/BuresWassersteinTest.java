package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;
import org.monge.linalg.SymmetricEigen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class BuresWassersteinTest {

    @Test
    void isSymmetricAndZeroOnTheDiagonal() {
        forAll(241, 60, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 8);
            Random rnd = new Random(seed);
            Gaussian p = RandomGaussians.gaussian(rnd, d), q = RandomGaussians.gaussian(rnd, d);
            double pq = BuresWasserstein.squaredDistance(p, q), qp = BuresWasserstein.squaredDistance(q, p);
            assertThat(pq).isCloseTo(qp, within(1e-10 * (1 + pq)));
            assertThat(BuresWasserstein.squaredDistance(p, p)).isLessThan(1e-10 * (1 + p.covariance().trace()));
            assertThat(pq).isGreaterThan(0);
        });
    }

    @Test
    void satisfiesTheTriangleInequality() {
        forAll(242, 60, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 8);
            Random rnd = new Random(seed);
            Gaussian a = RandomGaussians.gaussian(rnd, d), b = RandomGaussians.gaussian(rnd, d), c = RandomGaussians.gaussian(rnd, d);
            double ab = BuresWasserstein.distance(a, b), bc = BuresWasserstein.distance(b, c), ac = BuresWasserstein.distance(a, c);
            assertThat(ac).isLessThanOrEqualTo(ab + bc + 1e-12);
        });
    }

    @Test
    void reducesToTheOneDimensionalFormula() {
        forAll(243, 60, gen -> {
            double m0 = gen.doubleIn("m0", -5, 5);
            double s0 = gen.doubleIn("s0", 0, 4);
            double m1 = gen.doubleIn("m1", -5, 5);
            double s1 = gen.doubleIn("s1", 0, 4);
            double expected = (m0 - m1) * (m0 - m1) + (s0 - s1) * (s0 - s1);
            assertThat(BuresWasserstein.squaredDistance(Gaussian.univariate(m0, s0), Gaussian.univariate(m1, s1)))
                    .isCloseTo(expected, within(1e-12 * (1 + expected)));
        });
    }

    @Test
    void commutingCovariancesGiveTheFrobeniusDistanceOfRoots() {
        forAll(244, 40, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 2, 7);
            Random rnd = new Random(seed);
            // S_i = U diag(λ_i) Uᵀ share the eigenvectors U
            Matrix u = SymmetricEigen.of(RandomGaussians.spd(rnd, d, 0.1)).eigenvectors();
            double[] l0 = new double[d], l1 = new double[d];
            for (int i = 0; i < d; i++) {
                l0[i] = 0.05 + rnd.nextDouble() * 3;
                l1[i] = 0.05 + rnd.nextDouble() * 3;
            }
            Matrix s0 = u.times(Matrix.diagonal(l0)).times(u.transpose()).symmetrize();
            Matrix s1 = u.times(Matrix.diagonal(l1)).times(u.transpose()).symmetrize();
            double[] m0 = RandomGaussians.vector(rnd, d), m1 = RandomGaussians.vector(rnd, d);
            double expected = 0;
            for (int i = 0; i < d; i++) expected += (m0[i] - m1[i]) * (m0[i] - m1[i]) + Math.pow(Math.sqrt(l0[i]) - Math.sqrt(l1[i]), 2);
            assertThat(BuresWasserstein.squaredDistance(Gaussian.of(m0, s0), Gaussian.of(m1, s1)))
                    .isCloseTo(expected, within(1e-10 * (1 + expected)));
        });
    }

    @Test
    void agreesWithTheSquareRootRouteOnSingularAndLargeMatrices() {
        Random rnd = new Random(3);
        for (int d : new int[] {3, 50, 120, 200}) {
            Matrix s0 = RandomGaussians.spd(rnd, d, 0.05), s1 = RandomGaussians.spd(rnd, d, 0.05);
            Gaussian p = Gaussian.centered(s0), q = Gaussian.centered(s1);
            // independent route: eigenvalues of S0^½ S1 S0^½ with the eigen-based root
            Matrix r = MatrixFunctions.sqrt(s0);
            double fidelity = SymmetricEigen.traceSqrt(SymmetricEigen.eigenvalues(r.times(s1).times(r)));
            double expected = s0.trace() + s1.trace() - 2 * fidelity;
            assertThat(BuresWasserstein.squaredDistance(p, q)).isCloseTo(expected, within(1e-9 * expected));
        }
        // rank-deficient S0 (rank 1): Cholesky fails, the root route still gives the exact value
        Matrix s0 = Matrix.of(new double[][] {{1, 1}, {1, 1}});
        Matrix s1 = Matrix.identity(2);
        // S0^½ = S0/√2, S0^½ S1 S0^½ = S0, eigenvalues {2, 0} => fidelity √2
        assertThat(BuresWasserstein.squaredDistance(Gaussian.centered(s0), Gaussian.centered(s1)))
                .isCloseTo(2 + 2 - 2 * Math.sqrt(2), within(1e-12));
    }

    @Test
    void batchAndPairwiseMatchSingleCalls() {
        Random rnd = new Random(11);
        List<Gaussian> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            a.add(RandomGaussians.gaussian(rnd, 4));
            b.add(RandomGaussians.gaussian(rnd, 4));
        }
        double[] batch = BuresWasserstein.squaredDistances(a, b);
        for (int i = 0; i < a.size(); i++) assertThat(batch[i]).isEqualTo(BuresWasserstein.squaredDistance(a.get(i), b.get(i)));
        Matrix pw = BuresWasserstein.pairwiseSquared(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(pw.get(i, i)).isZero();
            for (int j = i + 1; j < a.size(); j++) {
                assertThat(pw.get(i, j)).isEqualTo(BuresWasserstein.squaredDistance(a.get(i), a.get(j)));
                assertThat(pw.get(j, i)).isEqualTo(pw.get(i, j));
            }
        }
    }
}
