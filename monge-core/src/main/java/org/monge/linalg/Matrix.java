package org.monge.linalg;

import java.util.Arrays;

/**
 * A dense real matrix, row-major, immutable from the outside (every accessor copies).
 *
 * <p>This is Monge's own matrix type: public APIs of every package take and return it, so that
 * only {@code org.monge.linalg} knows which matrix library does the work (EJML for small sizes,
 * netlib LAPACK/BLAS, native when the system has OpenBLAS, for large ones; see {@link Backend}).
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] data; // row-major, length rows*cols, never shared with callers

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Wraps a row-major array without copying; internal to linalg and the library. */
    static Matrix wrap(int rows, int cols, double[] data) {
        if (data.length != rows * cols) {
            throw new IllegalArgumentException("data has " + data.length + " entries, expected " + rows + "x" + cols);
        }
        return new Matrix(rows, cols, data);
    }

    /** A copy of a row-major array as a rows x cols matrix. */
    public static Matrix fromRowMajor(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("matrix size must be non-negative, got " + rows + "x" + cols);
        return wrap(rows, cols, data.clone());
    }

    /** A matrix from rows of equal length. */
    public static Matrix of(double[][] rowsData) {
        int r = rowsData.length;
        int c = r == 0 ? 0 : rowsData[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rowsData[i].length != c) {
                throw new IllegalArgumentException("matrix rows differ in length: row 0 has " + c + ", row " + i + " has "
                        + rowsData[i].length);
            }
            System.arraycopy(rowsData[i], 0, d, i * c, c);
        }
        return new Matrix(r, c, d);
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[rows * cols]);
    }

    public static Matrix identity(int n) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = 1.0;
        return new Matrix(n, n, d);
    }

    public static Matrix diagonal(double[] diag) {
        int n = diag.length;
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = diag[i];
        return new Matrix(n, n, d);
    }

    /** The n x 1 column vector v. */
    public static Matrix column(double[] v) {
        return new Matrix(v.length, 1, v.clone());
    }

    /** The outer product u vᵀ. */
    public static Matrix outer(double[] u, double[] v) {
        double[] d = new double[u.length * v.length];
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) d[i * v.length + j] = u[i] * v[j];
        }
        return new Matrix(u.length, v.length, d);
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public boolean isSquare() { return rows == cols; }
    public double get(int i, int j) { return data[i * cols + j]; }

    /** A copy of the row-major entries. */
    public double[] toRowMajor() { return data.clone(); }

    /** Copies the row-major entries into out[0, rows·cols) (for the allocation-free kernels of {@link SmallKernels}). */
    public void copyTo(double[] out) {
        if (out.length < data.length) throw new IllegalArgumentException("output has " + out.length + " entries, need " + data.length);
        System.arraycopy(data, 0, out, 0, data.length);
    }

    /** Direct read access for linalg internals: callers must not write. */
    double[] raw() { return data; }

    public double[][] toArray() {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols, a[i], 0, cols);
        return a;
    }

    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    public double[] diag() {
        int n = Math.min(rows, cols);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = data[i * cols + i];
        return d;
    }

    public double trace() {
        requireSquare("trace");
        double t = 0;
        for (int i = 0; i < rows; i++) t += data[i * cols + i];
        return t;
    }

    /** Tile size of the cache-blocked transposing loops (a column walk of a large matrix misses the cache at every step). */
    private static final int TILE = 64;

    public Matrix transpose() {
        double[] t = new double[data.length];
        for (int i0 = 0; i0 < rows; i0 += TILE) {
            for (int j0 = 0; j0 < cols; j0 += TILE) {
                int i1 = Math.min(rows, i0 + TILE), j1 = Math.min(cols, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) t[j * rows + i] = data[i * cols + j];
                }
            }
        }
        return new Matrix(cols, rows, t);
    }

    public Matrix times(Matrix other) {
        return Backend.multiply(this, other);
    }

    /** This matrix times the vector v. */
    public double[] times(double[] v) {
        if (v.length != cols) throw new IllegalArgumentException("vector has length " + v.length + ", matrix has " + cols + " columns");
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int o = i * cols;
            for (int j = 0; j < cols; j++) s += data[o + j] * v[j];
            out[i] = s;
        }
        return out;
    }

    public Matrix plus(Matrix other) {
        requireSameShape(other, "plus");
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] + other.data[i];
        return new Matrix(rows, cols, d);
    }

    public Matrix minus(Matrix other) {
        requireSameShape(other, "minus");
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] - other.data[i];
        return new Matrix(rows, cols, d);
    }

    public Matrix scale(double s) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] * s;
        return new Matrix(rows, cols, d);
    }

    /** this·2^exponent, entry by entry with {@link Math#scalb}: exact unless an entry leaves the normal range. */
    public Matrix scalb(int exponent) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = Math.scalb(data[i], exponent);
        return new Matrix(rows, cols, d);
    }

    /** a·this + b·other. */
    public Matrix combine(double a, Matrix other, double b) {
        requireSameShape(other, "combine");
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = a * data[i] + b * other.data[i];
        return new Matrix(rows, cols, d);
    }

    /** (this + thisᵀ)/2. */
    public Matrix symmetrize() {
        requireSquare("symmetrize");
        int n = rows;
        double[] d = new double[data.length];
        for (int i0 = 0; i0 < n; i0 += TILE) {
            for (int j0 = 0; j0 <= i0; j0 += TILE) {
                int i1 = Math.min(n, i0 + TILE), j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < Math.min(j1, i + 1); j++) {
                        double v = i == j ? data[i * n + i] : 0.5 * (data[i * n + j] + data[j * n + i]);
                        d[i * n + j] = v;
                        d[j * n + i] = v;
                    }
                }
            }
        }
        return new Matrix(n, n, d);
    }

    /** Frobenius inner product tr(thisᵀ other). */
    public double dot(Matrix other) {
        requireSameShape(other, "dot");
        double s = 0;
        for (int i = 0; i < data.length; i++) s += data[i] * other.data[i];
        return s;
    }

    public double frobeniusNorm() {
        double s = 0;
        for (double v : data) s += v * v;
        return Math.sqrt(s);
    }

    /** Largest |entry|; NaN if an entry is NaN, infinite if one is infinite (so it doubles as a finiteness check). */
    public double maxAbs() {
        double m = 0;
        for (double v : data) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** Largest |this_ij − this_ji|; 0 for a symmetric matrix. */
    public double asymmetry() {
        requireSquare("asymmetry");
        int n = rows;
        double m = 0;
        for (int i0 = 0; i0 < n; i0 += TILE) {
            for (int j0 = 0; j0 <= i0; j0 += TILE) {
                int i1 = Math.min(n, i0 + TILE), j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < Math.min(j1, i); j++) m = Math.max(m, Math.abs(data[i * n + j] - data[j * n + i]));
                }
            }
        }
        return m;
    }

    public boolean allFinite() {
        for (double v : data) if (!Double.isFinite(v)) return false;
        return true;
    }

    public boolean isLowerTriangular(double tol) {
        for (int i = 0; i < rows; i++) {
            for (int j = i + 1; j < cols; j++) if (Math.abs(data[i * cols + j]) > tol) return false;
        }
        return true;
    }

    private void requireSquare(String op) {
        if (rows != cols) throw new IllegalArgumentException(op + " needs a square matrix, got " + rows + "x" + cols);
    }

    private void requireSameShape(Matrix o, String op) {
        if (rows != o.rows || cols != o.cols) {
            throw new IllegalArgumentException(op + ": shapes differ, " + rows + "x" + cols + " and " + o.rows + "x" + o.cols);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix " + rows + "x" + cols + " [");
        for (int i = 0; i < Math.min(rows, 6); i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(Arrays.copyOfRange(data, i * cols, i * cols + Math.min(cols, 6))));
        }
        return sb.append(rows > 6 ? ", ...]" : "]").toString();
    }
}
