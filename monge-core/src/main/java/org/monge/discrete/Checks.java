package org.monge.discrete;

import java.util.function.IntPredicate;

/**
 * The argument checks every discrete solver shares, with one wording of each message: a message
 * starts with the argument's name and says what is wrong and what value it had, so the CLI can
 * print it as the one line a user sees. Weights (of measures, histograms, barycenter coefficients)
 * follow one rule: at least one entry, each finite and non-negative, a positive total.
 */
public final class Checks {
    private Checks() {}

    /** Throws unless v is positive and finite: "NAME must be positive and finite, got v". */
    public static double positiveFinite(double v, String name) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        return v;
    }

    /** Throws unless v is finite and non-negative: "NAME must be finite and non-negative, got v". */
    public static double nonNegativeFinite(double v, String name) {
        if (!(v >= 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be finite and non-negative, got " + v);
        return v;
    }

    /** Throws unless p is a finite exponent p ≥ 1: "NAME must be a finite number at least 1, got p". */
    public static double exponent(double p, String name) {
        if (!(p >= 1) || !Double.isFinite(p)) throw new IllegalArgumentException(name + " must be a finite number at least 1, got " + p);
        return p;
    }

    /** Throws unless n ≥ min: "NAME must be at least MIN, got n". */
    public static int atLeast(int n, int min, String name) {
        if (n < min) throw new IllegalArgumentException(name + " must be at least " + min + ", got " + n);
        return n;
    }

    /**
     * Throws unless w is a valid weight vector: at least one entry, each finite and non-negative,
     * with a positive total. Returns w itself (not a copy).
     */
    public static double[] weights(double[] w, String name) {
        if (w == null || w.length == 0) throw new IllegalArgumentException(name + " must have at least one entry");
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            if (!Double.isFinite(v)) throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v);
            if (v < 0) throw new IllegalArgumentException(name + "[" + i + "] is negative: " + v);
            total += v;
        }
        if (!(total > 0)) throw new IllegalArgumentException(name + " must have a positive total mass");
        return w;
    }

    /** {@link #weights} with a required length: "NAME has length L but there are N WHAT". */
    public static double[] weights(double[] w, int n, String name, String what) {
        length(w == null ? 0 : w.length, n, name, what);
        return weights(w, name);
    }

    /** The valid weights w (see {@link #weights}) divided by their total, in a new array. */
    public static double[] probabilities(double[] w, String name) {
        weights(w, name);
        double total = 0;
        for (double v : w) total += v;
        double f = 1.0 / total;
        double[] p = new double[w.length];
        for (int i = 0; i < p.length; i++) p[i] = w[i] * f;
        return p;
    }

    /** Throws unless an array named NAME has length n: "NAME has length L but there are N WHAT". */
    public static void length(int length, int n, String name, String what) {
        if (length != n) throw new IllegalArgumentException(name + " has length " + length + " but there are " + n + " " + what);
    }

    /**
     * Throws unless a and b fit the rows and columns of the cost:
     * "a has N weights but the cost has M rows" (columns for b).
     */
    public static void shape(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c) {
        if (a.size() != c.rows()) {
            throw new IllegalArgumentException("a has " + a.size() + " weights but the cost has " + c.rows() + " rows");
        }
        if (b.size() != c.cols()) {
            throw new IllegalArgumentException("b has " + b.size() + " weights but the cost has " + c.cols() + " columns");
        }
    }

    /** Throws unless the plan has the shape of the cost: "cost is MxN but the plan is PxQ". */
    public static void planShape(TransportPlan plan, CostMatrix c) {
        if (c.rows() != plan.rows() || c.cols() != plan.cols()) {
            throw new IllegalArgumentException("cost is " + c.rows() + "x" + c.cols() + " but the plan is "
                    + plan.rows() + "x" + plan.cols());
        }
    }

    /**
     * Throws unless the total masses ta and tb agree within {@link DiscreteMeasure#MASS_TOLERANCE}
     * relative: "source and target masses differ: ta and tb (rescale one to balance them)".
     */
    public static void balanced(double ta, double tb) {
        if (!isBalanced(ta, tb)) {
            throw new IllegalArgumentException("source and target masses differ: " + ta + " and " + tb + " (rescale one to balance them)");
        }
    }

    /**
     * The mass m of a partial transport between total masses ta and tb: throws unless
     * 0 &lt; m ≤ min(ta, tb) × (1 + {@link DiscreteMeasure#MASS_TOLERANCE}), "mass must be in
     * (0, min(Σa, Σb)] = (0, t], got m"; returns min(m, min(ta, tb)), so a mass that exceeds the
     * smaller total only by rounding is that total.
     */
    public static double partialMass(double m, double ta, double tb) {
        double t = Math.min(ta, tb);
        if (!(m > 0) || !(m <= t * (1 + DiscreteMeasure.MASS_TOLERANCE))) {
            throw new IllegalArgumentException("mass must be in (0, min(Σa, Σb)] = (0, " + t + "], got " + m);
        }
        return Math.min(m, t);
    }

    /** Whether ta and tb agree within {@link DiscreteMeasure#MASS_TOLERANCE} relative. */
    public static boolean isBalanced(double ta, double tb) {
        return !(Math.abs(ta - tb) > DiscreteMeasure.MASS_TOLERANCE * Math.max(ta, tb));
    }

    /**
     * Throws unless every row i with {@code rowNeeded(i)} and every column j with {@code colNeeded(j)}
     * of the row-major rows×cols cost has at least one entry other than {@code forbidden} (+∞, or −∞
     * when maximising): "problem is infeasible: row i has no finite cost" (column j). A necessary
     * condition only: such a row or column can carry no mass at all.
     */
    public static void feasible(int rows, int cols, double[] rowMajor, double forbidden, IntPredicate rowNeeded, IntPredicate colNeeded) {
        boolean[] colOk = new boolean[cols];
        for (int i = 0; i < rows; i++) {
            boolean ok = false;
            for (int j = 0, k = i * cols; j < cols; j++, k++) {
                if (rowMajor[k] != forbidden) {
                    ok = true;
                    colOk[j] = true;
                }
            }
            if (!ok && rowNeeded.test(i)) throw new IllegalArgumentException("problem is infeasible: row " + i + " has no finite cost");
        }
        for (int j = 0; j < cols; j++) {
            if (!colOk[j] && colNeeded.test(j)) {
                throw new IllegalArgumentException("problem is infeasible: column " + j + " has no finite cost");
            }
        }
    }

    /** Throws unless every entry of the potential NAME is finite, with length n: "NAME[i] is not finite: v". */
    public static double[] finite(double[] v, int n, String name) {
        if (v.length != n) throw new IllegalArgumentException(name + " has length " + v.length + ", expected " + n);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
        }
        return v;
    }
}
