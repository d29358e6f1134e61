package org.monge.linalg;

/** Rank-k updates of a symmetric accumulator: the inner loop of streaming covariances. */
public final class Gram {
    private Gram() {}

    /**
     * acc += alpha · Xᵀ X on the lower triangle of the row-major n×n matrix acc (entries above the
     * diagonal are not touched; call {@link #mirrorLower} when done), X a row-major rows×n block.
     * Uses BLAS dsyrk (native and multi-threaded when available).
     */
    public static void accumulateLower(double[] acc, int n, double[] x, int rows, double alpha) {
        if (acc.length != n * n) throw new IllegalArgumentException("accumulator must have " + n * n + " entries, has " + acc.length);
        if (x.length < rows * n) throw new IllegalArgumentException("block must have at least " + rows * n + " entries, has " + x.length);
        Backend.addGramLower(acc, n, x, rows, alpha);
    }

    /** Copies the lower triangle of the row-major n×n matrix a onto its upper triangle. */
    public static void mirrorLower(double[] a, int n) {
        final int tile = 64; // blocked: a plain column walk misses the cache at every step
        for (int i0 = 0; i0 < n; i0 += tile) {
            for (int j0 = 0; j0 <= i0; j0 += tile) {
                int i1 = Math.min(n, i0 + tile), j1 = Math.min(n, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < Math.min(j1, i); j++) a[j * n + i] = a[i * n + j];
                }
            }
        }
    }

    /** True when BLAS is native (OpenBLAS): its kernels then use every core by themselves. */
    public static boolean isMultiThreaded() {
        return Backend.isNative();
    }
}
