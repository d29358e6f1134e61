package org.monge.discrete.entropic;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.Metric;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Vectors;

import java.util.Arrays;

/**
 * Rows of the Gibbs kernel in log form, z_ij = w_j − c_ij/ε + ρ_ij, for the Sinkhorn solvers:
 * w is a per-column vector (potential/ε plus log-weight), ρ an optional non-separable log
 * reference. Costs come from a dense array or are computed on the fly from two point clouds
 * (memory O((n + m)·d); squared Euclidean costs have a flat-array fast path). Each kernel knows
 * its transpose, so column updates are row updates of the transpose.
 *
 * <p>Log-sum-exp is one exponential pass shifted by a hint (the row's previous value, which is
 * the right scale once the potentials settle); only when that sum leaves (1e-3, {@link #HINT_MAX})
 * is it redone with a max pass, so no term overflows and the sum never underflows to zero.
 */
abstract class LogKernel {
    final int n, m;

    LogKernel(int n, int m) {
        this.n = n;
        this.m = m;
    }

    /** max_j z_ij. */
    abstract double max(int i, double[] w, double invEps);

    /** Σ_j exp(z_ij − shift). */
    abstract double sumExp(int i, double[] w, double invEps, double shift);

    /** Σ_j exp(z_ij − shift), with Σ_j exp(z_ij − shift)·c_ij in weighted[0]. */
    abstract double sumExpCost(int i, double[] w, double invEps, double shift, double[] weighted);

    /** out[0] = Σ_j exp(z_ij + lp), out[1] = Σ_j exp(z_ij + lp)·c_ij. */
    abstract void planRow(int i, double lp, double[] w, double invEps, double[] out);

    /** out[off + j] = exp(z_ij + lp) (a row of the plan or of a stabilised kernel). */
    abstract void expRow(int i, double lp, double[] w, double invEps, double[] out, int off);

    abstract LogKernel transpose();

    /**
     * A sum shifted by the hint is accepted when it lies in (1e-3, HINT_MAX): then the terms
     * clamped by the squared-Euclidean path (at e^±64, see {@link SqEuclidean}) cost at most
     * 4e-16 relative, and no term overflowed. Otherwise the row is redone shifted by its maximum.
     */
    static final double HINT_MAX = 1e25;

    /** log Σ_j exp(z_ij), −∞ when every term is −∞. */
    final double lse(int i, double[] w, double invEps, double hint) {
        if (Double.isFinite(hint)) {
            double s = sumExp(i, w, invEps, hint);
            if (s > 1e-3 && s < HINT_MAX) return hint + Math.log(s);
        }
        double mx = max(i, w, invEps);
        if (mx == Double.NEGATIVE_INFINITY) return mx;
        return mx + Math.log(sumExp(i, w, invEps, mx));
    }

    /**
     * {@link #lse} l_i, with the row's mean cost Σ_j exp(z_ij − l_i)·c_ij in meanCost[i] (so that the cost of a plan row
     * e^{lp + z_ij} is e^{lp + l_i} · meanCost[i] without another pass); same hint rule.
     */
    final double lseCost(int i, double[] w, double invEps, double hint, double[] meanCost) {
        double[] sc = new double[1];
        if (Double.isFinite(hint)) {
            double s = sumExpCost(i, w, invEps, hint, sc);
            if (s > 1e-3 && s < HINT_MAX) {
                meanCost[i] = sc[0] / s;
                return hint + Math.log(s);
            }
        }
        double mx = max(i, w, invEps);
        if (mx == Double.NEGATIVE_INFINITY) {
            meanCost[i] = 0;
            return mx;
        }
        double s = sumExpCost(i, w, invEps, mx, sc);
        meanCost[i] = sc[0] / s;
        return mx + Math.log(s);
    }

    /** The kernel of a cost matrix and a reference coupling (ρ = log R for a non-product reference). */
    static LogKernel of(CostMatrix c, ReferenceMeasure ref) {
        if (c instanceof CostMatrix.Dense d) {
            double[] rho = null;
            if (ref instanceof ReferenceMeasure.LogMatrix lm) {
                if (lm.rows() != c.rows() || lm.cols() != c.cols()) {
                    throw new IllegalArgumentException("reference has shape " + lm.rows() + "x" + lm.cols()
                            + " but the cost is " + c.rows() + "x" + c.cols());
                }
                rho = lm.logR();
            } else if (ref instanceof ReferenceMeasure.Function) {
                throw new IllegalArgumentException(
                        "reference: a log-density of the points needs costs from point clouds (x, y), not a dense cost matrix");
            }
            return new DenseKernel(c.rows(), c.cols(), CostViews.rowMajor(d), rho);
        }
        CostMatrix.FromPoints p = (CostMatrix.FromPoints) c;
        if (ref instanceof ReferenceMeasure.LogMatrix lm) {
            if (lm.rows() != c.rows() || lm.cols() != c.cols()) {
                throw new IllegalArgumentException("reference has shape " + lm.rows() + "x" + lm.cols()
                        + " but the cost is " + c.rows() + "x" + c.cols());
            }
            return new DenseKernel(c.rows(), c.cols(), c.toRowMajor(), lm.logR());
        }
        ReferenceMeasure.LogDensity dens = ref instanceof ReferenceMeasure.Function f ? f.density() : null;
        if (dens == null && p.metric() == Metric.SQEUCLIDEAN) return new SqEuclidean(CostViews.sourcePoints(p), CostViews.targetPoints(p));
        return new PointKernel(CostViews.sourcePoints(p), CostViews.targetPoints(p), p.metric(), dens, false);
    }

    static double[] transposed(double[] a, int n, int m) {
        double[] t = new double[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
        }
        return t;
    }

    /** Dense costs (and optional dense log reference), row-major; the transpose is built once, lazily. */
    static final class DenseKernel extends LogKernel {
        private final double[] c, rho;
        private DenseKernel transpose;

        DenseKernel(int n, int m, double[] c, double[] rho) {
            super(n, m);
            this.c = c;
            this.rho = rho;
        }

        @Override
        double max(int i, double[] w, double invEps) {
            double mx = Double.NEGATIVE_INFINITY;
            int o = i * m;
            for (int j = 0; j < m; j++) mx = Math.max(mx, w[j] - c[o + j] * invEps + (rho == null ? 0 : rho[o + j]));
            return mx;
        }

        @Override
        double sumExp(int i, double[] w, double invEps, double shift) {
            double s = 0;
            int o = i * m;
            if (rho == null) {
                for (int j = 0; j < m; j++) s += Math.exp(w[j] - c[o + j] * invEps - shift);
            } else {
                for (int j = 0; j < m; j++) s += Math.exp(w[j] - c[o + j] * invEps + rho[o + j] - shift);
            }
            return s;
        }

        @Override
        double sumExpCost(int i, double[] w, double invEps, double shift, double[] weighted) {
            double s = 0, sc = 0;
            int o = i * m;
            for (int j = 0; j < m; j++) {
                double cij = c[o + j];
                double p = Math.exp(w[j] - cij * invEps + (rho == null ? 0 : rho[o + j]) - shift);
                s += p;
                if (p > 0) sc += p * cij;
            }
            weighted[0] = sc;
            return s;
        }

        @Override
        void planRow(int i, double lp, double[] w, double invEps, double[] out) {
            double s = 0, sc = 0;
            int o = i * m;
            for (int j = 0; j < m; j++) {
                double cij = c[o + j];
                double p = Math.exp(w[j] - cij * invEps + (rho == null ? 0 : rho[o + j]) + lp);
                s += p;
                if (p > 0) sc += p * cij;
            }
            out[0] = s;
            out[1] = sc;
        }

        @Override
        void expRow(int i, double lp, double[] w, double invEps, double[] out, int off) {
            int o = i * m;
            for (int j = 0; j < m; j++) out[off + j] = Math.exp(w[j] - c[o + j] * invEps + (rho == null ? 0 : rho[o + j]) + lp);
        }

        @Override
        synchronized LogKernel transpose() {
            if (transpose == null) {
                transpose = new DenseKernel(m, n, transposed(c, n, m), rho == null ? null : transposed(rho, n, m));
                transpose.transpose = this;
            }
            return transpose;
        }
    }

    /**
     * Squared Euclidean costs between point clouds, coordinates stored by dimension (c[k][i] is
     * coordinate k of point i). The row sums run in blocks of {@link #BLOCK} columns: short loops
     * over j, with every array indexed by j so that C2 vectorises them, write the exponents
     * w_j − c_ij/ε − shift into a per-thread buffer, take {@link FastExp} of it in place and add the
     * block up (1.5 ns a pair against 6 ns with {@link Math#exp} and a skip test per term). Terms below
     * e^−64 of the shift count as e^−64 (at most 2^31·1.6e-28 against a sum of at least 1e-3
     * that is accepted: below 4e-16 relative); a term above e^64 is clamped, which makes the sum
     * exceed {@link #HINT_MAX}, so the row is redone with a max shift.
     */
    static final class SqEuclidean extends LogKernel {
        static final int BLOCK = 1024;
        private static final ThreadLocal<double[][]> BUFFER = ThreadLocal.withInitial(() -> new double[2][0]);
        private final double[][] xc, yc;
        private final int d;

        SqEuclidean(double[][] xs, double[][] ys) {
            this(byDimension(xs), byDimension(ys), xs.length, ys.length);
        }

        private SqEuclidean(double[][] xc, double[][] yc, int n, int m) {
            super(n, m);
            this.xc = xc;
            this.yc = yc;
            this.d = xc.length;
        }

        private static double[][] byDimension(double[][] p) {
            int d = p.length > 0 ? p[0].length : 0;
            double[][] c = new double[d][p.length];
            for (int i = 0; i < p.length; i++) for (int k = 0; k < d; k++) c[k][i] = p[i][k];
            return c;
        }

        /** Per-thread scratch row number k (0 or 1) of at least m entries. */
        private double[] buffer(int k) {
            double[][] holder = BUFFER.get();
            if (holder[k].length < m) holder[k] = new double[m];
            return holder[k];
        }

        /** The exponents in blocks, as in {@link #sumExp} (costs in loops that C2 vectorises), then their maximum. */
        @Override
        double max(int i, double[] w, double invEps) {
            double[] t = buffer(0);
            double mx = Double.NEGATIVE_INFINITY;
            for (int j0 = 0; j0 < m; j0 += BLOCK) {
                int j1 = Math.min(m, j0 + BLOCK);
                costs(i, t, j0, j1);
                for (int j = j0; j < j1; j++) t[j] = w[j] - t[j] * invEps;
                for (int j = j0; j < j1; j++) mx = Math.max(mx, t[j]);
            }
            return mx;
        }

        /** As {@link #sumExp}, keeping each block's costs for the weighted sum. */
        @Override
        double sumExpCost(int i, double[] w, double invEps, double shift, double[] weighted) {
            double[] t = buffer(0), c = buffer(1);
            double s = 0, sc = 0;
            for (int j0 = 0; j0 < m; j0 += BLOCK) {
                int j1 = Math.min(m, j0 + BLOCK);
                costs(i, c, j0, j1);
                for (int j = j0; j < j1; j++) t[j] = w[j] - c[j] * invEps - shift;
                for (int j = j0; j < j1; j++) t[j] = FastExp.exp(t[j]);
                s += Vectors.sum(t, j0, j1);
                sc += Vectors.dot(t, j0, c, j0, j1 - j0);
            }
            weighted[0] = sc;
            return s;
        }

        @Override
        double sumExp(int i, double[] w, double invEps, double shift) {
            double[] t = buffer(0);
            double s = 0;
            for (int j0 = 0; j0 < m; j0 += BLOCK) {
                int j1 = Math.min(m, j0 + BLOCK);
                if (d == 2) {
                    double x0 = xc[0][i], x1 = xc[1][i];
                    double[] y0 = yc[0], y1 = yc[1];
                    for (int j = j0; j < j1; j++) {
                        double a = x0 - y0[j], b = x1 - y1[j];
                        t[j] = w[j] - (a * a + b * b) * invEps - shift;
                    }
                } else {
                    Arrays.fill(t, j0, j1, 0.0);
                    for (int k = 0; k < d; k++) {
                        double xk = xc[k][i];
                        double[] yk = yc[k];
                        for (int j = j0; j < j1; j++) {
                            double a = xk - yk[j];
                            t[j] += a * a;
                        }
                    }
                    for (int j = j0; j < j1; j++) t[j] = w[j] - t[j] * invEps - shift;
                }
                // separate loops: C2 unrolls (and so vectorises) only loops with small bodies
                for (int j = j0; j < j1; j++) t[j] = FastExp.exp(t[j]);
                s += Vectors.sum(t, j0, j1);
            }
            return s;
        }

        /** Vectorised as {@link #sumExp}, over the whole row: costs, exponents, their maximum, then the shifted sums. */
        @Override
        void planRow(int i, double lp, double[] w, double invEps, double[] out) {
            double[] t = buffer(0), c = buffer(1);
            costs(i, c);
            for (int j = 0; j < m; j++) t[j] = w[j] - c[j] * invEps;
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) mx = Math.max(mx, t[j]);
            if (mx == Double.NEGATIVE_INFINITY) {
                out[0] = out[1] = 0;
                return;
            }
            for (int j = 0; j < m; j++) t[j] = FastExp.exp(t[j] - mx);
            double scale = Math.exp(mx + lp);
            out[0] = scale * Vectors.sum(t, 0, m);
            out[1] = scale * Vectors.dot(t, 0, c, 0, m);
        }

        /** c[j] = |x_i − y_j|² for every j. */
        private void costs(int i, double[] c) {
            costs(i, c, 0, m);
        }

        /** c[j] = |x_i − y_j|² for j0 ≤ j &lt; j1. */
        private void costs(int i, double[] c, int j0, int j1) {
            if (d == 2) {
                double x0 = xc[0][i], x1 = xc[1][i];
                double[] y0 = yc[0], y1 = yc[1];
                for (int j = j0; j < j1; j++) {
                    double a = x0 - y0[j], b = x1 - y1[j];
                    c[j] = a * a + b * b;
                }
                return;
            }
            Arrays.fill(c, j0, j1, 0.0);
            for (int k = 0; k < d; k++) {
                double xk = xc[k][i];
                double[] yk = yc[k];
                for (int j = j0; j < j1; j++) {
                    double a = xk - yk[j];
                    c[j] += a * a;
                }
            }
        }

        /** The row's costs first, in the loop C2 vectorises, then the exponentials. */
        @Override
        void expRow(int i, double lp, double[] w, double invEps, double[] out, int off) {
            double[] c = buffer(1);
            costs(i, c);
            for (int j = 0; j < m; j++) out[off + j] = Math.exp(w[j] - c[j] * invEps + lp);
        }

        @Override
        LogKernel transpose() { return new SqEuclidean(yc, xc, m, n); }
    }

    /** Any metric (and optionally a log reference density) between point clouds, on the fly. */
    static final class PointKernel extends LogKernel {
        private final double[][] xs, ys;
        private final Metric metric;
        private final ReferenceMeasure.LogDensity density;
        private final boolean swapped; // rows are the target points: call metric/density as (y, x)

        PointKernel(double[][] xs, double[][] ys, Metric metric, ReferenceMeasure.LogDensity density, boolean swapped) {
            super(xs.length, ys.length);
            this.xs = xs;
            this.ys = ys;
            this.metric = metric;
            this.density = density;
            this.swapped = swapped;
        }

        private double cost(int i, int j) {
            return swapped ? metric.cost(ys[j], xs[i]) : metric.cost(xs[i], ys[j]);
        }

        private double rho(int i, int j) {
            if (density == null) return 0;
            double r = swapped ? density.logR(ys[j], xs[i]) : density.logR(xs[i], ys[j]);
            if (Double.isNaN(r) || r == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("reference log-density is " + r + " at a pair of points");
            }
            return r;
        }

        private double z(int i, int j, double[] w, double invEps) {
            return w[j] - cost(i, j) * invEps + rho(i, j);
        }

        @Override
        double max(int i, double[] w, double invEps) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) mx = Math.max(mx, z(i, j, w, invEps));
            return mx;
        }

        @Override
        double sumExp(int i, double[] w, double invEps, double shift) {
            double s = 0;
            for (int j = 0; j < m; j++) s += Math.exp(z(i, j, w, invEps) - shift);
            return s;
        }

        @Override
        double sumExpCost(int i, double[] w, double invEps, double shift, double[] weighted) {
            double s = 0, sc = 0;
            for (int j = 0; j < m; j++) {
                double cij = cost(i, j);
                double p = Math.exp(w[j] - cij * invEps + rho(i, j) - shift);
                s += p;
                if (p > 0) sc += p * cij;
            }
            weighted[0] = sc;
            return s;
        }

        @Override
        void planRow(int i, double lp, double[] w, double invEps, double[] out) {
            double s = 0, sc = 0;
            for (int j = 0; j < m; j++) {
                double cij = cost(i, j);
                double p = Math.exp(w[j] - cij * invEps + rho(i, j) + lp);
                s += p;
                if (p > 0) sc += p * cij;
            }
            out[0] = s;
            out[1] = sc;
        }

        @Override
        void expRow(int i, double lp, double[] w, double invEps, double[] out, int off) {
            for (int j = 0; j < m; j++) out[off + j] = Math.exp(z(i, j, w, invEps) + lp);
        }

        @Override
        LogKernel transpose() { return new PointKernel(ys, xs, metric, density, !swapped); }
    }
}
