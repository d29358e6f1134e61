package org.monge.discrete.unbalanced;

import org.monge.discrete.entropic.KernelRows;
import org.monge.linalg.Vectors;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The log-sum-exps of unbalanced Sinkhorn on a dense stabilised kernel: with potentials (f̂, ĝ) absorbed into
 * K_ij = exp((f̂_i + ĝ_j − c_ij)/ε),
 * <pre>  LSE_j(log b_j + (g_j − c_ij)/ε) = log Σ_j K_ij b_j e^{(g_j − ĝ_j)/ε} − f̂_i/ε,</pre>
 * and likewise for the columns with Kᵀ. One fused pass over K computes the row sums, the f-update of each row
 * and, with it, the column sums of the updated f (per-core column accumulators), so K is read once an
 * iteration and an iteration costs m·n multiply-adds and m + n exponentials instead of 2·m·n exponentials (the
 * stabilised scaling form of Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy regularized
 * transport problems", Alg. 2, written for the unbalanced updates of {@link MarginalPenalty}). The kernel is rebuilt from the
 * current potentials (m·n exponentials, through {@link KernelRows#expRow}) when ε changes, when a potential has
 * moved more than {@link #ABSORB}·ε from its absorbed value, and when a sum underflows or a scaling overflows;
 * if that happens again on the fresh kernel, the pass is redone by exact log-sum-exps on the costs. Memory: m·n
 * doubles plus one column accumulator of n doubles a core.
 */
final class StabilisedRows {
    /** Scalings stay within e^±ABSORB. */
    static final double ABSORB = 100;

    private final KernelRows rows, cols;
    private final int m, n, blocks;
    private final double[][] k, acc;
    private final double[] fHat, gHat;
    private double invEps = Double.NaN;

    StabilisedRows(KernelRows rows, KernelRows cols) {
        this.rows = rows;
        this.cols = cols;
        this.m = rows.rows();
        this.n = rows.cols();
        this.blocks = Math.max(1, Math.min(m, Runtime.getRuntime().availableProcessors()));
        this.k = new double[m][n];
        this.acc = new double[blocks][n];
        this.fHat = new double[m];
        this.gHat = new double[n];
    }

    /** Absorbs (f, g) at 1/ε = inv into the kernel. */
    private void rebuild(double[] f, double[] g, double inv) {
        invEps = inv;
        System.arraycopy(f, 0, fHat, 0, m);
        System.arraycopy(g, 0, gHat, 0, n);
        double[] w = new double[n];
        for (int j = 0; j < n; j++) w[j] = g[j] * inv;
        IntStream.range(0, m).parallel().forEach(i -> rows.expRow(i, f[i] * inv, w, inv, k[i], 0));
    }

    /**
     * lseRows_i = LSE_j(logB_j + (g_j − c_ij)/ε); fNew_i = the f-update from f_i, over-relaxed by omega where
     * {@link MarginalPenalty#relax} allows it; lseCols_j = LSE_i(logA_i + (fNew_i − c_ij)/ε) (the sums of the
     * g-update, at the updated f).
     */
    void pass(double[] f, double[] g, double[] logA, double[] logB, double inv, MarginalPenalty penalty, double omega, double[] lseRows,
              double[] fNew, double[] lseCols) {
        if (inv != invEps || drifted(f, fHat, inv) || drifted(g, gHat, inv)) rebuild(f, g, inv);
        if (fused(f, g, logA, logB, penalty, omega, lseRows, fNew, lseCols)) return;
        rebuild(f, g, inv);
        if (fused(f, g, logA, logB, penalty, omega, lseRows, fNew, lseCols)) return;
        exact(rows, g, logB, inv, lseRows);
        double eps = 1 / inv;
        for (int i = 0; i < m; i++) fNew[i] = penalty.relax(f[i], penalty.update(lseRows[i], eps), omega, eps);
        exact(cols, fNew, logA, inv, lseCols);
    }

    /** The fused pass on the current kernel; false when a sum underflowed or a scaling overflowed. */
    private boolean fused(double[] f, double[] g, double[] logA, double[] logB, MarginalPenalty penalty, double omega, double[] lseRows,
                          double[] fNew, double[] lseCols) {
        double inv = invEps, eps = 1 / inv;
        double[] q = new double[n];
        for (int j = 0; j < n; j++) q[j] = Math.exp(logB[j] + (g[j] - gHat[j]) * inv);
        boolean[] bad = new boolean[blocks];
        IntStream.range(0, blocks).parallel().forEach(bk -> {
            double[] ac = acc[bk];
            Arrays.fill(ac, 0);
            double[] s4 = new double[4];
            int lo = (int) ((long) m * bk / blocks), hi = (int) ((long) m * (bk + 1) / blocks);
            for (int i = lo; i < hi; i += 4) {
                int cnt = Math.min(4, hi - i);
                if (cnt == 4) Vectors.dot4(k[i], k[i + 1], k[i + 2], k[i + 3], q, n, s4);
                else for (int t = 0; t < cnt; t++) s4[t] = Vectors.dot(k[i + t], 0, q, 0, n);
                for (int t = 0; t < cnt; t++) {
                    int r = i + t;
                    double s = s4[t];
                    if (!(s > 0) || s == Double.POSITIVE_INFINITY) {
                        bad[bk] = true;
                        continue;
                    }
                    lseRows[r] = Math.log(s) - fHat[r] * inv;
                    fNew[r] = penalty.relax(f[r], penalty.update(lseRows[r], eps), omega, eps);
                    double u = Math.exp(logA[r] + (fNew[r] - fHat[r]) * inv);
                    if (u == Double.POSITIVE_INFINITY || Double.isNaN(u)) {
                        bad[bk] = true;
                    } else if (u != 0) {
                        double[] kr = k[r];
                        for (int j = 0; j < n; j++) ac[j] += u * kr[j];
                    }
                }
            }
        });
        for (boolean b : bad) if (b) return false;
        for (int j = 0; j < n; j++) {
            double t = 0;
            for (double[] ac : acc) t += ac[j];
            if (!(t > 0) || t == Double.POSITIVE_INFINITY) return false;
            lseCols[j] = Math.log(t) - gHat[j] * inv;
        }
        return true;
    }

    /** The log-sum-exps row by row on the costs (each shifted by its largest term), where the kernel cannot hold them. */
    private static void exact(KernelRows kr, double[] other, double[] logW, double inv, double[] out) {
        double[] w = new double[other.length];
        for (int j = 0; j < w.length; j++) w[j] = logW[j] + other[j] * inv;
        IntStream.range(0, kr.rows()).parallel().forEach(i -> out[i] = kr.lse(i, w, inv, Double.NaN));
    }

    private static boolean drifted(double[] p, double[] hat, double inv) {
        for (int i = 0; i < p.length; i++) if (Math.abs(p[i] - hat[i]) * inv > ABSORB) return true;
        return false;
    }
}
