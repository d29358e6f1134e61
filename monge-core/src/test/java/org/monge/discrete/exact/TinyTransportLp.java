package org.monge.discrete.exact;

/**
 * Test oracle: the optimum of a tiny transport LP by enumerating every basis (every choice of
 * m + n − 1 cells), solving the marginal equations on it by Gaussian elimination and keeping the
 * cheapest non-negative solution. Independent of the network simplex (no trees, no pivoting).
 */
final class TinyTransportLp {
    private TinyTransportLp() {}

    static double optimum(double[] a, double[] b, double[][] c) {
        int m = a.length, n = b.length, cells = m * n, r = m + n - 1;
        double best = Double.POSITIVE_INFINITY;
        int[] pick = new int[r];
        for (int i = 0; i < r; i++) pick[i] = i;
        while (true) {
            double v = evaluate(a, b, c, pick);
            if (v < best) best = v;
            int k = r - 1;
            while (k >= 0 && pick[k] == cells - r + k) k--;
            if (k < 0) break;
            pick[k]++;
            for (int q = k + 1; q < r; q++) pick[q] = pick[q - 1] + 1;
        }
        return best;
    }

    /** Cost of the basic solution on the chosen cells, or +∞ if singular or infeasible. */
    private static double evaluate(double[] a, double[] b, double[][] c, int[] pick) {
        int m = a.length, n = b.length, r = pick.length;
        // equations: row sums (m) and the first n − 1 column sums
        double[][] A = new double[r][r + 1];
        for (int q = 0; q < r; q++) {
            int i = pick[q] / n, j = pick[q] % n;
            if (c[i][j] == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
            A[i][q] = 1;
            if (j < n - 1) A[m + j][q] = 1;
        }
        for (int i = 0; i < m; i++) A[i][r] = a[i];
        for (int j = 0; j < n - 1; j++) A[m + j][r] = b[j];
        for (int col = 0; col < r; col++) {
            int p = col;
            for (int row = col + 1; row < r; row++) if (Math.abs(A[row][col]) > Math.abs(A[p][col])) p = row;
            if (Math.abs(A[p][col]) < 1e-12) return Double.POSITIVE_INFINITY;
            double[] t = A[p]; A[p] = A[col]; A[col] = t;
            for (int row = 0; row < r; row++) {
                if (row == col || A[row][col] == 0) continue;
                double f = A[row][col] / A[col][col];
                for (int k = col; k <= r; k++) A[row][k] -= f * A[col][k];
            }
        }
        double cost = 0;
        for (int q = 0; q < r; q++) {
            double x = A[q][r] / A[q][q];
            if (x < -1e-12) return Double.POSITIVE_INFINITY;
            cost += x * c[pick[q] / n][pick[q] % n];
        }
        return cost;
    }
}
