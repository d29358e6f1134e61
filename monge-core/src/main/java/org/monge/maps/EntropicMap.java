package org.monge.maps;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.FastExp;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

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
 * <p>Numerics: in log-sum-exp form, s_j = g_j/ε + log b_j − |x − y_j|²/ε, one pass for max_j s_j and one for the
 * shifted exponentials, so neither overflow nor underflow occurs at any ε; terms below e^−64 of the largest are
 * dropped (relative 1.6e-28). With c the support's centre, |x − y_j|² = |x − c|² − 2(x − c)·(y_j − c) + |y_j − c|²:
 * the first term is common to all j and cancels, so each weight costs d multiply-adds and one vectorised
 * exponential ({@link FastExp}, relative error 3e-14) instead of a distance and {@link Math#exp}. Cost O(m d) per
 * point for m support points, points in parallel over all cores, memory O(m d).
 */
public final class EntropicMap implements TransportMap {
    public static final String KIND = "entropic";
    private final double[] support; // m×d row-major
    private final double[] weights;
    private final double[] g;
    private final double[] centre;   // c, the mean of the support points
    private final double[] columns;  // (y_j − c)_k at k·m + j
    private final double[] shifted;  // g_j/ε + log b_j − |y_j − c|²/ε
    private final double epsilon;
    private final int m, d;

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
        for (int j = 0; j < m; j++) {
            if (!(b[j] > 0) || !Double.isFinite(b[j])) {
                throw new IllegalArgumentException("weights[" + j + "] must be positive, got " + b[j]);
            }
            if (!Double.isFinite(g[j])) throw new IllegalArgumentException("potential[" + j + "] is not finite: " + g[j]);
            double sq = 0;
            for (int k = 0; k < d; k++) {
                double t = support[j * d + k] - centre[k];
                columns[k * m + j] = t;
                sq += t * t;
            }
            shifted[j] = g[j] / epsilon + Math.log(b[j]) - sq / epsilon;
            if (!Double.isFinite(shifted[j])) throw new IllegalArgumentException("potential[" + j + "]/epsilon overflows: " + g[j]);
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
        double twoOverEps = 2 / epsilon;
        int block = 16;
        IntStream.range(0, (n + block - 1) / block).parallel().forEach(blk -> {
            double[] s = new double[m];
            double[] acc = new double[d];
            double[] a = new double[d];
            for (int i = blk * block, end = Math.min(n, i + block); i < end; i++) {
                int xo = i * d;
                for (int k = 0; k < d; k++) a[k] = twoOverEps * (xs[xo + k] - centre[k]);
                double max = exponents(a, s);
                if (!Double.isFinite(max)) {
                    throw new IllegalArgumentException("points[" + i + "] is too far from the support for ε = " + epsilon);
                }
                for (int j = 0; j < m; j++) s[j] = FastExp.exp(s[j] - max);
                double z = sum(s, -1);
                for (int k = 0; k < d; k++) out[xo + k] = centre[k] + sum(s, k) / z;
            }
        });
        return Matrix.fromRowMajor(n, d, out);
    }

    /**
     * s_j = h_j + a·(y_j − c) for every j, with h_j = g_j/ε + log b_j − |y_j − c|²/ε: the exponent of the map's weight
     * up to the term −|x − c|²/ε common to all j, which the normalisation cancels (a = 2(x − c)/ε). Returns max_j s_j.
     * Support points are held relative to their centre c and by coordinate, so this is d multiply-adds per j in loops
     * the JIT vectorises, and |x − y|² is never formed as a difference of large squares far from the origin.
     */
    private double exponents(double[] a, double[] s) {
        System.arraycopy(shifted, 0, s, 0, m);
        for (int k = 0; k < d; k++) {
            double ak = a[k];
            int o = k * m;
            for (int j = 0; j < m; j++) s[j] = Math.fma(ak, columns[o + j], s[j]);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) max = Math.max(max, s[j]);
        return max;
    }

    /** Σ_j w_j (y_j − c)_k, or Σ_j w_j for k < 0, with four partial sums to break the dependency chain. */
    private double sum(double[] w, int k) {
        int o = Math.max(k, 0) * m;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        if (k < 0) {
            for (; j + 3 < m; j += 4) {
                s0 += w[j];
                s1 += w[j + 1];
                s2 += w[j + 2];
                s3 += w[j + 3];
            }
            for (; j < m; j++) s0 += w[j];
        } else {
            for (; j + 3 < m; j += 4) {
                s0 = Math.fma(w[j], columns[o + j], s0);
                s1 = Math.fma(w[j + 1], columns[o + j + 1], s1);
                s2 = Math.fma(w[j + 2], columns[o + j + 2], s2);
                s3 = Math.fma(w[j + 3], columns[o + j + 3], s3);
            }
            for (; j < m; j++) s0 = Math.fma(w[j], columns[o + j], s0);
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
