package org.monge.discrete.gromov;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entropic GW between clouds with the plan and the linearised cost on the fly, against the dense mirror descent on
 * the squared Euclidean distance matrices (each step's gradient formed as an n×m matrix and solved by the dense
 * Sinkhorn engine): with both Sinkhorn solves run to 1e-12 the iterates are the same, so the plans agree entry by
 * entry, and the loss, the objective (whose KL the dense path takes from the dense plan), the step count and the
 * last change of the plan agree to 1e-10. The inexact and accelerated steps reach the same fixed point.
 */
class OnTheFlyGromovTest {

    @Test
    void matchesTheDenseMirrorDescent() {
        Cases.forAll(1331, 25, c -> {
            int n = c.intIn("n", 1, 14), m = c.intIn("m", 1, 14), d1 = c.intIn("d1", 1, 4), d2 = c.intIn("d2", 1, 4);
            double eps = c.doubleIn("epsilon", 0.1, 1);
            Random rnd = new Random(c.anyLong("seed"));
            Matrix x = LowRankGradientTest.points(n, d1, rnd, c.doubleIn("spread x", 0.2, 1));
            Matrix y = LowRankGradientTest.points(m, d2, rnd, c.doubleIn("spread y", 0.2, 1));
            double[] wa = weights(n, rnd, c.anyBoolean("zeros in a")), wb = weights(m, rnd, c.anyBoolean("zeros in b"));
            double ta = 0, tb = 0;
            for (double w : wa) ta += w;
            for (double w : wb) tb += w;
            for (int j = 0; j < m; j++) wb[j] *= ta / tb;
            DiscreteMeasure a = DiscreteMeasure.of(wa), b = DiscreteMeasure.of(wb);
            EntropicGromovWasserstein.Options options = new EntropicGromovWasserstein.Options(eps, 1e-9, 1000, 1e-12, 100_000);
            EntropicGromovWasserstein.Result dense = EntropicGromovWasserstein.with(options)
                    .solve(LowRankGradientTest.dist(x), LowRankGradientTest.dist(y), a, b);
            EntropicGromovWasserstein.CloudResult fly = new OnTheFlyGromov(options, false, false, x, y, a, b).solve();
            assertEquals(dense.status(), fly.status(), "status");
            assertTrue(fly.converged(), "status " + fly.status());
            assertEquals(dense.iterations(), fly.iterations(), "steps");
            Matrix plan = fly.plan().toMatrix();
            assertEquals(0, dense.plan().minus(plan).maxAbs(), 1e-10 * ta, "plan");
            double scale = Math.max(1e-300, Math.abs(dense.cost()) + eps * ta);
            assertEquals(dense.cost(), fly.cost(), 1e-10 * scale, "loss");
            assertEquals(dense.objective(), fly.objective(), 1e-10 * scale, "objective");
            assertEquals(dense.planChange(), fly.planChange(), 1e-10 * ta, "last change");
            assertTrue(fly.marginalError() <= 1e-11 * ta, "marginal error " + fly.marginalError());
        });
    }

    @Test
    void inexactStepsReachTheSameFixedPointInFewerSinkhornIterations() {
        Random rnd = new Random(1332);
        int n = 70, m = 60;
        Matrix x = uniform(n, 2, rnd), y = uniform(m, 3, rnd);
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
        EntropicGromovWasserstein solver = EntropicGromovWasserstein.withEpsilon(0.01);
        EntropicGromovWasserstein.Result dense = solver.solveClouds(x, y, a, b);
        EntropicGromovWasserstein.CloudResult exact = new OnTheFlyGromov(solver.options(), false, false, x, y, a, b).solve();
        EntropicGromovWasserstein.CloudResult fly = solver.solveCloudsOnTheFly(x, y, a, b);
        assertTrue(fly.converged(), "status " + fly.status());
        assertTrue(fly.marginalError() <= 1e-9, "marginal error " + fly.marginalError());
        assertTrue(fly.planChange() <= 1e-9, "last change " + fly.planChange());
        // both stop within 1e-9 (Frobenius) of a fixed point reached at a contraction rate the change sequence shows
        // to be below 0.9: plans within 1e-8 of each other, losses to the same relative order
        assertEquals(0, dense.plan().minus(fly.plan().toMatrix()).maxAbs(), 1e-8);
        assertEquals(dense.cost(), fly.cost(), 1e-7 * dense.cost());
        assertEquals(dense.objective(), fly.objective(), 1e-7 * Math.abs(dense.objective()));
        assertTrue(2 * fly.sinkhornIterations() < exact.sinkhornIterations(),
                fly.sinkhornIterations() + " Sinkhorn iterations inexact, " + exact.sinkhornIterations() + " exact");
        // the Anderson mixing of the moments shortens the outer iteration to the same fixed point
        EntropicGromovWasserstein.CloudResult plain = new OnTheFlyGromov(solver.options(), true, false, x, y, a, b).solve();
        assertTrue(plain.converged(), "status " + plain.status());
        assertEquals(0, plain.plan().toMatrix().minus(fly.plan().toMatrix()).maxAbs(), 1e-8);
        assertTrue(fly.iterations() < plain.iterations(), fly.iterations() + " accelerated steps, " + plain.iterations() + " plain");
    }

    @Test
    void refusesWhatTheCloudPathRefuses() {
        Matrix x = Matrix.zeros(3, 2);
        DiscreteMeasure u = DiscreteMeasure.uniform(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntropicGromovWasserstein.withEpsilon(0.1).withLoss(GromovLoss.KL).solveCloudsOnTheFly(x, x, u, u));
        assertTrue(e.getMessage().contains("square loss"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EntropicGromovWasserstein.withEpsilon(0.1).solveCloudsOnTheFly(x, x, DiscreteMeasure.uniform(2), u));
        assertTrue(e.getMessage().contains("a"), e.getMessage());
    }

    /** Uniform in [0, 1]^d. */
    private static Matrix uniform(int n, int d, Random rnd) {
        double[] v = new double[n * d];
        for (int k = 0; k < v.length; k++) v[k] = rnd.nextDouble();
        return Matrix.fromRowMajor(n, d, v);
    }

    /** Positive weights, or with {@code zeros} about a third of them zero (at least one positive). */
    private static double[] weights(int n, Random rnd, boolean zeros) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = zeros && rnd.nextInt(3) == 0 ? 0 : 0.2 + rnd.nextDouble();
        w[rnd.nextInt(n)] = 0.5;
        return w;
    }
}
