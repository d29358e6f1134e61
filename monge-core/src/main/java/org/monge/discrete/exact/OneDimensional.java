package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportProblem;

import java.util.Arrays;
import java.util.List;

/**
 * Optimal transport on the real line. For a cost |x − y|^p with p ≥ 1 the monotone
 * (quantile) coupling is optimal, so W_p^p(μ, ν) = M ∫₀¹ |F⁻¹(t) − G⁻¹(t)|^p dt, with F, G the
 * normalised cumulative distribution functions and M the common total mass (Villani 2003,
 * Theorem 2.18; Santambrogio 2015, §2.2). Computed by sorting both supports and merging the
 * cumulative weights: O((n + m) log(n + m)) in general, O(n + m) after the linear-time radix
 * sort used here. Also: the monotone plan, the quantile map (barycentric projection of that plan)
 * and the barycenter of several measures by averaging quantile functions (Agueh &amp; Carlier 2011).
 *
 * <p>Weights may be null (uniform). Weights must be finite and non-negative with equal totals
 * within {@link DiscreteMeasure#MASS_TOLERANCE} relative; both are normalised before merging, so
 * the cumulative sums end exactly at 1 and no mass is lost to rounding.
 */
public final class OneDimensional {
    private OneDimensional() {}

    /** W_p^p (cost), W_p (distance) and the monotone plan, indexed in the input order. */
    public record Result(double cost, double distance, SparsePlan plan) {}

    /** A discrete measure on the line: sorted points and their weights. */
    public record LineMeasure(double[] points, double[] weights) {}

    /**
     * W_p and W_p^p. Both are computed on the points scaled by a power of two 2^−e that brings the
     * largest |point| near 1 (exact), then scaled back: W_p(2^e u, 2^e v) = 2^e W_p(u, v). So
     * neither |x − y|^p nor the sum under- or overflows when the answer is representable; a cost
     * W_p^p outside the double range is +∞ or 0 while the distance is right.
     */
    public record Value(double distance, double cost) {}

    /** W_p and W_p^p between Σ uw_i δ_{u_i} and Σ vw_j δ_{v_j} (null weights: uniform), see {@link Value}. */
    public static Value value(double[] u, double[] uw, double[] v, double[] vw, double p) {
        requireExponent(p);
        requirePoints(u, "u");
        requirePoints(v, "v");
        int e = scaleExponent(u, v);
        double[] us = new double[u.length], vs = new double[v.length];
        for (int i = 0; i < u.length; i++) us[i] = Math.scalb(u[i], -e);
        for (int j = 0; j < v.length; j++) vs[j] = Math.scalb(v[j], -e);
        double c = unscaledCost(us, uw, vs, vw, p);
        double d = p == 1 ? c : p == 2 ? Math.sqrt(c) : Math.pow(c, 1 / p);
        double ep = e * p;
        int k = (int) Math.floor(ep);
        return new Value(Math.scalb(d, e), Math.scalb(c * Math.pow(2, ep - k), k));
    }

    /** W_p between Σ uw_i δ_{u_i} and Σ vw_j δ_{v_j} (null weights: uniform). */
    public static double wasserstein(double[] u, double[] uw, double[] v, double[] vw, double p) {
        return value(u, uw, v, vw, p).distance();
    }

    /** W_p between two uniform empirical measures. */
    public static double wasserstein(double[] u, double[] v, double p) {
        return wasserstein(u, null, v, null, p);
    }

    /** W_p^p, the optimal transport cost for |x − y|^p (computed scaled, see {@link Value}). */
    public static double wassersteinCost(double[] u, double[] uw, double[] v, double[] vw, double p) {
        return value(u, uw, v, vw, p).cost();
    }

    private static double unscaledCost(double[] u, double[] uw, double[] v, double[] vw, double p) {
        double mass = checkedMass(u, uw, v, vw);
        if (uw == null && vw == null && u.length == v.length) {
            double[] su = RadixSort.sorted(u), sv = RadixSort.sorted(v);
            double s = 0, comp = 0; // Neumaier-compensated sum: 10^6 terms lose no digits
            for (int i = 0; i < su.length; i++) {
                double term = power(Math.abs(su[i] - sv[i]), p), t = s + term;
                comp += Math.abs(s) >= term ? (s - t) + term : (term - t) + s;
                s = t;
            }
            return (s + comp) / su.length * mass;
        }
        Sorted a = Sorted.of(u, uw), b = Sorted.of(v, vw);
        return merge(a, b, p, null) * mass;
    }

    /** W_p^p, W_p and the monotone plan (masses in the callers' units). */
    public static Result solve(double[] u, double[] uw, double[] v, double[] vw, double p) {
        requireExponent(p);
        requirePoints(u, "u");
        requirePoints(v, "v");
        double mass = checkedMass(u, uw, v, vw);
        Sorted a = Sorted.of(u, uw), b = Sorted.of(v, vw);
        PlanBuilder plan = new PlanBuilder(u.length, v.length, mass, a.index, b.index);
        double cost = merge(a, b, p, plan) * mass;
        return new Result(cost, p == 1 ? cost : Math.pow(cost, 1 / p), plan.build());
    }

    /**
     * The exact solution of a problem between points on the line (a cost from points of dimension 1). In 1-D
     * {@link Metric#SQEUCLIDEAN} is |x − y|² (p = 2) and {@link Metric#EUCLIDEAN}, {@link Metric#CITYBLOCK} and
     * every Minkowski metric are |x − y| (p = 1); other metrics are refused, since the monotone coupling is
     * optimal only for convex functions of x − y. The result's cost is the problem's optimal cost.
     */
    public static Result solve(TransportProblem problem) {
        CostMatrix.FromPoints c = problem.pointCost("the 1-D solver");
        if (c.dimension() != 1) {
            throw new IllegalArgumentException("problem: the 1-D solver needs points of dimension 1, got " + c.dimension());
        }
        int k = Metric.homogeneity(c.metric());
        if (k == 0) {
            throw new IllegalArgumentException("problem: the 1-D solver needs a sqeuclidean, euclidean, cityblock or Minkowski cost");
        }
        return solve(c.sourcePoints().toRowMajor(), problem.a().weights(), c.targetPoints().toRowMajor(), problem.b().weights(), k);
    }

    /**
     * The quantile map T = G⁻¹ ∘ F evaluated at the source points: T(u_i) = Σ_j π_ij v_j / Σ_j π_ij
     * for the monotone plan π (where a point's mass splits, the mean of its images). Points with zero
     * weight map to G⁻¹(F(u_i)).
     */
    public static double[] quantileMap(double[] u, double[] uw, double[] v, double[] vw) {
        requirePoints(u, "u");
        requirePoints(v, "v");
        checkedMass(u, uw, v, vw);
        Sorted a = Sorted.of(u, uw), b = Sorted.of(v, vw);
        double[] num = new double[u.length], den = new double[u.length];
        int i = 0, j = 0;
        double t = 0;
        while (i < a.n && j < b.n) {
            double ci = a.cum[i], cj = b.cum[j];
            double d = Math.min(ci, cj) - t;
            if (d > 0) {
                num[a.index[i]] += d * b.x[j];
                den[a.index[i]] += d;
            }
            t = Math.min(ci, cj);
            if (ci <= cj) i++;
            if (cj <= ci) j++;
        }
        double[] out = new double[u.length];
        for (int k = 0; k < a.n; k++) {
            int o = a.index[k];
            out[o] = den[o] > 0 ? num[o] / den[o] : b.quantile(a.cum[k]);
        }
        return out;
    }

    /** The quantile function F⁻¹(t) = min{x : F(x) ≥ t} of Σ w_i δ_{x_i} at each level t ∈ [0, 1]. */
    public static double[] quantiles(double[] x, double[] w, double[] levels) {
        requirePoints(x, "x");
        Sorted s = Sorted.of(x, checkedWeights(w, x.length, "w"));
        double[] out = new double[levels.length];
        for (int k = 0; k < levels.length; k++) {
            out[k] = s.quantile(requireLevel(levels[k], k));
        }
        return out;
    }

    /**
     * W1 and W2 between two measures and both quantile functions at the same levels: what a drift
     * report needs of one pair of samples. Levels may be empty.
     */
    public record Comparison(double w1, double w2, double[] uQuantiles, double[] vQuantiles) {}

    /**
     * {@link Comparison} of Σ uw_i δ_{u_i} and Σ vw_j δ_{v_j} (null weights: uniform) from one sort of
     * each side: the quantiles are read off the sorted points, which are then scaled in place by the
     * 2^−e of {@link Value} and merged once for both exponents. Equal, bit for bit, to
     * {@link #wasserstein} with p = 1 and p = 2 and {@link #quantiles} called separately (scaling by a
     * power of two keeps the order, so sorting the points and scaling them gives the scaled points
     * sorted), with half their sorting; the one exception is points spanning more than 2^1022 in
     * magnitude, whose scaled copies may underflow into ties.
     */
    public static Comparison compare(double[] u, double[] uw, double[] v, double[] vw, double[] levels) {
        requirePoints(u, "u");
        requirePoints(v, "v");
        double mass = checkedMass(u, uw, v, vw);
        double[] t = levels == null ? new double[0] : levels;
        for (int k = 0; k < t.length; k++) requireLevel(t[k], k);
        int e = scaleExponent(u, v);
        // uniform weights need only the sorted points (no permutation): the same cumulative weights (k + 1)/n
        boolean uniform = uw == null && vw == null;
        Sorted a = uniform ? Sorted.uniform(RadixSort.sorted(u)) : Sorted.of(u, uw);
        Sorted b = uniform ? Sorted.uniform(RadixSort.sorted(v)) : Sorted.of(v, vw);
        double[] qu = new double[t.length], qv = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            qu[k] = a.quantile(t[k]);
            qv[k] = b.quantile(t[k]);
        }
        scaleInPlace(a.x, e);
        scaleInPlace(b.x, e);
        double[] c = uniform && a.n == b.n ? pairedCosts(a.x, b.x) : mergeCosts(a, b);
        // as in value(): W_p^p of the scaled points times the mass, its p-th root scaled back by 2^e
        return new Comparison(Math.scalb(c[0] * mass, e), Math.scalb(Math.sqrt(c[1] * mass), e), qu, qv);
    }

    /** The exponent e of the largest |point| of u and v (0 if all are 0): scaling by 2^−e brings it into [1, 2). */
    private static int scaleExponent(double[] u, double[] v) {
        double mx = 0;
        for (double x : u) mx = Math.max(mx, Math.abs(x));
        for (double x : v) mx = Math.max(mx, Math.abs(x));
        return mx == 0 ? 0 : Math.getExponent(mx);
    }

    private static void scaleInPlace(double[] x, int e) {
        for (int i = 0; i < x.length; i++) x[i] = Math.scalb(x[i], -e);
    }

    /** {Σ|x_i − y_i| / n, Σ|x_i − y_i|² / n} of two sorted arrays of one length, each sum Neumaier-compensated as in value(). */
    private static double[] pairedCosts(double[] x, double[] y) {
        double s1 = 0, c1 = 0, s2 = 0, c2 = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]), t1 = s1 + d, sq = d * d, t2 = s2 + sq;
            c1 += Math.abs(s1) >= d ? (s1 - t1) + d : (d - t1) + s1;
            s1 = t1;
            c2 += Math.abs(s2) >= sq ? (s2 - t2) + sq : (sq - t2) + s2;
            s2 = t2;
        }
        return new double[] {(s1 + c1) / x.length, (s2 + c2) / x.length};
    }

    /** {@link #merge} for p = 1 and p = 2 at once (unit mass): the two Neumaier-compensated sums of one walk. */
    private static double[] mergeCosts(Sorted a, Sorted b) {
        int i = 0, j = 0;
        double t = 0, s1 = 0, c1 = 0, s2 = 0, c2 = 0;
        final double[] xa = a.x, xb = b.x;
        while (i < a.n && j < b.n) {
            double ci = a.cum(i), cj = b.cum(j);
            double next = Math.min(ci, cj), d = next - t;
            if (d > 0) {
                double dx = Math.abs(xa[i] - xb[j]), a1 = d * dx, a2 = d * (dx * dx), t1 = s1 + a1, t2 = s2 + a2;
                c1 += Math.abs(s1) >= a1 ? (s1 - t1) + a1 : (a1 - t1) + s1;
                s1 = t1;
                c2 += Math.abs(s2) >= a2 ? (s2 - t2) + a2 : (a2 - t2) + s2;
                s2 = t2;
            }
            t = next;
            if (ci <= cj) i++;
            if (cj <= ci) j++;
        }
        return new double[] {s1 + c1, s2 + c2};
    }

    /**
     * The W_2 barycenter Σ λ_k-weighted of measures on the line: its quantile function is
     * Σ λ_k F_k⁻¹ (Agueh &amp; Carlier 2011, §6.1). Returned as sorted points with probability weights
     * (at most Σ n_k points). Weights lists may hold nulls (uniform); lambdas are normalised.
     */
    public static LineMeasure barycenter(List<double[]> points, List<double[]> weights, double[] lambdas) {
        int k = points.size();
        if (k == 0) throw new IllegalArgumentException("points: the barycenter needs at least one measure");
        if (weights != null && weights.size() != k) {
            throw new IllegalArgumentException("weights has " + weights.size() + " entries but there are " + k + " measures");
        }
        Checks.length(lambdas.length, k, "lambdas", "measures");
        double total = 0;
        for (double l : Checks.weights(lambdas, "lambdas")) total += l;
        Sorted[] s = new Sorted[k];
        int size = 0;
        for (int l = 0; l < k; l++) {
            requirePoints(points.get(l), "points[" + l + "]");
            double[] w = weights == null ? null : weights.get(l);
            checkedWeights(w, points.get(l).length, "weights[" + l + "]");
            s[l] = Sorted.of(points.get(l), w);
            size += s[l].n;
        }
        double[] xs = new double[size], ws = new double[size];
        int[] pos = new int[k];
        double t = 0;
        int q = 0;
        while (true) {
            double next = 1;
            for (int l = 0; l < k; l++) if (pos[l] < s[l].n) next = Math.min(next, s[l].cum[pos[l]]);
            double d = next - t;
            if (d > 0) {
                double x = 0;
                for (int l = 0; l < k; l++) x += lambdas[l] / total * s[l].x[Math.min(pos[l], s[l].n - 1)];
                xs[q] = x;
                ws[q++] = d;
            }
            t = next;
            boolean done = true;
            for (int l = 0; l < k; l++) {
                while (pos[l] < s[l].n && s[l].cum[pos[l]] <= next) pos[l]++;
                done &= pos[l] >= s[l].n;
            }
            if (done || next >= 1) break;
        }
        return new LineMeasure(Arrays.copyOf(xs, q), Arrays.copyOf(ws, q));
    }

    /** Receives the entries of the monotone plan in merge order: source rank i, target rank j (in sorted order), unit-mass length d. */
    interface PlanVisitor {
        void entry(int i, int j, double d);
    }

    /**
     * The monotone plan in sorted order, the staircase of the north-west-corner rule on the sorted supports:
     * entry e joins the source of rank k[e] and the target of rank l[e] with unit-mass length d[e]; u, v are the
     * sorted points, uIndex, vIndex their positions in the input, mass the common total mass.
     */
    record Staircase(double[] u, int[] uIndex, double[] v, int[] vIndex, int[] k, int[] l, double[] d, int size, double mass) {}

    /** The {@link Staircase} between Σ uw_i δ_{u_i} and Σ vw_j δ_{v_j} (null weights: uniform). */
    static Staircase staircase(double[] u, double[] uw, double[] v, double[] vw, double p) {
        requireExponent(p);
        requirePoints(u, "u");
        requirePoints(v, "v");
        double mass = checkedMass(u, uw, v, vw);
        Sorted a = Sorted.of(u, uw), b = Sorted.of(v, vw);
        int cap = u.length + v.length;
        int[] k = new int[cap], l = new int[cap];
        double[] d = new double[cap];
        int[] size = {0};
        merge(a, b, p, (i, j, len) -> {
            k[size[0]] = i;
            l[size[0]] = j;
            d[size[0]++] = len;
        });
        return new Staircase(a.x, a.index, b.x, b.index, k, l, d, size[0], mass);
    }

    /** Σ over the merged quantile intervals of length × |x − y|^p (unit mass); gives each entry to the plan if given. */
    private static double merge(Sorted a, Sorted b, double p, PlanVisitor plan) {
        int i = 0, j = 0;
        double t = 0, s = 0, comp = 0; // Neumaier-compensated sum
        final double[] ca = a.cum, cb = b.cum, xa = a.x, xb = b.x;
        while (i < a.n && j < b.n) {
            double ci = ca[i], cj = cb[j];
            double next = Math.min(ci, cj);
            double d = next - t;
            if (d > 0) {
                double term = d * power(Math.abs(xa[i] - xb[j]), p), u = s + term;
                comp += Math.abs(s) >= term ? (s - u) + term : (term - u) + s;
                s = u;
                if (plan != null) plan.entry(i, j, d);
            }
            t = next;
            if (ci <= cj) i++;
            if (cj <= ci) j++;
        }
        return s + comp;
    }

    private static double power(double d, double p) {
        return p == 1 ? d : p == 2 ? d * d : Math.pow(d, p);
    }

    private static void requireExponent(double p) {
        Checks.exponent(p, "p");
    }

    private static void requirePoints(double[] x, String name) {
        if (x == null || x.length == 0) throw new IllegalArgumentException(name + " must have at least one point");
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + x[i]);
        }
    }

    /** Level t checked to lie in [0, 1] (k: its position in levels); returns it. */
    private static double requireLevel(double t, int k) {
        if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("levels[" + k + "] must lie in [0, 1], got " + t);
        return t;
    }

    /** Validates weights (null allowed); returns them. */
    private static double[] checkedWeights(double[] w, int n, String name) {
        return w == null ? null : Checks.weights(w, n, name, "points");
    }

    /** The common total mass of the two measures (uniform weights have mass exactly 1). */
    private static double checkedMass(double[] u, double[] uw, double[] v, double[] vw) {
        double ta = uw == null ? 1 : sum(checkedWeights(uw, u.length, "u weights"));
        double tb = vw == null ? 1 : sum(checkedWeights(vw, v.length, "v weights"));
        Checks.balanced(ta, tb);
        return ta;
    }

    private static double sum(double[] w) {
        double s = 0;
        for (double x : w) s += x;
        return s;
    }

    /** Sorted points, their original indices and the normalised cumulative weights (last = 1); both null for {@link #uniform}. */
    private static final class Sorted {
        final int n;
        final double[] x, cum;
        final int[] index;

        private Sorted(double[] x, double[] cum, int[] index) {
            this.n = x.length;
            this.x = x;
            this.cum = cum;
            this.index = index;
        }

        static Sorted of(double[] x, double[] w) {
            int n = x.length;
            int[] idx = RadixSort.order(x);
            double[] sx = new double[n], cum = new double[n];
            double total = 0;
            if (w != null) for (double v : w) total += v;
            double acc = 0;
            for (int k = 0; k < n; k++) {
                int i = idx[k];
                sx[k] = x[i];
                acc += w == null ? 1 : w[i];
                cum[k] = w == null ? (double) (k + 1) / n : acc / total;
            }
            // from the last positive-weight point on, the cumulative weight is exactly 1
            int last = n - 1;
            while (w != null && last > 0 && w[idx[last]] == 0) last--;
            for (int k = last; k < n; k++) cum[k] = 1;
            return new Sorted(sx, cum, idx);
        }

        /** Points already sorted, equally weighted, held without cum and index (see {@link #cum(int)}). */
        static Sorted uniform(double[] sorted) {
            return new Sorted(sorted, null, null);
        }

        /** The cumulative weight of the first k + 1 points: cum[k], or (k + 1)/n as met where no cum is held (as {@link #of} has it). */
        double cum(int k) {
            return cum == null ? (double) (k + 1) / n : cum[k];
        }

        double quantile(double t) {
            // first k with cum[k] ≥ t (binary search); t = 0 gives the smallest point with positive weight
            int lo = 0, hi = n - 1;
            double target = Math.max(t, Double.MIN_VALUE);
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cum(mid) >= target) hi = mid;
                else lo = mid + 1;
            }
            return x[lo];
        }
    }

    /** Collects plan entries (unit-mass lengths scaled by the total mass). */
    private static final class PlanBuilder implements PlanVisitor {
        final int rows, cols;
        final double mass;
        final int[] sourceIndex, targetIndex;
        int[] s, t;
        double[] w;
        int size;

        PlanBuilder(int rows, int cols, double mass, int[] sourceIndex, int[] targetIndex) {
            this.sourceIndex = sourceIndex;
            this.targetIndex = targetIndex;
            this.rows = rows;
            this.cols = cols;
            this.mass = mass;
            int cap = rows + cols;
            s = new int[cap];
            t = new int[cap];
            w = new double[cap];
        }

        @Override
        public void entry(int i, int j, double d) {
            s[size] = sourceIndex[i];
            t[size] = targetIndex[j];
            w[size++] = d * mass;
        }

        SparsePlan build() {
            return new SparsePlan(rows, cols, Arrays.copyOf(s, size), Arrays.copyOf(t, size), Arrays.copyOf(w, size));
        }
    }
}
