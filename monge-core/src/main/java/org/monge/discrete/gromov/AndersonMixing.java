package org.monge.discrete.gromov;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Anderson acceleration (type II, Walker &amp; Ni, SIAM J. Numer. Anal. 2011) of a fixed-point iteration x ← G(x) in
 * a few dimensions: from the last {@code depth} differences of the inputs' residuals F = G(x) − x and of the images
 * G, the next input is G(x_k) − ΔG γ with γ = argmin ‖F_k − ΔF γ‖ (a ridge of 1e-12 relative keeps the normal
 * equations solvable when the differences are nearly dependent). A residual larger than the previous one clears the
 * history, so the next input is the plain image. Used on the (d1 + 2)(d2 + 2) moments B1ᵀ T B2 that determine
 * each step of the on-the-fly entropic GW iteration ({@code OnTheFlyGromov}, docs/mathematics.md): the fixed points
 * are those of the plain iteration, only the path to them changes.
 */
final class AndersonMixing {
    private final int depth;
    private final Deque<double[]> dF = new ArrayDeque<>(), dG = new ArrayDeque<>();
    private double[] lastF, lastG;
    private double lastNorm = Double.POSITIVE_INFINITY;

    AndersonMixing(int depth) {
        if (depth < 1) throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        this.depth = depth;
    }

    /** The next input after input x gave image gx. */
    double[] next(double[] x, double[] gx) {
        int d = x.length;
        double[] f = new double[d];
        for (int c = 0; c < d; c++) f[c] = gx[c] - x[c];
        double norm = norm(f);
        if (!(norm <= lastNorm) || lastF == null) {
            dF.clear();
            dG.clear();
        } else {
            dF.addLast(minus(f, lastF));
            dG.addLast(minus(gx, lastG));
            if (dF.size() > depth) {
                dF.removeFirst();
                dG.removeFirst();
            }
        }
        lastF = f;
        lastG = gx.clone();
        lastNorm = norm;
        int k = dF.size();
        if (k == 0) return gx.clone();
        double[][] df = dF.toArray(new double[0][]), dg = dG.toArray(new double[0][]);
        double[][] normal = new double[k][k + 1];
        double trace = 0;
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) normal[p][q] = dot(df[p], df[q]);
            normal[p][k] = dot(df[p], f);
            trace += normal[p][p];
        }
        for (int p = 0; p < k; p++) normal[p][p] += 1e-12 * trace;
        double[] gamma = solve(normal, k);
        if (gamma == null) return gx.clone();
        double[] out = gx.clone();
        for (int p = 0; p < k; p++) for (int c = 0; c < d; c++) out[c] -= gamma[p] * dg[p][c];
        return out;
    }

    /** Gaussian elimination with partial pivoting on the augmented k×(k + 1) system; null when singular. */
    private static double[] solve(double[][] a, int k) {
        for (int col = 0; col < k; col++) {
            int piv = col;
            for (int r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            if (!(Math.abs(a[piv][col]) > 0)) return null;
            double[] t = a[col]; a[col] = a[piv]; a[piv] = t;
            for (int r = col + 1; r < k; r++) {
                double s = a[r][col] / a[col][col];
                for (int c = col; c <= k; c++) a[r][c] -= s * a[col][c];
            }
        }
        double[] x = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = a[r][k];
            for (int c = r + 1; c < k; c++) s -= a[r][c] * x[c];
            x[r] = s / a[r][r];
        }
        for (double v : x) if (!Double.isFinite(v)) return null;
        return x;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int c = 0; c < x.length; c++) out[c] = x[c] - y[c];
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int c = 0; c < x.length; c++) s += x[c] * y[c];
        return s;
    }

    private static double norm(double[] x) { return Math.sqrt(dot(x, x)); }
}
