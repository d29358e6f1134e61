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

    /**
     * out[k] = Σ_{j<len} x_k[j]·y[j] for the four vectors x0…x3 in one pass: each load of y
     * serves four products, and the eight partial sums are independent chains. Used where several
     * rows of a matrix stream from memory against one vector (the scaling-form Sinkhorn pass).
     */
    public static void dot4(double[] x0, double[] x1, double[] x2, double[] x3, double[] y, int len, double[] out) {
        double a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
        int j = 0;
        for (; j + 1 < len; j += 2) {
            double y0 = y[j], y1 = y[j + 1];
            a0 += x0[j] * y0;
            a1 += x0[j + 1] * y1;
            b0 += x1[j] * y0;
            b1 += x1[j + 1] * y1;
            c0 += x2[j] * y0;
            c1 += x2[j + 1] * y1;
            d0 += x3[j] * y0;
            d1 += x3[j + 1] * y1;
        }
        for (; j < len; j++) {
            a0 += x0[j] * y[j];
            b0 += x1[j] * y[j];
            c0 += x2[j] * y[j];
            d0 += x3[j] * y[j];
        }
        out[0] = a0 + a1;
        out[1] = b0 + b1;
        out[2] = c0 + c1;
        out[3] = d0 + d1;
    }
}
