package org.monge.discrete.entropic;

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

class EntropicGradientTest {
    /** Tight enough that the value's error (about the tolerance) is far below h² and below 1e-6 relative after division by h. */
    static Sinkhorn tight(double eps) {
        return Sinkhorn.withEpsilon(eps).withTolerance(1e-13).withMaxIterations(100000);
    }

    @Test
    void entropicCostGradientsMatchCentralDifferences() {
        Cases.forAll(21, 10, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 7), m = c.intIn("m", 2, 7);
            double eps = new double[] {0.3, 1}[c.intIn("eps", 0, 1)];
            Metric metric = c.anyBoolean("sq") ? Metric.SQEUCLIDEAN : Metric.EUCLIDEAN;
            Matrix x = GradientCheck.cloud(n, 2, r), y = GradientCheck.cloud(m, 2, r);
            double[] a = GradientCheck.weights(n, 1, r), b = GradientCheck.weights(m, 1, r);
            Sinkhorn s = tight(eps);
            ValueAndGradient g = EntropicGradient.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), metric, s);
            GradientCheck.all(g, a, x, b, y, (as, xs, bs, ys) -> ot(s, as, xs, bs, ys, metric), true, 1e-4, 1e-5, 1e-6, r);
        });
    }

    @Test
    void sinkhornDivergenceGradientsMatchCentralDifferences() {
        Cases.forAll(22, 10, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 7), m = c.intIn("m", 2, 7), d = c.intIn("d", 1, 3);
            double eps = new double[] {0.3, 1}[c.intIn("eps", 0, 1)];
            Metric metric = c.anyBoolean("sq") ? Metric.SQEUCLIDEAN : Metric.EUCLIDEAN;
            Matrix x = GradientCheck.cloud(n, d, r), y = GradientCheck.cloud(m, d, r);
            double[] a = GradientCheck.weights(n, 1, r), b = GradientCheck.weights(m, 1, r);
            Sinkhorn s = tight(eps);
            ValueAndGradient g = SinkhornDivergence.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), metric, s);
            assertThat(g.value()).isEqualTo(divergence(s, a, x, b, y, metric));
            GradientCheck.all(g, a, x, b, y, (as, xs, bs, ys) -> divergence(s, as, xs, bs, ys, metric), true, 1e-4, 1e-5, 1e-6, r);
        });
    }

    /** The vectorised squared-Euclidean pass against the generic pass (|x − y|^2 as a power of the norm), at a small ε. */
    @Test
    void vectorisedPassAgreesWithTheGenericOne() {
        Random r = new Random(23);
        Matrix x = GradientCheck.cloud(300, 2, r), y = GradientCheck.cloud(200, 2, r);
        DiscreteMeasure a = DiscreteMeasure.of(GradientCheck.weights(300, 1, r), x);
        DiscreteMeasure b = DiscreteMeasure.of(GradientCheck.weights(200, 1, r), y);
        Sinkhorn.Result res = Sinkhorn.withEpsilon(0.01).solve(a, b, CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        ValueAndGradient fast = EntropicGradient.fromSolution(a, b, Metric.SQEUCLIDEAN, res);
        ValueAndGradient generic = EntropicGradient.fromSolution(a, b, new CostGradient.EuclideanPower(2), res);
        double scale = fast.x().maxAbs();
        assertThat(fast.x().minus(generic.x()).maxAbs()).isLessThan(1e-12 * scale);
        assertThat(fast.y().minus(generic.y()).maxAbs()).isLessThan(1e-12 * scale);
    }

    @Test
    void denseCostsGiveWeightGradientsOnly() {
        Random r = new Random(24);
        double[] a = GradientCheck.weights(4, 1, r), b = GradientCheck.weights(3, 1, r), c = new double[12];
        for (int k = 0; k < 12; k++) c[k] = r.nextDouble();
        Sinkhorn s = tight(0.2);
        TransportProblem p = TransportProblem.of(DiscreteMeasure.of(a), DiscreteMeasure.of(b), CostMatrix.dense(4, 3, c));
        ValueAndGradient g = EntropicGradient.fromSolution(p, s.solve(p));
        assertThat(g.x()).isNull();
        GradientCheck.weights(a, g.a(), as -> s.solve(DiscreteMeasure.of(as), DiscreteMeasure.of(b), CostMatrix.dense(4, 3, c)).objective(),
                true, 1e-5, 1e-6, r);
        assertThat(GradientCheck.dot(g.a(), new double[] {1, 1, 1, 1})).isCloseTo(0, within(1e-12));
    }

    @Test
    void anotherReferenceIsRefused() {
        Random r = new Random(25);
        DiscreteMeasure a = DiscreteMeasure.uniform(GradientCheck.cloud(3, 2, r));
        DiscreteMeasure b = DiscreteMeasure.uniform(GradientCheck.cloud(3, 2, r));
        Sinkhorn s = Sinkhorn.withEpsilon(1).withReference(ReferenceMeasure.logDensity((u, v) -> 0));
        assertThatThrownBy(() -> EntropicGradient.valueAndGradient(a, b, Metric.SQEUCLIDEAN, s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reference:");
    }

    static double ot(Sinkhorn s, double[] a, Matrix x, double[] b, Matrix y, Metric metric) {
        return s.solve(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), CostMatrix.fromPoints(x, y, metric)).objective();
    }

    static double divergence(Sinkhorn s, double[] a, Matrix x, double[] b, Matrix y, Metric metric) {
        return SinkhornDivergence.between(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), metric, s).divergence();
    }
}
