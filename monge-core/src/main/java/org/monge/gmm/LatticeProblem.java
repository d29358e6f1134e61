package org.monge.gmm;

import java.util.function.DoubleUnaryOperator;

/**
 * The test problem of the 1-D mixture gradient flows (docs/benchmarks.md): N means evenly spaced on
 * [−L, L], initial weights a Gaussian bump exp(−(μ_k − c)²/0.5) around a centre c over a floor of
 * 0.05, normalised, and a quadratic or double-well potential.
 */
public final class LatticeProblem {
    private LatticeProblem() {}

    /** The potentials of the Fokker–Planck energy in the test problem. */
    public enum Potential implements DoubleUnaryOperator {
        /** V(x) = x²/2: the flow tends to the standard normal. */
        QUADRATIC {
            @Override
            public double applyAsDouble(double x) {
                return 0.5 * x * x;
            }
        },
        /** V(x) = (x² − 1)²/4: two wells at ±1. */
        DOUBLE_WELL {
            @Override
            public double applyAsDouble(double x) {
                return 0.25 * (x * x - 1) * (x * x - 1);
            }
        }
    }

    /** The gap 2L/(N − 1) between neighbouring means. */
    public static double gap(int n, double range) {
        require(n, range);
        return 2 * range / (n - 1);
    }

    /** The N means −L + k·gap, k = 0 … N − 1. */
    public static double[] means(int n, double range) {
        double gap = gap(n, range);
        double[] mu = new double[n];
        for (int k = 0; k < n; k++) mu[k] = -range + gap * k;
        return mu;
    }

    /** The weights exp(−(μ_k − c)²/0.5) + 0.05, normalised to sum to 1. */
    public static double[] bumpWeights(double[] means, double centre) {
        if (means == null || means.length == 0) throw new IllegalArgumentException("means: need at least one");
        if (!Double.isFinite(centre)) throw new IllegalArgumentException("centre must be finite, got " + centre);
        double[] p = new double[means.length];
        double total = 0;
        for (int k = 0; k < p.length; k++) {
            if (!Double.isFinite(means[k])) throw new IllegalArgumentException("means[" + k + "] is not finite: " + means[k]);
            p[k] = Math.exp(-(means[k] - centre) * (means[k] - centre) / 0.5) + 0.05;
            total += p[k];
        }
        for (int k = 0; k < p.length; k++) p[k] /= total;
        return p;
    }

    private static void require(int n, double range) {
        if (n < 2) throw new IllegalArgumentException("the lattice needs at least 2 means, got " + n);
        if (!(range > 0) || !Double.isFinite(range)) throw new IllegalArgumentException("range must be positive and finite, got " + range);
    }
}
