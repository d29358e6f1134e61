package org.monge.gaussian;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;
import org.monge.linalg.SymmetricEigen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class BarycenterTest {

    @Test
    void satisfiesItsFixedPointEquation() {
        forAll(231, 25, gen -> {
            long seed = gen.anyLong("seed");
            int d = gen.intIn("d", 1, 5);
            int n = gen.intIn("n", 1, 6);
            Random rnd = new Random(seed);
            List<Gaussian> gs = new ArrayList<>();
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                gs.add(RandomGaussians.gaussian(rnd, d));
                w[i] = 0.1 + rnd.nextDouble();
            }
            GaussianBarycenter.Result r = GaussianBarycenter.defaults().solve(gs, w);
            assertThat(r.converged()).isTrue();
            Matrix s = r.barycenter().covariance();
            // S = Σ w_i (S^½ S_i S^½)^½ conjugated: check S^½ S S^½ = (Σ w_i (S^½ S_i S^½)^½)² directly
            Matrix root = MatrixFunctions.sqrt(s);
            double total = 0;
            for (double v : w) total += v;
            Matrix sum = Matrix.zeros(d, d);
            for (int i = 0; i < n; i++) {
                sum = sum.plus(MatrixFunctions.sqrt(root.times(gs.get(i).covariance()).times(root)).scale(w[i] / total));
            }
            assertThat(root.times(s).times(root).minus(sum.times(sum)).maxAbs()).isLessThan(1e-9 * (1 + s.maxAbs() * s.maxAbs()));
            // equivalently Σ w_i T_{S→S_i} = I (docs/mathematics.md §5: the step S ← T̄ S T̄ is a fixed point)
            Matrix tbar = Matrix.zeros(d, d);
            for (int i = 0; i < n; i++) tbar = tbar.plus(BrenierMap.matrix(r.barycenter(), gs.get(i)).scale(w[i] / total));
            assertThat(tbar.minus(Matrix.identity(d)).maxAbs()).isLessThan(1e-8);
        });
    }

    @Test
    void oneDimensionalBarycenterAveragesStandardDeviations() {
        double[] sig = {0.5, 1.0, 3.0}, mu = {-1, 0, 4}, w = {0.2, 0.3, 0.5};
        List<Gaussian> gs = new ArrayList<>();
        for (int i = 0; i < 3; i++) gs.add(Gaussian.univariate(mu[i], sig[i]));
        Gaussian b = GaussianBarycenter.defaults().solve(gs, w).barycenter();
        assertThat(Math.sqrt(b.covariance().get(0, 0))).isCloseTo(0.2 * 0.5 + 0.3 * 1.0 + 0.5 * 3.0, within(1e-12));
        assertThat(b.mean()[0]).isCloseTo(0.2 * -1 + 0.5 * 4, within(1e-14));
    }

    @Test
    void commutingCovariancesAverageTheirRoots() {
        Random rnd = new Random(5);
        int d = 4;
        Matrix u = SymmetricEigen.of(RandomGaussians.spd(rnd, d, 0.1)).eigenvectors();
        List<Gaussian> gs = new ArrayList<>();
        double[] w = {0.1, 0.6, 0.3};
        Matrix expectedRoot = Matrix.zeros(d, d);
        for (int i = 0; i < 3; i++) {
            double[] l = new double[d];
            for (int k = 0; k < d; k++) l[k] = 0.1 + 2 * rnd.nextDouble();
            Matrix s = u.times(Matrix.diagonal(l)).times(u.transpose()).symmetrize();
            gs.add(Gaussian.centered(s));
            expectedRoot = expectedRoot.plus(MatrixFunctions.sqrt(s).scale(w[i]));
        }
        Matrix s = GaussianBarycenter.defaults().solve(gs, w).barycenter().covariance();
        assertThat(MatrixFunctions.sqrt(s).minus(expectedRoot).maxAbs()).isLessThan(1e-10);
    }

    @Test
    void reportsIterationsAndResidualAndNonConvergence() {
        Random rnd = new Random(9);
        List<Gaussian> gs = List.of(RandomGaussians.gaussian(rnd, 3), RandomGaussians.gaussian(rnd, 3), RandomGaussians.gaussian(rnd, 3));
        GaussianBarycenter.Result one = GaussianBarycenter.defaults().withMaxIterations(1).solve(gs);
        assertThat(one.iterations()).isEqualTo(1);
        assertThat(one.converged()).isFalse();
        assertThat(one.residual()).isGreaterThan(1e-12);
        GaussianBarycenter.Result full = GaussianBarycenter.defaults().solve(gs);
        assertThat(full.converged()).isTrue();
        assertThat(full.residual()).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void rejectsBadWeights() {
        List<Gaussian> gs = List.of(Gaussian.univariate(0, 1), Gaussian.univariate(1, 2));
        assertThatThrownBy(() -> GaussianBarycenter.defaults().solve(gs, new double[] {1, -1})).hasMessageContaining("weights");
        assertThatThrownBy(() -> GaussianBarycenter.defaults().solve(gs, new double[] {1})).hasMessageContaining("weights has length 1");
        assertThatThrownBy(() -> GaussianBarycenter.defaults().solve(gs, new double[] {0, 0})).hasMessageContaining("positive sum");
        assertThatThrownBy(() -> GaussianBarycenter.defaults().solve(List.of(), new double[0])).hasMessageContaining("at least one");
    }
}
