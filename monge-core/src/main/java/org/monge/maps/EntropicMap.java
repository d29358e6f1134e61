package org.monge.maps;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.FastExp;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The entropic map (Pooladian &amp; Niles-Weed 2021, "Entropic estimation of optimal transport maps"): from the
 * target potential g of an entropic problem with squared-Euclidean cost between Σ a_i δ_{x_i} and Σ b_j δ_{y_j},
 * <pre>  T(x) = Σ_j y_j b_j exp((g_j − |x − y_j|²)/ε) / Σ_j b_j exp((g_j − |x − y_j|²)/ε),</pre>
 * the conditional mean of the target under the plan extended to any x by the soft c-transform. At a fitting point
 * x_i it is exactly the barycentric projection Σ_j π_ij y_j / Σ_j π_ij of the Sinkhorn plan
 * π_ij = a_i b_j exp((f_i + g_j − c_ij)/ε) (f_i cancels); as ε → 0 on samples of a Gaussian it tends to the Brenier map.
 *
 * <p>Numerics: in log-sum-exp form, s_j = g_j/ε + log b_j − |x − y_j|²/ε, shifted by an attained exponent within e^60 of
 * the largest, so neither overflow nor underflow occurs at any ε; chunks of terms below e^−40 of the shift are skipped
 * (relative 4.2e-18 each, below the rounding of the sum: see {@link #PRUNE}), single terms below e^−64 clamped.
 * With c the support's centre, |x − y_j|² = |x − c|² − 2(x − c)·(y_j − c) + |y_j − c|²: the
 * first term is common to all j and cancels, so each weight costs d multiply-adds and one vectorised exponential
 * ({@link FastExp}, relative error 3e-14) instead of a distance and {@link Math#exp}. The support is held by coordinate
 * in chunks of {@link #CHUNK} nearby points (leaves of a k-d tree, built once): each point's log-sum-exp runs over the
 * chunks online (see {@code Workspace}), with bounds per chunk that skip far chunks and take a chunk's maximum only
 * when the shift might be exceeded, and with element-wise accumulators that the JIT vectorises. Cost O(m d) per point
 * for m support points (less where chunks are skipped, at small ε), points in parallel over all cores, memory O(m d).
 * docs/benchmarks.md (i15-final) has the timings.
 */
public final class EntropicMap implements TransportMap {
    public static final String KIND = "entropic";
    private final double[] support; // m×d row-major
    private final double[] weights;
    private final double[] g;
    /** Support points a chunk of the online log-sum-exp (a multiple of 4). */
    static final int CHUNK = 256;
    /** How far above the shift a chunk's bound may lie before its exact maximum is taken (its terms stay below e^60). */
    private static final double HEADROOM = 60;
    /**
     * How far below the shift a chunk's bound must lie to be skipped: each of its terms is then below e^−40 ≈ 4.2e-18 of
     * the largest, which is at most the sum Z, so the skipped terms add at most 4.2e-18 per support point to Z (and, times
     * the support's radius, to the numerator): below the unit roundoff 1.1e-16 that each addition of the sum itself may
     * lose, so the pruned map is the unpruned one to about (skipped points) × 1e-17 relative (EntropicMapApplyTest).
     */
    static final double PRUNE = 40;
    private final double[] centre;   // c, the mean of the support points
    private final double[] columns;  // (y_p − c)_k at k·m + p, p in chunk order
    private final double[] shifted;  // h_p = g_p/ε + log b_p − |y_p − c|²/ε, p in chunk order
    private final int[] start;       // chunk q holds positions start[q] .. start[q + 1] − 1
    private final double[] lo, hi;   // the box of chunk q: (y − c)_k within [lo[q·d + k], hi[q·d + k]]
    private final double[] chunkMax; // max h over chunk q
    private final double[] chunkTop; // max (g_p/ε + log b_p) over chunk q
    private final double epsilon;
    private final int m, d, chunks;

    /** A fit: the map and the Sinkhorn result it came from (whose status says whether it converged). */
    public record Fit(EntropicMap map, Sinkhorn.Result result) {}

    private EntropicMap(Matrix y, double[] b, double[] g, double epsilon) {
        this.m = y.rows();
        this.d = y.cols();
        if (m == 0) throw new IllegalArgumentException("support: the entropic map needs at least one target point");
        Checks.positiveFinite(epsilon, "epsilon");
        if (b.length != m || g.length != m) {
            throw new IllegalArgumentException("weights and potential need " + m + " values, got " + b.length + " and " + g.length);
        }
        this.support = MapArgs.finite(y, "support").toRowMajor();
        this.weights = b.clone();
        this.g = g.clone();
        this.epsilon = epsilon;
        this.centre = new double[d];
        for (int j = 0; j < m; j++) for (int k = 0; k < d; k++) centre[k] += support[j * d + k] / m;
        this.columns = new double[d * m];
        this.shifted = new double[m];
        this.chunks = (m + CHUNK - 1) / CHUNK;
        this.start = new int[chunks + 1];
        this.lo = new double[chunks * d];
        this.hi = new double[chunks * d];
        this.chunkMax = new double[chunks];
        this.chunkTop = new double[chunks];
        int[] order = new int[m];
        for (int j = 0; j < m; j++) order[j] = j;
        split(order, 0, m);
        for (int p = 0; p < m; p++) {
            int j = order[p];
            if (!(b[j] > 0) || !Double.isFinite(b[j])) {
                throw new IllegalArgumentException("weights[" + j + "] must be positive, got " + b[j]);
            }
            if (!Double.isFinite(g[j])) throw new IllegalArgumentException("potential[" + j + "] is not finite: " + g[j]);
            double sq = 0;
            for (int k = 0; k < d; k++) {
                double t = support[j * d + k] - centre[k];
                columns[k * m + p] = t;
                sq += t * t;
            }
            shifted[p] = g[j] / epsilon + Math.log(b[j]) - sq / epsilon;
            if (!Double.isFinite(shifted[p])) throw new IllegalArgumentException("potential[" + j + "]/epsilon overflows: " + g[j]);
        }
        for (int q = 0; q < chunks; q++) {
            start[q + 1] = Math.min(m, (q + 1) * CHUNK);
            chunkMax[q] = Double.NEGATIVE_INFINITY;
            chunkTop[q] = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < d; k++) {
                lo[q * d + k] = Double.POSITIVE_INFINITY;
                hi[q * d + k] = Double.NEGATIVE_INFINITY;
            }
            for (int p = start[q]; p < start[q + 1]; p++) {
                chunkMax[q] = Math.max(chunkMax[q], shifted[p]);
                double sq = 0;
                for (int k = 0; k < d; k++) {
                    double t = columns[k * m + p];
                    lo[q * d + k] = Math.min(lo[q * d + k], t);
                    hi[q * d + k] = Math.max(hi[q * d + k], t);
                    sq += t * t;
                }
                chunkTop[q] = Math.max(chunkTop[q], shifted[p] + sq / epsilon);
            }
        }
    }

    /**
     * Orders order[from..to) into chunks of nearby support points, as the leaves of a k-d tree: a segment of more than
     * CHUNK points is split along its widest coordinate at a multiple of CHUNK near its median (quickselect), so every
     * chunk but the last is full and has a small box, which makes the chunk bounds of {@code apply} tight.
     */
    private void split(int[] order, int from, int to) {
        if (to - from <= CHUNK) return;
        int axis = 0;
        double widest = -1;
        for (int k = 0; k < d; k++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int p = from; p < to; p++) {
                double v = support[order[p] * d + k];
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (max - min > widest) {
                widest = max - min;
                axis = k;
            }
        }
        int leaves = (to - from + CHUNK - 1) / CHUNK, mid = from + (leaves + 1) / 2 * CHUNK;
        select(order, from, to - 1, mid, axis);
        split(order, from, mid);
        split(order, mid, to);
    }

    /** Rearranges order[lo..hi] so that the point at kth has the kth smallest coordinate AXIS, none smaller after it. */
    private void select(int[] order, int lo, int hi, int kth, int axis) {
        while (lo < hi) {
            double pivot = support[order[(lo + hi) >>> 1] * d + axis];
            int i = lo, j = hi;
            while (i <= j) {
                while (support[order[i] * d + axis] < pivot) i++;
                while (support[order[j] * d + axis] > pivot) j--;
                if (i <= j) {
                    int t = order[i];
                    order[i++] = order[j];
                    order[j--] = t;
                }
            }
            if (kth <= j) {
                hi = j;
            } else if (kth >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /** The map from a target potential g on the support points y with weights b at regularisation ε. */
    public static EntropicMap of(Matrix y, double[] b, double[] g, double epsilon) {
        return new EntropicMap(y, b, g, epsilon);
    }

    /** Solves the entropic problem between a and b (both with support points) by SINKHORN with squared-Euclidean cost. */
    public static Fit fit(DiscreteMeasure a, DiscreteMeasure b, Sinkhorn sinkhorn) {
        if (!a.hasSupport() || !b.hasSupport()) throw new IllegalArgumentException("a and b need support points for an entropic map");
        Matrix x = a.support(), y = b.support();
        if (x.cols() != y.cols()) throw new IllegalArgumentException("x has dimension " + x.cols() + ", y " + y.cols());
        Sinkhorn.Result r = sinkhorn.solve(a, b, CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        return new Fit(new EntropicMap(y, b.weights(), r.g(), r.epsilon()), r);
    }

    /** {@link #fit} between uniform weights on x and y. */
    public static Fit fit(Matrix x, Matrix y, Sinkhorn sinkhorn) {
        return fit(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y), sinkhorn);
    }

    public double epsilon() { return epsilon; }

    @Override public String kind() { return KIND; }
    @Override public int dimension() { return d; }
    @Override public int targetDimension() { return d; }

    @Override
    public Matrix apply(Matrix points) {
        MapArgs.points(points, d, "points");
        int n = points.rows();
        double[] xs = points.toRowMajor();
        double[] out = new double[n * d];
        int block = 16;
        IntStream.range(0, (n + block - 1) / block).parallel().forEach(blk -> {
            Workspace w = new Workspace();
            for (int i = blk * block, end = Math.min(n, i + block); i < end; i++) w.image(xs, i, out);
        });
        return Matrix.fromRowMajor(n, d, out);
    }

    /**
     * One thread's buffers, and the online log-sum-exp of one point over the chunks of the support. With a = 2(x − c)/ε
     * the exponent of support point j is s_j = h_j + a·(y_j − c) (up to −|x − c|²/ε, common to all j, which the
     * normalisation cancels), and a chunk's exponents are at most its bound U, the smaller of max h + Σ_k max(a_k lo_k,
     * a_k hi_k) and max (g/ε + log b) + |x − c|²/ε − dist(x − c, box)²/ε (the same exponent written as
     * g_j/ε + log b_j − |x − y_j|²/ε + |x − c|²/ε, with the distance to the chunk's box bounding |x − y_j|; the first bound
     * is the tighter where g varies little over the chunk, the second where the point is far from it).
     * The shift M starts as the exact maximum of the chunk with the largest bound, so it is always an attained exponent;
     * a chunk with U below M − {@link #PRUNE} is skipped (each of its terms is below e^−40 of the largest);
     * a chunk with U above M + 60 gets its exact maximum and, if that is larger, M moves there and the sums are
     * rescaled by e^(M_old − M_new); any other chunk is summed with shift M, its terms at most e^60. The weights
     * e^(s_j − M) are accumulated element by element into chunk-length arrays (vectorised loops, no reduction chain),
     * which are summed once per point.
     */
    private final class Workspace {
        private final double[] a = new double[d], s = new double[CHUNK], z = new double[CHUNK], acc = new double[d * CHUNK];
        private final double[] bound = new double[chunks];

        void image(double[] xs, int i, double[] out) {
            int xo = i * d, first = 0;
            double near = 0; // |x − c|²/ε
            for (int k = 0; k < d; k++) {
                double t = xs[xo + k] - centre[k];
                a[k] = 2 / epsilon * t;
                near += t * t / epsilon;
            }
            for (int c = 0; c < chunks; c++) {
                double u = chunkMax[c], box = 0;
                for (int k = 0; k < d; k++) {
                    double t = xs[xo + k] - centre[k], l = lo[c * d + k], h = hi[c * d + k];
                    u += Math.max(a[k] * l, a[k] * h);
                    double gap = t < l ? l - t : t > h ? t - h : 0; // distance to the chunk's box along k
                    box += gap * gap;
                }
                bound[c] = Math.min(u, chunkTop[c] + near - box / epsilon);
                if (bound[c] > bound[first]) first = c;
            }
            exponents(first);
            double shift = maximum(start[first + 1] - start[first]);
            if (!Double.isFinite(shift)) {
                throw new IllegalArgumentException("points[" + i + "] is too far from the support for ε = " + epsilon);
            }
            Arrays.fill(z, 0);
            Arrays.fill(acc, 0);
            accumulate(first, shift);
            for (int c = 0; c < chunks; c++) {
                if (c == first || bound[c] < shift - PRUNE) continue;
                exponents(c);
                double max = bound[c] > shift + HEADROOM ? maximum(start[c + 1] - start[c]) : shift;
                if (max > shift) {
                    if (!Double.isFinite(max)) {
                        throw new IllegalArgumentException("points[" + i + "] is too far from the support for ε = " + epsilon);
                    }
                    double f = Math.exp(shift - max);
                    for (int j = 0; j < CHUNK; j++) z[j] *= f;
                    for (int j = 0; j < acc.length; j++) acc[j] *= f;
                    shift = max;
                }
                accumulate(c, shift);
            }
            double total = sum(z, 0);
            for (int k = 0; k < d; k++) out[xo + k] = centre[k] + sum(acc, k * CHUNK) / total;
        }

        /** s = the exponents of chunk c (d vectorised multiply-adds each). */
        private void exponents(int c) {
            int from = start[c], len = start[c + 1] - from;
            System.arraycopy(shifted, from, s, 0, len);
            for (int k = 0; k < d; k++) {
                double ak = a[k];
                int o = k * m + from;
                for (int j = 0; j < len; j++) s[j] = Math.fma(ak, columns[o + j], s[j]);
            }
        }

        /** max of s[0..len), with four partial maxima. */
        private double maximum(int len) {
            double m0 = Double.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0;
            int j = 0;
            for (; j + 3 < len; j += 4) {
                m0 = Math.max(m0, s[j]);
                m1 = Math.max(m1, s[j + 1]);
                m2 = Math.max(m2, s[j + 2]);
                m3 = Math.max(m3, s[j + 3]);
            }
            for (; j < len; j++) m0 = Math.max(m0, s[j]);
            return Math.max(Math.max(m0, m1), Math.max(m2, m3));
        }

        /** z += e^(s − shift) and acc_k += e^(s − shift) (y − c)_k over chunk c, element by element. */
        private void accumulate(int c, double shift) {
            int from = start[c], len = start[c + 1] - from;
            for (int j = 0; j < len; j++) {
                double w = FastExp.exp(s[j] - shift);
                s[j] = w;
                z[j] += w;
            }
            for (int k = 0; k < d; k++) {
                int o = k * m + from, ao = k * CHUNK;
                for (int j = 0; j < len; j++) acc[ao + j] = Math.fma(s[j], columns[o + j], acc[ao + j]);
            }
        }
    }

    /** Σ of CHUNK entries of v from offset o, with four partial sums. */
    private static double sum(double[] v, int o) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int j = 0; j < CHUNK; j += 4) {
            s0 += v[o + j];
            s1 += v[o + j + 1];
            s2 += v[o + j + 2];
            s3 += v[o + j + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public Map<String, Matrix> parameters() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        p.put("support", Matrix.fromRowMajor(m, d, support.clone()));
        p.put("weights", MapArgs.row(weights));
        p.put("potential", MapArgs.row(g));
        p.put("epsilon", MapArgs.row(epsilon));
        return p;
    }

    static EntropicMap fromParameters(Map<String, Matrix> p) {
        Matrix y = MapArgs.require(p, "support", KIND);
        int m = y.rows();
        return new EntropicMap(y, MapArgs.vector(MapArgs.require(p, "weights", KIND), m, "weights", KIND),
                MapArgs.vector(MapArgs.require(p, "potential", KIND), m, "potential", KIND),
                MapArgs.scalar(MapArgs.require(p, "epsilon", KIND), "epsilon", KIND));
    }
}
