package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.SparsePlan;

import java.util.Arrays;
import java.util.Optional;

/**
 * The c-cyclical-monotonicity test of a plan's support Γ = {(i, j) : π_ij > 0}: Γ is
 * c-cyclically monotone when no cycle (i₁, j₁), …, (i_K, j_K) of support pairs has
 * Σ_k c(i_k, j_{k+1}) &lt; Σ_k c(i_k, j_k) (indices mod K); for finite problems this is equivalent
 * to optimality of π (Villani 2009, Theorem 5.10; Santambrogio 2015, §1.6). Tested by
 * Bellman–Ford negative-cycle detection on the residual bipartite graph: column j → row i with
 * weight −c_ij for each support pair, row i → column j' with weight +c_ij' for every pair, over the
 * rows and columns in the support. O(R·C·(R + C)) for R rows and C columns in the support; meant for
 * verification of small and medium problems. An improvement must exceed a tolerance of
 * 1e-12 × the largest |cost| used, so rounding never reports a spurious cycle. Forbidden pairs
 * (+∞) are not arcs.
 */
public final class CyclicalMonotonicity {
    private CyclicalMonotonicity() {}

    /**
     * A cycle of support pairs (rows[k], cols[k]); moving mass from each (rows[k], cols[k]) to
     * (rows[k], cols[k+1 mod K]) changes the cost per unit moved by {@code change} (&lt; 0).
     */
    public record ImprovingCycle(int[] rows, int[] cols, double change) {}

    public static boolean isCyclicallyMonotone(CostMatrix c, SparsePlan plan) {
        return findImprovingCycle(c, plan).isEmpty();
    }

    /** An improving cycle on the plan's support, or empty when the support is c-cyclically monotone. */
    public static Optional<ImprovingCycle> findImprovingCycle(CostMatrix c, SparsePlan plan) {
        Checks.planShape(plan, c);
        int m = c.rows(), n = c.cols();
        int[] rowId = new int[m], colId = new int[n];
        Arrays.fill(rowId, -1);
        Arrays.fill(colId, -1);
        int R = 0, C = 0;
        for (int k = 0; k < plan.nonzeros(); k++) {
            if (!(plan.masses()[k] > 0)) continue;
            if (rowId[plan.sources()[k]] < 0) rowId[plan.sources()[k]] = R++;
            if (colId[plan.targets()[k]] < 0) colId[plan.targets()[k]] = C++;
        }
        int[] rows = new int[R], cols = new int[C];
        for (int i = 0; i < m; i++) if (rowId[i] >= 0) rows[rowId[i]] = i;
        for (int j = 0; j < n; j++) if (colId[j] >= 0) cols[colId[j]] = j;
        // costs among support rows and columns
        double[] cost = new double[R * C];
        double scale = 0;
        for (int r = 0; r < R; r++) {
            for (int q = 0; q < C; q++) {
                double x = c.get(rows[r], cols[q]);
                cost[r * C + q] = x;
                if (Double.isFinite(x)) scale = Math.max(scale, Math.abs(x));
            }
        }
        double tol = 1e-12 * Math.max(scale, Double.MIN_NORMAL);
        // support arcs column → row; a column may carry several
        int[] suppRow = new int[plan.nonzeros()], suppCol = new int[plan.nonzeros()];
        int S = 0;
        for (int k = 0; k < plan.nonzeros(); k++) {
            if (!(plan.masses()[k] > 0)) continue;
            suppRow[S] = rowId[plan.sources()[k]];
            suppCol[S++] = colId[plan.targets()[k]];
        }
        // nodes: rows 0..R−1, columns R..R+C−1; all start at distance 0 (virtual source)
        int V = R + C;
        double[] dist = new double[V];
        int[] pred = new int[V];
        Arrays.fill(pred, -1);
        int changed = -1;
        for (int pass = 0; pass < V; pass++) {
            changed = -1;
            // row → column arcs (+c)
            for (int r = 0; r < R; r++) {
                double dr = dist[r];
                int base = r * C;
                for (int q = 0; q < C; q++) {
                    double nd = dr + cost[base + q];
                    if (nd < dist[R + q] - tol) {
                        dist[R + q] = nd;
                        pred[R + q] = r;
                        changed = R + q;
                    }
                }
            }
            // column → row arcs (−c) on the support
            for (int s = 0; s < S; s++) {
                int r = suppRow[s], q = suppCol[s];
                double nd = dist[R + q] - cost[r * C + q];
                if (nd < dist[r] - tol) {
                    dist[r] = nd;
                    pred[r] = R + q;
                    changed = r;
                }
            }
            if (changed < 0) return Optional.empty();
        }
        // still relaxing after V passes: walk back V steps to land on the cycle, then collect it
        int x = changed;
        for (int k = 0; k < V; k++) x = pred[x];
        int start = x;
        int[] cycle = new int[V + 1];
        int len = 0;
        do {
            cycle[len++] = x;
            x = pred[x];
        } while (x != start);
        // the cycle in forward order alternates column → row (support) and row → column (move)
        int K = len / 2;
        int[] cr = new int[K], cc = new int[K];
        int p = 0;
        for (int k = len - 1; k >= 0; k--) {
            int node = cycle[k];
            if (node >= R) continue;
            // the column preceding this row (its predecessor) is its support partner
            cr[p] = rows[node];
            cc[p++] = cols[pred[node] - R];
        }
        double change = 0;
        for (int k = 0; k < K; k++) change += c.get(cr[k], cc[(k + 1) % K]) - c.get(cr[k], cc[k]);
        return Optional.of(new ImprovingCycle(cr, cc, change));
    }
}
