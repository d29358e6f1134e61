package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.GradientCheck;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SlicedWassersteinGradientTest {
    @Test
    void gradientsMatchCentralDifferencesOfTheSlicedCost() {
        Cases.forAll(18, 12, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 8), m = c.intIn("m", 2, 8), d = c.intIn("d", 1, 3);
            double p = new double[] {1.5, 2, 3}[c.intIn("p", 0, 2)];
            boolean max = c.anyBoolean("max");
            SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(c.intIn("L", 1, 20)).withSeed(c.anyLong("dirs")).withP(p)
                    .withMaxSliced(max);
            Matrix x = GradientCheck.cloud(n, d, r), y = GradientCheck.cloud(m, d, r);
            double[] a = GradientCheck.weights(n, 1, r), b = GradientCheck.weights(m, 1, r);
            ValueAndGradient g = sw.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y));
            double sw0 = sw.distance(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y));
            assertThat(g.value()).isCloseTo(Math.pow(sw0, p), within(1e-10 * g.value()));
            GradientCheck.all(g, a, x, b, y, (as, xs, bs, ys) -> cost(sw, as, xs, bs, ys), true, 1e-6, 1e-7, 1e-6, r);
        });
    }

    /**
     * Equal-sized clouds of one common weight (mass 2 here) take the sorted pairing without cumulative weights, in the
     * value and the gradient, above the radix sort's cut-over too. Every cumulative weight ties there, so the cost is
     * not differentiable in the weights: the points are checked by central differences, the weights by the
     * subgradient inequality of the convex cost, SW(a', b') ≥ SW(a, b) + ⟨g_a, a' − a⟩ + ⟨g_b, b' − b⟩, at other
     * weights of the same masses (which the general merge solves: an independent path).
     */
    @Test
    void uniformCloudsOfEqualSizeMatchCentralDifferences() {
        Cases.forAll(19, 8, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = new int[] {3, 7, 300}[c.intIn("n", 0, 2)], d = c.intIn("d", 1, 3);
            double p = new double[] {1.5, 2, 3}[c.intIn("p", 0, 2)];
            SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(c.intIn("L", 1, 12)).withSeed(c.anyLong("dirs")).withP(p)
                    .withMaxSliced(c.anyBoolean("max"));
            Matrix x = GradientCheck.cloud(n, d, r), y = GradientCheck.cloud(n, d, r);
            double[] a = new double[n], b = new double[n];
            Arrays.fill(a, 2.0 / n);
            Arrays.fill(b, 2.0 / n);
            ValueAndGradient g = sw.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y));
            double sw0 = sw.distance(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y));
            assertThat(g.value()).isCloseTo(Math.pow(sw0, p), within(1e-10 * g.value()));
            GradientCheck.points(x, g.x(), xs -> cost(sw, a, xs, b, y), 1e-6, 1e-6, r);
            GradientCheck.points(y, g.y(), ys -> cost(sw, a, x, b, ys), 1e-6, 1e-6, r);
            for (int t = 0; t < 5; t++) {
                double[] as = GradientCheck.weights(n, 2, r), bs = GradientCheck.weights(n, 2, r);
                double bound = g.value(), scale = Math.abs(g.value());
                for (int i = 0; i < n; i++) bound += g.a()[i] * (as[i] - a[i]) + g.b()[i] * (bs[i] - b[i]);
                assertThat(cost(sw, as, x, bs, y)).as("subgradient inequality").isGreaterThanOrEqualTo(bound - 1e-12 * (1 + scale));
            }
        });
    }

    /** Points near 1e-150 are rescaled exactly: the cost scales by s^p, point gradients by s^(p−1); costs beyond the range are refused. */
    @Test
    void extremeScalesAreRescaledOrRefused() {
        Random r = new Random(19);
        Matrix x = GradientCheck.cloud(5, 2, r), y = GradientCheck.cloud(4, 2, r);
        SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(5).withP(2);
        ValueAndGradient g = sw.valueAndGradient(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y));
        double s = 0x1p-500;
        ValueAndGradient t = sw.valueAndGradient(DiscreteMeasure.uniform(x.scale(s)), DiscreteMeasure.uniform(y.scale(s)));
        assertThat(t.value()).isCloseTo(g.value() * s * s, within(1e-12 * g.value() * s * s));
        for (int k = 0; k < 10; k++) assertThat(t.x().toRowMajor()[k]).isCloseTo(g.x().toRowMajor()[k] * s, within(1e-12 * s));
        double big = 0x1p600;
        assertThatThrownBy(() -> sw.valueAndGradient(DiscreteMeasure.uniform(x.scale(big)), DiscreteMeasure.uniform(y.scale(big))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the double range");
    }

    private static double cost(SlicedWasserstein sw, double[] a, Matrix x, double[] b, Matrix y) {
        return sw.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y)).value();
    }
}
