package org.monge.discrete.exact;

import org.monge.discrete.Metric;

import java.util.Arrays;

/**
 * A balanced k-d tree over a weighted point cloud, for {@link MultiscaleNetworkSimplex}. The points are
 * reordered so that every node is a contiguous range [lo, hi) of positions, split at mid = (lo + hi) / 2
 * across the widest side of its bounding box; nodes are numbered heap-wise (root 1, children 2v, 2v + 1).
 * The tree serves twice: the non-empty nodes of one depth are the clusters of a coarse level (each the
 * weighted centroid of its points, as the cell coarsening of Schmitzer 2016, §4, with k-d cells), and
 * the bounding boxes bound the cost from below, which prunes the search for pairs of negative reduced
 * cost without visiting all m·n pairs.
 */
final class PointTree {
    /** Boxes are kept down to the depth where a node holds about this many points. */
    private static final int LEAF = 8;

    final int size, dim;
    /** order[p]: the caller's index of the point at position p. */
    final int[] order;
    /** The points in tree order (the caller's rows, not copied). */
    final double[][] points;
    /** Nodes of this depth hold at most one point. */
    final int depth;
    private final int boxDepth;
    private final double[] boxLo, boxHi;

    /** A level of the hierarchy: the non-empty nodes of one depth, in order of position. */
    record Level(int depth, int[] starts, int[] clusterAt, double[][] points, double[] weights) {
        int size() { return weights.length; }

        /** The clusters of a finer level inside cluster c of this one: fine indices [first, end). */
        int firstChild(int c, Level fine) { return fine.clusterAt[starts[c]]; }

        int endChild(int c, Level fine) { return fine.clusterAt[starts[c + 1]]; }
    }

    PointTree(double[][] points) {
        size = points.length;
        dim = points[0].length;
        int dp = 0;
        while ((1L << dp) < size) dp++;
        depth = dp;
        int bd = 0;
        while (bd < depth && (size >> (bd + 1)) >= LEAF) bd++;
        boxDepth = bd;
        boxLo = new double[(2 << boxDepth) * dim];
        boxHi = new double[(2 << boxDepth) * dim];
        order = new int[size];
        for (int p = 0; p < size; p++) order[p] = p;
        double[] lo = new double[dim], hi = new double[dim];
        build(points, 1, 0, 0, size, lo, hi);
        this.points = new double[size][];
        for (int p = 0; p < size; p++) this.points[p] = points[order[p]];
    }

    private void build(double[][] pts, int node, int dep, int lo, int hi, double[] bl, double[] bh) {
        if (hi - lo <= 1 && dep > boxDepth) return;
        Arrays.fill(bl, Double.POSITIVE_INFINITY);
        Arrays.fill(bh, Double.NEGATIVE_INFINITY);
        for (int p = lo; p < hi; p++) {
            double[] x = pts[order[p]];
            for (int k = 0; k < dim; k++) {
                bl[k] = Math.min(bl[k], x[k]);
                bh[k] = Math.max(bh[k], x[k]);
            }
        }
        if (dep <= boxDepth) {
            System.arraycopy(bl, 0, boxLo, node * dim, dim);
            System.arraycopy(bh, 0, boxHi, node * dim, dim);
        }
        if (hi - lo <= 1) return;
        int axis = 0;
        for (int k = 1; k < dim; k++) if (bh[k] - bl[k] > bh[axis] - bl[axis]) axis = k;
        int mid = (lo + hi) >>> 1;
        select(pts, lo, hi - 1, mid, axis);
        build(pts, 2 * node, dep + 1, lo, mid, bl, bh);
        build(pts, 2 * node + 1, dep + 1, mid, hi, bl, bh);
    }

    /** Quickselect: order[lo..hi] rearranged so that position k holds the k-th smallest coordinate on the axis. */
    private void select(double[][] pts, int lo, int hi, int k, int axis) {
        while (hi > lo) {
            double pivot = pts[order[(lo + hi) >>> 1]][axis];
            int i = lo, j = hi;
            while (i <= j) {
                while (pts[order[i]][axis] < pivot) i++;
                while (pts[order[j]][axis] > pivot) j--;
                if (i <= j) {
                    int t = order[i];
                    order[i++] = order[j];
                    order[j--] = t;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /**
     * The clusters at depth t (at most {@link #depth}; at that depth every cluster is one point, whose
     * coordinates are the caller's own row, so that costs are bit-identical to the fine problem's);
     * weights are given in tree order.
     */
    Level level(int t, double[] weights) {
        int[] starts = new int[Math.min(size, 1 << Math.min(t, 30)) + 1];
        int count = collect(0, size, 0, t, starts, 0);
        starts[count] = size;
        starts = Arrays.copyOf(starts, count + 1);
        int[] clusterAt = new int[size + 1];
        for (int c = 0; c <= count; c++) clusterAt[starts[c]] = c;
        double[][] centres = new double[count][];
        double[] mass = new double[count];
        for (int c = 0; c < count; c++) {
            int lo = starts[c], hi = starts[c + 1];
            if (hi - lo == 1) {
                centres[c] = points[lo];
                mass[c] = weights[lo];
                continue;
            }
            double w = 0;
            for (int p = lo; p < hi; p++) w += weights[p];
            double[] acc = new double[dim];
            for (int p = lo; p < hi; p++) {
                double s = w > 0 ? weights[p] / w : 1.0 / (hi - lo);
                for (int k = 0; k < dim; k++) acc[k] += s * points[p][k];
            }
            centres[c] = acc;
            mass[c] = w;
        }
        return new Level(t, starts, clusterAt, centres, mass);
    }

    private static int collect(int lo, int hi, int dep, int t, int[] starts, int count) {
        if (hi == lo) return count;
        if (dep == t) {
            starts[count] = lo;
            return count + 1;
        }
        int mid = (lo + hi) >>> 1;
        count = collect(lo, mid, dep + 1, t, starts, count);
        return collect(mid, hi, dep + 1, t, starts, count);
    }

    /**
     * A search over the clusters of one level with values q: for a query point x and offset p it finds
     * clusters j with r_j = c(x, y_j) + p − q_j below a bound, skipping every node whose lower bound
     * c(x, box) + p − max q over the node is not below it (the cost is a non-decreasing function of the
     * Euclidean distance, and every centroid lies in its points' box).
     */
    final class Search {
        private final Level level;
        private final double[] q;
        private final Metric metric;
        private final boolean euclidean;
        private final int scanDepth;
        private final double[] maxQ;

        Search(Level level, double[] q, Metric metric) {
            this.level = level;
            this.q = q;
            this.metric = metric;
            this.euclidean = metric == Metric.EUCLIDEAN;
            scanDepth = Math.max(0, Math.min(boxDepth, level.depth() - 3));
            maxQ = new double[2 << scanDepth];
            fill(1, 0, 0, size);
        }

        private double fill(int node, int dep, int lo, int hi) {
            double mx = Double.NEGATIVE_INFINITY;
            if (hi > lo) {
                if (dep == scanDepth) {
                    for (int c = level.clusterAt()[lo], e = level.clusterAt()[hi]; c < e; c++) mx = Math.max(mx, q[c]);
                } else {
                    int mid = (lo + hi) >>> 1;
                    mx = Math.max(fill(2 * node, dep + 1, lo, mid), fill(2 * node + 1, dep + 1, mid, hi));
                }
            }
            maxQ[node] = mx;
            return mx;
        }

        /** Receives the clusters found; returns the new bound (the old one to keep it). */
        interface Visitor {
            double visit(int j, double r, double bound);
        }

        /** Calls the visitor for every cluster with r_j below the bound the visitor keeps (nearer nodes first). */
        void run(double[] x, double p, double bound, Visitor v) {
            if (lowerBound(1, x, p) < bound) visit(1, 0, 0, size, x, p, bound, v);
        }

        /** c(x, box) + p − max q over the node: no cluster below it has a smaller r. */
        private double lowerBound(int node, double[] x, double p) {
            double s = 0;
            int o = node * dim;
            for (int k = 0; k < dim; k++) {
                double g = Math.max(0, Math.max(boxLo[o + k] - x[k], x[k] - boxHi[o + k]));
                s += g * g;
            }
            return (euclidean ? Math.sqrt(s) : s) + p - maxQ[node];
        }

        private double visit(int node, int dep, int lo, int hi, double[] x, double p, double bound, Visitor v) {
            if (dep == scanDepth) {
                double[][] ys = level.points();
                for (int c = level.clusterAt()[lo], e = level.clusterAt()[hi]; c < e; c++) {
                    double r = metric.cost(x, ys[c]) + p - q[c];
                    if (r < bound) bound = v.visit(c, r, bound);
                }
                return bound;
            }
            int mid = (lo + hi) >>> 1;
            int left = 2 * node, right = left + 1;
            double bl = mid > lo ? lowerBound(left, x, p) : Double.POSITIVE_INFINITY;
            double br = hi > mid ? lowerBound(right, x, p) : Double.POSITIVE_INFINITY;
            if (bl <= br) {
                if (bl < bound) bound = visit(left, dep + 1, lo, mid, x, p, bound, v);
                if (br < bound) bound = visit(right, dep + 1, mid, hi, x, p, bound, v);
            } else {
                if (br < bound) bound = visit(right, dep + 1, mid, hi, x, p, bound, v);
                if (bl < bound) bound = visit(left, dep + 1, lo, mid, x, p, bound, v);
            }
            return bound;
        }
    }
}
