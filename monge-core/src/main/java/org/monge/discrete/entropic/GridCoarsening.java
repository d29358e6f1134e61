package org.monge.discrete.entropic;

import java.util.Arrays;

/**
 * A coarse version of a weighted point cloud: the points are binned into the cells of a regular
 * grid, and each non-empty cell becomes one point, the weighted centroid of its points, carrying
 * their total weight (the clustering step of multiscale Sinkhorn, as in GeomLoss; Feydy 2020,
 * "Geometric data analysis, beyond convolutions", §3.3; Schmitzer 2019 §4). The cell side is
 * searched so that the number of non-empty cells is close to a target.
 *
 * <p>Cost O(n log n · d) per trial side (cells are found by sorting their integer coordinates),
 * memory O(n·d). Points of zero weight are left out; the weights of the coarse cloud add up to
 * those of the fine one.
 */
final class GridCoarsening {
    private static final int TRIALS = 12;

    /** Coarse points (one a row) and their weights. */
    record Coarse(double[][] points, double[] weights) {
        int size() { return weights.length; }
    }

    private GridCoarsening() {}

    /** About {@code target} cells (within a factor 1.5 when the search succeeds in a few trials). */
    static Coarse of(double[][] points, double[] weights, int target) {
        int d = points[0].length;
        double[] lo = new double[d], hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] p : points) {
            for (int k = 0; k < d; k++) {
                lo[k] = Math.min(lo[k], p[k]);
                hi[k] = Math.max(hi[k], p[k]);
            }
        }
        double volume = 1;
        int spread = 0;
        for (int k = 0; k < d; k++) {
            if (hi[k] > lo[k]) {
                volume *= hi[k] - lo[k];
                spread++;
            }
        }
        if (spread == 0) return bin(points, weights, lo, Double.POSITIVE_INFINITY);
        double h = Math.pow(volume / target, 1.0 / spread);
        Coarse best = null;
        for (int t = 0; t < TRIALS; t++) {
            Coarse c = bin(points, weights, lo, h);
            if (best == null || Math.abs(Math.log((double) c.size() / target)) < Math.abs(Math.log((double) best.size() / target))) {
                best = c;
            }
            double ratio = (double) c.size() / target;
            if (ratio > 1 / 1.5 && ratio < 1.5) break;
            // clustered data fills fewer cells than the volume suggests: move h by the observed ratio
            h *= Math.pow(Math.max(ratio, 1e-3), 1.0 / spread);
        }
        return best;
    }

    /** Bins the points of positive weight into cells of side h from the corner lo. */
    static Coarse bin(double[][] points, double[] weights, double[] lo, double h) {
        int n = points.length, d = lo.length;
        long[][] cell = new long[n][];
        Integer[] order = new Integer[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!(weights[i] > 0)) continue;
            long[] c = new long[d];
            for (int k = 0; k < d; k++) c[k] = Double.isInfinite(h) ? 0 : (long) Math.floor((points[i][k] - lo[k]) / h);
            cell[i] = c;
            order[kept++] = i;
        }
        Integer[] idx = Arrays.copyOf(order, kept);
        Arrays.sort(idx, (p, q) -> Arrays.compare(cell[p], cell[q]));
        double[][] centres = new double[kept][];
        double[] mass = new double[kept];
        int cells = 0;
        for (int s = 0; s < kept; ) {
            int e = s;
            double[] acc = new double[d];
            double w = 0;
            while (e < kept && Arrays.equals(cell[idx[e]], cell[idx[s]])) {
                int i = idx[e++];
                w += weights[i];
                for (int k = 0; k < d; k++) acc[k] += weights[i] * points[i][k];
            }
            for (int k = 0; k < d; k++) acc[k] /= w;
            centres[cells] = acc;
            mass[cells++] = w;
            s = e;
        }
        return new Coarse(Arrays.copyOf(centres, cells), Arrays.copyOf(mass, cells));
    }
}
