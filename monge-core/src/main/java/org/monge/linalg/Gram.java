package org.monge.linalg;

/** Rank-k updates of a symmetric accumulator: the inner loop of streaming covariances. */
public final class Gram {
    private Gram() {}

    /**
     * acc += alpha · Xᵀ X, with acc a row-major n×n symmetric matrix (both triangles kept) and X
     * a row-major rows×n block. Uses BLAS dsyrk (native and multi-threaded when available).
     */
    public static void accumulate(double[] acc, int n, double[] x, int rows, double alpha) {
        if (acc.length != n * n) throw new IllegalArgumentException("accumulator must have " + n * n + " entries, has " + acc.length);
        if (x.length < rows * n) throw new IllegalArgumentException("block must have at least " + rows * n + " entries, has " + x.length);
        Backend.addGram(acc, n, x, rows, alpha);
    }
}
