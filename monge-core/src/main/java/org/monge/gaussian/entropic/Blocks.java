package org.monge.gaussian.entropic;

import org.monge.linalg.Matrix;

/** Assembling and cutting 2 × 2 block matrices of d × d blocks. */
final class Blocks {
    private Blocks() {}

    /** [[a, c], [cᵀ, b]]. */
    static Matrix join(Matrix a, Matrix c, Matrix b) {
        int d = a.rows(), e = b.rows(), n = d + e;
        double[] out = new double[n * n];
        double[] ar = a.toRowMajor(), br = b.toRowMajor(), cr = c.toRowMajor();
        for (int i = 0; i < d; i++) {
            System.arraycopy(ar, i * d, out, i * n, d);
            System.arraycopy(cr, i * e, out, i * n + d, e);
            for (int j = 0; j < e; j++) out[(d + j) * n + i] = cr[i * e + j];
        }
        for (int i = 0; i < e; i++) System.arraycopy(br, i * e, out, (d + i) * n + d, e);
        return Matrix.fromRowMajor(n, n, out);
    }

    /** The size × size block of m at (row, col). */
    static Matrix block(Matrix m, int row, int col, int size) {
        double[] src = m.toRowMajor();
        double[] out = new double[size * size];
        for (int i = 0; i < size; i++) System.arraycopy(src, (row + i) * m.cols() + col, out, i * size, size);
        return Matrix.fromRowMajor(size, size, out);
    }
}
