package org.monge.discrete;

import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Matrix;

/**
 * The ground costs c_ij between m source and n target points: either a dense m×n array, or
 * computed on the fly from two point clouds and a {@link Metric} (memory O((m + n)·d), for
 * solvers that never need the whole matrix at once).
 */
public abstract sealed class CostMatrix permits CostMatrix.Dense, CostMatrix.FromPoints {

    // the solvers of discrete.exact and discrete.entropic read the storage through CostViews
    static {
        CostViews.register(CostMatrix::rowMajorView, FromPoints::sourceView, FromPoints::targetView);
    }

    public abstract int rows();

    public abstract int cols();

    /** c_ij. */
    public abstract double get(int i, int j);

    /** Fills out[j] = c_ij for j in [0, cols). */
    public void row(int i, double[] out) {
        for (int j = 0; j < cols(); j++) out[j] = get(i, j);
    }

    /** The whole matrix as a row-major array (m·n doubles). */
    public double[] toRowMajor() {
        int m = rows(), n = cols();
        double[] d = new double[m * n];
        double[] r = new double[n];
        for (int i = 0; i < m; i++) {
            row(i, r);
            System.arraycopy(r, 0, d, i * n, n);
        }
        return d;
    }

    /** The row-major entries without a copy where the storage allows it; callers must not modify it. */
    double[] rowMajorView() {
        return toRowMajor();
    }

    public Matrix toMatrix() {
        return Matrix.fromRowMajor(rows(), cols(), toRowMajor());
    }

    /** Largest |c_ij| (a full pass for point clouds). */
    public double maxAbs() {
        double m = 0;
        double[] r = new double[cols()];
        for (int i = 0; i < rows(); i++) {
            row(i, r);
            for (double v : r) m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** A dense cost matrix; entries must not be NaN (+∞ marks a forbidden pair). */
    public static CostMatrix dense(Matrix c) {
        return new Dense(c.rows(), c.cols(), c.toRowMajor());
    }

    /** A dense cost matrix from a row-major array (copied). */
    public static CostMatrix dense(int rows, int cols, double[] rowMajor) {
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("cost has " + rowMajor.length + " entries, expected " + rows + "x" + cols);
        }
        return new Dense(rows, cols, rowMajor.clone());
    }

    /** Costs c(x_i, y_j) between the rows of x (m×d) and y (n×d), computed on demand. */
    public static CostMatrix fromPoints(Matrix x, Matrix y, Metric metric) {
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("point clouds differ in dimension: x has " + x.cols() + " columns, y has " + y.cols());
        }
        if (!x.allFinite()) throw new IllegalArgumentException("x has a non-finite coordinate");
        if (!y.allFinite()) throw new IllegalArgumentException("y has a non-finite coordinate");
        return new FromPoints(x, y, metric);
    }

    /** Dense storage. */
    public static final class Dense extends CostMatrix {
        private final int m, n;
        private final double[] c;

        private Dense(int m, int n, double[] c) {
            for (int k = 0; k < c.length; k++) {
                if (Double.isNaN(c[k]) || c[k] == Double.NEGATIVE_INFINITY) {
                    throw new IllegalArgumentException("cost has an invalid entry at ("
                            + k / Math.max(n, 1) + ", " + k % Math.max(n, 1) + "): " + c[k]);
                }
            }
            this.m = m;
            this.n = n;
            this.c = c;
        }

        @Override public int rows() { return m; }
        @Override public int cols() { return n; }
        @Override public double get(int i, int j) { return c[i * n + j]; }

        @Override
        public void row(int i, double[] out) { System.arraycopy(c, i * n, out, 0, n); }

        @Override
        public double[] toRowMajor() { return c.clone(); }

        @Override
        double[] rowMajorView() { return c; }
    }

    /** Costs computed from two point clouds. */
    public static final class FromPoints extends CostMatrix {
        private final double[][] xs, ys;
        private final Metric metric;

        private FromPoints(Matrix x, Matrix y, Metric metric) {
            this.xs = x.toArray();
            this.ys = y.toArray();
            this.metric = metric;
        }

        public Metric metric() { return metric; }

        /** The source points, one a row, without a copy (callers must not modify them). */
        double[][] sourceView() { return xs; }

        /** The target points, one a row, without a copy (callers must not modify them). */
        double[][] targetView() { return ys; }
        public double[] sourcePoint(int i) { return xs[i].clone(); }
        public double[] targetPoint(int j) { return ys[j].clone(); }

        /** The source points, one a row (a copy). */
        public Matrix sourcePoints() { return Matrix.of(xs); }

        /** The target points, one a row (a copy). */
        public Matrix targetPoints() { return Matrix.of(ys); }

        public int dimension() { return xs.length > 0 ? xs[0].length : ys.length > 0 ? ys[0].length : 0; }

        @Override public int rows() { return xs.length; }
        @Override public int cols() { return ys.length; }
        @Override public double get(int i, int j) { return metric.cost(xs[i], ys[j]); }

        @Override
        public void row(int i, double[] out) {
            double[] x = xs[i];
            for (int j = 0; j < ys.length; j++) out[j] = metric.cost(x, ys[j]);
        }
    }
}
