package org.monge.discrete.internal;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Anderson acceleration (unit weights, as the entropic GW iteration uses it on its moments) on affine contractions
 * x ← A x + c of R^d (d ≤ 4, spectral radius up to 0.95): with a history at least d it reaches the fixed point (the
 * plain iteration run for 5000 steps) to 1e-10 within 2d + 4 steps: type II Anderson is a secant method, exact on
 * affine maps once d independent differences are stored.
 */
class AndersonAccelerationTest {

    @Test
    void solvesAffineContractionsInAboutTheirDimension() {
        Cases.forAll(1401, 30, k -> {
            int d = k.intIn("d", 1, 4);
            double rho = k.doubleIn("rho", 0.5, 0.95);
            Random rnd = new Random(k.anyLong("seed"));
            double[][] a = new double[d][d];
            for (double[] row : a) for (int j = 0; j < d; j++) row[j] = rnd.nextGaussian();
            double norm = Matrix.of(a).frobeniusNorm();
            for (double[] row : a) for (int j = 0; j < d; j++) row[j] *= rho / norm; // ‖A‖₂ ≤ ‖A‖_F = ρ
            double[] c = new double[d];
            for (int j = 0; j < d; j++) c[j] = rnd.nextGaussian();
            double[] fixed = new double[d]; // the plain iteration run to its end: ρ^5000 < 1e-100
            for (int s = 0; s < 5000; s++) fixed = image(a, c, fixed);
            double[] unit = new double[d];
            Arrays.fill(unit, 1.0);
            AndersonAcceleration anderson = new AndersonAcceleration(5, unit);
            double[] x = new double[d];
            for (int s = 0; s < 2 * d + 4; s++) anderson.extrapolate(x, image(a, c, x), x);
            for (int j = 0; j < d; j++) assertEquals(fixed[j], x[j], 1e-10 * (1 + Math.abs(fixed[j])), "x[" + j + "]");
        });
    }

    private static double[] image(double[][] a, double[] c, double[] x) {
        double[] out = c.clone();
        for (int i = 0; i < a.length; i++) for (int j = 0; j < x.length; j++) out[i] += a[i][j] * x[j];
        return out;
    }
}
