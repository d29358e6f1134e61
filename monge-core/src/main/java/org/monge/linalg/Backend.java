package org.monge.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.netlib.util.intW;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one seam between Monge and the matrix libraries.
 *
 * <p>Small matrices (n &lt; {@link #LARGE}) go to EJML for products and to the hand-written kernels of
 * {@link SmallSymmetric} for eigen-decompositions and Cholesky, whose per-call overhead is lowest; large
 * ones go to dev.ludovic.netlib, which binds the system's native BLAS/LAPACK (OpenBLAS on Debian:
 * {@code libopenblas0}) when present and otherwise falls back to its pure-Java build. On this
 * project's reference machine the native route is ~10× faster for symmetric eigendecompositions
 * at n = 1024 (see DESIGN.md). Everything is double precision, row-major.
 */
final class Backend {
    /** Size from which the netlib route is used. */
    static final int LARGE = 96;

    private Backend() {}

    /**
     * netlib's BLAS and LAPACK, loaded on first use: looking for the native library (and the logging it
     * sets up) would otherwise cost every command, the ones on small matrices included, a tenth of a second.
     */
    private static final class Netlib {
        /** netlib logs a warning for each implementation it cannot load (e.g. the Vector API one); keep it quiet. */
        private static final Logger LOG = Logger.getLogger("dev.ludovic.netlib");

        static {
            LOG.setLevel(Level.SEVERE);
        }

        static final BLAS BLAS_ROUTINES = BLAS.getInstance();
        static final LAPACK LAPACK_ROUTINES = LAPACK.getInstance();
        static final boolean NATIVE = BLAS_ROUTINES.getClass().getSimpleName().contains("JNI");
    }

    private static BLAS blas() {
        return Netlib.BLAS_ROUTINES;
    }

    private static LAPACK lapack() {
        return Netlib.LAPACK_ROUTINES;
    }

    /** True when BLAS calls go to a native library (OpenBLAS) rather than the Java fallback. */
    static boolean isNative() {
        return Netlib.NATIVE;
    }

    static String describe() {
        return "EJML for n < " + LARGE + ", " + blas().getClass().getSimpleName()
                + " / " + lapack().getClass().getSimpleName() + " above";
    }

    static Matrix multiply(Matrix a, Matrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("cannot multiply " + a.rows() + "x" + a.cols() + " by " + b.rows() + "x" + b.cols());
        }
        int m = a.rows(), k = a.cols(), n = b.cols();
        double[] c = new double[m * n];
        if ((long) m * n * k < (long) LARGE * LARGE * LARGE) {
            CommonOps_DDRM.mult(DMatrixRMaj.wrap(m, k, a.raw()), DMatrixRMaj.wrap(k, n, b.raw()), DMatrixRMaj.wrap(m, n, c));
        } else if (m > 0 && n > 0 && k > 0) {
            // row-major C = A B is column-major Cᵀ = Bᵀ Aᵀ
            blas().dgemm("N", "N", n, m, k, 1.0, b.raw(), n, a.raw(), k, 0.0, c, n);
        }
        return Matrix.wrap(m, n, c);
    }

    /**
     * Adds alpha·XᵀX to the lower triangle of the row-major n×n accumulator (the strict upper
     * triangle is left alone), X a row-major rows×n block. The hot loop of streaming covariance.
     */
    static void addGramLower(double[] acc, int n, double[] x, int rows, double alpha) {
        if (rows == 0) return;
        // row-major X (rows×n) is column-major Xᵀ (n×rows): C += alpha·Xᵀ X is dsyrk "N" on Xᵀ;
        // the column-major upper triangle it writes is the row-major lower one
        blas().dsyrk("U", "N", n, rows, alpha, x, n, 1.0, acc, n);
    }

    /**
     * Lᵀ S L with two triangular products (BLAS dtrmm, n³ flops each). In column-major terms the
     * row-major array of L is U = Lᵀ: first Lᵀ S = U·S (side L, "U", "N"), giving row-major S L;
     * then (S L)ᵀ-array · Uᵀ (side R, "U", "T") = row-major Lᵀ S L.
     */
    static Matrix congruenceLowerTransposed(Matrix l, Matrix s) {
        int n = l.rows();
        double[] b = s.toRowMajor();
        BLAS blas = blas();
        blas.dtrmm("L", "U", "N", "N", n, n, 1.0, l.raw(), n, b, n);
        blas.dtrmm("R", "U", "T", "N", n, n, 1.0, l.raw(), n, b, n);
        double[] lower = b;
        Gram.mirrorLower(lower, n);
        return Matrix.wrap(n, n, lower);
    }

    /**
     * Lᵀ S L for mid sizes with two BLAS dgemm calls: OpenBLAS runs dgemm single-threaded up to
     * m·n·k = 2^18 (n = 64), whereas its dtrmm spreads even small products over all cores, which
     * serialises concurrent callers (the batch W2 API lost its whole parallel speed-up to it).
     * Column-major view as in {@link #congruenceLowerTransposed}: Lᵀ·S, then (S L)ᵀ-array · L.
     * Writes the row-major n×n result into m; b is n×n scratch.
     */
    static void congruenceGemm(double[] l, double[] s, int n, double[] m, double[] b) {
        BLAS blas = blas();
        blas.dgemm("N", "N", n, n, n, 1.0, l, n, s, n, 0.0, b, n);
        blas.dgemm("N", "T", n, n, n, 1.0, b, n, l, n, 0.0, m, n);
        Gram.mirrorLower(m, n);
    }

    /**
     * Eigen-decomposition of a symmetric matrix (vectors: symmetrised input; values only: lower triangle read); eigenvalues
     * ascending, vectors as columns of U.
     */
    static SymmetricEigen eigenSymmetric(Matrix s, boolean vectors) {
        int n = s.rows();
        if (n == 0) return new SymmetricEigen(new double[0], vectors ? Matrix.zeros(0, 0) : null);
        if (n < LARGE) return vectors ? smallEigen(s) : new SymmetricEigen(SmallSymmetric.eigenvalues(s.toRowMajor(), n), null);
        double[] a = s.toRowMajor(); // column-major "U" is row-major lower: only the lower triangle is read
        double[] w = new double[n];
        intW info = new intW(0);
        String jobz = vectors ? "V" : "N";
        double[] work = new double[1];
        int[] iwork = new int[1];
        lapack().dsyevd(jobz, "U", n, a, n, w, work, -1, iwork, -1, info);
        work = new double[(int) work[0]];
        iwork = new int[Math.max(1, iwork[0])];
        lapack().dsyevd(jobz, "U", n, a, n, w, work, work.length, iwork, iwork.length, info);
        if (info.val != 0) throw new ArithmeticException("symmetric eigendecomposition failed to converge (LAPACK info " + info.val + ")");
        if (!vectors) return new SymmetricEigen(w, null);
        // column-major eigenvectors read as row-major are Uᵀ
        return new SymmetricEigen(w, Matrix.wrap(n, n, a).transpose());
    }

    /**
     * Eigenpairs below {@link #LARGE} without a library's set-up: Jacobi rotations up to {@link SymmetricEigen#JACOBI_MAX}
     * (exact on the small exactly representable spectra of 2 × 2 and 3 × 3 inputs), {@link SmallSymmetric#eigenTridiagonal} above.
     */
    private static SymmetricEigen smallEigen(Matrix s) {
        int n = s.rows();
        double[] w = new double[n], u = new double[n * n];
        if (n <= SymmetricEigen.JACOBI_MAX) SmallSymmetric.eigen(s.toRowMajor(), n, w, u);
        else SmallSymmetric.eigenTridiagonal(s.raw(), n, w, u, new double[n]);
        return new SymmetricEigen(w, Matrix.wrap(n, n, u));
    }

    /**
     * L^−1 of a lower-triangular L (n ≥ {@link #LARGE}) by LAPACK dtrtri: the row-major array of L is
     * the column-major upper factor Lᵀ, whose inverse (Lᵀ)^−1, read back row-major, is L^−1. The
     * strict upper triangle (row-major) must be zero on entry and stays so.
     */
    static Matrix invertLowerLarge(Matrix l) {
        int n = l.rows();
        double[] a = l.toRowMajor();
        intW info = new intW(0);
        lapack().dtrtri("U", "N", n, a, n, info);
        if (info.val != 0) throw new IllegalArgumentException("triangular matrix is singular (zero diagonal entry " + info.val + ")");
        return Matrix.wrap(n, n, a);
    }

    /** Lower Cholesky factor L (S = L Lᵀ), or null when S is not numerically positive definite. */
    static Matrix choleskyOrNull(Matrix s) {
        int n = s.rows();
        if (n < LARGE) {
            double[] a = s.toRowMajor();
            return SmallSymmetric.cholesky(a, n) ? Matrix.wrap(n, n, a) : null;
        }
        double[] a = s.toRowMajor();
        intW info = new intW(0);
        // column-major "U" factor Uᵀ U = S is, read row-major, the lower factor L = Uᵀ
        lapack().dpotrf("U", n, a, n, info);
        if (info.val != 0) return null;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) a[i * n + j] = 0.0; // row-major upper part holds garbage
            if (!(a[i * n + i] > 0)) return null;
        }
        return Matrix.wrap(n, n, a);
    }
}
