package org.monge.maps;

import org.monge.discrete.CostMatrix;

import java.util.Arrays;

/**
 * The cost normalisations of POT's {@code ot.da} estimators ({@code norm=None, "max", "median"}): the cost matrix
 * divided by its largest or its median entry. For an entropic problem, dividing the cost by s at regularisation ε
 * has the same plan as the original cost at ε·s, so the estimators solve the latter and keep potentials in the
 * original units. POT's "log" and "loglog" change the cost non-linearly and are not offered.
 */
public enum CostNormalization {
    NONE, MAX, MEDIAN;

    /** The divisor s of the cost (1 for NONE); refused when it is not positive. */
    public double scale(CostMatrix c) {
        if (this == NONE) return 1;
        double[] v = c.toRowMajor();
        double s;
        if (this == MAX) {
            s = Double.NEGATIVE_INFINITY;
            for (double x : v) s = Math.max(s, x);
        } else {
            Arrays.sort(v);
            int n = v.length;
            s = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]); // numpy's median
        }
        if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("cost normalisation " + this + ": the scale is " + s);
        return s;
    }
}
