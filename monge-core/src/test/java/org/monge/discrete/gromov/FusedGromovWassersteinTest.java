package org.monge.discrete.gromov;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fused GW against POT 0.8.2 from the same start a⊗b, and its two ends: α = 1 is GW, α = 0 exact OT with cost M.
 * The POT reference was computed once with /usr/bin/python3 (numpy, POT 0.8.2, float64):
 * <pre>
 * rng = np.random.default_rng(11)
 * x1 = np.round(rng.normal(size=(8, 2)), 3); x2 = np.round(rng.normal(size=(10, 2)), 3)
 * f1 = np.round(rng.normal(size=8), 3); f2 = np.round(rng.normal(size=10), 3)
 * d = lambda x: np.sqrt(((x[:, None, :] - x[None, :, :])**2).sum(-1))
 * C1 = d(x1); C1 /= C1.max(); C2 = d(x2); C2 /= C2.max()
 * M = (f1[:, None] - f2[None, :])**2; p, q = ot.unif(8), ot.unif(10)
 * T, log = ot.gromov.fused_gromov_wasserstein(M, C1, C2, p, q, 'square_loss', alpha=0.5, log=True)
 * fgw2 = ot.gromov.fused_gromov_wasserstein2(M, C1, C2, p, q, 'square_loss', alpha=0.5)
 * </pre>
 * log['fgw_dist'] and fgw2 agree to the last digit; POT took 3 Frank–Wolfe steps (len(log['loss']) − 1).
 */
class FusedGromovWassersteinTest {
    private static final double[][] X1 = {
            {0.034, 1.36}, {1.225, -0.51}, {-0.298, -0.527}, {0.57, -0.056}, {0.747, -1.847}, {1.567, -0.096}, {0.68, -0.137},
            {-0.379, 0.463},
    };
    private static final double[][] X2 = {
            {0.825, -0.203}, {-0.153, 0.686}, {-0.87, -1.514}, {0.395, -0.671}, {-1.92, -0.814}, {-0.468, -1.193},
            {-1.492, 0.037}, {0.897, -0.233}, {-0.744, 0.385}, {0.717, -0.3},
    };
    private static final double[] F1 = {0.545, 1.043, -0.207, -0.814, 0.348, 0.248, 1.099, -1.285};
    private static final double[] F2 = {-0.662, -0.838, -1.734, 0.126, 0.528, -0.739, 1.386, 0.822, 0.627, 0.402};
    private static final double POT_COST = 0.09760065346166644;
    private static final double[][] POT_PLAN = {
            {0.0, 0.0, 0.0, 0.0, 0.09999999999999995, 0.0, 0.0, 0.0, 0.02500000000000005, 0.0},
            {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.024999999999999994, 0.0},
            {0.07499999999999998, 0.0, 0.0, 0.0, 0.0, 0.05000000000000002, 0.0, 0.0, 0.0, 0.0},
            {0.0, 0.1, 0.0, 0.0, 0.0, 0.024999999999999994, 0.0, 0.0, 0.0, 0.0},
            {0.0, 0.0, 0.0, 2.7755575615628914e-17, 0.0, 0.0, 0.0, 0.0, 0.024999999999999967, 0.1},
            {0.025000000000000022, 0.0, 0.0, 0.09999999999999998, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
            {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0, 0.024999999999999994, 0.0},
            {0.0, 0.0, 0.1, 0.0, 0.0, 0.024999999999999994, 0.0, 0.0, 0.0, 0.0},
    };

    @Test
    void matchesPot() {
        GromovWasserstein.Result r = GromovWasserstein.defaults().solveFused(featureCost(F1, F2), 0.5,
                normalisedDistances(X1), normalisedDistances(X2), DiscreteMeasure.uniform(8), DiscreteMeasure.uniform(10));
        assertTrue(r.converged(), "status " + r.status());
        assertEquals(POT_COST, r.cost(), 1e-8);
        assertEquals(3, r.iterations(), "POT's number of Frank–Wolfe steps");
        double[] t = r.plan().toDense();
        for (int i = 0; i < POT_PLAN.length; i++) {
            for (int j = 0; j < POT_PLAN[i].length; j++) assertEquals(POT_PLAN[i][j], t[i * 10 + j], 1e-6, "plan[" + i + "][" + j + "]");
        }
        assertTrue(r.frankWolfeGap() >= -1e-12 && r.frankWolfeGap() < 1e-8, "Frank–Wolfe gap " + r.frankWolfeGap());
    }

    @Test
    void alphaOneIsGromovWasserstein() {
        Cases.forAll(1401, 15, c -> {
            int n = c.intIn("n", 1, 8), m = c.intIn("m", 1, 8);
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = normalisedDistances(GromovWassersteinTest.points(n, 2, rnd));
            Matrix c2 = normalisedDistances(GromovWassersteinTest.points(m, 3, rnd));
            DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
            GromovWasserstein.Result fused = GromovWasserstein.defaults().solveFused(featureCost(features(n, rnd), features(m, rnd)), 1,
                    c1, c2, a, b);
            GromovWasserstein.Result plain = GromovWasserstein.defaults().solve(c1, c2, a, b);
            assertEquals(plain.cost(), fused.cost(), 1e-12);
            assertEquals(plain.iterations(), fused.iterations());
            double[] t = plain.plan().toDense(), s = fused.plan().toDense();
            for (int k = 0; k < t.length; k++) assertEquals(t[k], s[k], 1e-12, "plan entry " + k);
        });
    }

    @Test
    void alphaZeroIsExactTransportOfTheFeatures() {
        Cases.forAll(1402, 15, c -> {
            int n = c.intIn("n", 1, 8), m = c.intIn("m", 1, 8);
            Random rnd = new Random(c.anyLong("seed"));
            Matrix c1 = normalisedDistances(GromovWassersteinTest.points(n, 2, rnd));
            Matrix c2 = normalisedDistances(GromovWassersteinTest.points(m, 2, rnd));
            DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
            Matrix features = featureCost(features(n, rnd), features(m, rnd));
            GromovWasserstein.Result fused = GromovWasserstein.defaults().solveFused(features, 0, c1, c2, a, b);
            NetworkSimplex.Result ot = NetworkSimplex.defaults().solve(TransportProblem.of(a, b,
                    CostMatrix.dense(n, m, features.toRowMajor())));
            assertTrue(fused.converged(), "status " + fused.status());
            assertEquals(ot.cost(), fused.cost(), 1e-12);
            assertEquals(ot.cost(), features.dot(Matrix.fromRowMajor(n, m, fused.plan().toDense())), 1e-12);
        });
    }

    @Test
    void rejectsABadFeatureCostOrAlpha() {
        Matrix c3 = normalisedDistances(new double[][] {{0}, {1}, {3}}), c2 = normalisedDistances(new double[][] {{0}, {2}});
        DiscreteMeasure u3 = DiscreteMeasure.uniform(3), u2 = DiscreteMeasure.uniform(2);
        GromovWasserstein gw = GromovWasserstein.defaults();
        Matrix good = Matrix.zeros(3, 2);
        assertMessage("the feature cost M is 2x3", () -> gw.solveFused(Matrix.zeros(2, 3), 0.5, c3, c2, u3, u2));
        assertMessage("the feature cost M must have finite entries",
                () -> gw.solveFused(Matrix.of(new double[][] {{0, 1}, {Double.NaN, 0}, {1, 1}}), 0.5, c3, c2, u3, u2));
        assertMessage("alpha must be in [0, 1], got 1.5", () -> gw.solveFused(good, 1.5, c3, c2, u3, u2));
        assertMessage("alpha must be in [0, 1], got NaN", () -> gw.solveFused(good, Double.NaN, c3, c2, u3, u2));
    }

    private static void assertMessage(String start, Runnable call) {
        String message = assertThrows(IllegalArgumentException.class, call::run).getMessage();
        assertTrue(message.startsWith(start), message);
    }

    /** (f1_i − f2_j)², as the POT script builds M. */
    private static Matrix featureCost(double[] f1, double[] f2) {
        double[] m = new double[f1.length * f2.length];
        for (int i = 0; i < f1.length; i++) {
            for (int j = 0; j < f2.length; j++) m[i * f2.length + j] = (f1[i] - f2[j]) * (f1[i] - f2[j]);
        }
        return Matrix.fromRowMajor(f1.length, f2.length, m);
    }

    private static double[] features(int n, Random rnd) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) f[i] = rnd.nextGaussian();
        return f;
    }

    /** |x_i − x_k| divided by its largest entry (all zeros for a single point). */
    private static Matrix normalisedDistances(double[][] x) {
        int n = x.length;
        double[] c = new double[n * n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int d = 0; d < x[i].length; d++) s += (x[i][d] - x[k][d]) * (x[i][d] - x[k][d]);
                c[i * n + k] = Math.sqrt(s);
                max = Math.max(max, c[i * n + k]);
            }
        }
        for (int e = 0; e < c.length; e++) c[e] = max == 0 ? 0 : c[e] / max;
        return Matrix.fromRowMajor(n, n, c);
    }
}
