package org.monge.discrete;

import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * Gradients ∇_x c(x, y) of the ground costs whose form is known: {@link Metric#SQEUCLIDEAN} 2(x − y),
 * {@link Metric#EUCLIDEAN} (x − y)/|x − y|, {@link Metric#CITYBLOCK} sign(x − y), {@link Metric#minkowski}
 * and {@link EuclideanPower} |x − y|^p. Each is a function of x − y, so ∇_y c = −∇_x c. Where the cost
 * is not differentiable (x = y for the norms, a zero coordinate for the city-block distance) the
 * subgradient element 0 is used for that term. Used by the envelope-theorem gradients of OT values,
 * ∂V/∂x_i = Σ_j π_ij ∇_x c(x_i, y_j) (Santambrogio 2015, Prop. 7.17; Peyré &amp; Cuturi 2019, §9.1).
 */
public final class CostGradient {
    private CostGradient() {}

    /** Adds s·∇_x c(x, y) to out. */
    @FunctionalInterface
    public interface Gradient {
        void add(double[] x, double[] y, double s, double[] out);
    }

    /** The cost |x − y|^p with the Euclidean norm (the cost of W_p^p), p ≥ 1. */
    public record EuclideanPower(double p) implements Metric {
        public EuclideanPower {
            Checks.exponent(p, "p");
        }

        @Override
        public double cost(double[] x, double[] y) {
            double d = Metric.SQEUCLIDEAN.cost(x, y);
            return p == 2 ? d : p == 1 ? Math.sqrt(d) : Math.pow(d, p / 2);
        }
    }

    /** The metric of W_p: {@link Metric#EUCLIDEAN} for p = 1, {@link Metric#SQEUCLIDEAN} for 2, else {@link EuclideanPower}. */
    public static Metric wassersteinCost(double p) {
        Checks.exponent(p, "p");
        return p == 1 ? Metric.EUCLIDEAN : p == 2 ? Metric.SQEUCLIDEAN : new EuclideanPower(p);
    }

    /** ∇_x c for a metric of known form; an IllegalArgumentException naming the metric otherwise. */
    public static Gradient of(Metric metric) {
        if (metric == Metric.SQEUCLIDEAN) {
            return (x, y, s, out) -> {
                for (int k = 0; k < x.length; k++) out[k] += 2 * s * (x[k] - y[k]);
            };
        }
        if (metric == Metric.EUCLIDEAN) return power(1);
        if (metric instanceof EuclideanPower e) return power(e.p());
        if (metric == Metric.CITYBLOCK) {
            return (x, y, s, out) -> {
                for (int k = 0; k < x.length; k++) out[k] += s * Math.signum(x[k] - y[k]);
            };
        }
        if (metric instanceof Metric.Minkowski mk) {
            double p = mk.p();
            return (x, y, s, out) -> {
                double norm = mk.cost(x, y);
                if (norm == 0) return;
                for (int k = 0; k < x.length; k++) {
                    double t = x[k] - y[k];
                    out[k] += s * Math.signum(t) * Math.pow(Math.abs(t) / norm, p - 1);
                }
            };
        }
        throw new IllegalArgumentException("metric: the gradient is known only for sqeuclidean, euclidean, cityblock, "
                + "minkowski:P and |x - y|^p, not for a user-supplied metric");
    }

    /** ∇_x |x − y|^p = p |x − y|^(p−2) (x − y); 0 at x = y. */
    private static Gradient power(double p) {
        return (x, y, s, out) -> {
            double sq = Metric.SQEUCLIDEAN.cost(x, y);
            if (sq == 0) return;
            double f = p == 2 ? 2 : p == 1 ? 1 / Math.sqrt(sq) : p * Math.pow(sq, p / 2 - 1);
            for (int k = 0; k < x.length; k++) out[k] += s * f * (x[k] - y[k]);
        };
    }

    /**
     * The position gradients Σ_j π_ij ∇_x c(x_i, y_j) (row i of the first matrix) and Σ_i π_ij ∇_y c(x_i, y_j)
     * (row j of the second) of a plan between the points xs and ys (one a row, not modified): one pass over its non-zero entries.
     */
    public static Matrix[] ofPlan(TransportPlan plan, double[][] xs, double[][] ys, Metric metric) {
        Gradient grad = of(metric);
        int d = xs.length > 0 ? xs[0].length : ys[0].length;
        double[][] gx = new double[xs.length][d], gy = new double[ys.length][d];
        double[] t = new double[d];
        plan.forEachNonZero((i, j, mass) -> {
            Arrays.fill(t, 0);
            grad.add(xs[i], ys[j], mass, t);
            for (int k = 0; k < d; k++) {
                gx[i][k] += t[k];
                gy[j][k] -= t[k];
            }
        });
        return new Matrix[] {Matrix.of(gx), Matrix.of(gy)};
    }
}
