package org.monge.discrete.gromov;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Square-loss GW against POT 0.8.2 from the same start a⊗b, so the same stationary point is expected. The references
 * were computed once with /usr/bin/python3 (numpy, POT 0.8.2, float64):
 * <pre>
 * rng = np.random.default_rng(7)
 * x1 = np.round(rng.normal(size=(8, 2)), 3); x2 = np.round(rng.normal(size=(10, 2)), 3)
 * y1 = np.round(rng.normal(size=(7, 3)), 3); y2 = np.round(rng.normal(size=(9, 2)), 3)
 * sq = lambda x: ((x[:, None, :] - x[None, :, :])**2).sum(-1)
 * C1 = sq(xa); C1 /= C1.max(); C2 = sq(xb); C2 /= C2.max()     # as POT's examples normalise
 * T, log = ot.gromov.gromov_wasserstein(C1, C2, p, q, 'square_loss', log=True)
 * gw2 = ot.gromov.gromov_wasserstein2(C1, C2, p, q, 'square_loss')
 * </pre>
 * with (p, q) = (ot.unif(8), ot.unif(10)) for (x1, x2) and (arange(1, 8)/28, arange(9, 0, -1)/45) for (y1, y2).
 * log['gw_dist'] and gw2 agree to the last digit in both cases (gw2 is the sum Σ L T T without a ½), and
 * POT took 4 Frank–Wolfe steps (len(log['loss']) − 1) in both.
 */
class GromovWassersteinPotTest {
    static final double[][] PAIR1_X = {
            {0.001, 0.299},
            {-0.274, -0.891},
            {-0.455, -0.992},
            {0.06, 1.34},
            {-0.492, -0.62},
            {0.49, 0.357},
            {0.105, -0.93},
            {-0.029, 0.695},
    };
    static final double[][] PAIR1_Y = {
            {-1.344, -0.458},
            {-1.901, -1.29},
            {-1.842, -0.235},
            {-1.267, 0.271},
            {0.157, -0.187},
            {-2.517, -0.539},
            {-0.049, 0.113},
            {-1.53, -0.478},
            {-0.979, -0.809},
            {1.061, -0.808},
    };
    private static final double[][] PAIR1_PLAN = {
            {2.7755575615628914e-17, 0.0, 0.0, 0.024999999999999967, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0},
            {0.0, 0.07500000000000001, 0.0, 0.0, 0.0, 0.0, 0.0, 0.04999999999999999, 0.0, 0.0},
            {0.0, 0.024999999999999994, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0},
            {0.0, 0.0, 0.0, 0.0, 0.024999999999999994, 0.0, 0.0, 0.0, 0.0, 0.1},
            {0.09999999999999998, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.025000000000000022, 0.0, 0.0},
            {0.0, 0.0, 0.0, 0.07499999999999998, 0.0, 0.0, 0.05000000000000002, 0.0, 0.0, 0.0},
            {0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0, 0.024999999999999994, 0.0, 0.0},
            {0.0, 0.0, 0.0, 0.0, 0.07500000000000001, 0.0, 0.04999999999999999, 0.0, 0.0, 0.0},
    };
    static final double[][] PAIR2_X = {
            {-0.033, 0.884, -0.584},
            {-0.112, 0.11, 0.064},
            {-1.225, 0.076, 1.359},
            {-1.547, 0.859, 0.119},
            {-0.641, 2.0, 0.762},
            {-1.199, 0.075, 0.577},
            {-0.189, 0.683, -0.067},
    };
    static final double[][] PAIR2_Y = {
            {0.667, 1.439},
            {-0.676, 0.203},
            {-0.463, 0.127},
            {-1.187, -0.579},
            {-0.196, 0.899},
            {1.145, -1.324},
            {-0.795, 0.647},
            {-1.992, -0.463},
            {-0.097, 1.257},
    };
    private static final double[][] PAIR2_PLAN = {
            {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.03571428571428571, 0.0},
            {0.0, 0.004761904761904759, 0.0, 0.0, 0.0, 0.0, 0.06666666666666667, 0.0, 0.0},
            {0.10714285714285714, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
            {0.0, 0.0, 0.13095238095238093, 0.0, 0.011904761904761932, 0.0, 0.0, 0.0, 0.0},
            {0.0, 0.0, 0.0, 0.08095238095238094, 0.0, 0.08888888888888889, 0.0, 0.008730158730158734, 0.0},
            {0.09285714285714287, 0.0, 0.0, 0.0, 0.09920634920634917, 0.0, 0.0, 0.0, 0.022222222222222223},
            {0.0, 0.173015873015873, 0.0246031746031746, 0.05238095238095239, 0.0, 0.0, 0.0, 0.0, 0.0},
    };

    @Test
    void uniformWeightsInTheSameDimensionMatchPot() {
        check(PAIR1_X, PAIR1_Y, DiscreteMeasure.uniform(8), DiscreteMeasure.uniform(10), 0.030302326180883014, PAIR1_PLAN);
    }

    @Test
    void unequalWeightsAcrossDimensionsMatchPot() {
        double[] p = new double[7], q = new double[9];
        for (int i = 0; i < 7; i++) p[i] = (i + 1) / 28.0;
        for (int j = 0; j < 9; j++) q[j] = (9 - j) / 45.0;
        check(PAIR2_X, PAIR2_Y, DiscreteMeasure.of(p), DiscreteMeasure.of(q), 0.049049765005752546, PAIR2_PLAN);
    }

    private static void check(double[][] x, double[][] y, DiscreteMeasure a, DiscreteMeasure b, double cost, double[][] plan) {
        GromovWasserstein.Result r = GromovWasserstein.defaults().solve(normalisedSquaredDistances(x), normalisedSquaredDistances(y), a, b);
        assertTrue(r.converged(), "status " + r.status());
        assertEquals(cost, r.cost(), 1e-8);
        assertEquals(4, r.iterations(), "POT's number of Frank–Wolfe steps");
        double[] t = r.plan().toDense();
        for (int i = 0; i < plan.length; i++) {
            for (int j = 0; j < plan[i].length; j++) {
                assertEquals(plan[i][j], t[i * plan[i].length + j], 1e-6, "plan[" + i + "][" + j + "]");
            }
        }
        assertTrue(r.frankWolfeGap() >= -1e-12 && r.frankWolfeGap() < 1e-8, "Frank–Wolfe gap " + r.frankWolfeGap());
    }

    /** |x_i − x_k|² divided by its largest entry. */
    static Matrix normalisedSquaredDistances(double[][] x) {
        int n = x.length;
        double[] c = new double[n * n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int d = 0; d < x[i].length; d++) s += (x[i][d] - x[k][d]) * (x[i][d] - x[k][d]);
                c[i * n + k] = s;
                max = Math.max(max, s);
            }
        }
        for (int e = 0; e < c.length; e++) c[e] /= max;
        return Matrix.fromRowMajor(n, n, c);
    }
}
