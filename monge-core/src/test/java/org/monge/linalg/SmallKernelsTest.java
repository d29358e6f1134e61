package org.monge.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The blocked products and the Gram matrix of {@link SmallKernels} against plain triple sums, at every n from 1 to 13 (odd and even). */
class SmallKernelsTest {

    @Test
    void productsEqualTripleSums() {
        Random rnd = new Random(29);
        for (int n = 1; n <= 13; n++) {
            double[] a = random(rnd, n), b = random(rnd, n), lower = random(rnd, n), c = new double[n * n];
            // the triangular products must not read the upper triangle: fill it with NaN
            double[] lowerNaN = lower.clone();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    lower[i * n + j] = 0;
                    lowerNaN[i * n + j] = Double.NaN;
                }
            }
            SmallKernels.multiply(a, b, c, n);
            assertClose(c, naive(a, false, b, n), "a b, n = " + n);
            SmallKernels.multiplyTransposedLeft(a, b, c, n);
            assertClose(c, naive(a, true, b, n), "aᵀ b, n = " + n);
            SmallKernels.lowerTimes(lowerNaN, b, c, n);
            assertClose(c, naive(lower, false, b, n), "L b, n = " + n);
            SmallKernels.lowerTransposedTimes(lowerNaN, b, c, n);
            assertClose(c, naive(lower, true, b, n), "Lᵀ b, n = " + n);
            SmallKernels.gramOfRows(a, c, n);
            double[] at = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) at[i * n + j] = a[j * n + i];
            assertClose(c, naive(a, false, at, n), "a aᵀ, n = " + n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertThat(c[i * n + j]).as("symmetry").isEqualTo(c[j * n + i]);
            for (int i = 0; i < n; i++) lowerNaN[i * n + i] = lower[i * n + i] = 2 + Math.abs(lower[i * n + i]);
            SmallKernels.invertLower(lowerNaN, c, n);
            double[] identity = new double[n * n];
            for (int i = 0; i < n; i++) identity[i * n + i] = 1;
            assertClose(naive(lower, false, c, n), identity, "L L^-1, n = " + n);
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) assertThat(c[i * n + j]).as("upper of L^-1").isZero();
        }
    }

    private static double[] random(Random rnd, int n) {
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        return x;
    }

    /** X b with X = x or xᵀ, one entry at a time. */
    private static double[] naive(double[] x, boolean transposed, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += (transposed ? x[k * n + i] : x[i * n + k]) * b[k * n + j];
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static void assertClose(double[] got, double[] expected, String what) {
        for (int i = 0; i < got.length; i++) {
            assertThat(Math.abs(got[i] - expected[i])).as(what + " entry " + i).isLessThanOrEqualTo(1e-13 * (1 + Math.abs(expected[i])));
        }
    }
}
