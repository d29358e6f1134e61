package org.monge.testing;

/**
 * Test oracle: the optimum of a tiny linear programme in standard form, min cᵀx with Ax = b, x ≥ 0
 * and A of full row rank, by enumerating every basis (every choice of rows(A) columns), solving
 * Ax = b on it by Gaussian elimination and keeping the cheapest non-negative solution. No simplex,
 * no trees, no pivoting: independent of the solvers it checks.
 */
public final class TinyLp {
    private TinyLp() {}

    /** min cᵀx over Ax = b, x ≥ 0 (A = lhs of full row rank); +∞ when no basis is feasible. */
    public static double minimum(double[][] lhs, double[] rhs, double[] cost) {
        int r = lhs.length, vars = cost.length;
        double best = Double.POSITIVE_INFINITY;
        if (vars < r) return best;
        int[] pick = new int[r];
        for (int i = 0; i < r; i++) pick[i] = i;
        while (true) {
            best = Math.min(best, basic(lhs, rhs, cost, pick));
            int k = r - 1;
            while (k >= 0 && pick[k] == vars - r + k) k--;
            if (k < 0) return best;
            pick[k]++;
            for (int q = k + 1; q < r; q++) pick[q] = pick[q - 1] + 1;
        }
    }

    /** Cost of the basic solution on the chosen columns, or +∞ if singular or infeasible. */
    private static double basic(double[][] lhs, double[] rhs, double[] cost, int[] pick) {
        int r = pick.length;
        double[][] t = new double[r][r + 1];
        for (int i = 0; i < r; i++) {
            for (int q = 0; q < r; q++) t[i][q] = lhs[i][pick[q]];
            t[i][r] = rhs[i];
        }
        for (int col = 0; col < r; col++) {
            int p = col;
            for (int row = col + 1; row < r; row++) if (Math.abs(t[row][col]) > Math.abs(t[p][col])) p = row;
            if (Math.abs(t[p][col]) < 1e-12) return Double.POSITIVE_INFINITY;
            double[] swap = t[p];
            t[p] = t[col];
            t[col] = swap;
            for (int row = 0; row < r; row++) {
                if (row == col || t[row][col] == 0) continue;
                double f = t[row][col] / t[col][col];
                for (int k = col; k <= r; k++) t[row][k] -= f * t[col][k];
            }
        }
        double value = 0;
        for (int q = 0; q < r; q++) {
            double x = t[q][r] / t[q][q];
            if (x < -1e-12) return Double.POSITIVE_INFINITY;
            value += x * cost[pick[q]];
        }
        return value;
    }

    /**
     * The optimal cost of the balanced transport LP min Σ π_ij c_ij over π ≥ 0 with row sums a and column sums b
     * (equal totals): the row equations and the first n − 1 column equations (the last follows from them), one
     * variable a cell; cells of cost +∞ are forbidden (left out).
     */
    public static double transport(double[] a, double[] b, double[][] c) {
        int m = a.length, n = b.length, r = m + n - 1;
        int[] cell = new int[m * n];
        int vars = 0;
        for (int k = 0; k < m * n; k++) if (c[k / n][k % n] != Double.POSITIVE_INFINITY) cell[vars++] = k;
        double[][] lhs = new double[r][vars];
        double[] rhs = new double[r], cost = new double[vars];
        for (int q = 0; q < vars; q++) {
            int i = cell[q] / n, j = cell[q] % n;
            lhs[i][q] = 1;
            if (j < n - 1) lhs[m + j][q] = 1;
            cost[q] = c[i][j];
        }
        for (int i = 0; i < m; i++) rhs[i] = a[i];
        for (int j = 0; j < n - 1; j++) rhs[m + j] = b[j];
        return minimum(lhs, rhs, cost);
    }
}
