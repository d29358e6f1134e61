package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means as a Wasserstein projection: the measure ν with at most k atoms closest in W2 to the
 * (weighted) data μ. Seeding by k-means++ (Arthur &amp; Vassilvitskii 2007: each new centre drawn
 * with probability ∝ weight × squared distance to the nearest chosen centre), then Lloyd's
 * iterations (assign to the nearest centre, move centres to weighted means) until no assignment
 * changes. The result is the projected measure: the centres with the masses of their Voronoi
 * cells (empty cells dropped), and W2²(ν, μ) = Σ_i w_i min_k |x_i − c_k|². That identity is exact:
 * the nearest-centre plan with potentials u_i = min_k |x_i − c_k|², v_k = 0 is dual feasible and
 * complementary slack, so it is an optimal transport plan from μ to ν (Pollard 1982; Canas &amp;
 * Rosasco 2012). Cost O(n·k·d) per iteration, points in parallel.
 *
 * <p>The points are first scaled by a power of two that brings the largest |coordinate| near 1
 * (exact), so squared distances neither underflow nor overflow for data near 1e−200 or 1e155;
 * centres and W2² are scaled back (a W2² outside the double range is +∞, or NaN when it underflows). At most n
 * centres are seeded (more would only repeat points and leave empty cells).
 */
public final class KMeans {
    private final int k, maxIterations;
    private final long seed;

    private KMeans(int k, long seed, int maxIterations) {
        this.k = k;
        this.seed = seed;
        this.maxIterations = maxIterations;
    }

    public static KMeans withK(int k) {
        Checks.atLeast(k, 1, "k");
        return new KMeans(k, 0, 300);
    }

    public KMeans withSeed(long s) { return new KMeans(k, s, maxIterations); }

    public KMeans withMaxIterations(int n) {
        Checks.atLeast(n, 1, "maxIterations");
        return new KMeans(k, seed, n);
    }

    /** How the iterations ended. */
    public enum Status {
        /** No assignment changed in the last Lloyd iteration. */
        CONVERGED,
        /** The iteration limit stopped Lloyd's iterations while assignments still changed. */
        MAX_ITERATIONS;

        /** Whether the iterations met their stopping rule. */
        public boolean converged() { return this == CONVERGED; }
    }

    /**
     * The projection ν = Σ weights_k δ_{centers_k}, the label of each data point (row of centers),
     * W2²(ν, μ) (+∞ above the double range, NaN below it, see the class comment), Lloyd iterations,
     * and whether the assignments stopped changing.
     */
    public record Result(Matrix centers, double[] weights, int[] labels, double w2Squared, int iterations, Status status) {
        public DiscreteMeasure projection() { return DiscreteMeasure.of(weights, centers); }

        public boolean converged() { return status.converged(); }
    }

    /** Uniform weights on the rows of x. */
    public Result fit(Matrix x) { return fit(DiscreteMeasure.uniform(x)); }

    public Result fit(DiscreteMeasure data) {
        Matrix x = data.support();
        double[] w = data.weights();
        int n = x.rows(), d = x.cols();
        if (d == 0) throw new IllegalArgumentException("x: the points have no coordinates (shape " + n + "x0)");
        double[] pts = x.toRowMajor();
        double mx = 0;
        for (double v : pts) mx = Math.max(mx, Math.abs(v));
        int e = mx == 0 ? 0 : Math.getExponent(mx);
        for (int i = 0; i < pts.length; i++) pts[i] = Math.scalb(pts[i], -e);
        double[] centers = plusPlusSeeds(Matrix.fromRowMajor(n, d, pts), w, Math.min(k, n), seed).toRowMajor();
        int kk = centers.length / Math.max(d, 1);
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            it++;
            int changed = assign(pts, d, centers, kk, labels, null);
            if (changed == 0) {
                converged = true;
                break;
            }
            double[] sum = new double[kk * d], mass = new double[kk];
            for (int i = 0; i < n; i++) {
                int l = labels[i];
                mass[l] += w[i];
                for (int t = 0; t < d; t++) sum[l * d + t] += w[i] * pts[i * d + t];
            }
            for (int l = 0; l < kk; l++) if (mass[l] > 0) for (int t = 0; t < d; t++) centers[l * d + t] = sum[l * d + t] / mass[l];
        }
        // the projection: nearest-centre cells of the final centres, empty cells dropped
        double[] dist = new double[n];
        assign(pts, d, centers, kk, labels, dist);
        double[] mass = new double[kk];
        double w2 = 0;
        for (int i = 0; i < n; i++) {
            mass[labels[i]] += w[i];
            w2 += w[i] * dist[i];
        }
        int[] newIndex = new int[kk];
        int used = 0;
        for (int l = 0; l < kk; l++) newIndex[l] = mass[l] > 0 ? used++ : -1;
        double[] outC = new double[used * d], outW = new double[used];
        for (int l = 0; l < kk; l++) {
            if (newIndex[l] < 0) continue;
            System.arraycopy(centers, l * d, outC, newIndex[l] * d, d);
            outW[newIndex[l]] = mass[l];
        }
        for (int i = 0; i < n; i++) labels[i] = newIndex[labels[i]];
        double w2Scaled = Math.scalb(w2, 2 * e);
        if (w2Scaled == 0 && w2 > 0) w2Scaled = Double.NaN;
        for (int i = 0; i < outC.length; i++) outC[i] = Math.scalb(outC[i], e);
        Status status = converged ? Status.CONVERGED : Status.MAX_ITERATIONS;
        return new Result(Matrix.fromRowMajor(used, d, outC), outW, labels, w2Scaled, it, status);
    }

    /** Nearest centre of every point (ties to the lowest index); returns how many labels changed. */
    private static int assign(double[] pts, int d, double[] centers, int kk, int[] labels, double[] dist) {
        int n = pts.length / Math.max(d, 1);
        return IntStream.range(0, n).parallel().map(i -> {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int l = 0; l < kk; l++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double e = pts[i * d + t] - centers[l * d + t];
                    s += e * e;
                }
                if (s < bd) {
                    bd = s;
                    best = l;
                }
            }
            if (dist != null) dist[i] = bd;
            int old = labels[i];
            labels[i] = best;
            return old == best ? 0 : 1;
        }).sum();
    }

    /** k-means++ seeds of equally weighted points (rows of the result are the k centres). */
    public static Matrix plusPlusSeeds(Matrix points, int k, long seed) {
        double[] w = new double[points.rows()];
        Arrays.fill(w, 1.0);
        return plusPlusSeeds(points, w, k, seed);
    }

    /**
     * k-means++ seeds of weighted points: the first centre drawn ∝ weight, each next ∝ weight ×
     * squared distance to the nearest centre chosen so far. When fewer than k distinct points carry
     * weight, the remaining seeds repeat chosen points (Lloyd then leaves their cells empty).
     */
    public static Matrix plusPlusSeeds(Matrix points, double[] weights, int k, long seed) {
        int n = points.rows(), d = points.cols();
        Checks.atLeast(k, 1, "k");
        if (n == 0) throw new IllegalArgumentException("points must have at least one row");
        Checks.weights(weights, n, "weights", "points");
        if (!points.allFinite()) throw new IllegalArgumentException("points has a non-finite coordinate");
        if ((long) k * d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("k = " + k + " seeds of dimension " + d + " are too many to store");
        }
        double[] pts = points.toRowMajor();
        SplittableRandom r = new SplittableRandom(seed);
        double[] out = new double[k * d];
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        int c = draw(weights, null, r);
        for (int s = 0; s < k; s++) {
            System.arraycopy(pts, c * d, out, s * d, d);
            if (s == k - 1) break;
            final int cc = c;
            IntStream.range(0, n).parallel().forEach(i -> {
                double e2 = 0;
                for (int t = 0; t < d; t++) {
                    double e = pts[i * d + t] - pts[cc * d + t];
                    e2 += e * e;
                }
                if (e2 < d2[i]) d2[i] = e2;
            });
            int next = draw(weights, d2, r);
            c = next >= 0 ? next : draw(weights, null, r);
        }
        return Matrix.fromRowMajor(k, d, out);
    }

    /** An index drawn ∝ w_i·f_i (f null: ∝ w_i); −1 when the total is zero. */
    private static int draw(double[] w, double[] f, SplittableRandom r) {
        double total = 0;
        for (int i = 0; i < w.length; i++) total += w[i] * (f == null ? 1 : f[i]);
        if (!(total > 0)) return -1;
        double t = r.nextDouble() * total, s = 0;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            double p = w[i] * (f == null ? 1 : f[i]);
            if (p > 0) {
                last = i;
                s += p;
                if (s > t) return i;
            }
        }
        return last;
    }
}
