package org.monge.gmm;

import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Dormand–Prince 5(4) explicit Runge–Kutta with embedded error control (Dormand &amp; Prince 1980;
 * Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.4): steps are accepted when the mixed
 * absolute/relative error estimate is below one, with the usual step-size controller
 * h ← h · min(5, max(0.2, 0.9 err^{−1/5})). A caller-supplied acceptance test (for gradient flows:
 * the state stays in the domain and the energy does not increase) can reject a step, which then
 * halves. Cost: six right-hand sides per step (first-same-as-last).
 */
final class AdaptiveRungeKutta {
    private static final double[][] A = {
            {},
            {1.0 / 5},
            {3.0 / 40, 9.0 / 40},
            {44.0 / 45, -56.0 / 15, 32.0 / 9},
            {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
            {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
            {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
    private static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    private static final double[] B5 = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
    private static final double[] B4 = {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40};

    final double relTol, absTol;

    AdaptiveRungeKutta(double relTol, double absTol) {
        this.relTol = relTol;
        this.absTol = absTol;
    }

    /** One outcome of {@link #step}: the new state and time, the next step size, or a rejection. */
    record Step(double[] y, double t, double nextH, boolean accepted, double[] fLast) {}

    /**
     * Tries one step of size h from (t, y) with f0 = f(t, y); {@code accept} may veto the proposed
     * state. Rejections return the same state with a smaller h.
     */
    Step step(BiFunction<Double, double[], double[]> f, double t, double[] y, double[] f0, double h, Predicate<double[]> accept) {
        int n = y.length;
        double[][] k = new double[7][];
        k[0] = f0;
        double[] tmp = new double[n];
        for (int s = 1; s < 7; s++) {
            for (int i = 0; i < n; i++) {
                double acc = y[i];
                for (int j = 0; j < s; j++) acc += h * A[s][j] * k[j][i];
                tmp[i] = acc;
            }
            if (s == 6) break;
            k[s] = f.apply(t + C[s] * h, tmp.clone());
        }
        double[] y5 = tmp.clone(); // stage 7 point equals the 5th-order solution (FSAL)
        k[6] = f.apply(t + h, y5.clone());
        double err = 0;
        for (int i = 0; i < n; i++) {
            double e = 0;
            for (int s = 0; s < 7; s++) e += h * (B5[s] - B4[s]) * k[s][i];
            double sc = absTol + relTol * Math.max(Math.abs(y[i]), Math.abs(y5[i]));
            err = Math.max(err, Math.abs(e) / sc);
        }
        boolean finite = true;
        for (double v : y5) finite &= Double.isFinite(v);
        if (!finite || err > 1 || !accept.test(y5)) {
            double shrink = finite && err > 1 ? Math.max(0.2, 0.9 * Math.pow(err, -0.2)) : 0.5;
            return new Step(y, t, h * shrink, false, f0);
        }
        double grow = err == 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
        return new Step(y5, t + h, h * grow, true, k[6]);
    }
}
