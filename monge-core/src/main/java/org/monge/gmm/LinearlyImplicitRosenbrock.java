package org.monge.gmm;

import java.util.function.Function;

/**
 * ROS2, the two-stage linearly implicit Rosenbrock method of Verwer, Spee, Blom &amp; Hundsdorfer
 * ("A second-order Rosenbrock method applied to photochemical dispersion problems", SIAM J. Sci.
 * Comput. 20, 1999), for stiff systems y' = f(y):
 * (I − γhJ) k1 = f(y), (I − γhJ) k2 = f(y + h k1) − 2 k1, y⁺ = y + (3/2) h k1 + (1/2) h k2,
 * γ = 1 + 1/√2. It is L-stable with the exact Jacobian and of order two for any matrix J (a
 * W-method), so a Jacobian may be kept for several steps. The embedded first-order solution
 * y + h k1 gives the error estimate (h/2)(k1 + k2), and the controller
 * h ← h · min(5, max(0.2, 0.9 err^{−1/2})). Hand-written: one dense LU with partial pivoting per
 * step (O(n³)), two right-hand sides; the Jacobian is the caller's (finite differences here).
 */
final class LinearlyImplicitRosenbrock {
    static final double GAMMA = 1 + 1 / Math.sqrt(2);

    private LinearlyImplicitRosenbrock() {}

    /** One proposed step: the new state, f there (null when f refused it), and the scaled error estimate. */
    record Step(double[] y, double[] f, double error) {
        boolean valid() { return y != null && f != null && Double.isFinite(error); }
    }

    /**
     * A step of size h from y with f0 = f(y) and the Jacobian jac (row-major n×n); f returns null
     * for a state outside its domain, which makes the step invalid (the caller shrinks h). The
     * error is max_i |(h/2)(k1 + k2)_i| / (absTol + relTol max(|y_i|, |y⁺_i|)).
     */
    static Step step(Function<double[], double[]> f, double[] y, double[] f0, double[][] jac, double h, double relTol, double absTol) {
        int n = y.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) m[i][j] = (i == j ? 1 : 0) - GAMMA * h * jac[i][j];
        }
        int[] piv = factor(m);
        if (piv == null) return new Step(null, null, Double.NaN);
        double[] k1 = solve(m, piv, f0.clone());
        double[] y1 = new double[n];
        for (int i = 0; i < n; i++) y1[i] = y[i] + h * k1[i];
        double[] f1 = f.apply(y1);
        if (f1 == null) return new Step(null, null, Double.NaN);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = f1[i] - 2 * k1[i];
        double[] k2 = solve(m, piv, r);
        double[] yn = new double[n];
        double err = 0;
        for (int i = 0; i < n; i++) {
            yn[i] = y[i] + 1.5 * h * k1[i] + 0.5 * h * k2[i];
            double sc = absTol + relTol * Math.max(Math.abs(y[i]), Math.abs(yn[i]));
            err = Math.max(err, Math.abs(0.5 * h * (k1[i] + k2[i])) / sc);
        }
        if (!(err <= 1)) return new Step(yn, null, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        double[] fn = f.apply(yn);
        return new Step(yn, fn, err);
    }

    /** The step-size factor after an error estimate err (order two, embedded order one). */
    static double factor(double err) {
        if (err == 0) return 5;
        return Math.min(5, Math.max(0.2, 0.9 / Math.sqrt(err)));
    }

    /** In-place LU with partial pivoting; the pivot order, or null when the matrix is singular. */
    private static int[] factor(double[][] a) {
        int n = a.length;
        int[] piv = new int[n];
        for (int i = 0; i < n; i++) piv[i] = i;
        for (int c = 0; c < n; c++) {
            int best = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[best][c])) best = r;
            if (!(Math.abs(a[best][c]) > 0)) return null;
            if (best != c) {
                double[] t = a[best]; a[best] = a[c]; a[c] = t;
                int ti = piv[best]; piv[best] = piv[c]; piv[c] = ti;
            }
            for (int r = c + 1; r < n; r++) {
                double l = a[r][c] / a[c][c];
                a[r][c] = l;
                if (l == 0) continue;
                for (int k = c + 1; k < n; k++) a[r][k] -= l * a[c][k];
            }
        }
        return piv;
    }

    private static double[] solve(double[][] lu, int[] piv, double[] b) {
        int n = b.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[piv[i]];
            for (int k = 0; k < i; k++) s -= lu[i][k] * x[k];
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= lu[i][k] * x[k];
            x[i] = s / lu[i][i];
        }
        return x;
    }
}
