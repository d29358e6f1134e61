package org.monge.discrete.entropic;

import org.monge.linalg.Vectors;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The dense kernel of Sinkhorn's scaling iterations, K = R ⊙ exp((f ⊕ g − C)/ε), and the fused pass
 * over it that does one row update u ← α/(Kv) and accumulates Kᵀu for the column update, so that K is
 * read once an iteration, not twice (Cuturi 2013 for the scaling form; with potentials f, g absorbed
 * into K it is the stabilised kernel of Schmitzer 2019, "Stabilized sparse scaling algorithms for
 * entropy regularized transport problems", and with f = g = 0 the plain one). The pass is split into
 * one block of rows per core, each with its own column accumulator. What to do when a scaling leaves
 * the safe range is the caller's ({@link Sinkhorn}); this class only holds K and runs the passes.
 */
final class ScalingKernel {
    private final LogKernel kernel;
    private final int n, m;
    private final int blocks;
    private final double[][] acc;
    private final double[] errs;
    private double[][] rows;

    /** The kernel of the given potentials at 1/ε = invEps. */
    ScalingKernel(LogKernel kernel, double[] f, double[] g, double invEps) {
        this.kernel = kernel;
        this.n = kernel.n;
        this.m = kernel.m;
        this.blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors()));
        this.acc = new double[blocks][m];
        this.errs = new double[blocks];
        rebuild(f, g, invEps);
    }

    /**
     * K = R ⊙ exp((f ⊕ g − C)/ε), one array a row, so that the scaling pass indexes a kernel
     * row and the column accumulator alike, which C2 vectorises (with offsets into one flat array
     * it cannot rule out overlap and the pass stays scalar: 7 % slower end to end at n = 4000).
     * Rebuilt in place after the first time.
     */
    void rebuild(double[] f, double[] g, double invEps) {
        double[][] kmat = rows != null ? rows : new double[n][m];
        double[] w = new double[m];
        for (int j = 0; j < m; j++) w[j] = g[j] * invEps;
        IntStream.range(0, n).parallel().forEach(i -> kernel.expRow(i, f[i] * invEps, w, invEps, kmat[i], 0));
        rows = kmat;
    }

    /**
     * The row update u_i ← α_i / (K qv)_i into uNew (qv = q ⊙ v), over-relaxed by the factor omega where
     * {@link OverRelaxation#safe} allows it (omega = 1: the plain update), accumulating Kᵀ(p ⊙ uNew) for
     * {@link #columnUpdate}. Returns Σ_i |p_i u_i (K qv)_i − aw_i|, the L1 row error of the state (u, v).
     */
    double rowPass(double[] qv, double[] p, double[] alpha, double[] u, double[] uNew, double[] aw, double omega) {
        final double[][] km = rows;
        IntStream.range(0, blocks).parallel().forEach(bk -> {
            double[] ac = acc[bk];
            Arrays.fill(ac, 0);
            double[] s4 = new double[4], pu4 = new double[4];
            double e = 0;
            int lo = (int) ((long) n * bk / blocks), hi = (int) ((long) n * (bk + 1) / blocks);
            int i = lo;
            // four rows at a time: the pass streams K from memory once, and four rows per
            // visit of qv and the accumulator keep it at memory speed (1.7× one row at a time)
            for (; i + 3 < hi; i += 4) {
                double[] r0 = km[i], r1 = km[i + 1], r2 = km[i + 2], r3 = km[i + 3];
                Vectors.dot4(r0, r1, r2, r3, qv, m, s4);
                boolean all = true;
                for (int k = 0; k < 4; k++) {
                    pu4[k] = rowUpdate(i + k, s4[k], p, alpha, u, uNew, omega);
                    e += Math.abs(p[i + k] * u[i + k] * s4[k] - aw[i + k]);
                    all &= pu4[k] != 0;
                }
                if (all) {
                    accumulate4(ac, r0, r1, r2, r3, pu4[0], pu4[1], pu4[2], pu4[3]);
                } else {
                    for (int k = 0; k < 4; k++) accumulate(ac, km[i + k], pu4[k]);
                }
            }
            for (; i < hi; i++) {
                double s = Vectors.dot(km[i], 0, qv, 0, m);
                e += Math.abs(p[i] * u[i] * s - aw[i]);
                accumulate(ac, km[i], rowUpdate(i, s, p, alpha, u, uNew, omega));
            }
            errs[bk] = e;
        });
        return Sinkhorn.sum(errs);
    }

    /**
     * v_j ← β_j / (Kᵀ(p ⊙ u))_j into vNew, from the accumulators of the last {@link #rowPass}, over-relaxed
     * by omega where safe. Returns the L1 column error of the new state, Σ_j bw_j |vNew_j/v*_j − 1| with v*
     * the plain update (0 for omega = 1, where the columns fit).
     */
    double columnUpdate(double[] beta, double[] v, double[] vNew, double[] bw, double omega) {
        double err = 0;
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (double[] ac : acc) s += ac[j];
            double plain = beta[j] == 0 ? 0 : beta[j] / s;
            vNew[j] = relaxed(v[j], plain, omega);
            if (omega != 1 && plain > 0) err += bw[j] * Math.abs(vNew[j] / plain - 1);
        }
        return err;
    }

    /** The scaling cur·(plain/cur)^ω', ω' = {@link OverRelaxation#safe}(ω, log(plain/cur)); plain itself for ω = 1. */
    static double relaxed(double cur, double plain, double omega) {
        if (omega == 1 || !(cur > 0) || !(plain > 0) || !Double.isFinite(cur) || !Double.isFinite(plain)) return plain;
        double x = Math.log(plain / cur);
        return cur * Math.exp(OverRelaxation.safe(omega, x) * x);
    }

    /** u_i ← α_i / (Kv)_i (relaxed) into un; returns p_i u_i, the row's weight in Kᵀu, or 0 when it must be skipped. */
    private static double rowUpdate(int i, double s, double[] p, double[] alpha, double[] cur, double[] un, double omega) {
        double u = relaxed(cur[i], alpha[i] == 0 ? 0 : alpha[i] / s, omega);
        un[i] = u;
        double pu = p[i] * u;
        return pu != 0 && Double.isFinite(pu) ? pu : 0;
    }

    /**
     * ac += p0·r0 + p1·r1 + p2·r2 + p3·r3, rows indexed like the accumulator: the form C2 vectorises. A method of its
     * own, called n/4 times an iteration, so that in a fresh JVM it gets its C2 compilation after a few iterations
     * instead of waiting for an on-stack replacement of the whole pass (docs/benchmarks.md, i17-sinkhorn).
     */
    private static void accumulate4(double[] ac, double[] r0, double[] r1, double[] r2, double[] r3,
                                    double p0, double p1, double p2, double p3) {
        for (int j = 0; j < ac.length; j++) ac[j] += (p0 * r0[j] + p1 * r1[j]) + (p2 * r2[j] + p3 * r3[j]);
    }

    /** ac += pu · row (nothing for pu = 0, so that a row with an infinite entry is never multiplied by 0). */
    private static void accumulate(double[] ac, double[] row, double pu) {
        if (pu == 0) return;
        for (int j = 0; j < ac.length; j++) ac[j] += pu * row[j];
    }
}
