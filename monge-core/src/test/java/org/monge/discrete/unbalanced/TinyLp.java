package org.monge.discrete.unbalanced;

/**
 * Test oracle: the optimum of a tiny linear programme in standard form, min cᵀx with Ax = b, x ≥ 0
 * and A of full row rank, by enumerating every basis (every choice of rows(A) columns), solving
 * Ax = b on it by Gaussian elimination and keeping the cheapest non-negative solution. No simplex,
 * no transport structure.
 */
final class TinyLp {
    private TinyLp() {}

    static double minimum(double[][] lhs, double[] rhs, double[] cost) {
        int r = lhs.length, vars = cost.length;
        double best = Double.POSITIVE_INFINITY;
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
}
