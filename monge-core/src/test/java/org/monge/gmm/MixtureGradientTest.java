package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.discrete.GradientCheck;
import org.monge.gaussian.BuresGradient;
import org.monge.gaussian.GaussianGradient;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MixtureGradientTest {
    record Parts(double[] w, Matrix means, List<Matrix> covs) {
        GaussianMixture mixture() { return GaussianMixture.of(w, means, covs); }
    }

    static Parts random(int k, int d, Random r) {
        List<Matrix> covs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Matrix a = GradientCheck.cloud(d, d, r);
            covs.add(a.times(a.transpose()).plus(Matrix.identity(d).scale(0.5)).symmetrize());
        }
        return new Parts(GradientCheck.weights(k, 1, r), GradientCheck.cloud(k, d, r).scale(2), covs);
    }

    static Matrix symmetric(int d, Random r) {
        return GradientCheck.cloud(d, d, r).symmetrize();
    }

    static double mw2(Parts p, Parts q) {
        return MixtureTransport.solve(p.mixture(), q.mixture()).squaredDistance();
    }

    static double dot(List<Matrix> g, List<Matrix> e) {
        double s = 0;
        for (int i = 0; i < g.size(); i++) s += g.get(i).dot(e.get(i));
        return s;
    }

    static List<Matrix> moved(List<Matrix> covs, List<Matrix> dir, double t) {
        List<Matrix> out = new ArrayList<>();
        for (int i = 0; i < covs.size(); i++) out.add(covs.get(i).plus(dir.get(i).scale(t)));
        return out;
    }

    /** Generic mixtures: MW2² is differentiable; weights, means and covariances against central differences. */
    @Test
    void gradientsMatchCentralDifferences() {
        Cases.forAll(41, 10, c -> {
            Random r = new Random(c.anyLong("seed"));
            int k = c.intIn("k", 1, 4), l = c.intIn("l", 1, 4), d = c.intIn("d", 1, 3);
            Parts p = random(k, d, r), q = random(l, d, r);
            MixtureGradient g = MixtureGradient.valueAndGradient(p.mixture(), q.mixture());
            assertThat(g.value()).isCloseTo(mw2(p, q), within(1e-12 * (1 + g.value())));
            GradientCheck.weights(p.w(), g.weights0(), w -> mw2(new Parts(w, p.means(), p.covs()), q), true, 1e-7, 1e-6, r);
            GradientCheck.weights(q.w(), g.weights1(), w -> mw2(p, new Parts(w, q.means(), q.covs())), true, 1e-7, 1e-6, r);
            GradientCheck.points(p.means(), g.means0(), m -> mw2(new Parts(p.w(), m, p.covs()), q), 1e-6, 1e-6, r);
            GradientCheck.points(q.means(), g.means1(), m -> mw2(p, new Parts(q.w(), m, q.covs())), 1e-6, 1e-6, r);
            List<Matrix> e0 = new ArrayList<>(), e1 = new ArrayList<>();
            for (int i = 0; i < k; i++) e0.add(symmetric(d, r));
            for (int j = 0; j < l; j++) e1.add(symmetric(d, r));
            double fd0 = GradientCheck.central(t -> mw2(new Parts(p.w(), p.means(), moved(p.covs(), e0, t)), q), 1e-5);
            double fd1 = GradientCheck.central(t -> mw2(p, new Parts(q.w(), q.means(), moved(q.covs(), e1, t))), 1e-5);
            assertThat(dot(g.covariances0(), e0)).isCloseTo(fd0, within(1e-6 * (1 + Math.abs(fd0))));
            assertThat(dot(g.covariances1(), e1)).isCloseTo(fd1, within(1e-6 * (1 + Math.abs(fd1))));
        });
    }

    /** One component a side: MW2² is W2², and the gradient is Bures's own (FORMULAS test vector). */
    @Test
    void singleGaussiansGiveTheBuresGradient() {
        Matrix s0 = Matrix.of(new double[][] {{2, .5}, {.5, 1}}), s1 = Matrix.of(new double[][] {{1, -.3}, {-.3, .8}});
        GaussianMixture a = GaussianMixture.of(new double[] {1}, Matrix.of(new double[][] {{0, 1}}), List.of(s0));
        GaussianMixture b = GaussianMixture.of(new double[] {1}, Matrix.of(new double[][] {{1, -1}}), List.of(s1));
        MixtureGradient g = MixtureGradient.valueAndGradient(a, b);
        assertThat(g.value()).isCloseTo(5.450586393105, within(1e-11));
        assertThat(g.means1().row(0)).containsExactly(new double[] {2, -4}, within(1e-12));
        assertThat(g.covariances1().get(0).toRowMajor()).containsExactly(new double[] {-0.497200287452, -0.446492082371,
            -0.446492082371, -0.181752206772}, within(1e-11));
    }

    /**
     * Larger dimensions (4 to 10: the characteristic-polynomial route at d = 4, the eigenvector route above): the value
     * equals MixtureTransport's to the last bit, and each covariance gradient equals Σ_l w_kl ∂W2²(N_k, N_l)/∂S_k summed
     * from {@link BuresGradient} on the coupling of MixtureTransport (its own eigendecompositions).
     */
    @Test
    void covarianceGradientsInHigherDimensionsAreTheCoupledBuresGradients() {
        Cases.forAll(43, 12, c -> {
            Random r = new Random(c.anyLong("seed"));
            int k = c.intIn("k", 1, 5), l = c.intIn("l", 1, 5), d = c.intIn("d", 4, 10);
            Parts p = random(k, d, r), q = random(l, d, r);
            GaussianMixture a = p.mixture(), b = q.mixture();
            MixtureGradient g = MixtureGradient.valueAndGradient(a, b);
            MixtureTransport.Result t = MixtureTransport.solve(a, b);
            assertThat(g.value()).isEqualTo(t.squaredDistance());
            Matrix[] want0 = new Matrix[k], want1 = new Matrix[l];
            for (int i = 0; i < k; i++) want0[i] = Matrix.zeros(d, d);
            for (int j = 0; j < l; j++) want1[j] = Matrix.zeros(d, d);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < l; j++) {
                    double w = t.coupling().get(i, j);
                    if (w == 0) continue;
                    GaussianGradient bg = BuresGradient.of(a.component(i), b.component(j));
                    want0[i] = want0[i].plus(bg.covariance0().scale(w));
                    want1[j] = want1[j].plus(bg.covariance1().scale(w));
                }
            }
            for (int i = 0; i < k; i++) {
                double err = g.covariances0().get(i).minus(want0[i]).maxAbs();
                assertThat(err).as("component %d of the first", i).isLessThanOrEqualTo(1e-10 * (1 + want0[i].maxAbs()));
            }
            for (int j = 0; j < l; j++) {
                double err = g.covariances1().get(j).minus(want1[j]).maxAbs();
                assertThat(err).as("component %d of the second", j).isLessThanOrEqualTo(1e-10 * (1 + want1[j].maxAbs()));
            }
        });
    }
}
