package org.monge.discrete;

import org.monge.linalg.Matrix;

import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Central finite differences of a value along random directions, compared with the directional derivative
 * ⟨gradient, direction⟩ that an analytic gradient predicts. Weight directions are centred (Σ v = 0) when the
 * weights live on a simplex, so that they stay on it.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** (f(h) − f(−h)) / 2h. */
    public static double central(ToDoubleFunction<Double> f, double h) {
        return (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
    }

    /** A random matrix of the shape of m, entries standard normal. */
    public static Matrix direction(Matrix m, Random rnd) {
        double[] d = new double[m.rows() * m.cols()];
        for (int k = 0; k < d.length; k++) d[k] = rnd.nextGaussian();
        return Matrix.fromRowMajor(m.rows(), m.cols(), d);
    }

    /** A random vector of length n, centred (sum 0) when {@code centred}. */
    public static double[] direction(int n, boolean centred, Random rnd) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = rnd.nextGaussian();
        return centred ? ValueAndGradient.tangent(v) : v;
    }

    public static double[] plus(double[] a, double t, double[] v) {
        double[] o = a.clone();
        for (int k = 0; k < o.length; k++) o[k] += t * v[k];
        return o;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    /** Checks ⟨g, V⟩ against the central difference of value(x + tV) at step h, to relative tol (of scale). */
    public static void points(Matrix x, Matrix g, Function<Matrix, Double> value, double h, double tol, Random rnd) {
        Matrix v = direction(x, rnd);
        double fd = central(t -> value.apply(x.plus(v.scale(t))), h);
        double an = g.dot(v);
        assertThat(Math.abs(fd - an)).as("points: finite difference %s, gradient %s", fd, an)
                .isLessThanOrEqualTo(tol * Math.max(Math.abs(an), Math.abs(fd)) + tol * 1e-3);
    }

    /** Checks ⟨g, v⟩ against the central difference of value(w + tv), v centred when {@code centred}. */
    public static void weights(double[] w, double[] g, Function<double[], Double> value, boolean centred, double h, double tol,
                               Random rnd) {
        double[] v = direction(w.length, centred, rnd);
        double fd = central(t -> value.apply(plus(w, t, v)), h);
        double an = dot(g, v);
        assertThat(Math.abs(fd - an)).as("weights: finite difference %s, gradient %s", fd, an)
                .isLessThanOrEqualTo(tol * Math.max(Math.abs(an), Math.abs(fd)) + tol * 1e-3);
    }

    /** n points of R^d, coordinates standard normal. */
    public static Matrix cloud(int n, int d, Random r) {
        double[][] p = new double[n][d];
        for (double[] row : p) for (int k = 0; k < d; k++) row[k] = r.nextGaussian();
        return Matrix.of(p);
    }

    /** n positive weights (between 0.5 and 1.5 before scaling) of total {@code mass}. */
    public static double[] weights(int n, double mass, Random r) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.5 + r.nextDouble();
        for (int i = 0; i < n; i++) w[i] *= mass / s;
        return w;
    }

    /** A value of weighted point clouds (a, x) and (b, y). */
    @FunctionalInterface
    public interface Value {
        double of(double[] a, Matrix x, double[] b, Matrix y);
    }

    /** All four checks of g: points x, y at step hp, weights a, b (centred directions when {@code simplex}) at step hw. */
    public static void all(ValueAndGradient g, double[] a, Matrix x, double[] b, Matrix y, Value v, boolean simplex, double hp, double hw,
                           double tol, Random r) {
        points(x, g.x(), xs -> v.of(a, xs, b, y), hp, tol, r);
        points(y, g.y(), ys -> v.of(a, x, b, ys), hp, tol, r);
        weights(a, g.a(), as -> v.of(as, x, b, y), simplex, hw, tol, r);
        weights(b, g.b(), bs -> v.of(a, x, bs, y), simplex, hw, tol, r);
    }
}
