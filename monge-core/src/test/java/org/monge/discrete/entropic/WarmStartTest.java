package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.linalg.Matrix;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.monge.testing.DiscreteFixtures.entropicMarginalError;
import static org.monge.testing.DiscreteFixtures.uniformCloud;

/**
 * Regression: a warm start whose rows fit and whose columns miss (where a solve stopped early by a column-side measure
 * leaves its potentials) was reported converged after 0 iterations with the rows' error alone (1.9e-15, the columns
 * missing by 4.8e-4), since the plain loops added a column error of 0 that no column update had measured. Now every
 * engine, warm or from the ε-scaling stages, reports the L1 marginal error that a brute-force recount of its
 * potentials' plan gives, and calls it converged only within the tolerance.
 */
class WarmStartTest {
    private static final double EPS = 0.02, TOL = 1e-9;

    @Test
    void aWarmStartWithFittingRowsIsNotConvergedUntilItsColumnsAre() {
        Random r = new Random(21);
        int n = 37, m = 29;
        Matrix x = uniformCloud(r, n, 2), y = uniformCloud(r, m, 2);
        DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
        CostMatrix points = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
        double[] dense = new double[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) dense[i * m + j] = points.get(i, j);
        // g0 random, f0 its exact row update: the rows of (f0, g0) fit to rounding, the columns do not
        double[] g0 = new double[m], f0 = new double[n];
        for (int j = 0; j < m; j++) g0[j] = 0.05 * r.nextGaussian();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += b.weights()[j] * Math.exp((g0[j] - points.get(i, j)) / EPS);
            f0[i] = -EPS * Math.log(s);
        }
        assertThat(entropicMarginalError(a.weights(), b.weights(), f0, g0, points, EPS)).isGreaterThan(1e-3);
        Sinkhorn base = Sinkhorn.withEpsilon(EPS).withTolerance(TOL);
        Sinkhorn[] engines = {base.withStorage(Sinkhorn.Storage.ON_THE_FLY), base.withStorage(Sinkhorn.Storage.DENSE),
            base.withLogDomain(false)};
        for (CostMatrix c : new CostMatrix[] {points, CostMatrix.dense(n, m, dense)}) {
            TransportProblem p = TransportProblem.of(a, b, c);
            for (Sinkhorn e : engines) {
                if (c == points && !e.options().logDomain()) continue; // the scaling form needs a dense cost
                for (Sinkhorn s : new Sinkhorn[] {e, e.withAnderson(0), e.withAnderson(0).withOverRelaxation(1)}) {
                    for (double[][] start : new double[][][] {{f0, g0}, {null, null}}) {
                        Sinkhorn.Result res = s.solve(p, start[0], start[1]);
                        double brute = entropicMarginalError(a.weights(), b.weights(), res.f(), res.g(), c, EPS);
                        assertThat(res.converged()).as(s.options() + " " + (start[0] != null)).isTrue();
                        assertThat(brute).as(s.options() + " " + (start[0] != null)).isLessThanOrEqualTo(TOL * 1.001);
                        assertThat(Math.abs(res.marginalError() - brute)).isLessThan(1e-12);
                        assertThat(res.iterations()).isPositive();
                        if (c == points) {
                            Sinkhorn.Potentials pot = s.solvePotentials(p, start[0], start[1]);
                            assertThat(Math.abs(pot.marginalError() - brute)).isLessThan(1e-12);
                        }
                    }
                }
            }
        }
    }
}
