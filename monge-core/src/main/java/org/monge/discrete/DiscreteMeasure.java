package org.monge.discrete;

import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * A discrete measure Σ a_i δ_{x_i}: non-negative finite weights, optionally with support points
 * (an n×d matrix, one point a row).
 */
public final class DiscreteMeasure {
    /** Relative tolerance within which two total masses count as equal. */
    public static final double MASS_TOLERANCE = 1e-9;

    private final double[] weights;
    private final Matrix support; // may be null

    private DiscreteMeasure(double[] weights, Matrix support) {
        this.weights = weights;
        this.support = support;
    }

    /** Weights only; each must be finite and non-negative, with a positive total. */
    public static DiscreteMeasure of(double[] weights) {
        return new DiscreteMeasure(validate(weights, "weights"), null);
    }

    /** Weights on support points (one point a row). */
    public static DiscreteMeasure of(double[] weights, Matrix support) {
        double[] w = validate(weights, "weights");
        if (support.rows() != w.length) {
            throw new IllegalArgumentException("weights has length " + w.length + " but the support has " + support.rows() + " points");
        }
        if (!support.allFinite()) throw new IllegalArgumentException("support has a non-finite coordinate");
        return new DiscreteMeasure(w, support);
    }

    /** Uniform weights 1/n on n points. */
    public static DiscreteMeasure uniform(int n) {
        if (n < 1) throw new IllegalArgumentException("a measure needs at least one point, got " + n);
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return new DiscreteMeasure(w, null);
    }

    /** Uniform weights on the rows of {@code points}. */
    public static DiscreteMeasure uniform(Matrix points) {
        return of(uniform(points.rows()).weights, points);
    }

    private static double[] validate(double[] weights, String name) {
        return Checks.weights(weights, name).clone();
    }

    public int size() { return weights.length; }

    public double[] weights() { return weights.clone(); }

    public double weight(int i) { return weights[i]; }

    public boolean hasSupport() { return support != null; }

    public Matrix support() {
        if (support == null) throw new IllegalStateException("this measure has no support points");
        return support;
    }

    public double totalMass() {
        double s = 0;
        for (double v : weights) s += v;
        return s;
    }

    /** The same measure scaled to the given total mass. */
    public DiscreteMeasure rescaledTo(double total) {
        double f = total / totalMass();
        double[] w = new double[weights.length];
        for (int i = 0; i < w.length; i++) w[i] = weights[i] * f;
        return new DiscreteMeasure(w, support);
    }

    /** The probability measure with these relative weights. */
    public DiscreteMeasure normalized() { return rescaledTo(1.0); }

    /**
     * Checks that a and b have equal total mass within {@link #MASS_TOLERANCE} relative; throws a
     * clear error otherwise (callers who want rescaling call {@link #rescaledTo}).
     */
    public static void requireBalanced(DiscreteMeasure a, DiscreteMeasure b) {
        Checks.balanced(a.totalMass(), b.totalMass());
    }
}
