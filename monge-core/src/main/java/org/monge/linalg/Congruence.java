package org.monge.linalg;

import java.util.Arrays;

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
        int n = checkSizes(l, s);
        if (n >= Backend.LARGE) return Backend.congruenceLowerTransposed(l, s);
        double[] m = new double[n * n];
        into(l.raw(), s.raw(), n, m, new double[n * n]);
        return Matrix.wrap(n, n, m);
    }

    /**
     * tr (Lᵀ S L)^½ = Σ √λ_i over the eigenvalues of the congruence (the Bures–Wasserstein
     * fidelity when L is a Cholesky factor of S0 and S = S1; see {@link SymmetricEigen#traceSqrt}).
     * Below {@link Backend#LARGE} it works in per-thread scratch arrays and allocates nothing.
     */
    public static double traceSqrt(Matrix l, Matrix s) {
        return traceSqrt(l, s, null, 0);
    }

    /**
     * {@link #traceSqrt(Matrix, Matrix)}, and the eigenvalues it summed (of Lᵀ S L, in no particular order) into
     * eigenvalues[from, from + n) unless that is null: the mixture gradient keeps them for {@link CongruenceRoot}.
     */
    public static double traceSqrt(Matrix l, Matrix s, double[] eigenvalues, int from) {
        int n = checkSizes(l, s);
        if (n >= Backend.LARGE) {
            double[] d = SymmetricEigen.eigenvalues(lowerTransposed(l, s));
            if (eigenvalues != null) System.arraycopy(d, 0, eigenvalues, from, n);
            return SymmetricEigen.traceSqrt(d);
        }
        Workspace w = Workspace.get();
        double[] m = w.slot(0, n * n), b = w.slot(1, n * n), d = w.slot(2, n), work = w.slot(3, 3 * n);
        into(l.raw(), s.raw(), n, m, b);
        SmallSymmetric.eigenvalues(m, n, d, work);
        if (eigenvalues != null) System.arraycopy(d, 0, eigenvalues, from, n);
        return SymmetricEigen.traceSqrt(d, n);
    }

    private static int checkSizes(Matrix l, Matrix s) {
        int n = l.rows();
        if (!l.isSquare() || !s.isSquare() || s.rows() != n) {
            throw new IllegalArgumentException("congruence needs two n×n matrices, got " + l.rows() + "x" + l.cols() + " and " + s.rows()
                    + "x" + s.cols());
        }
        return n;
    }

    /** m = Lᵀ S L (row-major n×n, exactly symmetric) for n below {@link Backend#LARGE}; b is n×n scratch. */
    static void into(double[] lv, double[] sv, int n, double[] m, double[] b) {
        if (n >= NATIVE_FROM && Backend.isNative()) {
            Backend.congruenceGemm(lv, sv, n, m, b);
            return;
        }
        // B = S L: B[i][j] = Σ_{k ≥ j} S[i][k] L[k][j]; computed row by row as Σ_k S[i][k]·(row k of L)
        Arrays.fill(b, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int k = 0; k < n; k++) {
                double sik = sv[ri + k];
                int rk = k * n;
                for (int j = 0; j <= k; j++) b[ri + j] += sik * lv[rk + j];
            }
        }
        // M = Lᵀ B: M[i][j] = Σ_{k ≥ i} L[k][i] B[k][j]; accumulate the lower triangle row-wise, mirror
        Arrays.fill(m, 0, n * n, 0.0);
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
    }
}
