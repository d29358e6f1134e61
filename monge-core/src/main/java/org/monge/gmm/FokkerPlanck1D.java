package org.monge.gmm;

import java.util.function.DoubleUnaryOperator;

/**
 * Reference solver of the 1-D Fokker–Planck equation ρ_t = ∂x(ρ ∂x V) + ∂xx ρ on [a, b] with
 * no-flux boundaries: finite volumes on n equal cells with Scharfetter–Gummel fluxes
 * J_{j+½} = (B(ΔV) ρ_j − B(−ΔV) ρ_{j+1}) / h, B(s) = s/(e^s − 1), ΔV = V_{j+1} − V_j
 * (Scharfetter &amp; Gummel 1969; Il'in 1969), and implicit Euler in time.
 *
 * <p>Properties: the discrete Gibbs state ρ_j ∝ e^{−V_j} is an exact equilibrium, mass is conserved
 * to rounding (the flux form telescopes), and the implicit matrix is an M-matrix, so cell masses
 * stay positive for every time step. First order in time (pick dt ≲ h), second order in space.
 * Rounding in the Thomas solve still lets the total mass drift by about 1e-15 per step, which adds
 * up over millions of steps, so each step rescales the masses to the total of the masses it was given.
 * Cost: O(n) per step (tridiagonal Thomas solve).
 */
public final class FokkerPlanck1D {
    private final double a, b;
    private final int cells;
    private final double[] lower, diag, upper; // −h² A, tridiagonal: I − τ A = I + (τ/h²)(lower, diag, upper)
    private final double dt, h;

    private FokkerPlanck1D(double a, double b, int cells, DoubleUnaryOperator potential, double dt) {
        this.a = a;
        this.b = b;
        this.cells = cells;
        this.dt = dt;
        this.h = (b - a) / cells;
        double[] v = new double[cells];
        for (int j = 0; j < cells; j++) {
            v[j] = potential.applyAsDouble(a + (j + 0.5) * h);
            if (!Double.isFinite(v[j])) throw new IllegalArgumentException("potential is not finite at x = " + (a + (j + 0.5) * h));
        }
        lower = new double[cells];
        diag = new double[cells];
        upper = new double[cells];
        for (int j = 0; j + 1 < cells; j++) { // flux between j and j+1: J = (B(dV) ρ_j − B(−dV) ρ_{j+1}) / h
            double dv = v[j + 1] - v[j];
            double bp = bernoulli(dv), bm = bernoulli(-dv);
            // ρ_j' −= J/h, ρ_{j+1}' += J/h
            diag[j] += bp;
            upper[j] -= bm;
            diag[j + 1] += bm;
            lower[j + 1] -= bp;
        }
    }

    /** The solver on [a, b] with {@code cells} cells, potential V and time step dt. */
    public static FokkerPlanck1D on(double a, double b, int cells, DoubleUnaryOperator potential, double dt) {
        if (!(b > a) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("domain must be a finite interval [a, b] with a < b, got [" + a + ", " + b + "]");
        }
        if (cells < 2) throw new IllegalArgumentException("cells must be at least 2, got " + cells);
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("dt must be positive, got " + dt);
        if (potential == null) throw new IllegalArgumentException("potential must not be null");
        return new FokkerPlanck1D(a, b, cells, potential, dt);
    }

    /** B(s) = s/(e^s − 1), with B(0) = 1 and no cancellation near 0. */
    static double bernoulli(double s) {
        if (Math.abs(s) < 1e-8) return 1 - 0.5 * s;
        return s / Math.expm1(s);
    }

    public int cells() { return cells; }

    public double timeStep() { return dt; }

    /** Cell edges a = x_0 &lt; … &lt; x_n = b. */
    public double[] edges() {
        double[] e = new double[cells + 1];
        for (int j = 0; j <= cells; j++) e[j] = a + (b - a) * j / cells;
        return e;
    }

    /** Cell centres. */
    public double[] centres() {
        double[] c = new double[cells];
        for (int j = 0; j < cells; j++) c[j] = a + (b - a) * (j + 0.5) / cells;
        return c;
    }

    /** Cell masses after {@code steps} implicit Euler steps of length dt from the given cell masses. */
    public double[] advance(double[] masses, long steps) {
        checkMasses(masses);
        double[] m = masses.clone();
        double[] work = new double[cells];
        double mass = sum(m);
        for (long s = 0; s < steps; s++) step(m, dt, work, mass);
        return m;
    }

    /** Called after each time step with the time advanced so far; must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void advanced(double time);
    }

    /**
     * Cell masses at time {@code duration} from the given ones: {@link #steps(double, double)} implicit
     * Euler steps, all of length dt but the last, which is shortened to end exactly at {@code duration}.
     */
    public double[] advanceBy(double[] masses, double duration, Progress progress) {
        checkMasses(masses);
        if (!(duration >= 0) || !Double.isFinite(duration)) {
            throw new IllegalArgumentException("duration must be finite and non-negative, got " + duration);
        }
        double n = steps(duration, dt);
        if (n > Long.MAX_VALUE / 2) throw new IllegalArgumentException("dt = " + dt + " needs " + n + " steps to cover " + duration);
        long count = (long) n;
        double[] m = masses.clone();
        double[] work = new double[cells];
        double mass = sum(m);
        for (long s = 0; s < count; s++) {
            double tau = s + 1 < count ? dt : duration - (count - 1) * dt;
            step(m, tau, work, mass);
            if (progress != null) progress.advanced(s + 1 < count ? (s + 1) * dt : duration);
        }
        return m;
    }

    /**
     * The number of steps of length at most dt (every one dt but the last) that cover {@code duration}:
     * ⌈duration/dt⌉, a last step within rounding (1e-9 dt, or 1e-14 of the count) of a whole one merged into it; 0 for duration 0.
     * A double, so that absurd counts (dt far below duration) can be refused instead of overflowing.
     */
    public static double steps(double duration, double dt) {
        if (duration == 0) return 0;
        double q = duration / dt;
        return Math.max(1, Math.ceil(q - Math.max(1e-9, 1e-14 * q)));
    }

    /** One implicit Euler step of length tau in place: Thomas algorithm for (I − τ A) m_new = m, the total rescaled to {@code mass}. */
    private void step(double[] m, double tau, double[] cp, double mass) {
        double c = tau / (h * h);
        double den = 1 + c * diag[0];
        cp[0] = c * upper[0] / den;
        m[0] = m[0] / den;
        for (int j = 1; j < cells; j++) {
            den = 1 + c * diag[j] - c * lower[j] * cp[j - 1];
            cp[j] = c * upper[j] / den;
            m[j] = (m[j] - c * lower[j] * m[j - 1]) / den;
        }
        for (int j = cells - 2; j >= 0; j--) m[j] -= cp[j] * m[j + 1];
        double after = sum(m);
        if (after > 0) {
            double r = mass / after;
            for (int j = 0; j < cells; j++) m[j] *= r;
        }
    }

    private static double sum(double[] m) {
        double s = 0;
        for (double v : m) s += v;
        return s;
    }

    private void checkMasses(double[] masses) {
        if (masses.length != cells) throw new IllegalArgumentException("masses has " + masses.length + " entries, expected " + cells);
    }
}
