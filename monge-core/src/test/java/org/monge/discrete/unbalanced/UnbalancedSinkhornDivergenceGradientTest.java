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

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Total-variation sides: the divergence's and the plain cost's gradients against central differences, with ρ that
     * binds (mass destroyed or created: ρ below the costs) and that does not, and a point of zero weight (its gradient
     * then comes from the plan's density summed over the costs).
     */
    @Test
    void totalVariationGradientsMatchCentralDifferences() {
        Cases.forAll(33, 12, c -> {
            Random r = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 6), m = c.intIn("m", 2, 6);
            double eps = new double[] {0.3, 1}[c.intIn("eps", 0, 1)];
            double rho = new double[] {0.05, 0.3, 2}[c.intIn("rho", 0, 2)];
            Matrix x = GradientCheck.cloud(n, 2, r), y = GradientCheck.cloud(m, 2, r);
            double[] a = GradientCheck.weights(n, 1.3, r), b = GradientCheck.weights(m, 0.8, r);
            UnbalancedSinkhorn s = solver(eps, 1).withTv(rho);
            UnbalancedSinkhorn mixed = solver(eps, 1).withPenalties(MarginalPenalty.tv(rho), MarginalPenalty.kl(0.7));
            GradientCheck.Value div = (as, xs, bs, ys) -> value(s, as, xs, bs, ys, Metric.SQEUCLIDEAN);
            GradientCheck.Value cost = (as, xs, bs, ys) -> mixed.solve(problem(as, xs, bs, ys)).objective();
            ValueAndGradient gd = UnbalancedSinkhornDivergence.valueAndGradient(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y),
                    Metric.SQEUCLIDEAN, s);
            ValueAndGradient gc = UnbalancedGradient.fromSolution(problem(a, x, b, y), mixed.options(), mixed.solve(problem(a, x, b, y)));
            GradientCheck.all(gd, a, x, b, y, div, false, 1e-5, 1e-5, 1e-6, r);
            GradientCheck.all(gc, a, x, b, y, cost, false, 1e-5, 1e-5, 1e-6, r);
            // a point of zero weight: the one-sided derivative along e_0, by a second-order forward difference
            double[] z = a.clone();
            z[0] = 0;
            ValueAndGradient zd = UnbalancedSinkhornDivergence.valueAndGradient(DiscreteMeasure.of(z, x), DiscreteMeasure.of(b, y),
                    Metric.SQEUCLIDEAN, s);
            ValueAndGradient zc = UnbalancedGradient.fromSolution(problem(z, x, b, y), mixed.options(), mixed.solve(problem(z, x, b, y)));
            String[] names = {"divergence", "cost"};
            int which = 0;
            for (Object[] t : new Object[][] {{zd, div}, {zc, cost}}) {
                String name = names[which++];
                GradientCheck.Value v = (GradientCheck.Value) t[1];
                double an = ((ValueAndGradient) t[0]).a()[0];
                // mass created at the new point grows like a_0 times the plan's density there, which |an| measures: the
                // value is smooth on a scale of about 1/|an|, so the step shrinks with it
                double h = 1e-6 / Math.max(1, Math.abs(an));
                double f0 = v.of(z, x, b, y), f1 = v.of(step(z, h), x, b, y), f2 = v.of(step(z, 2 * h), x, b, y);
                double fd = (-3 * f0 + 4 * f1 - f2) / (2 * h);
                assertThat(Math.abs(fd - an)).as("%s at a zero weight: forward difference %s, gradient %s", name, fd, an)
                        .isLessThanOrEqualTo(1e-4 * Math.max(1, Math.abs(an)));
            }
        });
    }

    private static double[] step(double[] w, double h) {
        double[] o = w.clone();
        o[0] += h;
        return o;
    }

    private static TransportProblem problem(double[] a, Matrix x, double[] b, Matrix y) {
        return TransportProblem.of(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
    }

    private static double value(UnbalancedSinkhorn s, double[] a, Matrix x, double[] b, Matrix y, Metric metric) {
        return UnbalancedSinkhornDivergence.between(DiscreteMeasure.of(a, x), DiscreteMeasure.of(b, y), metric, s).divergence();
    }
}
