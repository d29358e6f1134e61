package org.monge.linalg;

/**
 * The congruence Lᵀ S L of a symmetric S by a lower-triangular L: the symmetric matrix whose
 * eigenvalues give the Bures–Wasserstein fidelity. Exploits both structures (≈ n³ flops instead
 * of the 4n³ of two general products); mid sizes go to two native dgemm calls when BLAS is native,
 * large sizes to two dtrmm calls (2n³).
 */
public final class Congruence {
    /**
     * With native BLAS, its kernels beat the Java loops from this size on (dtrmm: 1.6 vs 3.5 µs at
     * n = 16, 22 vs 107 µs at n = 64); below {@link Backend#LARGE} through single-threaded dgemm,
     * so that concurrent callers (the batch W2 API) keep their parallel speed-up.
     */
    private static final int NATIVE_FROM = 16;

    private Congruence() {}

    /** Lᵀ S L for L lower triangular (n×n) and S symmetric (n×n); the result is exactly symmetric. */
    public static Matrix lowerTransposed(Matrix l, Matrix s) {
        int n = l.rows();
        if (!l.isSquare() || !s.isSquare() || s.rows() != n) {
            throw new IllegalArgumentException("congruence needs two n×n matrices, got " + l.rows() + "x" + l.cols() + " and " + s.rows() + "x" + s.cols());
        }
        if (n >= Backend.LARGE) return Backend.congruenceLowerTransposed(l, s);
        if (n >= NATIVE_FROM && Backend.isNative()) return Backend.congruenceGemm(l, s);
        double[] lv = l.raw(), sv = s.raw();
        // B = S L: B[i][j] = Σ_{k ≥ j} S[i][k] L[k][j]; computed row by row as Σ_k S[i][k]·(row k of L)
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int k = 0; k < n; k++) {
                double sik = sv[ri + k];
                int rk = k * n;
                for (int j = 0; j <= k; j++) b[ri + j] += sik * lv[rk + j];
            }
        }
        // M = Lᵀ B: M[i][j] = Σ_{k ≥ i} L[k][i] B[k][j]; accumulate the lower triangle row-wise, mirror
        double[] m = new double[n * n];
        for (int k = 0; k < n; k++) {
            int rk = k * n;
            for (int i = 0; i <= k; i++) {
                double lki = lv[rk + i];
                if (lki == 0) continue;
                int ri = i * n;
                for (int j = 0; j <= i; j++) m[ri + j] += lki * b[rk + j];
            }
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) m[j * n + i] = m[i * n + j];
        return Matrix.wrap(n, n, m);
    }
}
