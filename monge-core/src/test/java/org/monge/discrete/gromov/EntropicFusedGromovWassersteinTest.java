package org.monge.discrete.gromov;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.PAIR1_X;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.PAIR1_Y;
import static org.monge.discrete.gromov.GromovWassersteinPotTest.normalisedSquaredDistances;

/**
 * Entropic fused GW (POT 0.8.2 has no entropic fused solver): its two ends, α = 1 entropic GW and α = 0 the
 * entropic transport problem on M, and the stationarity of the reported objective (1 − α)⟨M, T⟩ + α E(T) +
 * ε KL(T ‖ a⊗b) at the returned plan, checked by central differences of that objective computed by the brute-force
 * quadruple sum along directions that keep the marginals.
 */
class EntropicFusedGromovWassersteinTest {
    private static final DiscreteMeasure A = DiscreteMeasure.uniform(8), B = DiscreteMeasure.uniform(10);

    @Test
    void alphaOneIsEntropicGw() {
        EntropicGromovWasserstein solver = EntropicGromovWasserstein.withEpsilon(1e-2);
        EntropicGromovWasserstein.Result fused = solver.solveFused(features(), 1, c1(), c2(), A, B);
        EntropicGromovWasserstein.Result plain = solver.solve(c1(), c2(), A, B);
        assertTrue(fused.converged(), "status " + fused.status());
        assertEquals(plain.cost(), fused.cost(), 1e-14);
        assertEquals(plain.objective(), fused.objective(), 1e-14);
        assertEquals(0, fused.plan().minus(plain.plan()).maxAbs(), 1e-15);
    }

    @Test
    void alphaZeroIsSinkhornOnTheFeatureCost() {
        EntropicGromovWasserstein.Result r = EntropicGromovWasserstein.withEpsilon(5e-2).solveFused(features(), 0, c1(), c2(), A, B);
        Sinkhorn.Result s = Sinkhorn.withEpsilon(5e-2).withTolerance(1e-12).solve(TransportProblem.of(A, B, CostMatrix.dense(features())));
        assertTrue(r.converged(), "status " + r.status());
        Matrix t = Matrix.fromRowMajor(8, 10, s.plan().toDense());
        assertEquals(0, r.plan().minus(t).maxAbs(), 1e-9);
        assertEquals(features().dot(t), r.cost(), 1e-9);
    }

    /** The plan is a stationary point of the objective it reports: its derivative along marginal-preserving moves is 0. */
    @Test
    void theObjectiveIsStationaryAtThePlan() {
        double eps = 2e-2, alpha = 0.4;
        // outer and inner tolerances 1e-12: the finite-difference slopes below then measure stationarity, not where
        // a looser stopping rule happened to end (the inner Sinkhorn's stopping point moves with its acceleration)
        EntropicGromovWasserstein solver =
                EntropicGromovWasserstein.with(new EntropicGromovWasserstein.Options(eps, 1e-12, 1000, 1e-12, 100_000));
        EntropicGromovWasserstein.Result r = solver.solveFused(features(), alpha, c1(), c2(), A, B);
        assertTrue(r.converged(), "status " + r.status());
        Matrix t = r.plan();
        // the solver's E assumes T's marginals are a and b, which the inner Sinkhorn meets to 1e-9 in L1
        assertEquals(objective(t, eps, alpha), r.objective(), 1e-9);
        double[][] moves = {{0, 1, 2, 3}, {4, 7, 5, 9}, {1, 6, 2, 0}};
        for (double[] mv : moves) {
            int i = (int) mv[0], j = (int) mv[1], k = (int) mv[2], l = (int) mv[3];
            Matrix d = cycle(8, 10, i, j, k, l);
            // a step small against the entries it lowers keeps the plan positive, where the entropy is smooth
            double h = 1e-4 * Math.min(Math.min(t.get(i, j), t.get(k, l)), Math.min(t.get(i, l), t.get(k, j)));
            double slope = (objective(t.combine(1, d, h), eps, alpha) - objective(t.combine(1, d, -h), eps, alpha)) / (2 * h);
            assertEquals(0, slope, 1e-6, "directional derivative along " + Arrays.toString(mv));
        }
    }

    @Test
    void rejectsAlphaOutsideTheUnitInterval() {
        for (double alpha : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> EntropicGromovWasserstein.withEpsilon(1e-2).solveFused(features(), alpha, c1(), c2(), A, B));
            assertTrue(x.getMessage().startsWith("alpha"), x.getMessage());
        }
    }

    /** The move +1 at (i, j) and (k, l), −1 at (i, l) and (k, j): it keeps both marginals. */
    private static Matrix cycle(int n, int m, int i, int j, int k, int l) {
        double[] d = new double[n * m];
        d[i * m + j] += 1;
        d[k * m + l] += 1;
        d[i * m + l] -= 1;
        d[k * m + j] -= 1;
        return Matrix.fromRowMajor(n, m, d);
    }

    /** (1 − α)⟨M, T⟩ + α Σ_ijkl (C1_ik − C2_jl)² T_ij T_kl + ε KL(T ‖ a⊗b), the loss by its defining sum. */
    static double objective(Matrix t, double eps, double alpha) {
        Matrix c1 = c1(), c2 = c2();
        double e = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 10; j++) {
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 10; l++) {
                        double d = c1.get(i, k) - c2.get(j, l);
                        e += d * d * t.get(i, j) * t.get(k, l);
                    }
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 10; j++) {
                double x = t.get(i, j), p = A.weight(i) * B.weight(j);
                kl += x * Math.log(x / p) - x + p;
            }
        }
        return (1 - alpha) * features().dot(t) + alpha * e + eps * kl;
    }

    private static Matrix c1() { return normalisedSquaredDistances(PAIR1_X); }

    private static Matrix c2() { return normalisedSquaredDistances(PAIR1_Y); }

    /** |x_i|² − |y_j|² squared, scaled: a feature cost that is not a function of the structures alone. */
    private static Matrix features() {
        double[] m = new double[80];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 10; j++) {
                double u = PAIR1_X[i][0] - PAIR1_Y[j][1];
                m[i * 10 + j] = u * u / 10;
            }
        }
        return Matrix.fromRowMajor(8, 10, m);
    }
}
