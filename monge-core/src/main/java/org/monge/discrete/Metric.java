package org.monge.discrete;

import java.util.Locale;

/**
 * A ground cost between two points of R^d. The named metrics cover the common cases; any
 * function of two points can be given with {@link #of}.
 */
@FunctionalInterface
public interface Metric {
    /** c(x, y) for points x, y of equal length. */
    double cost(double[] x, double[] y);

    Metric SQEUCLIDEAN = (x, y) -> {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            double d = x[k] - y[k];
            s += d * d;
        }
        return s;
    };

    Metric EUCLIDEAN = (x, y) -> Math.sqrt(SQEUCLIDEAN.cost(x, y));

    Metric CITYBLOCK = (x, y) -> {
        double s = 0;
        for (int k = 0; k < x.length; k++) s += Math.abs(x[k] - y[k]);
        return s;
    };

    /** (Σ |x_k − y_k|^p)^(1/p), p ≥ 1. */
    static Metric minkowski(double p) {
        if (!(p >= 1) || Double.isNaN(p)) throw new IllegalArgumentException("Minkowski p must be at least 1, got " + p);
        if (p == 1) return CITYBLOCK;
        if (p == 2) return EUCLIDEAN;
        return new Minkowski(p);
    }

    /** (Σ |x_k − y_k|^p)^(1/p) for p other than 1 and 2 (those are {@link #CITYBLOCK} and {@link #EUCLIDEAN}). */
    record Minkowski(double p) implements Metric {
        @Override
        public double cost(double[] x, double[] y) {
            double s = 0;
            for (int k = 0; k < x.length; k++) s += Math.pow(Math.abs(x[k] - y[k]), p);
            return Math.pow(s, 1 / p);
        }
    }

    /**
     * The degree k with c(sx, sy) = s^k c(x, y) for every s &gt; 0: 2 for {@link #SQEUCLIDEAN}, 1 for
     * {@link #EUCLIDEAN}, {@link #CITYBLOCK} and {@link #minkowski}; 0 for any other metric (not known to be
     * homogeneous). Solvers use it to compute on points rescaled by a power of two.
     */
    static int homogeneity(Metric m) {
        if (m == SQEUCLIDEAN) return 2;
        return m == EUCLIDEAN || m == CITYBLOCK || m instanceof Minkowski ? 1 : 0;
    }

    /** A user-supplied cost. */
    static Metric of(Metric f) {
        return f;
    }

    /** Parses "sqeuclidean", "euclidean", "cityblock" or "minkowski:P". */
    static Metric named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "sqeuclidean": return SQEUCLIDEAN;
            case "euclidean": return EUCLIDEAN;
            case "cityblock": case "manhattan": return CITYBLOCK;
            default:
                if (n.startsWith("minkowski:")) {
                    try {
                        return minkowski(Double.parseDouble(n.substring(10)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("metric: cannot read the Minkowski exponent in '" + name + "'");
                    }
                }
                throw new IllegalArgumentException("metric: unknown metric '" + name
                        + "' (expected sqeuclidean, euclidean, cityblock or minkowski:P)");
        }
    }
}
