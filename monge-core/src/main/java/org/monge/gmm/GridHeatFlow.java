package org.monge.gmm;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.MultiscaleNetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
import org.monge.linalg.Matrix;

import java.util.Arrays;

/**
 * Heat flow on a 1-D or 2-D grid of cells (gap h, neighbours in x and y), by forward Euler with a
 * fixed time step, with one of two fluxes across each edge ab:
 * <ul>
 * <li>{@link Flux#LATTICE}: J_ab = √(p_a p_b) (log p_a − log p_b)/h², the gradient flow of the
 *     entropy Σ p log p for the lattice metric of the small-variance limit of Gaussian mixtures
 *     (docs/mathematics.md §4; Li &amp; Zhao, scaling limits of the Wasserstein information matrix):
 *     the metric whose edge weights are the geometric means √(p_a p_b), the 2-D analogue of
 *     {@link LatticeFlow};</li>
 * <li>{@link Flux#FINITE_VOLUME}: J_ab = (p_a − p_b)/h², the finite-volume scheme for ρ_t = Δρ (the
 *     same, linearised: √(ab) log(a/b) = (a − b) + O((a − b)³)).</li>
 * </ul>
 * No flux through the boundary, so mass is conserved exactly up to rounding. Forward Euler is
 * stable for dt ≤ h²/(2d) (d the dimension; the lattice flux is no stiffer, since
 * √(ab) log(a/b)/(a − b) ≤ 1), and larger steps are refused. The lattice flux needs positive
 * weights (it keeps empty cells empty); a step that would make a weight non-positive is reported,
 * never clipped. Cost O(cells) per step; hand-written (a stencil).
 */
public final class GridHeatFlow {
    /** Which edge flux. */
    public enum Flux { LATTICE, FINITE_VOLUME }

    private final int nx, ny;
    private final double gap;
    private final Flux flux;

    private GridHeatFlow(int nx, int ny, double gap, Flux flux) {
        this.nx = nx;
        this.ny = ny;
        this.gap = gap;
        this.flux = flux;
    }

    /** A 1-D grid of n cells. */
    public static GridHeatFlow line(int n, double gap, Flux flux) {
        return grid(n, 1, gap, flux);
    }

    /** An nx × ny grid (row-major, index i·ny + j), ny = 1 for a line. */
    public static GridHeatFlow grid(int nx, int ny, double gap, Flux flux) {
        if (nx < 2 || ny < 1) {
            throw new IllegalArgumentException("grid must have at least 2 cells along x and 1 along y, got " + nx + " × " + ny);
        }
        if (!(gap > 0) || !Double.isFinite(gap)) throw new IllegalArgumentException("gap must be positive and finite, got " + gap);
        if (flux == null) throw new IllegalArgumentException("flux must not be null");
        return new GridHeatFlow(nx, ny, gap, flux);
    }

    public int dimension() { return ny == 1 ? 1 : 2; }

    /** The largest stable time step h²/(2d). */
    public double maxTimeStep() { return gap * gap / (2 * dimension()); }

    /** dp/dt = −(divergence of the edge fluxes) at p. */
    public double[] velocity(double[] p) {
        double[] dp = new double[p.length];
        double h2 = gap * gap;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int a = i * ny + j;
                if (i + 1 < nx) edge(p, dp, a, a + ny, h2);
                if (j + 1 < ny) edge(p, dp, a, a + 1, h2);
            }
        }
        return dp;
    }

    private void edge(double[] p, double[] dp, int a, int b, double h2) {
        double j = flux == Flux.LATTICE ? Math.sqrt(p[a] * p[b]) * (Math.log(p[a]) - Math.log(p[b])) / h2 : (p[a] - p[b]) / h2;
        dp[a] -= j;
        dp[b] += j;
    }

    /** Weights after {@code steps} forward-Euler steps of size dt from p0 (positive, one per cell). */
    public double[] advance(double[] p0, double dt, long steps) {
        if (p0 == null || p0.length != nx * ny) {
            throw new IllegalArgumentException("weights must have one entry per cell (" + nx * ny + "), got "
                    + (p0 == null ? "none" : String.valueOf(p0.length)));
        }
        for (int k = 0; k < p0.length; k++) {
            boolean ok = flux == Flux.LATTICE ? p0[k] > 0 : p0[k] >= 0;
            if (!ok || !Double.isFinite(p0[k])) {
                throw new IllegalArgumentException("weights[" + k + "] must be " + (flux == Flux.LATTICE ? "positive" : "non-negative")
                        + " and finite, got " + p0[k]);
            }
        }
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("dt must be positive and finite, got " + dt);
        if (dt > maxTimeStep() * (1 + 1e-12)) {
            throw new IllegalArgumentException("dt: forward Euler is unstable above h²/(2d) = " + maxTimeStep() + " on this grid, got "
                    + dt);
        }
        if (steps < 0) throw new IllegalArgumentException("steps must be non-negative, got " + steps);
        double[] p = p0.clone();
        for (long s = 0; s < steps; s++) {
            double[] dp = velocity(p);
            for (int k = 0; k < p.length; k++) {
                p[k] += dt * dp[k];
                if (flux == Flux.LATTICE && !(p[k] > 0)) {
                    throw new ArithmeticException("weight " + k + " reached " + p[k] + " at step " + (s + 1)
                            + "; a smaller dt keeps it positive");
                }
            }
        }
        return p;
    }

    /** Cell centres along one axis of n cells covering [lo, lo + n·gap]. */
    public static double[] centres(double lo, int n, double gap) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = lo + (i + 0.5) * gap;
        return c;
    }

    /**
     * Exact cell masses of the heat equation ρ_t = ρ_xx on [−L, L] with no flux at ±L, from density
     * {@code height} on [l, r] at time t: the method of images (the even 4L-periodic extension), each
     * image integrated in closed form, ∫ Φ(x/s) dx = s (zΦ(z) + φ(z)), s = √(2t).
     */
    public static double[] exactHeatMasses(double l, double r, double height, double halfWidth, int cells, double t) {
        if (!(t > 0)) throw new IllegalArgumentException("t must be positive, got " + t);
        double gap = 2 * halfWidth / cells, s = Math.sqrt(2 * t), period = 4 * halfWidth;
        double[] m = new double[cells];
        for (int k = -3; k <= 3; k++) {
            double[][] images = {{l + period * k, r + period * k}, {2 * halfWidth - r + period * k, 2 * halfWidth - l + period * k}};
            for (double[] im : images) {
                for (int c = 0; c < cells; c++) {
                    double x0 = -halfWidth + c * gap, x1 = x0 + gap;
                    m[c] += height * (smoothedStep(x1 - im[0], s) - smoothedStep(x0 - im[0], s)
                            - smoothedStep(x1 - im[1], s) + smoothedStep(x0 - im[1], s));
                }
            }
        }
        return m;
    }

    /** ∫_{−∞}^{x} Φ(u/s) du = s (zΦ(z) + φ(z)), z = x/s. */
    private static double smoothedStep(double x, double s) {
        double z = x / s;
        return s * (z * StandardNormal.cdf(z) + StandardNormal.pdf(z));
    }

    /** p / Σ p. */
    public static double[] normalised(double[] p) {
        double t = Arrays.stream(p).sum();
        double[] q = new double[p.length];
        for (int k = 0; k < p.length; k++) q[k] = p[k] / t;
        return q;
    }

    /** Masses of density {@code height} on [l, r] in the n cells of width gap from lo (exact overlaps). */
    public static double[] indicatorMasses(double l, double r, double height, double lo, int n, double gap) {
        double[] m = new double[n];
        for (int c = 0; c < n; c++) {
            double x0 = lo + c * gap, x1 = x0 + gap;
            m[c] = height * Math.max(0, Math.min(x1, r) - Math.max(x0, l));
        }
        return m;
    }

    /** The nx × ny product a_i b_j (row-major), e.g. of two 1-D mass vectors. */
    public static double[] product(double[] a, double[] b) {
        double[] m = new double[a.length * b.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) m[i * b.length + j] = a[i] * b[j];
        return m;
    }

    /**
     * W2 between two sets of cell masses on this grid as weighted points at the cell centres (grid from
     * lo in x and y), both normalised to mass one first: exact 1-D W2 by the quantile merge on a line;
     * on a 2-D grid the exact discrete problem between the cells of positive mass (a cell without mass
     * takes no part in any plan), by the {@link MultiscaleNetworkSimplex}, certified optimal on the
     * complete problem (O(cells) memory, so 40 000 cells per side are in reach).
     */
    public double w2(double[] a, double[] b, double lo) {
        double[] pa = normalised(a), pb = normalised(b);
        double[] cx = centres(lo, nx, gap);
        if (ny == 1) return OneDimensional.wasserstein(cx, pa, cx, pb, 2);
        double[] cy = centres(lo, ny, gap);
        DiscreteMeasure ma = occupied(pa, cx, cy), mb = occupied(pb, cx, cy);
        MultiscaleNetworkSimplex.Result r = MultiscaleNetworkSimplex.defaults()
                .solve(TransportProblem.of(ma, mb, CostMatrix.fromPoints(ma.support(), mb.support(), Metric.SQEUCLIDEAN)));
        if (!r.converged()) throw new IllegalStateException("the exact W2 between the grids ended with status " + r.status());
        return Math.sqrt(Math.max(r.cost(), 0));
    }

    /** The cells of positive mass as weighted points at their centres. */
    private DiscreteMeasure occupied(double[] p, double[] cx, double[] cy) {
        int m = 0;
        for (double v : p) if (v > 0) m++;
        double[] w = new double[m], pts = new double[2 * m];
        for (int i = 0, k = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double v = p[i * ny + j];
                if (!(v > 0)) continue;
                w[k] = v;
                pts[2 * k] = cx[i];
                pts[2 * k + 1] = cy[j];
                k++;
            }
        }
        return DiscreteMeasure.of(w, Matrix.fromRowMajor(m, 2, pts));
    }
}
