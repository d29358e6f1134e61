package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frank–Wolfe runs long enough that most linear steps are warm-started ({@link NetworkSimplex.WarmStarted}) against
 * POT 0.8.2 from the same start a⊗b, and the final certificate against a cold solve. The clouds are rational, so
 * Python builds the same doubles; the references were computed once with /usr/bin/python3 (numpy, POT 0.8.2, float64):
 * <pre>
 * cloud = lambda n, d, mults, mods: np.array([[((i * mults[k]) % mods[k]) / mods[k] for k in range(d)]
 *                                             for i in range(n)], dtype=float)
 * x = cloud(n, 2, [37, 53], [101, 97]); y = cloud(m, 3, [41, 29, 61], [103, 89, 107])
 * C1, C2 = ot.dist(x, x), ot.dist(y, y); p, q = ot.unif(n), ot.unif(m)
 * T, log = ot.gromov.gromov_wasserstein(C1, C2, p, q, 'square_loss', log=True)
 * gw2 = ot.gromov.gromov_wasserstein2(C1, C2, p, q, 'square_loss')
 * </pre>
 * (n, m) = (60, 70): gw2 = 0.08360884124306966 in 14 steps (len(log['loss']) − 1); (120, 100): 0.06822316833411649
 * in 23 steps; log['gw_dist'] equal to gw2 in both.
 */
class GromovWassersteinWarmStepsTest {

    @Test
    void sixtyAgainstSeventyMatchesPot() {
        check(60, 70, 0.08360884124306966, 14);
    }

    @Test
    void hundredTwentyAgainstHundredMatchesPot() {
        check(120, 100, 0.06822316833411649, 23);
    }

    private static void check(int n, int m, double potCost, int potSteps) {
        Matrix x = cloud(n, new int[] {37, 53}, new int[] {101, 97}), y = cloud(m, new int[] {41, 29, 61}, new int[] {103, 89, 107});
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
        Matrix c1 = squaredDistances(x), c2 = squaredDistances(y);
        GromovWasserstein.Result dense = GromovWasserstein.defaults().solve(c1, c2, a, b);
        GromovWasserstein.Result clouds = GromovWasserstein.defaults().solveClouds(x, y, a, b);
        for (GromovWasserstein.Result r : new GromovWasserstein.Result[] {dense, clouds}) {
            assertTrue(r.converged(), "status " + r.status());
            assertEquals(potCost, r.cost(), 1e-10 * potCost, "POT's gromov_wasserstein2");
            assertEquals(potSteps, r.iterations(), "POT's number of Frank–Wolfe steps");
            // the certificate by a cold linear step at the final plan: ⟨∇E(T), T⟩ − min over plans of ⟨∇E(T), T'⟩
            Matrix t = Matrix.fromRowMajor(n, m, r.plan().toDense());
            Matrix g = new LossTensor(c1, c2, a.weights(), b.weights()).gradient(t);
            NetworkSimplex.Result cold = NetworkSimplex.defaults().solve(a, b, CostMatrix.dense(g));
            assertTrue(cold.isOptimal());
            double gap = g.dot(t) - cold.cost();
            assertEquals(gap, r.frankWolfeGap(), 1e-12 * Math.abs(g.dot(t)), "Frank–Wolfe gap against a cold solve");
            assertTrue(r.frankWolfeGap() >= -1e-12 && r.frankWolfeGap() < 1e-8, "Frank–Wolfe gap " + r.frankWolfeGap());
        }
        assertEquals(dense.cost(), clouds.cost(), 1e-12 * dense.cost(), "dense and low-rank paths");
    }

    /** Coordinates ((i·mults[k]) mod mods[k]) / mods[k]: one correctly rounded division, the same doubles as Python's. */
    private static Matrix cloud(int n, int[] mults, int[] mods) {
        int d = mults.length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) v[i * d + k] = (double) ((i * mults[k]) % mods[k]) / mods[k];
        return Matrix.fromRowMajor(n, d, v);
    }

    /** |x_i − x_k|² as ot.dist computes it for the square Euclidean metric, up to rounding. */
    private static Matrix squaredDistances(Matrix x) {
        int n = x.rows(), d = x.cols();
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int q = 0; q < d; q++) s += (x.get(i, q) - x.get(k, q)) * (x.get(i, q) - x.get(k, q));
                c[i * n + k] = s;
            }
        }
        return Matrix.fromRowMajor(n, n, c);
    }
}
