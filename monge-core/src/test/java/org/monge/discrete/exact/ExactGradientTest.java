package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.GradientCheck;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExactGradientTest {
    @Test
    void gradientsMatchCentralDifferencesOnGenericInputs() {
        Cases.forAll(15, 20, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 7), m = c.intIn("m", 2, 7);
            Metric[] metrics = {Metric.SQEUCLIDEAN, Metric.EUCLIDEAN, new CostGradient.EuclideanPower(3)};
            Metric metric = metrics[c.intIn("metric", 0, 2)];
            Matrix x = GradientCheck.cloud(n, 2, r), y = GradientCheck.cloud(m, 2, r);
            double[] a = GradientCheck.weights(n, 1, r), b = GradientCheck.weights(m, 1, r);
            ValueAndGradient g = ExactGradient.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), metric);
            assertThat(g.value()).isEqualTo(ExactWasserstein.solve(TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b),
                    CostMatrix.fromPoints(x, y, metric))).cost());
            GradientCheck.all(g, a, x, b, y, (as, xs, bs, ys) -> cost(as, xs, bs, ys, metric), true, 1e-6, 1e-7, 1e-6, r);
            assertThat(sum(g.a())).isCloseTo(0, within(1e-12));
        });
    }

    /** Σ_i a_i ∂V/∂a_i + Σ_j b_j ∂V/∂b_j with the uncentred potentials is V (LP duality); centring only shifts by constants. */
    @Test
    void weightGradientsOfADenseCostAreTheCentredPotentials() {
        Random r = new Random(3);
        double[] a = GradientCheck.weights(4, 1, r), b = GradientCheck.weights(5, 1, r), c = new double[20];
        for (int k = 0; k < 20; k++) c[k] = r.nextDouble();
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(4, 5, c));
        ValueAndGradient g = ExactGradient.valueAndGradient(p);
        assertThat(g.x()).isNull();
        assertThat(g.y()).isNull();
        NetworkSimplex.Result s = NetworkSimplex.defaults().solve(p);
        assertThat(g.a()).containsExactly(ValueAndGradient.tangent(s.f()));
        GradientCheck.weights(a, g.a(), as -> ExactWasserstein.solve(TransportProblem.of(DiscreteMeasure.of(as),
                DiscreteMeasure.of(b), CostMatrix.dense(4, 5, c))).cost(), true, 1e-7, 1e-6, r);
    }

    @Test
    void aMetricWithoutAKnownGradientIsRefused() {
        Random r = new Random(4);
        DiscreteMeasure a = DiscreteMeasure.uniform(GradientCheck.cloud(3, 2, r));
        DiscreteMeasure b = DiscreteMeasure.uniform(GradientCheck.cloud(3, 2, r));
        assertThatThrownBy(() -> ExactGradient.valueAndGradient(a, b, Metric.of((u, v) -> Math.abs(u[0] - v[0]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("metric:");
    }

    static double cost(double[] a, Matrix x, double[] b, Matrix y, Metric metric) {
        CostMatrix cost = CostMatrix.fromPoints(x, y, metric);
        return ExactWasserstein.solve(TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), cost))
                .cost();
    }

    static double sum(double[] v) {
        double s = 0;
        for (double t : v) s += t;
        return s;
    }
}
