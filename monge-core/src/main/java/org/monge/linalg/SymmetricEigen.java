package org.monge.linalg;

import java.util.function.DoubleUnaryOperator;

/**
 * Eigendecomposition S = U diag(λ) Uᵀ of a symmetric matrix, eigenvalues ascending.
 * The basis of every matrix function Monge takes (square roots, inverse square roots,
 * Sylvester solves): eigen-based, never a general matrix square root of a non-symmetric product.
 *
 * @param eigenvalues ascending
 * @param eigenvectors orthonormal columns, or null when only eigenvalues were asked for
 */
public record SymmetricEigen(double[] eigenvalues, Matrix eigenvectors) {
    /** The largest size {@link #ofSmall} decomposes by Jacobi rotations. */
    static final int JACOBI_MAX = 8;

    /**
     * Decomposes S (symmetric; only symmetry up to rounding is assumed, S is symmetrised first).
     * Matrices of extreme magnitude are divided by a power of two first (see {@link Scaling}): the
     * iterations square entries, which would overflow or underflow.
     */
    public static SymmetricEigen of(Matrix s) {
        requireSquare(s);
        Matrix sym = s.symmetrize();
        double magnitude = sym.maxAbs();
        if (Scaling.isModerate(magnitude) || !Double.isFinite(magnitude)) return Backend.eigenSymmetric(sym, true);
        int e = Scaling.exponent(magnitude);
        SymmetricEigen scaled = Backend.eigenSymmetric(sym.scalb(-e), true);
        return new SymmetricEigen(Scaling.scalb(scaled.eigenvalues, e), scaled.eigenvectors);
    }

    /**
     * {@link #of} for matrices up to {@link #JACOBI_MAX} rows by hand-written cyclic Jacobi rotations
     * ({@link SmallSymmetric#eigen}; a few µs at n = 4, where a library decomposition spends most of its time in
     * set-up), larger ones by {@link #of}. The same decomposition up to the order of equal eigenvalues' vectors.
     */
    public static SymmetricEigen ofSmall(Matrix s) {
        requireSquare(s);
        int n = s.rows();
        if (n > JACOBI_MAX || !Double.isFinite(s.maxAbs())) return of(s);
        double[] a = s.symmetrize().toRowMajor(), d = new double[n], v = new double[n * n];
        SmallSymmetric.eigen(a, n, d, v);
        return new SymmetricEigen(d, Matrix.wrap(n, n, v));
    }

    /** Eigenvalues of a symmetric matrix only, ascending (cheaper than {@link #of}); only the lower triangle is read. */
    public static double[] eigenvalues(Matrix s) {
        requireSquare(s);
        return Backend.eigenSymmetric(s, false).eigenvalues();
    }

    public int size() { return eigenvalues.length; }

    public double min() { return eigenvalues.length == 0 ? 0 : eigenvalues[0]; }

    public double max() { return eigenvalues.length == 0 ? 0 : eigenvalues[eigenvalues.length - 1]; }

    /** U diag(f(λ)) Uᵀ, exactly symmetric. */
    public Matrix apply(DoubleUnaryOperator f) {
        int n = eigenvalues.length;
        double[] fl = new double[n];
        for (int i = 0; i < n; i++) fl[i] = f.applyAsDouble(eigenvalues[i]);
        return congruenceDiagonal(fl);
    }

    /** U diag(d) Uᵀ for a given diagonal d. */
    public Matrix congruenceDiagonal(double[] d) {
        int n = eigenvalues.length;
        double[] u = eigenvectors.raw();
        double[] ud = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) ud[i * n + k] = u[i * n + k] * d[k];
        }
        Matrix r = Matrix.wrap(n, n, ud).times(eigenvectors.transpose());
        return r.symmetrize();
    }

    /** S^½ with negative rounding-level eigenvalues clipped to zero. */
    public Matrix sqrt() {
        return apply(l -> Math.sqrt(Math.max(l, 0.0)));
    }

    /** S^−½; needs S positive definite. */
    public Matrix inverseSqrt() {
        requirePositive("inverse square root");
        return apply(l -> 1.0 / Math.sqrt(l));
    }

    /** S^−1; needs S positive definite. */
    public Matrix inverse() {
        requirePositive("inverse");
        return apply(l -> 1.0 / l);
    }

    /** log det S; needs S positive definite. */
    public double logDet() {
        requirePositive("log-determinant");
        double s = 0;
        for (double l : eigenvalues) s += Math.log(l);
        return s;
    }

    /**
     * Σ √λ over the eigenvalues of a positive semi-definite matrix: the trace of its square root.
     * Eigenvalues below the rounding floor n·ε·λ_max (exact zeros of a singular matrix come out as
     * ±ε·λ_max) count as zero: √ of such noise would add an error of order √ε instead of ε.
     */
    public static double traceSqrt(double[] eigenvalues) {
        return traceSqrt(eigenvalues, eigenvalues.length);
    }

    /** {@link #traceSqrt(double[])} of the first n entries (in any order). */
    public static double traceSqrt(double[] eigenvalues, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, eigenvalues[i]);
        double floor = n * 0x1.0p-52 * max;
        double s = 0;
        for (int i = 0; i < n; i++) if (eigenvalues[i] > floor) s += Math.sqrt(eigenvalues[i]);
        return s;
    }

    private void requirePositive(String what) {
        if (!(min() > 0)) {
            throw new IllegalArgumentException(what + " needs a positive-definite matrix; smallest eigenvalue is " + min());
        }
    }

    private static void requireSquare(Matrix s) {
        if (!s.isSquare()) throw new IllegalArgumentException("expected a square matrix, got " + s.rows() + "x" + s.cols());
    }
}
