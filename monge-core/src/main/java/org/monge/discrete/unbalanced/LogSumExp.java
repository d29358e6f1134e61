package org.monge.discrete.unbalanced;

import java.util.stream.IntStream;

/**
 * The log-sum-exp passes over a dense row-major cost that the unbalanced solvers share, each row shifted by
 * its largest term so that no ε is too small: out_i = LSE_j(w_j + (p_j − c_ij)/ε). Rows run in parallel when
 * asked. A row whose terms are all −∞ gives −∞.
 */
final class LogSumExp {
    private LogSumExp() {}

    /** out_i = LSE_j(w_j + (p_j − cost_ij)/ε) over a rows×cols row-major cost; w may be null (zero). */
    static void rows(double[] cost, int rows, int cols, double[] p, double[] w, double eps, boolean parallel, double[] out) {
        IntStream range = IntStream.range(0, rows);
        (parallel ? range.parallel() : range).forEach(i -> {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0, k = i * cols; j < cols; j++, k++) mx = Math.max(mx, (w == null ? 0 : w[j]) + (p[j] - cost[k]) / eps);
            if (mx == Double.NEGATIVE_INFINITY) {
                out[i] = mx;
                return;
            }
            double s = 0;
            for (int j = 0, k = i * cols; j < cols; j++, k++) s += Math.exp((w == null ? 0 : w[j]) + (p[j] - cost[k]) / eps - mx);
            out[i] = mx + Math.log(s);
        });
    }

    /** The logarithms of w (−∞ for zeros). */
    static double[] logs(double[] w) {
        double[] l = new double[w.length];
        for (int i = 0; i < w.length; i++) l[i] = Math.log(w[i]);
        return l;
    }
}
