package org.monge.discrete.gromov;

import org.monge.linalg.Matrix;

/**
 * The shortest-path distance matrix of a weighted undirected graph, the usual structure matrix C of a graph for GW
 * (Vayer et al., ICML 2019, Sec. 4): from a symmetric weighted adjacency matrix W, where W_ik &gt; 0 is the length
 * of the edge between i and k and 0 means no edge, D_ik is the length of the shortest path from i to k. By the
 * Floyd–Warshall recurrence (Cormen et al., Introduction to Algorithms, Sec. 25.2), O(n³) time and one n×n array;
 * hand-written because the project has no graph library. A graph that is not connected has infinite distances,
 * which GW cannot use: it is refused.
 */
public final class ShortestPaths {
    private ShortestPaths() {}

    /** D from W; {@code name} names W in error messages. */
    public static Matrix of(Matrix w, String name) {
        if (!w.isSquare()) throw new IllegalArgumentException(name + " must be square, got " + w.rows() + "x" + w.cols());
        int n = w.rows();
        double[] d = w.toRowMajor();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = d[i * n + k];
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException(name + " must have finite non-negative edge lengths, got " + v + " at ("
                            + i + ", " + k + ")");
                }
                if (v != w.get(k, i)) throw new IllegalArgumentException(name + " must be symmetric (an undirected graph)");
                d[i * n + k] = i == k ? 0 : v > 0 ? v : Double.POSITIVE_INFINITY;
            }
        }
        for (int via = 0; via < n; via++) {
            for (int i = 0; i < n; i++) {
                double ik = d[i * n + via];
                if (ik == Double.POSITIVE_INFINITY) continue;
                for (int k = 0; k < n; k++) {
                    double s = ik + d[via * n + k];
                    if (s < d[i * n + k]) d[i * n + k] = s;
                }
            }
        }
        for (int k = 1; k < n; k++) {
            if (d[k] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(name + " is not a connected graph: no path from node 0 to node " + k);
            }
        }
        return Matrix.fromRowMajor(n, n, d);
    }
}
