package org.monge.discrete.unbalanced;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.GradientCheck;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.ValueAndGradient;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.util.Random;

class UnbalancedSinkhornDivergenceGradientTest {
    private static UnbalancedSinkhorn solver(double eps, double tau) {
        return UnbalancedSinkhorn.withEpsilon(eps).withTau(tau).withTolerance(1e-13).withMaxIterations(200000);
    }

    /** Masses differ and the weights move freely (no simplex): full, uncentred directions. */
    @Test
    void gradientsMatchCentralDifferences() {
        Cases.forAll(31, 10, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 6), m = c.intIn("m", 2, 6), d = c.intIn("d", 1, 2);
            double eps = new double[] {0.3, 1}[c.intIn("eps", 0, 1)];
            double tau = new double[] {0.5, 2, Double.POSITIVE_INFINITY}[c.intIn("tau", 0, 2)];
            boolean balanced = tau == Double.POSITIVE_INFINITY;
            Metric metric = c.anyBoolean("sq") ? Metric.SQEUCLIDEAN : Metric.EUCLIDEAN;
            Matrix x = GradientCheck.cloud(n, d, r), y = GradientCheck.cloud(m, d, r);
            double[] a = GradientCheck.weights(n, 1.3, r), b = GradientCheck.weights(m, balanced ? 1.3 : 0.8, r);
            UnbalancedSinkhorn s = solver(eps, tau);
            DiscreteMeasure alpha = DiscreteMeasure.of(a, x), beta = DiscreteMeasure.of(b, y);
            ValueAndGradient g = UnbalancedSinkhornDivergence.valueAndGradient(alpha, beta, metric, s);
            // at τ = +∞ the value needs equal masses: the weights move along the tangent of the masses then
            GradientCheck.all(g, a, x, b, y, (as, xs, bs, ys) -> value(s, as, xs, bs, ys, metric), balanced, 1e-4, 1e-5, 1e-6, r);
        });
    }

    /** The plain unbalanced cost, with different penalties on the two sides (one exact in some cases). */
    @Test
    void unbalancedCostGradientsMatchCentralDifferences() {
        Cases.forAll(32, 10, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 6), m = c.intIn("m", 2, 6);
            double eps = new double[] {0.3, 1}[c.intIn("eps", 0, 1)];
            double tauA = new double[] {0.5, 3}[c.intIn("tauA", 0, 1)];
            double tauB = new double[] {1, Double.POSITIVE_INFINITY}[c.intIn("tauB", 0, 1)];
            Matrix x = GradientCheck.cloud(n, 2, r), y = GradientCheck.cloud(m, 2, r);
            double[] a = GradientCheck.weights(n, 1.2, r), b = GradientCheck.weights(m, 0.7, r);
            UnbalancedSinkhorn s = solver(eps, 1).withTauA(tauA).withTauB(tauB);
            ValueAndGradient g = UnbalancedGradient.fromSolution(problem(a, x, b, y), s.options(), s.solve(problem(a, x, b, y)));
            GradientCheck.all(g, a, x, b, y, (as, xs, bs, ys) -> s.solve(problem(as, xs, bs, ys)).objective(), false, 1e-4, 1e-5, 1e-6, r);
        });
    }

    private static TransportProblem problem(double[] a, Matrix x, double[] b, Matrix y) {
        return TransportProblem.of(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
    }

    private static double value(UnbalancedSinkhorn s, double[] a, Matrix x, double[] b, Matrix y, Metric metric) {
        return UnbalancedSinkhornDivergence.between(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), metric, s).divergence();
    }
}
