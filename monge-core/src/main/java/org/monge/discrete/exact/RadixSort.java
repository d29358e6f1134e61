package org.monge.discrete.exact;

import java.util.Arrays;

/**
 * Least-significant-digit radix sort of doubles through their order-preserving 64-bit keys
 * (sign bit flipped for non-negatives, all bits flipped for negatives), 11 bits a pass, passes
 * whose digit is the same for every key skipped. O(n) with a small constant; used by the 1-D
 * solvers where sorting dominates (written here: the JDK sorts no index permutation of primitives).
 * Inputs must not contain NaN.
 */
final class RadixSort {
    private static final int BITS = 11, BUCKETS = 1 << BITS, PASSES = (64 + BITS - 1) / BITS;
    /** Below this size a comparison sort is faster. */
    private static final int SMALL = 256;

    private RadixSort() {}

    static long key(double x) {
        long b = Double.doubleToLongBits(x);
        return b ^ ((b >> 63) | Long.MIN_VALUE);
    }

    static double value(long k) {
        return Double.longBitsToDouble(k ^ (((~k) >> 63) | Long.MIN_VALUE));
    }

    /** A sorted copy of x. */
    static double[] sorted(double[] x) {
        int n = x.length;
        if (n < SMALL) {
            double[] s = x.clone();
            Arrays.sort(s);
            return s;
        }
        long[] k = new long[n], t = new long[n];
        int[][] counts = keysAndCounts(x, k);
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            if (trivial(c, n)) continue;
            prefix(c);
            int shift = p * BITS;
            for (int i = 0; i < n; i++) {
                long v = k[i];
                t[c[(int) ((v >>> shift) & (BUCKETS - 1))]++] = v;
            }
            long[] sw = k; k = t; t = sw;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = value(k[i]);
        return out;
    }

    /** Fills k with the order-preserving keys of x and returns the digit histogram of every pass (one read of x). */
    private static int[][] keysAndCounts(double[] x, long[] k) {
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < x.length; i++) {
            long v = key(x[i]);
            k[i] = v;
            for (int p = 0; p < PASSES; p++) counts[p][(int) ((v >>> (p * BITS)) & (BUCKETS - 1))]++;
        }
        return counts;
    }

    /** The permutation that sorts x (stable). */
    static int[] order(double[] x) {
        int n = x.length;
        if (n < SMALL) {
            Integer[] o = new Integer[n];
            for (int i = 0; i < n; i++) o[i] = i;
            Arrays.sort(o, (p, q) -> Double.compare(x[p], x[q]));
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = o[i];
            return r;
        }
        long[] k = new long[n], t = new long[n];
        int[] idx = new int[n], tIdx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        int[][] counts = keysAndCounts(x, k);
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            if (trivial(c, n)) continue;
            prefix(c);
            int shift = p * BITS;
            for (int i = 0; i < n; i++) {
                long v = k[i];
                int d = c[(int) ((v >>> shift) & (BUCKETS - 1))]++;
                t[d] = v;
                tIdx[d] = idx[i];
            }
            long[] sw = k; k = t; t = sw;
            int[] si = idx; idx = tIdx; tIdx = si;
        }
        return idx;
    }

    private static boolean trivial(int[] c, int n) {
        for (int v : c) if (v != 0) return v == n;
        return true;
    }

    private static void prefix(int[] c) {
        int s = 0;
        for (int b = 0; b < c.length; b++) {
            int v = c[b];
            c[b] = s;
            s += v;
        }
    }
}
