package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.PAIR1_X;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.PAIR1_Y;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.normalisedSquaredDistances;

/**
 * Semi-relaxed GW. POT 0.8.2 has no semi-relaxed solver, so the reference is an independent NumPy implementation of
 * the paper's Algorithm 1 whose objective and gradient are the brute-force einsum over the 4-index loss tensor (no
 * decomposition), run once with /usr/bin/python3 (numpy, float64) on pair 1 of {@link GromovWassersteinPotTest}
 * (C = squared distances / max):
 * <pre>
 * L = (C1[:, None, :, None] - C2[None, :, None, :])**2
 * E = lambda T: np.einsum('ijkl,ij,kl->', L, T, T)
 * grad = lambda T: np.einsum('ijkl,kl->ij', L, T) + np.einsum('klij,kl->ij', L, T)
 * T = np.outer(p, np.ones(m) / m); then steps X[i, argmin_j G_ij] = p_i, exact line search with γ = E(X − T),
 * stop when the loss changes by less than 1e-9 (relative or absolute)
 * </pre>
 * The plan is further checked stationary by the brute-force gradient in this class (every row's mass on that row's
 * minima of the gradient), and against its relatives: from the GW plan it can only descend, and an isometric copy
 * is matched at zero cost.
 */
class SemiRelaxedGromovWassersteinTest {

    @Test
    void uniformSourceMatchesTheNumpyReference() {
        SemiRelaxedGromovWasserstein.Result r = SemiRelaxedGromovWasserstein.defaults().solve(c1(), c2(), DiscreteMeasure.uniform(8));
        assertTrue(r.converged(), "status " + r.status());
        assertEquals(0.006890903751804365, r.cost(), 1e-12);
        assertEquals(6, r.iterations());
        double[] q = {0.0, 0.0, 0.375, 0.0, 0.25, 0.125, 0.125, 0.0, 0.0, 0.125};
        for (int j = 0; j < 10; j++) assertEquals(q[j], r.targetWeights()[j], 1e-12, "q[" + j + "]");
        checkStationary(r, c1(), c2(), DiscreteMeasure.uniform(8).weights());
    }

    @Test
    void unequalSourceMatchesTheNumpyReference() {
        double[] p = new double[8];
        for (int i = 0; i < 8; i++) p[i] = (i + 1) / 36.0;
        SemiRelaxedGromovWasserstein.Result r = SemiRelaxedGromovWasserstein.defaults().solve(c1(), c2(), DiscreteMeasure.of(p));
        assertTrue(r.converged(), "status " + r.status());
        assertEquals(0.011732538354326996, r.cost(), 1e-12);
        double[] q = {0.027777777777777776, 0.2222222222222222, 0.0, 0.0, 0.3888888888888889, 0.1111111111111111, 0.0,
            0.16666666666666666, 0.0, 0.08333333333333333};
        for (int j = 0; j < 10; j++) assertEquals(q[j], r.targetWeights()[j], 1e-12, "q[" + j + "]");
        checkStationary(r, c1(), c2(), p);
    }

    /** Relaxing the target marginal only widens the feasible set, and the method descends: from the GW plan it ends no higher. */
    @Test
    void fromTheGwPlanItDescends() {
        DiscreteMeasure a = DiscreteMeasure.uniform(8);
        GromovWasserstein.Result gw = GromovWasserstein.defaults().solve(c1(), c2(), a, DiscreteMeasure.uniform(10));
        Matrix start = Matrix.fromRowMajor(8, 10, gw.plan().toDense());
        SemiRelaxedGromovWasserstein.Result r = SemiRelaxedGromovWasserstein.defaults().solve(c1(), c2(), a, start);
        assertTrue(r.cost() <= gw.cost() + 1e-15, r.cost() + " > GW " + gw.cost());
        assertTrue(r.cost() < 0.9 * gw.cost(), "the freed marginal lowers the loss here: " + r.cost() + " vs " + gw.cost());
        checkStationary(r, c1(), c2(), a.weights());
    }

    /** A space matched to a permuted copy of itself from the permutation plan: zero loss, and the plan does not move. */
    @Test
    void anIsometricCopyCostsNothing() {
        int[] perm = {3, 0, 7, 1, 6, 2, 5, 4};
        Matrix c = c1();
        double[] p = new double[64], start = new double[64];
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 8; k++) p[perm[i] * 8 + perm[k]] = c.get(i, k);
            start[i * 8 + perm[i]] = 1.0 / 8;
        }
        SemiRelaxedGromovWasserstein.Result r = SemiRelaxedGromovWasserstein.defaults()
                .solve(c, Matrix.fromRowMajor(8, 8, p), DiscreteMeasure.uniform(8), Matrix.fromRowMajor(8, 8, start));
        assertEquals(0, r.cost(), 1e-15);
        assertEquals(0, r.frankWolfeGap(), 1e-15);
    }

    /** With α = 0 the problem is linear and separable: each row goes to its cheapest column, Σ a_i min_j M_ij. */
    @Test
    void fusedWithAlphaZeroIsTheRowwiseMinimum() {
        double[] m = new double[80];
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 10; j++) {
                m[i * 10 + j] = Math.abs(PAIR1_X[i][0] - PAIR1_Y[j][1]);
                min = Math.min(min, m[i * 10 + j]);
            }
            expected += min / 8;
        }
        SemiRelaxedGromovWasserstein.Result r = SemiRelaxedGromovWasserstein.defaults()
                .solveFused(Matrix.fromRowMajor(8, 10, m), 0, c1(), c2(), DiscreteMeasure.uniform(8));
        assertEquals(expected, r.cost(), 1e-15);
    }

    @Test
    void rejectsBadInput() {
        DiscreteMeasure a = DiscreteMeasure.uniform(8);
        assertThrows(IllegalArgumentException.class, () -> SemiRelaxedGromovWasserstein.defaults().solve(c1(), Matrix.zeros(3, 2), a));
        assertThrows(IllegalArgumentException.class, () -> SemiRelaxedGromovWasserstein.defaults().solve(c2(), c2(), a));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> SemiRelaxedGromovWasserstein.defaults().solve(c1(), c2(), a, Matrix.zeros(8, 10)));
        assertTrue(x.getMessage().startsWith("start plan row 0"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class,
                () -> SemiRelaxedGromovWasserstein.defaults().solveFused(Matrix.zeros(8, 10), 2, c1(), c2(), a));
        assertTrue(x.getMessage().startsWith("alpha"), x.getMessage());
    }

    /**
     * The first-order condition of min E over {T ≥ 0, T1 = a}, by the brute-force gradient Σ_kl L(C1_ik, C2_jl) T_kl +
     * Σ_kl L(C1_ki, C2_lj) T_kl: in each row, T puts mass only where the gradient is (to rounding) at its row minimum;
     * and the reported cost is the brute-force E(T), the reported q the plan's column sums.
     */
    private static void checkStationary(SemiRelaxedGromovWasserstein.Result r, Matrix c1, Matrix c2, double[] a) {
        Matrix t = r.plan();
        int n = t.rows(), m = t.cols();
        double e = 0;
        double[][] g = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < n; k++) {
                    for (int l = 0; l < m; l++) {
                        double d = c1.get(i, k) - c2.get(j, l), dt = c1.get(k, i) - c2.get(l, j);
                        e += d * d * t.get(i, j) * t.get(k, l);
                        g[i][j] += (d * d + dt * dt) * t.get(k, l);
                    }
                }
            }
        }
        assertEquals(e, r.cost(), 1e-13, "the cost is E(T)");
        for (int i = 0; i < n; i++) {
            double min = Double.POSITIVE_INFINITY, row = 0;
            for (int j = 0; j < m; j++) min = Math.min(min, g[i][j]);
            for (int j = 0; j < m; j++) {
                row += t.get(i, j);
                if (t.get(i, j) > 1e-14) assertEquals(min, g[i][j], 1e-9, "row " + i + " has mass at a non-minimal column " + j);
            }
            assertEquals(a[i], row, 1e-15, "row " + i + " sums to a_i");
        }
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += t.get(i, j);
            assertEquals(s, r.targetWeights()[j], 1e-15);
        }
        assertTrue(r.frankWolfeGap() >= 0 && r.frankWolfeGap() < 1e-9, "Frank–Wolfe gap " + r.frankWolfeGap());
    }

    private static Matrix c1() { return normalisedSquaredDistances(PAIR1_X); }

    private static Matrix c2() { return normalisedSquaredDistances(PAIR1_Y); }
}
