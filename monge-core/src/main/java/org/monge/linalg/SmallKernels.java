package org.monge.linalg;

/**
 * Allocation-free kernels on row-major n × n arrays for the closed forms between small Gaussians
 * (entropic OT, W2 and its gradient, Brenier maps), where allocating {@link Matrix} temporaries and a
 * library's per-call set-up cost more than the arithmetic (docs/benchmarks.md, "Small problems without overhead").
 * The caller owns the arrays (typically per-thread scratch); unless stated, outputs must not alias
 * inputs. For sizes below {@link #LARGE}; larger matrices belong to the {@link Matrix} methods, which
 * reach native BLAS and LAPACK.
 */
public final class SmallKernels {
    /** Sizes below this are served here (the same bound as the library's small-matrix route). */
    public static final int LARGE = Backend.LARGE;

    private SmallKernels() {}

    /** c = a b. */
    public static void multiply(double[] a, double[] b, double[] c, int n) {
        product(a, n, 1, b, c, n, FULL);
    }

    /** c = aᵀ b. */
    public static void multiplyTransposedLeft(double[] a, double[] b, double[] c, int n) {
        product(a, 1, n, b, c, n, FULL);
    }

    /** c = a bᵀ. */
    public static void multiplyTransposedRight(double[] a, double[] b, double[] c, int n) {
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[i * n + j] = Vectors.dot(a, i * n, b, j * n, n);
    }

    /** out = V Vᵀ, exactly symmetric: 2 × 2 blocks of the lower triangle accumulated in registers (as {@link #product}), mirrored. */
    public static void gramOfRows(double[] v, double[] out, int n) {
        for (int i = 0; i < n; i += 2) {
            int i1 = i + 1 < n ? i + 1 : i, r0 = i * n, r1 = i1 * n;
            for (int j = 0; j <= i; j += 2) {
                int j1 = j + 1 < n ? j + 1 : j, q0 = j * n, q1 = j1 * n;
                double s00 = 0, s01 = 0, s10 = 0, s11 = 0;
                for (int k = 0; k < n; k++) {
                    double x0 = v[r0 + k], x1 = v[r1 + k], y0 = v[q0 + k], y1 = v[q1 + k];
                    s00 += x0 * y0;
                    s01 += x0 * y1;
                    s10 += x1 * y0;
                    s11 += x1 * y1;
                }
                out[r0 + j] = s00;
                out[q0 + i] = s00;
                out[r0 + j1] = s01;
                out[q1 + i] = s01;
                out[r1 + j] = s10;
                out[q0 + i1] = s10;
                out[r1 + j1] = s11;
                out[q1 + i1] = s11;
            }
        }
    }

    /** v = V diag(s): column k of v multiplied by s[k], in place. */
    public static void scaleColumns(double[] v, double[] s, int n) {
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) v[i * n + k] *= s[k];
    }

    /** c = L b for L lower triangular (its upper triangle is not read). */
    public static void lowerTimes(double[] l, double[] b, double[] c, int n) {
        product(l, n, 1, b, c, n, LOWER);
    }

    /** c = Lᵀ b for L lower triangular (its upper triangle is not read). */
    public static void lowerTransposedTimes(double[] l, double[] b, double[] c, int n) {
        product(l, 1, n, b, c, n, UPPER);
    }

    private static final int FULL = 0, LOWER = 1, UPPER = 2;

    /**
     * c = X b with X(i, k) = x[i·si + k·sk], summed over k = 0…n−1 (FULL), k ≤ i (LOWER) or k ≥ i (UPPER), in
     * ascending k into one accumulator per entry. Blocks of 2 × 2 entries of c are accumulated in registers (each
     * load of x and b serves two products): at n = 10 this is about twice as fast as streaming rows of c, with the
     * same sums in the same order. For a pair of rows (i, i + 1) the one k that belongs to one row only (k = i + 1
     * for LOWER, k = i for UPPER) is added on its own.
     */
    private static void product(double[] x, int si, int sk, double[] b, double[] c, int n, int shape) {
        for (int i = 0; i < n; i += 2) {
            boolean pair = i + 1 < n;
            int i1 = pair ? i + 1 : i, r0 = i * si, r1 = i1 * si;
            int k0 = shape == UPPER ? i : 0, k1 = shape == LOWER ? i + 1 : n;
            for (int j = 0; j < n; j += 2) {
                int j1 = j + 1 < n ? j + 1 : j;
                double s00 = 0, s01 = 0, s10 = 0, s11 = 0;
                int k = k0;
                if (shape == UPPER) { // k = i: row i only (X(i + 1, i) = 0)
                    double x0 = x[r0 + k * sk];
                    s00 = x0 * b[k * n + j];
                    s01 = x0 * b[k * n + j1];
                    k++;
                }
                for (; k < k1; k++) {
                    double x0 = x[r0 + k * sk], x1 = x[r1 + k * sk];
                    double y0 = b[k * n + j], y1 = b[k * n + j1];
                    s00 += x0 * y0;
                    s01 += x0 * y1;
                    s10 += x1 * y0;
                    s11 += x1 * y1;
                }
                if (shape == LOWER && pair) { // k = i + 1: row i + 1 only
                    double x1 = x[r1 + k1 * sk];
                    s10 += x1 * b[k1 * n + j];
                    s11 += x1 * b[k1 * n + j1];
                }
                c[i * n + j] = s00;
                c[i * n + j1] = s01;
                if (pair) {
                    c[i1 * n + j] = s10;
                    c[i1 * n + j1] = s11;
                }
            }
        }
    }

    /** m = Lᵀ S L, exactly symmetric, for L lower triangular and S symmetric; scratch: n × n. */
    public static void congruence(double[] l, double[] s, double[] m, double[] scratch, int n) {
        Congruence.into(l, s, n, m, scratch);
    }

    /** In-place lower Cholesky factor of the lower triangle of a (upper triangle zeroed); false if not positive definite. */
    public static boolean cholesky(double[] a, int n) {
        return SmallSymmetric.cholesky(a, n);
    }

    /**
     * out = L^−1 for L lower triangular with non-zero diagonal (forward substitution; upper triangle of out zero), row by
     * row: row i of out is (e_i − Σ_{k<i} L_ik · row k) / L_ii, contiguous updates in place of a column walk.
     */
    public static void invertLower(double[] l, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int c = 0; c < n; c++) out[ri + c] = 0;
            out[ri + i] = 1;
            for (int k = 0; k < i; k++) {
                double lik = l[ri + k];
                int rk = k * n;
                for (int c = 0; c <= k; c++) out[ri + c] -= lik * out[rk + c];
            }
            double inv = l[ri + i];
            for (int c = 0; c <= i; c++) out[ri + c] /= inv;
        }
    }

    /** out = (L^−1)ᵀ L^−1 = S^−1 from li = L^−1 (lower triangular), exactly symmetric. */
    public static void inverseFromInvertedLower(double[] li, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double t = 0;
                for (int k = i; k < n; k++) t += li[k * n + i] * li[k * n + j];
                out[i * n + j] = t;
                out[j * n + i] = t;
            }
        }
    }

    /**
     * Eigenvalues (ascending, into d) and orthonormal eigenvectors (the columns of v) of the symmetric a (lower
     * triangle read, not modified), as {@link SymmetricEigen#of} computes them below {@link #LARGE}; e: n scratch.
     */
    public static void symmetricEigen(double[] a, int n, double[] d, double[] v, double[] e) {
        SmallSymmetric.eigenTridiagonal(a, n, d, v, e);
    }

    /** a = (a + aᵀ)/2 in place. */
    public static void symmetrize(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (a[i * n + j] + a[j * n + i]);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
    }

    /** Σ a_k b_k over the first len entries (the Frobenius inner product of two matrices). */
    public static double dot(double[] a, double[] b, int len) {
        return Vectors.dot(a, 0, b, 0, len);
    }

    /** Σ a_ii. */
    public static double trace(double[] a, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) t += a[i * n + i];
        return t;
    }
}
