package org.monge.discrete.entropic;

import org.monge.discrete.TransportPlan;
import org.monge.linalg.Matrix;

import java.util.stream.IntStream;

/**
 * The entropic transport plan π_ij = exp((f_i + g_j − c_ij)/ε) R_ij, held as its potentials and
 * computed lazily: a row at a time (O(m) memory) or as a dense matrix on request.
 */
public final class EntropicPlan implements TransportPlan {
    private final LogKernel kernel;
    private final double[] rowLog, colLog; // lp_i = f_i/ε + rowLog_i, w_j = g_j/ε + colLog_j
    private final double invEps;

    EntropicPlan(LogKernel kernel, double[] rowLog, double[] colLog, double invEps) {
        this.kernel = kernel;
        this.rowLog = rowLog;
        this.colLog = colLog;
        this.invEps = invEps;
    }

    /** lp_i = f_i/ε + rowLog_i, the row exponents of the plan (not copied). */
    double[] rowLog() { return rowLog; }

    /** w_j = g_j/ε + colLog_j, the column exponents of the plan (not copied). */
    double[] colLog() { return colLog; }

    @Override
    public int rows() { return kernel.n; }

    @Override
    public int cols() { return kernel.m; }

    /** Row i of the plan. */
    public double[] row(int i) {
        double[] out = new double[kernel.m];
        kernel.expRow(i, rowLog[i], colLog, invEps, out, 0);
        return out;
    }

    /** Σ_j π_ij for every i (one pass, all cores). */
    @Override
    public double[] rowSums() {
        return sums(kernel, rowLog, colLog);
    }

    /** Σ_i π_ij for every j (one pass over the transposed kernel). */
    @Override
    public double[] colSums() {
        return sums(kernel.transpose(), colLog, rowLog);
    }

    private double[] sums(LogKernel k, double[] lp, double[] w) {
        double[] s = new double[k.n];
        IntStream.range(0, k.n).parallel().forEach(i -> {
            double[] o = new double[2];
            k.planRow(i, lp[i], w, invEps, o);
            s[i] = o[0];
        });
        return s;
    }

    /** The non-zero entries row by row, each row computed once (O(m) memory). */
    @Override
    public void forEachNonZero(Entry action) {
        double[] r = new double[kernel.m];
        for (int i = 0; i < kernel.n; i++) {
            kernel.expRow(i, rowLog[i], colLog, invEps, r, 0);
            for (int j = 0; j < r.length; j++) if (r[j] != 0) action.accept(i, j, r[j]);
        }
    }

    /** The whole plan, dense row-major (n·m doubles, rows in parallel). */
    @Override
    public double[] toDense() {
        int n = kernel.n, m = kernel.m;
        double[] d = new double[n * m];
        IntStream.range(0, n).parallel().forEach(i -> kernel.expRow(i, rowLog[i], colLog, invEps, d, i * m));
        return d;
    }

    /**
     * Bytes needed to hold the dense form of a rows×cols plan as {@link #toMatrix} builds it: the
     * row-major array of {@link #toDense} and the matrix copied from it, 8 bytes an entry each.
     */
    public static long denseBytes(int rows, int cols) {
        return 16L * rows * cols;
    }

    /** The whole plan as a dense matrix (n·m doubles). */
    public Matrix toMatrix() {
        return Matrix.fromRowMajor(kernel.n, kernel.m, toDense());
    }
}
