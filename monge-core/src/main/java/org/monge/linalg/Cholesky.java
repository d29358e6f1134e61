package org.monge.linalg;

import java.util.Optional;

/** Cholesky factorisation S = L Lᵀ (L lower triangular with positive diagonal). */
public final class Cholesky {
    private Cholesky() {}

    /** The factor L, or empty when S is not numerically positive definite. Only the lower triangle of S is read. */
    public static Optional<Matrix> lower(Matrix s) {
        if (!s.isSquare()) throw new IllegalArgumentException("Cholesky needs a square matrix, got " + s.rows() + "x" + s.cols());
        return Optional.ofNullable(Backend.choleskyOrNull(s));
    }

    /** The factor L; throws a clear error naming {@code what} when S is not positive definite. */
    public static Matrix lowerOrThrow(Matrix s, String what) {
        return lower(s).orElseThrow(() -> new IllegalArgumentException(what + " must be positive definite (Cholesky failed)"));
    }

    /** S^−1 = L^−ᵀ L^−1 from the lower Cholesky factor L of S (symmetric by construction). */
    public static Matrix inverseFromLower(Matrix l) {
        Matrix li = invertLower(l);
        return li.transpose().times(li).symmetrize();
    }

    /** log det S = 2 Σ log L_ii from the lower Cholesky factor L of S. */
    public static double logDetFromLower(Matrix l) {
        double s = 0;
        for (double v : l.diag()) s += Math.log(v);
        return 2 * s;
    }

    /**
     * L^−1 for a lower-triangular L with non-zero diagonal (upper triangle zero): forward
     * substitution for small n, LAPACK dtrtri (native when OpenBLAS is present) from {@link Backend#LARGE}.
     */
    public static Matrix invertLower(Matrix l) {
        int n = l.rows();
        if (n >= Backend.LARGE) return Backend.invertLowerLarge(l);
        double[] a = l.raw();
        double[] inv = new double[n * n];
        for (int c = 0; c < n; c++) {
            for (int i = c; i < n; i++) {
                double s = (i == c) ? 1.0 : 0.0;
                for (int k = c; k < i; k++) s -= a[i * n + k] * inv[k * n + c];
                inv[i * n + c] = s / a[i * n + i];
            }
        }
        return Matrix.wrap(n, n, inv);
    }
}
