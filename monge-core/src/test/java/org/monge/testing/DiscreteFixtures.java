package org.monge.testing;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportPlan;
import org.monge.linalg.Matrix;

import java.util.Random;

/**
 * Inputs and independent checks shared by the discrete OT tests: random point clouds and weights (drawn in a fixed
 * order, so a seed gives the same problem in every test that uses it), and brute-force recounts of a plan's marginal
 * error, computed here from the plan's sums or from the potentials entry by entry, never from a solver's own account.
 */
public final class DiscreteFixtures {
    private DiscreteFixtures() {}

    /** n points uniform in the unit cube [0, 1)^d, drawn point by point, coordinate by coordinate. */
    public static double[][] uniformPoints(Random r, int n, int d) {
        double[][] p = new double[n][d];
        for (double[] row : p) for (int k = 0; k < d; k++) row[k] = r.nextDouble();
        return p;
    }

    /** {@link #uniformPoints} as an n×d matrix. */
    public static Matrix uniformCloud(Random r, int n, int d) {
        return Matrix.of(uniformPoints(r, n, d));
    }

    /** {@link #uniformPoints} from a generator of its own, seeded with {@code seed}, as an n×d matrix. */
    public static Matrix uniformCloud(int n, int d, long seed) {
        return uniformCloud(new Random(seed), n, d);
    }

    /** n probability weights, 0.2 + U[0, 1) each before normalising, from a generator seeded with {@code seed}. */
    public static DiscreteMeasure randomWeights(int n, long seed) {
        Random r = new Random(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.2 + r.nextDouble();
        return DiscreteMeasure.of(w).normalized();
    }

    /** Σ_i |rowsum_i − a_i| + Σ_j |colsum_j − b_j| of the plan, from its row and column sums. */
    public static double marginalError(TransportPlan plan, double[] a, double[] b) {
        double[] rs = plan.rowSums(), cs = plan.colSums();
        double e = 0;
        for (int i = 0; i < rs.length; i++) e += Math.abs(rs[i] - a[i]);
        for (int j = 0; j < cs.length; j++) e += Math.abs(cs[j] - b[j]);
        return e;
    }

    /**
     * The L1 marginal error Σ_i |rowsum_i − a_i| + Σ_j |colsum_j − b_j| of the entropic plan of the potentials,
     * π_ij = a_i b_j exp((f_i + g_j − C_ij)/ε), every entry computed and summed directly.
     */
    public static double entropicMarginalError(double[] a, double[] b, double[] f, double[] g, CostMatrix c, double eps) {
        double[] cs = new double[b.length];
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            double rs = 0;
            for (int j = 0; j < b.length; j++) {
                double v = a[i] * b[j] * Math.exp((f[i] + g[j] - c.get(i, j)) / eps);
                rs += v;
                cs[j] += v;
            }
            e += Math.abs(rs - a[i]);
        }
        for (int j = 0; j < b.length; j++) e += Math.abs(cs[j] - b[j]);
        return e;
    }
}
