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

    /** L^−1 for a lower-triangular L with non-zero diagonal, by forward substitution. */
    public static Matrix invertLower(Matrix l) {
        int n = l.rows();
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
