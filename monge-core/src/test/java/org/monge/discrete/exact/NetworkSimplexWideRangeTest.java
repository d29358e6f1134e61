package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * A plan must not be reported optimal unless it is, also when costs of 0…1 sit next to 1e15 or 1e20
 * (half the pairs). With uniform weights the problem is an assignment, and because a complete
 * assignment exists among the small costs, the optimum is the assignment over the small costs alone
 * (the large ones forbidden), an independent computation with no wide range in it.
 */
class NetworkSimplexWideRangeTest {

    @ParameterizedTest
    @ValueSource(doubles = {1e6, 1e10, 1e15, 1e20})
    void optimalOnlyWhenItIs(double spread) {
        int checked = 0;
        for (long seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            int n = 20;
            double[] full = new double[n * n], small = new double[n * n];
            for (int e = 0; e < n * n; e++) {
                boolean big = r.nextDouble() > 0.5;
                double base = r.nextDouble();
                full[e] = (big ? spread : 0) + base;
                small[e] = big ? Double.POSITIVE_INFINITY : base;
            }
            LinearAssignment.Result reference;
            try {
                reference = LinearAssignment.defaults().solve(n, n, small);
            } catch (IllegalArgumentException noCompleteAssignment) {
                continue;
            }
            double[] w = new double[n];
            Arrays.fill(w, 1.0 / n);
            NetworkSimplex.Result res = NetworkSimplex.defaults()
                    .solve(DiscreteMeasure.of(w), DiscreteMeasure.of(w), CostMatrix.dense(n, n, full));
            assertThat(res.status()).as("seed %d", seed).isIn(NetworkSimplex.Status.OPTIMAL, NetworkSimplex.Status.UNCERTIFIED);
            if (res.status() == NetworkSimplex.Status.OPTIMAL) {
                assertThat(res.cost()).as("seed %d", seed).isCloseTo(reference.cost() / n, withinPercentage(1e-9));
                checked++;
            }
        }
        assertThat(checked).as("problems certified optimal at spread %g", spread).isGreaterThan(0);
    }
}
