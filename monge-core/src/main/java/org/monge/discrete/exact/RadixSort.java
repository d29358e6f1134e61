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
    /** Up to this many points {@link #order} packs the index into the key (it then drops up to 24 of 52 mantissa bits). */
    private static final int PACKED_MAX = 1 << 24;
    /** The insertion pass of the packed order gives up beyond this many moves a point. */
    private static final int MOVES = 4;

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
        long[] k = sortKeys(x, 0);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = value(k[i]);
        return out;
    }

    /** The keys of x, their low bits (those of {@code mask}) replaced by the index when the mask is not 0, sorted (unsigned). */
    private static long[] sortKeys(double[] x, long mask) {
        int n = x.length;
        long[] k = new long[n], t = new long[n];
        int[][] counts = keysAndCounts(x, k, mask);
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
        return k;
    }

    /**
     * Fills k with the order-preserving keys of x (the bits of {@code mask} replaced by the index when it is not 0) and
     * returns the digit histogram of every pass (one read of x).
     */
    private static int[][] keysAndCounts(double[] x, long[] k, long mask) {
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < x.length; i++) {
            long v = mask == 0 ? key(x[i]) : (key(x[i]) & ~mask) | i;
            k[i] = v;
            for (int p = 0; p < PASSES; p++) counts[p][(int) ((v >>> (p * BITS)) & (BUCKETS - 1))]++;
        }
        return counts;
    }

    /**
     * The permutation that sorts x (stable). Up to {@link #PACKED_MAX} points the index rides in the low bits of each
     * key, so that the radix passes move one long an entry, as {@link #sorted} does; keys that agree above those bits
     * (values equal to about 2^−(52 − log2 n) relative) are then put in exact order by insertion, and inputs with too
     * many of them take the sort that carries the indices beside the full keys.
     */
    static int[] order(double[] x) {
        return order(x, null);
    }

    /** {@link #order(double[])}, also writing the sorted values into {@code sorted} unless it is null. */
    static int[] order(double[] x, double[] sorted) {
        int n = x.length;
        if (n < SMALL) {
            Integer[] o = new Integer[n];
            for (int i = 0; i < n; i++) o[i] = i;
            Arrays.sort(o, (p, q) -> Double.compare(x[p], x[q]));
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = o[i];
            if (sorted != null) for (int i = 0; i < n; i++) sorted[i] = x[r[i]];
            return r;
        }
        if (n <= PACKED_MAX) {
            int[] r = packedOrder(x, sorted == null ? new double[n] : sorted);
            if (r != null) return r;
        }
        long[] k = new long[n], t = new long[n];
        int[] idx = new int[n], tIdx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        int[][] counts = keysAndCounts(x, k, 0);
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
        if (sorted != null) for (int i = 0; i < n; i++) sorted[i] = value(k[i]);
        return idx;
    }

    /**
     * The stable order from keys whose low bits hold the index (ties in the high bits come out by index), then an
     * insertion pass on the exact keys that also writes the sorted values; null when that pass would move more than
     * {@link #MOVES} entries a point.
     */
    private static int[] packedOrder(double[] x, double[] sorted) {
        int n = x.length;
        long mask = (1L << (64 - Long.numberOfLeadingZeros(n - 1))) - 1;
        long[] k = sortKeys(x, mask);
        int[] idx = new int[n];
        long[] exact = k; // reused: the exact keys of the sorted prefix
        long budget = (long) MOVES * n;
        for (int i = 0; i < n; i++) {
            int j = (int) (k[i] & mask);
            long kj = key(x[j]);
            int q = i - 1;
            while (q >= 0 && Long.compareUnsigned(exact[q], kj) > 0) {
                idx[q + 1] = idx[q];
                exact[q + 1] = exact[q];
                sorted[q + 1] = sorted[q];
                q--;
                if (--budget < 0) return null;
            }
            idx[q + 1] = j;
            exact[q + 1] = kj;
            sorted[q + 1] = x[j];
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
