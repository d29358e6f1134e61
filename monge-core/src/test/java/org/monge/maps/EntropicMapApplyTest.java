package org.monge.maps;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EntropicMap#apply} (chunked online log-sum-exp, skipped chunks, {@code FastExp}) against the formula evaluated
 * directly: exact maximum, {@link Math#exp} on every support point, sums in order. Supports of sizes that are and are not
 * multiples of the chunk, in 1 to 5 dimensions, ε from 1e-4 (most chunks skipped) to 10, points inside and far outside the
 * support, potentials of any scale: relative 1e-11 on the displacement T(x) − c.
 */
class EntropicMapApplyTest {
    /** The exponents s_j = (g_j − |x − y_j|²)/ε + log b_j of the formula at x, summed directly. */
    private static double[] exponents(Matrix y, double[] b, double[] g, double eps, double[] x) {
        int m = y.rows(), d = y.cols();
        double[] s = new double[m];
        for (int j = 0; j < m; j++) {
            double sq = 0;
            for (int k = 0; k < d; k++) sq += (x[k] - y.get(j, k)) * (x[k] - y.get(j, k));
            s[j] = (g[j] - sq) / eps + Math.log(b[j]);
        }
        return s;
    }

    private static double[] direct(Matrix y, double[] b, double[] g, double eps, double[] x) {
        int m = y.rows(), d = y.cols();
        double[] s = exponents(y, b, g, eps, x);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) max = Math.max(max, v);
        double z = 0;
        double[] t = new double[d];
        for (int j = 0; j < m; j++) {
            double w = Math.exp(s[j] - max);
            z += w;
            for (int k = 0; k < d; k++) t[k] += w * y.get(j, k);
        }
        for (int k = 0; k < d; k++) t[k] /= z;
        return t;
    }

    @Test
    void applyIsTheFormula() {
        Cases.forAll(2026_12_07L, 40, c -> {
            int d = c.intIn("d", 1, 5);
            int m = c.anyBoolean("multiple") ? EntropicMap.CHUNK * c.intIn("chunks", 1, 6) : c.intIn("m", 1, 1500);
            double eps = Math.pow(10, c.doubleIn("log10 eps", -4, 1));
            double gScale = Math.pow(10, c.doubleIn("log10 potential scale", -3, 0));
            Random rnd = new Random(c.anyLong("seed"));
            double[] yv = new double[m * d], b = new double[m], g = new double[m];
            for (int i = 0; i < yv.length; i++) yv[i] = rnd.nextGaussian() + 3;
            for (int j = 0; j < m; j++) {
                b[j] = 0.1 + rnd.nextDouble();
                g[j] = gScale * rnd.nextGaussian();
            }
            Matrix y = Matrix.fromRowMajor(m, d, yv);
            EntropicMap map = EntropicMap.of(y, b, g, eps);
            int n = 20;
            double[] xv = new double[n * d];
            double reach = c.doubleIn("reach", 0, 4);
            for (int i = 0; i < xv.length; i++) xv[i] = 3 + reach * rnd.nextGaussian();
            double[] got = map.apply(Matrix.fromRowMajor(n, d, xv)).toRowMajor();
            double[] centre = new double[d];
            for (int j = 0; j < m; j++) for (int k = 0; k < d; k++) centre[k] += yv[j * d + k] / m;
            for (int i = 0; i < n; i++) {
                double[] x = Arrays.copyOfRange(xv, i * d, (i + 1) * d);
                double[] want = direct(y, b, g, eps, x);
                double err = 0, size = 0;
                for (int k = 0; k < d; k++) {
                    err = Math.max(err, Math.abs(got[i * d + k] - want[k]));
                    size = Math.max(size, Math.abs(want[k] - centre[k]));
                }
                assertThat(err).as("point %d", i).isLessThanOrEqualTo(1e-11 * Math.max(size, 1e-3));
            }
        });
    }

    /**
     * The pruning (chunks whose bound is below e^−{@value EntropicMap#PRUNE} of the shift are skipped) against the
     * unpruned formula: uniform supports of the unit square or cube with smooth potentials (a random quadratic plus
     * noise) at ε where the cut-off radius √(40 ε) lies inside the support, so that many chunks fall on either side of
     * it (checked: at least a tenth of the terms of the average point lie below e^−40 of its largest). Relative 1e-12
     * to the support's radius (T is translation-equivariant, so its displacement's scale is the support's).
     */
    @Test
    void prunedEvaluationIsTheUnprunedOne() {
        Cases.forAll(2026_12_08L, 16, c -> {
            int d = c.intIn("d", 2, 3), m = c.intIn("m", 1000, 5000);
            double eps = Math.pow(10, c.doubleIn("log10 eps", -3, -1.7));
            Random rnd = new Random(c.anyLong("seed"));
            double[] yv = new double[m * d], b = new double[m], g = new double[m], q = new double[d], l = new double[d];
            for (int k = 0; k < d; k++) {
                q[k] = rnd.nextGaussian();
                l[k] = rnd.nextGaussian();
            }
            for (int j = 0; j < m; j++) {
                b[j] = 0.5 + rnd.nextDouble();
                for (int k = 0; k < d; k++) {
                    double t = yv[j * d + k] = rnd.nextDouble();
                    g[j] += 0.1 * (q[k] * t * t + l[k] * t);
                }
                g[j] += 1e-3 * rnd.nextGaussian();
            }
            Matrix y = Matrix.fromRowMajor(m, d, yv);
            EntropicMap map = EntropicMap.of(y, b, g, eps);
            int n = 40;
            double[] xv = new double[n * d];
            for (int i = 0; i < xv.length; i++) xv[i] = 1.4 * rnd.nextDouble() - 0.2;
            double[] got = map.apply(Matrix.fromRowMajor(n, d, xv)).toRowMajor();
            double[] centre = new double[d];
            for (int j = 0; j < m; j++) for (int k = 0; k < d; k++) centre[k] += yv[j * d + k] / m;
            double radius = 0;
            for (int j = 0; j < m; j++) for (int k = 0; k < d; k++) radius = Math.max(radius, Math.abs(yv[j * d + k] - centre[k]));
            double below = 0;
            for (int i = 0; i < n; i++) {
                double[] x = Arrays.copyOfRange(xv, i * d, (i + 1) * d);
                double[] want = direct(y, b, g, eps, x);
                for (int k = 0; k < d; k++) {
                    assertThat(Math.abs(got[i * d + k] - want[k])).as("point %d coordinate %d", i, k).isLessThanOrEqualTo(1e-12 * radius);
                }
                below += farTerms(y, b, g, eps, x) / (double) (m * n);
            }
            assertThat(below).as("fraction of terms below e^-40 of the largest").isGreaterThan(0.1);
        });
    }

    /** How many terms of the formula at x lie below e^−PRUNE of its largest. */
    private static int farTerms(Matrix y, double[] b, double[] g, double eps, double[] x) {
        double[] s = exponents(y, b, g, eps, x);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) max = Math.max(max, v);
        int far = 0;
        for (double v : s) if (v < max - EntropicMap.PRUNE) far++;
        return far;
    }
}
