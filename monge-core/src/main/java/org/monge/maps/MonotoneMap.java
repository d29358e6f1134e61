package org.monge.maps;

import org.monge.discrete.exact.OneDimensional;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The monotone (quantile) map on the line, T = G⁻¹ ∘ F, optimal for every convex cost (Villani 2003, Thm 2.18),
 * fitted by {@link OneDimensional#quantileMap} at the source points u_i (where a point's mass splits, the mean of
 * its images) and extended to any x by piecewise-linear interpolation between the sorted source points (the
 * images of equal points merged by their weighted mean), which keeps T non-decreasing, and beyond the extreme
 * points by a shift (slope 1), as the barycentric map's nearest-neighbour rule does. Cost O(n log n) to fit,
 * O(log n) per point.
 */
public final class MonotoneMap implements TransportMap {
    public static final String KIND = "monotone";
    private final double[] knots;  // sorted, distinct
    private final double[] values; // non-decreasing images

    private MonotoneMap(double[] knots, double[] values) {
        if (knots.length == 0 || knots.length != values.length) {
            throw new IllegalArgumentException("knots and values need the same positive length, got "
                    + knots.length + " and " + values.length);
        }
        for (int i = 0; i < knots.length; i++) {
            if (!Double.isFinite(knots[i]) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("knot " + i + " is not finite");
            }
            if (i > 0 && !(knots[i] > knots[i - 1])) throw new IllegalArgumentException("knots must increase strictly, at " + i);
        }
        this.knots = knots.clone();
        this.values = values.clone();
    }

    /** The monotone map from Σ uw_i δ_{u_i} to Σ vw_j δ_{v_j} (weights null for uniform). */
    public static MonotoneMap fit(double[] u, double[] uw, double[] v, double[] vw) {
        double[] uu = uw == null ? uniform(u.length) : uw, vv = vw == null ? uniform(v.length) : vw;
        double[] t = OneDimensional.quantileMap(u, uu, v, vv);
        Integer[] order = new Integer[u.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(u[p], u[q]));
        double[] k = new double[u.length], val = new double[u.length];
        int n = 0;
        for (int s = 0; s < order.length; ) {
            int i = order[s];
            double mass = 0, sum = 0;
            int e = s;
            while (e < order.length && u[order[e]] == u[i]) {
                double w = uu[order[e]] > 0 ? uu[order[e]] : 0;
                mass += w;
                sum += w * t[order[e]];
                e++;
            }
            k[n] = u[i];
            val[n++] = mass > 0 ? sum / mass : t[i];
            s = e;
        }
        return new MonotoneMap(Arrays.copyOf(k, n), Arrays.copyOf(val, n));
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    /** T(x) for one point. */
    public double apply(double x) {
        if (!Double.isFinite(x)) throw new IllegalArgumentException("point is not finite: " + x);
        int last = knots.length - 1;
        if (x <= knots[0]) return values[0] + (x - knots[0]);
        if (x >= knots[last]) return values[last] + (x - knots[last]);
        int i = Arrays.binarySearch(knots, x);
        if (i >= 0) return values[i];
        int hi = -i - 1, lo = hi - 1;
        double t = (x - knots[lo]) / (knots[hi] - knots[lo]);
        return values[lo] + t * (values[hi] - values[lo]);
    }

    @Override public String kind() { return KIND; }
    @Override public int dimension() { return 1; }
    @Override public int targetDimension() { return 1; }

    @Override
    public Matrix apply(Matrix points) {
        MapArgs.points(points, 1, "points");
        double[] out = points.toRowMajor();
        for (int i = 0; i < out.length; i++) out[i] = apply(out[i]);
        return Matrix.fromRowMajor(out.length, 1, out);
    }

    @Override
    public Map<String, Matrix> parameters() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        p.put("knots", MapArgs.row(knots));
        p.put("values", MapArgs.row(values));
        return p;
    }

    static MonotoneMap fromParameters(Map<String, Matrix> p) {
        Matrix k = MapArgs.require(p, "knots", KIND);
        int n = k.rows() * k.cols();
        return new MonotoneMap(MapArgs.vector(k, n, "knots", KIND), MapArgs.vector(MapArgs.require(p, "values", KIND), n, "values", KIND));
    }
}
