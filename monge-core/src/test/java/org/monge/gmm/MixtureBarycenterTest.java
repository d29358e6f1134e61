package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** MW2 barycenters: the geodesic (McCann) property for two mixtures, monotone objective, local optimality by perturbation. */
class MixtureBarycenterTest {
    static Gaussian g2(double m0, double m1, double s00, double s01, double s11) {
        return Gaussian.of(new double[] {m0, m1}, Matrix.of(new double[][] {{s00, s01}, {s01, s11}}));
    }

    static final GaussianMixture A = GaussianMixture.of(new double[] {0.5, 0.5}, List.of(g2(-2, 0, 1, 0.3, 0.5), g2(2, 1, 0.4, 0, 0.4)));
    static final GaussianMixture B = GaussianMixture.of(new double[] {0.5, 0.5}, List.of(g2(-1, 3, 2, -0.5, 1), g2(3, -2, 0.3, 0.1, 1.5)));

    /**
     * MW2 is a geodesic distance, so the barycenter of two mixtures with λ = (1 − t, t) lies on a
     * geodesic: its objective is t(1 − t) MW2²(A, B) and its distances are t·MW2 and (1 − t)·MW2.
     */
    @Test
    void twoMixturesGiveThePointOnTheGeodesic() {
        double d = MixtureTransport.solve(A, B).distance();
        for (double t : new double[] {0.25, 0.5, 0.8}) {
            MixtureBarycenter.Result r = MixtureBarycenter.defaults().solve(List.of(A, B), new double[] {1 - t, t}, A);
            assertThat(r.converged()).isTrue();
            assertThat(r.objective()).isCloseTo(t * (1 - t) * d * d, within(1e-8));
            assertThat(MixtureTransport.solve(r.barycenter(), A).distance()).isCloseTo(t * d, within(1e-6));
            assertThat(MixtureTransport.solve(r.barycenter(), B).distance()).isCloseTo((1 - t) * d, within(1e-6));
        }
    }

    @Test
    void objectiveNeverRisesAndNoNearbyMixtureDoesBetter() {
        Cases.forAll(20, 6, c -> {
            List<GaussianMixture> ms = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                int k = c.intIn("k" + j, 1, 3);
                double[] w = new double[k];
                List<Gaussian> comps = new ArrayList<>();
                double tot = 0;
                for (int i = 0; i < k; i++) {
                    w[i] = c.doubleIn("w" + j + i, 0.2, 1);
                    tot += w[i];
                    comps.add(Gaussian.univariate(c.doubleIn("m" + j + i, -3, 3), c.doubleIn("s" + j + i, 0.2, 1.5)));
                }
                for (int i = 0; i < k; i++) w[i] /= tot;
                ms.add(GaussianMixture.of(w, comps));
            }
            double[] lam = {0.2, 0.3, 0.5};
            MixtureBarycenter.Result r = MixtureBarycenter.defaults().solve(ms, lam, ms.get(0));
            double[] h = r.objectives();
            for (int i = 1; i < h.length; i++) assertThat(h[i]).isLessThanOrEqualTo(h[i - 1] + 1e-12);
            // perturb each mean and width of the barycenter: the objective does not fall (a local minimum)
            GaussianMixture b = r.barycenter();
            for (int i = 0; i < b.size(); i++) {
                for (int which = 0; which < 2; which++) {
                    for (double step : new double[] {-1e-3, 1e-3}) {
                        List<Gaussian> comps = new ArrayList<>(b.components());
                        Gaussian gi = comps.get(i);
                        double m = gi.mean()[0], s = Math.sqrt(gi.covariance().get(0, 0));
                        comps.set(i, which == 0 ? Gaussian.univariate(m + step, s) : Gaussian.univariate(m, s + step));
                        GaussianMixture q = GaussianMixture.of(b.weights(), comps);
                        double obj = 0;
                        for (int j = 0; j < 3; j++) obj += lam[j] * MixtureTransport.solve(q, ms.get(j)).squaredDistance();
                        assertThat(obj).isGreaterThanOrEqualTo(r.objective() - 1e-9);
                    }
                }
            }
        });
    }

    @Test
    void singleGaussiansGiveTheBuresBarycenter() {
        GaussianMixture a = GaussianMixture.of(new double[] {1}, List.of(g2(0, 0, 1, 0.2, 2)));
        GaussianMixture b = GaussianMixture.of(new double[] {1}, List.of(g2(1, 2, 3, -0.4, 0.5)));
        MixtureBarycenter.Result r = MixtureBarycenter.defaults().solve(List.of(a, b), new double[] {0.5, 0.5}, a);
        double d = BuresWasserstein.distance(a.component(0), b.component(0));
        assertThat(BuresWasserstein.distance(r.barycenter().component(0), a.component(0))).isCloseTo(d / 2, within(1e-8));
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> MixtureBarycenter.defaults().solve(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixtures");
        assertThatThrownBy(() -> MixtureBarycenter.defaults().solve(List.of(A, B), new double[] {1, -1}, A))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambdas[1]");
    }
}
