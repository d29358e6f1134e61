package org.monge.discrete;

/**
 * Rows of the Gibbs kernel in log form, z_ij = w_j − c_ij/ε + ρ_ij, for the Sinkhorn solvers:
 * w is a per-column vector (potential/ε plus log-weight), ρ an optional non-separable log
 * reference. Costs come from a dense array or are computed on the fly from two point clouds
 * (memory O((n + m)·d); squared Euclidean costs have a flat-array fast path). Each kernel knows
 * its transpose, so column updates are row updates of the transpose.
 *
 * <p>Log-sum-exp is one exponential pass shifted by a hint (the row's previous value, which is
 * the right scale once the potentials settle); only when that sum leaves [1e-200, 1e200] is it
 * redone with a max pass, so no term overflows and the sum never underflows to zero.
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

    /** out[0] = Σ_j exp(z_ij + lp), out[1] = Σ_j exp(z_ij + lp)·c_ij. */
    abstract void planRow(int i, double lp, double[] w, double invEps, double[] out);

    /** out[off + j] = exp(z_ij + lp) (a row of the plan or of a stabilised kernel). */
    abstract void expRow(int i, double lp, double[] w, double invEps, double[] out, int off);

    abstract LogKernel transpose();

    /**
     * Terms below exp(−60) of the shift are skipped by the squared-Euclidean fast path: with at
     * most 2^31 terms they add at most 2e-17 of the shift, and a hinted sum is accepted only when it
     * is at least 1e-3 of the shift, so the relative error stays below 1e-13 (a max-shifted sum is
     * at least 1, error below 2e-17).
     */
    static final double NEGLIGIBLE = -60;

    /** log Σ_j exp(z_ij), −∞ when every term is −∞. */
    final double lse(int i, double[] w, double invEps, double hint) {
        if (Double.isFinite(hint)) {
            double s = sumExp(i, w, invEps, hint);
            if (s > 1e-3 && s < 1e200) return hint + Math.log(s);
        }
        double mx = max(i, w, invEps);
        if (mx == Double.NEGATIVE_INFINITY) return mx;
        return mx + Math.log(sumExp(i, w, invEps, mx));
    }

    /** The kernel of a cost matrix and a reference coupling (ρ = log R for a non-product reference). */
    static LogKernel of(CostMatrix c, ReferenceCoupling ref) {
        if (c instanceof CostMatrix.Dense d) {
            double[] rho = null;
            if (ref instanceof ReferenceCoupling.LogMatrix lm) {
                if (lm.rows() != c.rows() || lm.cols() != c.cols()) {
                    throw new IllegalArgumentException("reference has shape " + lm.rows() + "x" + lm.cols() + " but the cost is " + c.rows() + "x" + c.cols());
                }
                rho = lm.logR();
            } else if (ref instanceof ReferenceCoupling.Function) {
                throw new IllegalArgumentException("reference: a log-density of the points needs costs from point clouds (x, y), not a dense cost matrix");
            }
            return new DenseKernel(c.rows(), c.cols(), d.rawRowMajor(), rho);
        }
        CostMatrix.FromPoints p = (CostMatrix.FromPoints) c;
        if (ref instanceof ReferenceCoupling.LogMatrix lm) {
            if (lm.rows() != c.rows() || lm.cols() != c.cols()) {
                throw new IllegalArgumentException("reference has shape " + lm.rows() + "x" + lm.cols() + " but the cost is " + c.rows() + "x" + c.cols());
            }
            return new DenseKernel(c.rows(), c.cols(), c.toRowMajor(), lm.logR());
        }
        ReferenceCoupling.LogDensity dens = ref instanceof ReferenceCoupling.Function f ? f.density() : null;
        if (dens == null && p.metric() == Metric.SQEUCLIDEAN) return new SqEuclidean(p.rawSource(), p.rawTarget());
        return new PointKernel(p.rawSource(), p.rawTarget(), p.metric(), dens, false);
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

    /** Squared Euclidean costs between point clouds, coordinates in flat arrays. */
    static final class SqEuclidean extends LogKernel {
        private final double[] x, y;
        private final int d;
        private final double[][] xs, ys;

        SqEuclidean(double[][] xs, double[][] ys) {
            super(xs.length, ys.length);
            this.xs = xs;
            this.ys = ys;
            this.d = xs.length > 0 ? xs[0].length : 0;
            this.x = flat(xs, d);
            this.y = flat(ys, d);
        }

        private static double[] flat(double[][] p, int d) {
            double[] f = new double[p.length * d];
            for (int i = 0; i < p.length; i++) System.arraycopy(p[i], 0, f, i * d, d);
            return f;
        }

        private double cost(int i, int j) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double t = x[i * d + k] - y[j * d + k];
                s += t * t;
            }
            return s;
        }

        @Override
        double max(int i, double[] w, double invEps) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) mx = Math.max(mx, w[j] - cost(i, j) * invEps);
            return mx;
        }

        @Override
        double sumExp(int i, double[] w, double invEps, double shift) {
            if (d == 2) {
                double x0 = x[2 * i], x1 = x[2 * i + 1];
                double s0 = 0, s1 = 0;
                int j = 0;
                for (; j + 1 < m; j += 2) {
                    double a0 = x0 - y[2 * j], a1 = x1 - y[2 * j + 1];
                    double b0 = x0 - y[2 * j + 2], b1 = x1 - y[2 * j + 3];
                    double t0 = w[j] - (a0 * a0 + a1 * a1) * invEps - shift;
                    double t1 = w[j + 1] - (b0 * b0 + b1 * b1) * invEps - shift;
                    if (t0 > NEGLIGIBLE) s0 += Math.exp(t0);
                    if (t1 > NEGLIGIBLE) s1 += Math.exp(t1);
                }
                for (; j < m; j++) {
                    double a0 = x0 - y[2 * j], a1 = x1 - y[2 * j + 1];
                    double t0 = w[j] - (a0 * a0 + a1 * a1) * invEps - shift;
                    if (t0 > NEGLIGIBLE) s0 += Math.exp(t0);
                }
                return s0 + s1;
            }
            double s = 0;
            for (int j = 0; j < m; j++) s += Math.exp(w[j] - cost(i, j) * invEps - shift);
            return s;
        }

        @Override
        void planRow(int i, double lp, double[] w, double invEps, double[] out) {
            double s = 0, sc = 0;
            for (int j = 0; j < m; j++) {
                double cij = cost(i, j);
                double p = Math.exp(w[j] - cij * invEps + lp);
                s += p;
                sc += p * cij;
            }
            out[0] = s;
            out[1] = sc;
        }

        @Override
        void expRow(int i, double lp, double[] w, double invEps, double[] out, int off) {
            for (int j = 0; j < m; j++) out[off + j] = Math.exp(w[j] - cost(i, j) * invEps + lp);
        }

        @Override
        LogKernel transpose() { return new SqEuclidean(ys, xs); }
    }

    /** Any metric (and optionally a log reference density) between point clouds, on the fly. */
    static final class PointKernel extends LogKernel {
        private final double[][] xs, ys;
        private final Metric metric;
        private final ReferenceCoupling.LogDensity density;
        private final boolean swapped; // rows are the target points: call metric/density as (y, x)

        PointKernel(double[][] xs, double[][] ys, Metric metric, ReferenceCoupling.LogDensity density, boolean swapped) {
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
            if (Double.isNaN(r) || r == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("reference log-density is " + r + " at a pair of points");
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
