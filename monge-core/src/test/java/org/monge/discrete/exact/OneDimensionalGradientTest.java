package org.monge.discrete.exact;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostGradient;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.GradientCheck;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OneDimensionalGradientTest {
    @Test
    void gradientsMatchCentralDifferencesOnGenericInputs() {
        Cases.forAll(16, 30, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 1, 9), m = c.intIn("m", 1, 9);
            double p = new double[] {1, 1.5, 2, 3}[c.intIn("p", 0, 3)];
            double[] u = normals(n, r), v = normals(m, r), uw = GradientCheck.weights(n, 1, r), vw = GradientCheck.weights(m, 1, r);
            ValueAndGradient g = OneDimensionalGradient.valueAndGradient(u, uw, v, vw, p);
            assertThat(g.value()).isCloseTo(OneDimensional.wassersteinCost(u, uw, v, vw, p), within(1e-12 * (1 + g.value())));
            GradientCheck.points(Matrix.column(u), g.x(), us -> OneDimensional.solve(us.toRowMajor(), uw, v, vw, p).cost(), 1e-6, 1e-6, r);
            GradientCheck.points(Matrix.column(v), g.y(), vs -> OneDimensional.solve(u, uw, vs.toRowMajor(), vw, p).cost(), 1e-6, 1e-6, r);
            GradientCheck.weights(uw, g.a(), ws -> OneDimensional.solve(u, ws, v, vw, p).cost(), true, 1e-7, 1e-6, r);
            GradientCheck.weights(vw, g.b(), ws -> OneDimensional.solve(u, uw, v, ws, p).cost(), true, 1e-7, 1e-6, r);
        });
    }

    /** Uniform weights on equal sizes take their own path: the same value and gradient as the general one. */
    @Test
    void uniformMeasuresOfEqualSizeAgreeWithTheGeneralPath() {
        Random r = new Random(6);
        for (double p : new double[] {1, 2, 3}) {
            double[] u = normals(9, r), v = normals(9, r), uniform = new double[9];
            Arrays.fill(uniform, 1.0 / 9);
            OneDimensionalGradient.Raw fast = OneDimensionalGradient.raw(u, null, v, null, p);
            OneDimensionalGradient.Raw general = OneDimensionalGradient.raw(u, uniform, v, uniform, p);
            assertThat(fast.cost()).isCloseTo(general.cost(), within(1e-12));
            assertThat(fast.du()).containsExactly(general.du(), within(1e-12));
            assertThat(fast.dv()).containsExactly(general.dv(), within(1e-12));
            assertThat(fast.f()).containsExactly(general.f(), within(1e-12));
            assertThat(fast.g()).containsExactly(general.g(), within(1e-12));
        }
    }

    /** Where the potentials are unique (generic weights) they are the network simplex's on the same points. */
    @Test
    void weightGradientsAgreeWithTheNetworkSimplex() {
        Random r = new Random(5);
        double[] u = normals(6, r), v = normals(8, r), uw = GradientCheck.weights(6, 1, r), vw = GradientCheck.weights(8, 1, r);
        ValueAndGradient one = OneDimensionalGradient.valueAndGradient(u, uw, v, vw, 2);
        ValueAndGradient ns = ExactGradient.valueAndGradient(DiscreteMeasure.of(uw, Matrix.column(u)),
                DiscreteMeasure.of(vw, Matrix.column(v)),
                CostGradient.wassersteinCost(2));
        for (int i = 0; i < 6; i++) assertThat(one.a()[i]).isCloseTo(ns.a()[i], within(1e-12));
        for (int j = 0; j < 8; j++) assertThat(one.b()[j]).isCloseTo(ns.b()[j], within(1e-12));
        assertThat(one.x().toRowMajor()).containsExactly(ns.x().toRowMajor(), within(1e-12));
    }

    /**
     * Ties of the cumulative weights (uniform measures of equal size: every step) and zero weights take the
     * degenerate and c-transform branches; the potentials must still be dual feasible and optimal.
     */
    @Test
    void potentialsAreDualOptimalWithTiesAndZeroWeights() {
        Cases.forAll(17, 30, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 1, 8);
            boolean uniform = c.anyBoolean("uniform");
            int m = uniform ? n : c.intIn("m", 1, 8);
            double p = new double[] {1, 2, 2.5}[c.intIn("p", 0, 2)];
            double[] u = normals(n, r), v = normals(m, r);
            double[] uw = uniform ? null : zeroSome(GradientCheck.weights(n, 1, r), r);
            double[] vw = uniform ? null : zeroSome(GradientCheck.weights(m, 1, r), r);
            OneDimensionalGradient.Raw raw = OneDimensionalGradient.raw(u, uw, v, vw, p);
            double dual = 0;
            for (int i = 0; i < n; i++) {
                dual += (uw == null ? 1.0 / n : uw[i]) * raw.f()[i];
                for (int j = 0; j < m; j++) {
                    assertThat(raw.f()[i] + raw.g()[j]).as("dual feasibility at (%d, %d)", i, j)
                            .isLessThanOrEqualTo(Math.pow(Math.abs(u[i] - v[j]), p) + 1e-12);
                }
            }
            for (int j = 0; j < m; j++) dual += (vw == null ? 1.0 / m : vw[j]) * raw.g()[j];
            assertThat(dual).isCloseTo(raw.cost(), within(1e-12 * (1 + raw.cost())));
        });
    }

    static double[] normals(int n, Random r) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
        return x;
    }

    /** Sets one weight to zero (when there are two or more) and renormalises. */
    private static double[] zeroSome(double[] w, Random r) {
        if (w.length < 2) return w;
        w[r.nextInt(w.length)] = 0;
        double s = 0;
        for (double t : w) s += t;
        for (int i = 0; i < w.length; i++) w[i] /= s;
        return w;
    }
}
