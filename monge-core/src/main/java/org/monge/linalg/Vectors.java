package org.monge.linalg;

/** Inner loops shared by the hand-written kernels. */
public final class Vectors {
    private Vectors() {}

    /**
     * Σ_{k<len} x[xo+k]·y[yo+k] with four independent accumulators: a plain loop is bound by the
     * latency of its chain of additions (the JIT does not reorder floating-point sums).
     */
    public static double dot(double[] x, int xo, double[] y, int yo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += x[xo + k] * y[yo + k];
            s1 += x[xo + k + 1] * y[yo + k + 1];
            s2 += x[xo + k + 2] * y[yo + k + 2];
            s3 += x[xo + k + 3] * y[yo + k + 3];
        }
        for (; k < len; k++) s0 += x[xo + k] * y[yo + k];
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ_{from ≤ k < to} x[k] with four independent accumulators (see {@link #dot}). */
    public static double sum(double[] x, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            s0 += x[k];
            s1 += x[k + 1];
            s2 += x[k + 2];
            s3 += x[k + 3];
        }
        for (; k < to; k++) s0 += x[k];
        return (s0 + s1) + (s2 + s3);
    }
}
