package org.monge.discrete.internal;

/**
 * Anderson acceleration of a fixed-point iteration x ← T(x) (Anderson 1965, "Iterative procedures for nonlinear
 * integral equations"; in the form of Walker &amp; Ni 2011, "Anderson acceleration for fixed-point iterations",
 * type II with mixing 1), used on the column potentials of Sinkhorn, where T is one whole Sinkhorn iteration, as
 * in the Anderson option of OTT-JAX's Sinkhorn solver (Cuturi et al. 2022, "Optimal Transport Tools (OTT): a JAX
 * toolbox for all things Wasserstein"; docs/mathematics.md, "Anderson acceleration"). From the
 * last {@code memory} iterates x_i and residuals r_i = T(x_i) − x_i it takes
 * <pre>  γ = argmin ‖r_k − ΔR γ‖_w,   x_{k+1} = T(x_k) − (ΔX + ΔR) γ,</pre>
 * ΔX, ΔR the differences of consecutive iterates and residuals, ‖·‖_w the 2-norm weighted by the measure on
 * that side (so that it measures the same thing as the L1 marginal error, Σ_j b_j |e^{r_j} − 1| ≈ Σ_j b_j |r_j|).
 * Near the fixed point T is close to linear, and there this is essentially GMRES on its Jacobian (Walker &amp; Ni),
 * whose steps are not limited by the contraction of T itself.
 *
 * <p>The least-squares problem is solved by its normal equations with a Tikhonov term of 1e-10 of their
 * trace (a few columns, so the O(memory² m) Gram matrix costs little next to the O(nm) iteration). This class
 * only extrapolates; whether a step is kept is the caller's safeguard (Sinkhorn: a step that raises the
 * marginal error is rejected, the plain or over-relaxed output is taken instead and the history restarts; the
 * on-the-fly entropic Gromov–Wasserstein iteration, on the moments that determine its next step, restarts the
 * history when the residual grows).
 */
public final class AndersonAcceleration {
    /** Residual pairs kept by default. */
    public static final int DEFAULT_MEMORY = 8;
    private static final double REGULARISATION = 1e-10;

    private final int memory, m;
    private final double[] weights;
    private final double[][] dx, dr;
    private final double[] xPrev, rPrev;
    private final double[] fallback;
    private double baseError = Double.POSITIVE_INFINITY;
    private boolean hasPrev, extrapolated;
    private int count, head, rejections;

    /** Acceleration of iterates of length m, residuals measured in the norm weighted by {@code weights}. */
    public AndersonAcceleration(int memory, double[] weights) {
        if (memory < 1) throw new IllegalArgumentException("Anderson memory must be at least 1, got " + memory);
        this.memory = memory;
        this.m = weights.length;
        this.weights = weights;
        this.dx = new double[memory][m];
        this.dr = new double[memory][m];
        this.xPrev = new double[m];
        this.rPrev = new double[m];
        this.fallback = new double[m];
    }

    /**
     * The safeguard, called with the L1 marginal error of each new state before the step from it: false when the
     * last step was extrapolated and this error exceeds the error of the state it was extrapolated from (or is not a
     * number). The caller then drops the state for {@link #fallback()}, the iteration's own output; the history
     * restarts.
     */
    public boolean accept(double error) {
        if (extrapolated && !(error <= baseError)) {
            restart();
            rejections++;
            return false;
        }
        extrapolated = false;
        baseError = error;
        return true;
    }

    /** T(x) of the last extrapolated step, to go on from when {@link #accept} rejects the extrapolation. */
    public double[] fallback() { return fallback; }

    /** Extrapolations rejected so far. */
    public int rejections() { return rejections; }

    /** Forgets the history (and the safeguard's last error): the next {@link #extrapolate} returns T(x) itself. */
    public void restart() {
        hasPrev = false;
        extrapolated = false;
        baseError = Double.POSITIVE_INFINITY;
        count = 0;
        head = 0;
    }

    /** Residual pairs currently held. */
    public int depth() { return count; }

    /**
     * Records x and tx = T(x) and writes the next iterate into out (which may be tx itself, not x). Returns whether
     * out differs from tx (an extrapolated step), false when there was no history yet or the combination degenerated.
     * Entries where x or tx is not finite (empty weights: potentials at −∞) are passed through as T(x).
     */
    public boolean extrapolate(double[] x, double[] tx, double[] out) {
        if (hasPrev) {
            double[] ddx = dx[head], ddr = dr[head];
            for (int j = 0; j < m; j++) {
                double r = tx[j] - x[j];
                ddx[j] = finite(x[j] - xPrev[j]);
                ddr[j] = finite(r - rPrev[j]);
            }
            head = (head + 1) % memory;
            count = Math.min(count + 1, memory);
        }
        for (int j = 0; j < m; j++) {
            xPrev[j] = x[j];
            rPrev[j] = tx[j] - x[j];
        }
        hasPrev = true;
        if (count == 0) {
            if (out != tx) System.arraycopy(tx, 0, out, 0, m);
            return false;
        }
        double[] gamma = coefficients();
        if (gamma == null) {
            if (out != tx) System.arraycopy(tx, 0, out, 0, m);
            return false;
        }
        System.arraycopy(tx, 0, fallback, 0, m);
        extrapolated = true;
        for (int j = 0; j < m; j++) {
            double t = tx[j];
            if (!Double.isFinite(t) || !Double.isFinite(x[j])) {
                out[j] = t;
                continue;
            }
            double s = 0;
            for (int k = 0; k < count; k++) s += gamma[k] * (dx[k][j] + dr[k][j]);
            out[j] = t - s;
        }
        return true;
    }

    /** γ from (ΔRᵀWΔR + δI) γ = ΔRᵀW r, by Cholesky; null if that is not positive definite or γ is not finite. */
    private double[] coefficients() {
        int k = count;
        double[][] a = new double[k][k];
        double[] rhs = new double[k];
        for (int p = 0; p < k; p++) {
            double[] u = dr[p];
            double s = 0;
            for (int j = 0; j < m; j++) s += weights[j] * u[j] * finite(rPrev[j]);
            rhs[p] = s;
            for (int q = 0; q <= p; q++) {
                double[] v = dr[q];
                double t = 0;
                for (int j = 0; j < m; j++) t += weights[j] * u[j] * v[j];
                a[p][q] = t;
                a[q][p] = t;
            }
        }
        double trace = 0;
        for (int p = 0; p < k; p++) trace += a[p][p];
        if (!(trace > 0) || !Double.isFinite(trace)) return null;
        for (int p = 0; p < k; p++) a[p][p] += REGULARISATION * trace;
        for (int p = 0; p < k; p++) { // Cholesky, in place in the lower triangle
            for (int q = 0; q <= p; q++) {
                double s = a[p][q];
                for (int t = 0; t < q; t++) s -= a[p][t] * a[q][t];
                if (p == q) {
                    if (!(s > 0)) return null;
                    a[p][p] = Math.sqrt(s);
                } else {
                    a[p][q] = s / a[q][q];
                }
            }
        }
        double[] y = new double[k];
        for (int p = 0; p < k; p++) {
            double s = rhs[p];
            for (int t = 0; t < p; t++) s -= a[p][t] * y[t];
            y[p] = s / a[p][p];
        }
        for (int p = k - 1; p >= 0; p--) {
            double s = y[p];
            for (int t = p + 1; t < k; t++) s -= a[t][p] * y[t];
            y[p] = s / a[p][p];
            if (!Double.isFinite(y[p])) return null;
        }
        return y;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
