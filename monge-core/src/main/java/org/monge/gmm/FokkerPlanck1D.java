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
 * Cost: O(n) per step (tridiagonal Thomas solve).
 */
public final class FokkerPlanck1D {
    private final double a, b;
    private final int cells;
    private final double[] lower, diag, upper; // I − dt A, tridiagonal
    private final double dt;

    private FokkerPlanck1D(double a, double b, int cells, DoubleUnaryOperator potential, double dt) {
        this.a = a;
        this.b = b;
        this.cells = cells;
        this.dt = dt;
        double h = (b - a) / cells;
        double[] v = new double[cells];
        for (int j = 0; j < cells; j++) {
            v[j] = potential.applyAsDouble(a + (j + 0.5) * h);
            if (!Double.isFinite(v[j])) throw new IllegalArgumentException("potential is not finite at x = " + (a + (j + 0.5) * h));
        }
        lower = new double[cells];
        diag = new double[cells];
        upper = new double[cells];
        for (int j = 0; j < cells; j++) diag[j] = 1;
        double c = dt / (h * h);
        for (int j = 0; j + 1 < cells; j++) { // flux between j and j+1: J = (B(dV) ρ_j − B(−dV) ρ_{j+1}) / h
            double dv = v[j + 1] - v[j];
            double bp = bernoulli(dv), bm = bernoulli(-dv);
            // ρ_j' −= J/h, ρ_{j+1}' += J/h
            diag[j] += c * bp;
            upper[j] -= c * bm;
            diag[j + 1] += c * bm;
            lower[j + 1] -= c * bp;
        }
    }

    /** The solver on [a, b] with {@code cells} cells, potential V and time step dt. */
    public static FokkerPlanck1D on(double a, double b, int cells, DoubleUnaryOperator potential, double dt) {
        if (!(b > a) || !Double.isFinite(a) || !Double.isFinite(b)) throw new IllegalArgumentException("domain must be a finite interval [a, b] with a < b, got [" + a + ", " + b + "]");
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

    /** Cell masses after {@code steps} implicit Euler steps from the given cell masses. */
    public double[] advance(double[] masses, int steps) {
        if (masses.length != cells) throw new IllegalArgumentException("masses has " + masses.length + " entries, expected " + cells);
        double[] m = masses.clone();
        double[] cp = new double[cells], dp = new double[cells];
        for (int s = 0; s < steps; s++) {
            // Thomas algorithm for (I − dt A) m_new = m
            cp[0] = upper[0] / diag[0];
            dp[0] = m[0] / diag[0];
            for (int j = 1; j < cells; j++) {
                double den = diag[j] - lower[j] * cp[j - 1];
                cp[j] = upper[j] / den;
                dp[j] = (m[j] - lower[j] * dp[j - 1]) / den;
            }
            m[cells - 1] = dp[cells - 1];
            for (int j = cells - 2; j >= 0; j--) m[j] = dp[j] - cp[j] * m[j + 1];
        }
        return m;
    }
}
