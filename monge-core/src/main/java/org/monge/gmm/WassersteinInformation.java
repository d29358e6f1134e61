package org.monge.gmm;

import org.monge.gmm.MixtureParameters.WeightCoordinates;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The Wasserstein information matrix of a 1-D Gaussian mixture ρ = Σ p_k N(μ_k, σ_k²):
 * G_ab = ∫ ∂_a F ∂_b F / ρ dx (F the CDF), the W2 metric pulled back to the parameters (weights,
 * means, standard deviations; see {@link MixtureParameters}). Reference: Li &amp; Zhao, "Wasserstein
 * information matrix" (2019); Chen &amp; Li, "Optimal transport natural gradient for statistical
 * manifolds with continuous sample space" (2020); docs/mathematics.md §4.
 *
 * <p>Numerics. Between components ρ is as small as exp(−Δ²/(8σ²)), so the integrand is formed in
 * log-space: each derivative is written s_a e^{L_a} with L_a = log|∂_a F| (CDF differences from
 * {@link StandardNormal#logCdfDifference}, never a difference of two rounded Φ values), and the
 * quadrature sums v_a v_b with v_a = s_a exp(L_a − ½ log ρ − ½ c_a), where c_a are optional log
 * scales (the renormalisation log Z of the lattice limit), so the scaled matrix is formed without
 * overflow. The line is split at every mean, every midpoint of neighbouring means, every point where
 * two neighbouring components have equal weighted density, and where a derivative changes sign;
 * each piece is integrated by globally adaptive Gauss–Kronrod (7/15) on the whole vector of
 * entries, bisecting the piece with the worst error until every entry's error estimate |K15 − G7|
 * (summed over pieces) is below max(tolerance × max(|G_ab|, 1e-6 √(G_aa G_bb)), 1e-14 √(G_aa G_bb)),
 * the last term the rounding floor of sign-changing integrands ({@link #ROUNDING_FLOOR}). Tails are cut 40 σ
 * beyond the outermost means (the integrand there is below e^{−700} of its peak).
 *
 * <p>Scale. G is homogeneous: scaling means and widths by c scales the weight block by c², the
 * weight–mean/width blocks by c and leaves the mean/width block alone. Without log scales the
 * quadrature runs on the problem divided by the power of two nearest the largest width (exact) and
 * the entries are scaled back, so any scale works whose entries are representable; entries that
 * would overflow or underflow are refused, not returned as infinity or zero. Two dimensionless
 * ranges are refused before any work: gaps so wide against the widths that exp(gap²/(8σ²)) makes G
 * overflow, and gaps below {@value #MIN_RESOLVED_GAP} of the widths, where Φ(z_{k+1}) − Φ(z_k) is
 * lost to rounding (G would come out as zeros).
 *
 * <p>Cost: O(nodes · (N + s²)) where s is the number of parameters whose derivative is not
 * negligible at a node ({@link #NEGLIGIBLE}: those of the components within about 11–16 widths), so
 * that one normal tail per such component and node is computed and shared by the two weights it
 * enters; nodes grow like log(1/σ) per gap. Pieces carry only the entries their nodes touch.
 */
public final class WassersteinInformation {
    private static final double[] XK = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
            0.864864423359769072789712788640926, 0.741531185599394439863864773280788, 0.586087235467691130294144845693013,
            0.405845151377397166906606412076961, 0.207784955007898467600689403773245, 0.0};
    private static final double[] WK = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
            0.104790010322250183839876322541518, 0.140653259715525918745189590510238, 0.169004726639267902826583426598550,
            0.190350578064785409913256402421014, 0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    private static final double[] WG = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
            0.381830050505118944950369775488975, 0.417959183673469387755102040816327};
    private static final double TAIL = 40;
    private static final double OFF_DIAGONAL_FLOOR = 1e-6;
    /**
     * The accuracy asked of an entry is never below this times √(G_aa G_bb): each piece's error
     * estimate has a rounding floor of 1e-15 of the piece's own sum, and for an integrand that changes
     * sign (width derivatives; weight derivatives of unequal widths) these sums cancel, so the summed
     * floors reach up to 1e-15 √(G_aa G_bb) (Cauchy–Schwarz, piece by piece) however small the entry is.
     */
    private static final double ROUNDING_FLOOR = 1e-14;
    private static final double UNDERFLOW = -745;
    /**
     * log δ, δ = 1e-25: at a node, a derivative v_a is skipped when |v_a| · max_b |v_b| · (length of
     * the line) ≤ δ · F, F the smallest lower bound of a diagonal entry (Cauchy–Schwarz:
     * G_aa ≥ (∫|∂_a F|)², i.e. Δμ², p², 2p²/π); every entry then loses at most δ F in absolute terms,
     * far below the accuracy of any entry that enters a solve (the cross entries of order Δμ/2 that
     * carry the weight velocity included). This keeps only the components near a node.
     */
    static final double NEGLIGIBLE = Math.log(1e-25);
    /** Components more than e^{60} below the largest at a node do not change log ρ in double precision. */
    private static final double RHO_CUTOFF = -60;
    /** Smallest gap between neighbouring means, relative to their larger width, that the weight derivatives resolve. */
    static final double MIN_RESOLVED_GAP = 1e-6;
    /** log of the largest double. */
    private static final double LOG_MAX = Math.log(Double.MAX_VALUE);
    /** gap/σ at which exp(gap²/(8σ²)) reaches the largest double. */
    private static final double MAX_RATIO = Math.sqrt(8 * LOG_MAX);

    private final double tolerance;
    private final int maxSubdivisions;
    private final WeightCoordinates coordinates;

    private WassersteinInformation(double tolerance, int maxSubdivisions, WeightCoordinates coordinates) {
        this.tolerance = tolerance;
        this.maxSubdivisions = maxSubdivisions;
        this.coordinates = coordinates;
    }

    /** Relative tolerance 1e-12, at most 200 000 subintervals, weights in θ (upper-tail sum) coordinates. */
    public static WassersteinInformation defaults() {
        return new WassersteinInformation(1e-12, 200_000, WeightCoordinates.UPPER_TAIL_SUMS);
    }

    public WassersteinInformation withTolerance(double tol) {
        if (!(tol > 0) || tol >= 1) throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tol);
        return new WassersteinInformation(tol, maxSubdivisions, coordinates);
    }

    public WassersteinInformation withMaxSubdivisions(int n) {
        if (n < 1) throw new IllegalArgumentException("maxSubdivisions must be positive, got " + n);
        return new WassersteinInformation(tolerance, n, coordinates);
    }

    public WassersteinInformation withWeightCoordinates(WeightCoordinates c) {
        if (c == null) throw new IllegalArgumentException("weight coordinates must not be null");
        return new WassersteinInformation(tolerance, maxSubdivisions, c);
    }

    public double tolerance() { return tolerance; }

    /**
     * The matrix, its error estimate and the quadrature's subdivision.
     *
     * @param matrix            G (or the renormalised G_ab e^{−(c_a + c_b)/2} when log scales were given)
     * @param relativeError     the largest estimated error of an entry over its accuracy scale
     *                          max(tolerance · max(|G_ab|, 1e-6 √(G_aa G_bb)), 1e-14 √(G_aa G_bb)), times the
     *                          tolerance; ≤ tolerance when converged
     * @param evaluations       integrand evaluations (nodes)
     * @param breakpoints       the final subdivision of the line (sorted), reusable as a fixed rule
     * @param converged         whether the tolerance was reached within the subdivision limit
     * @param structure         the a priori cuts of these parameters (ends, means, midpoints, equal-density and
     *                          sign-change points), from which {@link #compute(Result, double[], double[], double[],
     *                          MixtureParameters)} maps {@code breakpoints} onto nearby parameters
     */
    public record Result(Matrix matrix, double relativeError, int evaluations, double[] breakpoints, boolean converged,
                         double[] structure) {}

    /** G for the given parameters, unscaled. */
    public Result compute(double[] p, double[] mu, double[] sigma, MixtureParameters which) {
        return compute(p, mu, sigma, which, null);
    }

    /**
     * G_ab e^{−(c_a + c_b)/2}, with c = {@code logScales} (one per parameter, θ-coordinate order even
     * when free-weight coordinates are requested; null for none).
     */
    public Result compute(double[] p, double[] mu, double[] sigma, MixtureParameters which, double[] logScales) {
        return compute(p, mu, sigma, which, logScales, null);
    }

    /**
     * G (unscaled) at parameters near those of {@code previous}, starting the adaptive quadrature from
     * previous's final subdivision mapped onto these parameters: piecewise linearly between the a priori
     * cuts of the two (means, midpoints, equal-density points, ends), which correspond one to one when the
     * components keep their order. The error control is the same as from scratch (pieces are still
     * bisected until every entry meets the tolerance), so only the cost changes: about half the nodes
     * when the old subdivision fits (an adaptive run evaluates every parent piece as well as its
     * halves). With no usable previous (null, or a different structure) this is {@link #compute}.
     * Keep {@code previous} a fresh run (not a chain of hinted ones): cuts are never merged, so a chain
     * would only gain pieces.
     */
    public Result compute(Result previous, double[] p, double[] mu, double[] sigma, MixtureParameters which) {
        return compute(p, mu, sigma, which, null, previous);
    }

    private Result compute(double[] p, double[] mu, double[] sigma, MixtureParameters which, double[] logScales, Result previous) {
        validate(p, mu, sigma);
        requireInRange(p, mu, sigma, logScales == null);
        if (logScales != null) return integrate(new Integrand(p, mu, sigma, which, logScales), previous, 0);
        double widest = 0;
        for (double s : sigma) widest = Math.max(widest, s);
        int e = Scaling.exponent(widest);
        Result r = integrate(new Integrand(p, Scaling.scalb(mu, -e), Scaling.scalb(sigma, -e), which, null), previous, e);
        int n = p.length, np = which.count(n);
        double[][] g = r.matrix().toArray();
        double[] diag = r.matrix().diag();
        for (int a = 0; a < np; a++) {
            for (int b = 0; b < np; b++) {
                int power = (a < n - 1 ? 1 : 0) + (b < n - 1 ? 1 : 0); // each weight index carries a length, mean and width indices none
                double v = Math.scalb(g[a][b], e * power);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("means/sigma: the information matrix overflows double precision at this scale "
                            + "(entries grow like σ²)");
                }
                // an entry below double precision of its diagonal may underflow (it is zero at that precision); others may not
                boolean significant = Math.abs(g[a][b]) >= 1e-15 * Math.sqrt(Math.abs(diag[a])) * Math.sqrt(Math.abs(diag[b]));
                if (significant && Math.abs(v) < Double.MIN_NORMAL) {
                    throw new IllegalArgumentException("means/sigma: the information matrix underflows double precision at this scale "
                            + "(entries shrink like σ²)");
                }
                g[a][b] = v;
            }
        }
        return new Result(Matrix.of(g), r.relativeError(), r.evaluations(), Scaling.scalb(r.breakpoints(), e), r.converged(),
                Scaling.scalb(r.structure(), e));
    }

    /**
     * Refuses, before any work, neighbouring means too close for the weight derivatives to be
     * resolved and (when {@code unscaled}) gaps so wide against the widths that G overflows:
     * log G_kk ≈ gap²/(8σ²) + log(π√(2π) σ³/gap) − ½ log(p_k p_{k+1}) (the lattice limit, LatticeLimit)
     * with the scale σ² taken out, σ the larger width of the pair.
     */
    public static void requireInRange(double[] p, double[] mu, double[] sigma, boolean unscaled) {
        validate(p, mu, sigma);
        Integer[] order = new Integer[mu.length];
        for (int k = 0; k < order.length; k++) order[k] = k;
        Arrays.sort(order, (x, y) -> Double.compare(mu[x], mu[y]));
        for (int r = 0; r + 1 < order.length; r++) {
            int k = order[r], l = order[r + 1];
            double gap = mu[l] - mu[k], width = Math.max(sigma[k], sigma[l]);
            if (gap == 0) continue;
            double ratio = gap / width;
            if (ratio < MIN_RESOLVED_GAP) {
                throw new IllegalArgumentException("sigma: the width " + width + " is more than 1e6 times the gap " + gap
                        + " between means " + mu[k] + " and " + mu[l] + "; the weights' derivatives are lost to rounding there");
            }
            double logG = 0.125 * ratio * ratio + Math.log(Math.PI * Math.sqrt(2 * Math.PI) / ratio) - 0.5 * Math.log(p[k] * p[l]);
            if (unscaled && !(logG < LOG_MAX)) {
                throw new IllegalArgumentException("sigma: the information matrix overflows double precision: exp(gap²/(8σ²)) is too large "
                        + "for the gap " + gap + " between means " + mu[k] + " and " + mu[l] + " at width " + width
                        + String.format(Locale.ROOT, " (gaps up to about %.3g are in range at this width)", MAX_RATIO * width));
            }
        }
    }

    /** G_W in θ coordinates renormalised edge by edge: G_ij / √(Z_i Z_j), Z_i the lattice scale of gap i. */
    public Result renormalisedWeightMatrix(double[] p, double[] mu, double sigma) {
        double[] s = new double[p.length];
        Arrays.fill(s, sigma);
        double[] logZ = LatticeLimit.logZPerGap(mu, sigma);
        return withWeightCoordinates(WeightCoordinates.UPPER_TAIL_SUMS).compute(p, mu, s, MixtureParameters.WEIGHTS, logZ);
    }

    /** Nodes [0] and weights [1] of composite Gauss–Kronrod 15 on the subintervals between sorted breakpoints. */
    static double[][] compositeRule(double[] breakpoints) {
        int pieces = breakpoints.length - 1;
        double[] x = new double[15 * pieces], w = new double[15 * pieces];
        for (int q = 0; q < pieces; q++) {
            double c = 0.5 * (breakpoints[q] + breakpoints[q + 1]), h = 0.5 * (breakpoints[q + 1] - breakpoints[q]);
            for (int j = 0; j < 15; j++) {
                int m = j < 7 ? j : 14 - j;
                x[15 * q + j] = j < 7 ? c - h * XK[m] : j == 7 ? c : c + h * XK[m];
                w[15 * q + j] = WK[m] * h;
            }
        }
        return new double[][] {x, w};
    }

    // ---------------------------------------------------------------------------------------

    /** The adaptive quadrature from f's a priori cuts, or from previous's subdivision (lengths scaled by 2^−e) mapped onto f. */
    private Result integrate(Integrand f, Result previous, int exponent) {
        int np = f.np;
        int entries = np * (np + 1) / 2;
        List<Double> structure = f.breakpoints();
        List<Double> cuts = previous == null ? structure
                : mapped(Scaling.scalb(previous.structure(), -exponent), Scaling.scalb(previous.breakpoints(), -exponent), structure);
        PriorityQueue<Piece> queue = new PriorityQueue<>((x, y) -> Double.compare(y.badness, x.badness));
        double[] total = new double[entries];
        double[] error = new double[entries];
        int evaluations = 0;
        List<Piece> pieces = new ArrayList<>(), unsplittable = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            Piece pc = f.gaussKronrod(cuts.get(i), cuts.get(i + 1));
            evaluations += 15;
            pieces.add(pc);
            add(total, error, pc, 1);
        }
        requireFinite(total);
        double[] scale = new double[entries];
        updateScale(total, scale, np);
        for (Piece pc : pieces) {
            pc.badness = badness(pc, scale);
            queue.add(pc);
        }
        int subdivisions = pieces.size();
        int violations = violations(error, scale);
        int nextRescale = subdivisions + 64;
        while (violations > 0 && subdivisions < maxSubdivisions && !queue.isEmpty()) {
            Piece pc = queue.poll();
            double mid = 0.5 * (pc.a + pc.b);
            if (!(mid > pc.a && mid < pc.b)) { // cannot split further: accept as is
                unsplittable.add(pc);
                continue;
            }
            Piece left = f.gaussKronrod(pc.a, mid), right = f.gaussKronrod(mid, pc.b);
            evaluations += 30;
            subdivisions++;
            violations += add(total, error, scale, pc, -1) + add(total, error, scale, left, 1) + add(total, error, scale, right, 1);
            requireFinite(total, left);
            requireFinite(total, right);
            if (subdivisions >= nextRescale) { // geometric schedule: re-ranking the queue costs O(queue), so O(log) times in all
                nextRescale = subdivisions + Math.max(64, subdivisions / 4);
                updateScale(total, scale, np);
                violations = violations(error, scale);
                List<Piece> all = new ArrayList<>(queue);
                queue.clear();
                for (Piece q : all) { q.badness = badness(q, scale); queue.add(q); }
            }
            left.badness = badness(left, scale);
            right.badness = badness(right, scale);
            queue.add(left);
            queue.add(right);
        }
        updateScale(total, scale, np);
        double worst = 0;
        for (int e = 0; e < entries; e++) worst = Math.max(worst, error[e] / scale[e]);
        boolean converged = worst <= 1;
        queue.addAll(unsplittable);
        List<Double> bp = new ArrayList<>();
        for (Piece q : queue) { bp.add(q.a); bp.add(q.b); }
        double[] breakpoints = bp.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
        double[][] g = new double[np][np];
        for (int a = 0, e = 0; a < np; a++) {
            for (int b = a; b < np; b++, e++) { g[a][b] = total[e]; g[b][a] = total[e]; }
        }
        Matrix m = transform(g, f.n, f.which);
        return new Result(m, worst * tolerance, evaluations, breakpoints, converged,
                structure.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The cuts {@code old} of a subdivision built on the a priori cuts {@code from}, moved piecewise
     * linearly onto the a priori cuts {@code to} (which they then contain); {@code to} itself when the
     * two structures do not correspond (different lengths).
     */
    static List<Double> mapped(double[] from, double[] old, List<Double> to) {
        if (from.length != to.size() || from.length < 2) return to;
        List<Double> out = new ArrayList<>(old.length + to.size());
        int j = 0;
        for (double x : old) {
            while (j + 2 < from.length && x > from[j + 1]) j++;
            double a = from[j], b = from[j + 1], t = (x - a) / (b - a);
            if (!(t >= 0 && t <= 1)) continue; // outside the old ends: cannot be placed
            double y = to.get(j) + t * (to.get(j + 1) - to.get(j));
            if (out.isEmpty() || y > out.get(out.size() - 1)) out.add(y);
        }
        List<Double> merged = new ArrayList<>(out);
        merged.addAll(to);
        double[] s = merged.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
        List<Double> cuts = new ArrayList<>(s.length);
        for (double v : s) cuts.add(v);
        return cuts;
    }

    private static void requireFinite(double[] total) {
        for (double v : total) if (!Double.isFinite(v)) throw overflow();
    }

    /** The entries a new piece touched are finite (the others did not change). */
    private static void requireFinite(double[] total, Piece pc) {
        for (int e : pc.entry) if (!Double.isFinite(total[e])) throw overflow();
    }

    private static IllegalArgumentException overflow() {
        return new IllegalArgumentException("sigma: the information matrix overflows double precision at these parameters "
                + "(exp(gap²/(8σ²)) too large); "
                + "compute it renormalised (log scales, e.g. renormalisedWeightMatrix)");
    }

    /** Free-weight coordinates: G_p = J G_θ Jᵀ on the weight block, J ⊗ I on the cross blocks. */
    private Matrix transform(double[][] g, int n, MixtureParameters which) {
        if (coordinates == WeightCoordinates.UPPER_TAIL_SUMS) return Matrix.of(g);
        int np = g.length, w = n - 1;
        double[][] j = coordinates.fromUpperTailSums(n);
        double[][] full = new double[np][np];
        for (int i = 0; i < np; i++) full[i][i] = 1;
        for (int i = 0; i < w; i++) { full[i][i] = 0; for (int c = 0; c < w; c++) full[i][c] = j[i][c]; }
        Matrix jm = Matrix.of(full);
        return jm.times(Matrix.of(g)).times(jm.transpose()).symmetrize();
    }

    private void updateScale(double[] total, double[] scale, int np) {
        double[] diag = new double[np];
        for (int a = 0, e = 0; a < np; a++) for (int b = a; b < np; b++, e++) if (a == b) diag[a] = Math.abs(total[e]);
        for (int a = 0, e = 0; a < np; a++) {
            for (int b = a; b < np; b++, e++) {
                double root = Math.sqrt(diag[a] * diag[b]);
                double s = tolerance * Math.max(Math.abs(total[e]), OFF_DIAGONAL_FLOOR * root);
                scale[e] = Math.max(Math.max(s, ROUNDING_FLOOR * root), tolerance * Double.MIN_NORMAL);
            }
        }
    }

    private static double badness(Piece pc, double[] scale) {
        double w = 0;
        for (int r = 0; r < pc.entry.length; r++) w = Math.max(w, pc.error[r] / scale[pc.entry[r]]);
        return w;
    }

    /** Entries whose error estimate exceeds their accuracy scale. */
    private static int violations(double[] error, double[] scale) {
        int v = 0;
        for (int e = 0; e < error.length; e++) if (error[e] > scale[e]) v++;
        return v;
    }

    private static void add(double[] total, double[] error, Piece pc, int sign) {
        for (int r = 0; r < pc.entry.length; r++) {
            int e = pc.entry[r];
            total[e] += sign * pc.value[r];
            error[e] = Math.max(0, error[e] + sign * pc.error[r]);
        }
    }

    /** Adds (sign 1) or removes (−1) a piece; returns the change in the number of entries out of tolerance. */
    private static int add(double[] total, double[] error, double[] scale, Piece pc, int sign) {
        int change = 0;
        for (int r = 0; r < pc.entry.length; r++) {
            int e = pc.entry[r];
            boolean before = error[e] > scale[e];
            total[e] += sign * pc.value[r];
            error[e] = Math.max(0, error[e] + sign * pc.error[r]);
            boolean after = error[e] > scale[e];
            if (before != after) change += after ? 1 : -1;
        }
        return change;
    }

    /** A piece's Kronrod sums and error estimates on the entries it touches (the others are zero there). */
    private static final class Piece {
        final double a, b;
        final int[] entry;
        final double[] value, error;
        double badness;

        Piece(double a, double b, int[] entry, double[] value, double[] error) {
            this.a = a; this.b = b; this.entry = entry; this.value = value; this.error = error;
        }
    }

    /** The vector of scaled derivatives v_a(x) = s_a exp(L_a − ½ log ρ − ½ c_a) at a point. */
    static final class Integrand {
        final int n, np;
        final double[] p, mu, sigma, logP, logSigma, halfScale;
        final MixtureParameters which;
        final double[] logPhi, z;
        /** log(|v_a| max_b |v_b|) at or below which v_a is skipped at a node (see {@link #NEGLIGIBLE}). */
        private final double negligible;
        /** Upper bounds of log|v_a| at the current node. */
        private final double[] bound;
        private final double[] kron, gauss, v;
        private final int[] idx, touched, tailStamp;
        private final double[] tail;
        private int node;
        private final boolean[] marked;

        Integrand(double[] p, double[] mu, double[] sigma, MixtureParameters which, double[] logScales) {
            validate(p, mu, sigma);
            if (which == null) throw new IllegalArgumentException("parameters must not be null");
            this.n = p.length;
            this.np = which.count(n);
            this.p = p.clone();
            this.mu = mu.clone();
            this.sigma = sigma.clone();
            this.which = which;
            this.logP = new double[n];
            this.logSigma = new double[n];
            for (int k = 0; k < n; k++) { logP[k] = Math.log(p[k]); logSigma[k] = Math.log(sigma[k]); }
            this.halfScale = new double[np];
            if (logScales != null) {
                if (logScales.length != np) {
                    throw new IllegalArgumentException("logScales has " + logScales.length + " entries, expected " + np);
                }
                for (int a = 0; a < np; a++) {
                    if (!Double.isFinite(logScales[a])) throw new IllegalArgumentException("logScales[" + a + "] is not finite");
                    halfScale[a] = 0.5 * logScales[a];
                }
            }
            this.logPhi = new double[n];
            this.z = new double[n];
            List<Double> ends = breakpoints();
            double logFloor = Double.POSITIVE_INFINITY;
            for (int a = 0; a < np; a++) {
                double lowerBound; // of G_aa by Cauchy–Schwarz: (∫|∂_a F|)² / ∫ρ
                if (a < n - 1) lowerBound = (mu[a + 1] - mu[a]) * (mu[a + 1] - mu[a]);
                else if (a < 2 * n - 1) lowerBound = p[a - n + 1] * p[a - n + 1];
                else lowerBound = 2 / Math.PI * p[a - 2 * n + 1] * p[a - 2 * n + 1];
                if (lowerBound > 0) logFloor = Math.min(logFloor, Math.log(lowerBound) - 2 * halfScale[a]);
            }
            this.negligible = Double.isFinite(logFloor)
                    ? NEGLIGIBLE + logFloor - Math.log(ends.get(ends.size() - 1) - ends.get(0)) : Double.NEGATIVE_INFINITY;
            this.bound = new double[np];
            int entries = np * (np + 1) / 2;
            this.kron = new double[entries];
            this.gauss = new double[entries];
            this.marked = new boolean[entries];
            this.touched = new int[entries];
            this.v = new double[np];
            this.idx = new int[np];
            this.tail = new double[n];
            this.tailStamp = new int[n];
        }

        /** log Q(|z_k|) at the current node, computed once per node and component (each is shared by two weights). */
        private double tail(int k) {
            if (tailStamp[k] != node) { tailStamp[k] = node; tail[k] = StandardNormal.logSmallerTail(z[k]); }
            return tail[k];
        }

        List<Double> breakpoints() {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                lo = Math.min(lo, mu[k] - TAIL * sigma[k]);
                hi = Math.max(hi, mu[k] + TAIL * sigma[k]);
            }
            List<Double> c = new ArrayList<>();
            c.add(lo);
            c.add(hi);
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) { order[k] = k; c.add(mu[k]); }
            Arrays.sort(order, (x, y) -> Double.compare(mu[x], mu[y]));
            for (int r = 0; r + 1 < n; r++) {
                int k = order[r], l = order[r + 1];
                if (mu[l] > mu[k]) {
                    c.add(0.5 * (mu[k] + mu[l]));
                    double eq = equalDensityPoint(k, l);
                    if (eq > mu[k] && eq < mu[l]) c.add(eq);
                }
            }
            for (int k = 0; k + 1 < n; k++) { // sign change of F_{k+1} − F_k: equal standardised positions
                if (sigma[k] != sigma[k + 1]) {
                    double x = (mu[k + 1] * sigma[k] - mu[k] * sigma[k + 1]) / (sigma[k] - sigma[k + 1]);
                    if (x > lo && x < hi) c.add(x);
                }
            }
            double[] s = c.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
            List<Double> out = new ArrayList<>();
            for (double v : s) out.add(v);
            return out;
        }

        /** Where p_k φ_k = p_l φ_l between two neighbouring means (the ρ minimum for equal widths). */
        private double equalDensityPoint(int k, int l) {
            double d = mu[l] - mu[k];
            if (sigma[k] == sigma[l]) return 0.5 * (mu[k] + mu[l]) + sigma[k] * sigma[k] * Math.log(p[k] / p[l]) / d;
            return Double.NaN;
        }

        /**
         * Fills v (length np) at x with the derivatives that are not negligible there and lists their
         * indices in idx; returns how many. The others are left stale and must not be read.
         */
        int evaluate(double x, double[] v, int[] idx) {
            node++;
            double maxL = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                z[k] = (x - mu[k]) / sigma[k];
                logPhi[k] = logP[k] + StandardNormal.logPdf(z[k]) - logSigma[k];
                maxL = Math.max(maxL, logPhi[k]);
            }
            double s = 0;
            for (int k = 0; k < n; k++) if (logPhi[k] - maxL > RHO_CUTOFF) s += Math.exp(logPhi[k] - maxL);
            double halfLogRho = 0.5 * (maxL + Math.log(s));
            double logMax = Double.NEGATIVE_INFINITY; // first the bounds of every log|v_a| (no tails), then the products that matter
            for (int i = 0; i < n - 1; i++) {
                double a = Math.min(z[i], z[i + 1]), b = Math.max(z[i], z[i + 1]);
                double lb = a == b ? Double.NEGATIVE_INFINITY : a >= 1 ? -0.5 * a * a : b <= -1 ? -0.5 * b * b : 0; // ≥ log|Φ(b) − Φ(a)|
                bound[i] = lb - halfLogRho - halfScale[i];
                logMax = Math.max(logMax, bound[i]);
            }
            if (which != MixtureParameters.WEIGHTS) {
                for (int k = 0; k < n; k++) {
                    bound[n - 1 + k] = logPhi[k] - halfLogRho - halfScale[n - 1 + k];
                    logMax = Math.max(logMax, bound[n - 1 + k]);
                }
            }
            if (which == MixtureParameters.ALL) {
                for (int k = 0; k < n; k++) {
                    int a = 2 * n - 1 + k;
                    bound[a] = z[k] == 0 ? Double.NEGATIVE_INFINITY : logPhi[k] + Math.log(Math.abs(z[k])) - halfLogRho - halfScale[a];
                    logMax = Math.max(logMax, bound[a]);
                }
            }
            double skip = negligible - logMax;
            int count = 0;
            for (int i = 0; i < n - 1; i++) { // θ_i: ∂F = Φ(z_{i+1}) − Φ(z_i)
                if (bound[i] <= skip || bound[i] <= UNDERFLOW) continue;
                double a = z[i + 1], b = z[i];
                int ka = i + 1, kb = i;
                double sign = -1;
                if (a > b) { double t = a; a = b; b = t; ka = i; kb = i + 1; sign = 1; }
                double val = sign * Math.exp(StandardNormal.logCdfDifference(a, b, tail(ka), tail(kb)) - halfLogRho - halfScale[i]);
                if (val != 0) { v[i] = val; idx[count++] = i; }
            }
            if (which != MixtureParameters.WEIGHTS) {
                for (int k = 0; k < n; k++) { // μ_k: ∂F = −p_k φ(z_k)/σ_k
                    int a = n - 1 + k;
                    if (bound[a] <= skip) continue;
                    double val = -Math.exp(bound[a]);
                    if (val != 0) { v[a] = val; idx[count++] = a; }
                }
            }
            if (which == MixtureParameters.ALL) {
                for (int k = 0; k < n; k++) { // σ_k: ∂F = −p_k φ(z_k) z_k/σ_k
                    int a = 2 * n - 1 + k;
                    if (bound[a] <= skip) continue;
                    double val = -Math.signum(z[k]) * Math.exp(bound[a]);
                    if (val != 0) { v[a] = val; idx[count++] = a; }
                }
            }
            return count;
        }

        /** Gauss–Kronrod 7/15 on [a, b], over the entries some node touches. */
        Piece gaussKronrod(double a, double b) {
            double c = 0.5 * (a + b), h = 0.5 * (b - a);
            int used = 0;
            for (int j = 0; j < 15; j++) {
                int m = j < 7 ? j : j == 7 ? 7 : 14 - j; // node index into XK (mirror)
                double x = j < 7 ? c - h * XK[m] : j == 7 ? c : c + h * XK[m];
                double wk = WK[m] * h;
                double wg = (m % 2 == 1) ? WG[m / 2] * h : m == 7 ? WG[3] * h : 0;
                int cnt = evaluate(x, v, idx);
                for (int r = 0; r < cnt; r++) {
                    int ia = idx[r];
                    double va = v[ia];
                    int base = ia * np - ia * (ia - 1) / 2 - ia; // offset of (ia, ia) minus ia
                    for (int t = 0; t < cnt; t++) {
                        int ib = idx[t];
                        if (ib < ia) continue;
                        int e = base + ib;
                        if (!marked[e]) { marked[e] = true; touched[used++] = e; }
                        double prod = va * v[ib];
                        kron[e] += wk * prod;
                        if (wg != 0) gauss[e] += wg * prod;
                    }
                }
            }
            int[] entry = Arrays.copyOf(touched, used);
            double[] value = new double[used], err = new double[used];
            for (int r = 0; r < used; r++) {
                int e = entry[r];
                value[r] = kron[e];
                err[r] = Math.max(Math.abs(kron[e] - gauss[e]), 1e-15 * Math.abs(kron[e]));
                kron[e] = 0;
                gauss[e] = 0;
                marked[e] = false;
            }
            return new Piece(a, b, entry, value, err);
        }
    }

    static void validate(double[] p, double[] mu, double[] sigma) {
        if (p == null || mu == null || sigma == null) throw new IllegalArgumentException("weights, means and sigmas must not be null");
        if (p.length < 2) {
            throw new IllegalArgumentException("weights: the information matrix needs at least 2 components, got " + p.length);
        }
        if (mu.length != p.length || sigma.length != p.length) {
            throw new IllegalArgumentException("weights, means and sigmas must have equal lengths, got " + p.length + ", " + mu.length
                    + ", " + sigma.length);
        }
        double total = 0;
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] > 0) || !Double.isFinite(p[k])) {
                throw new IllegalArgumentException("weights[" + k + "] must be positive and finite, got " + p[k]);
            }
            if (!Double.isFinite(mu[k])) throw new IllegalArgumentException("means[" + k + "] is not finite");
            if (!(sigma[k] > 0) || !Double.isFinite(sigma[k])) {
                throw new IllegalArgumentException("sigma[" + k + "] must be positive and finite, got " + sigma[k]);
            }
            total += p[k];
        }
        if (Math.abs(total - 1) > 1e-9) throw new IllegalArgumentException("weights must sum to 1, got " + total);
    }
}
