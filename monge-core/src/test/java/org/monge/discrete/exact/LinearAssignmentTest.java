package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

public class LinearAssignmentTest {

    /** Best total over all injective maps of the smaller side into the larger (brute force). */
    public static double bruteForce(int m, int n, double[] c, boolean max) {
        boolean t = m > n;
        int rows = t ? n : m, cols = t ? m : n;
        return search(0, rows, cols, new boolean[cols], (i, j) -> t ? c[j * n + i] : c[i * n + j], max);
    }

    interface Cell { double at(int i, int j); }

    static double search(int i, int rows, int cols, boolean[] used, Cell c, boolean max) {
        if (i == rows) return 0;
        double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            if (used[j]) continue;
            double x = c.at(i, j);
            if (Double.isInfinite(x)) continue;
            used[j] = true;
            double rest = search(i + 1, rows, cols, used, c, max);
            used[j] = false;
            double tot = x + rest;
            if (max ? tot > best : tot < best) best = tot;
        }
        return best;
    }

    static double[] randomCost(Random r, int m, int n, int kind) {
        double[] c = new double[m * n];
        for (int k = 0; k < c.length; k++) c[k] = kind == 0 ? r.nextDouble() * 10 - 2 : kind == 1 ? r.nextInt(3) : 1.0;
        return c;
    }

    static void assertValidAndCertified(int m, int n, double[] c, LinearAssignment.Result res, boolean max) {
        int k = Math.min(m, n);
        assertThat(res.size()).isEqualTo(k);
        double total = 0;
        for (int i = 0; i < m; i++) {
            int j = res.rowToColumn()[i];
            if (j >= 0) {
                assertThat(res.columnToRow()[j]).isEqualTo(i);
                total += c[i * n + j];
            }
        }
        assertThat(res.cost()).isCloseTo(total, within(1e-9));
        double scale = 1;
        for (double x : c) if (Double.isFinite(x)) scale = Math.max(scale, Math.abs(x));
        double dual = 0;
        for (double x : res.f()) dual += x;
        for (double x : res.g()) dual += x;
        assertThat(dual).isCloseTo(total, within(1e-9 * scale));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = res.f()[i] + res.g()[j];
                if (max) assertThat(s).isGreaterThanOrEqualTo(c[i * n + j] - 1e-9 * scale);
                else assertThat(s).isLessThanOrEqualTo(c[i * n + j] + 1e-9 * scale);
            }
        }
        for (int i = 0; i < m; i++) if (res.rowToColumn()[i] < 0) assertThat(res.f()[i]).isZero();
        for (int j = 0; j < n; j++) if (res.columnToRow()[j] < 0) assertThat(res.g()[j]).isZero();
    }

    @Test
    void matchesBruteForce() {
        forAll(351, 400, gen -> {
            int m = gen.intIn("m", 1, 7);
            int n = gen.intIn("n", 1, 7);
            int kind = gen.intIn("kind", 0, 2);
            boolean max = gen.anyBoolean("max");
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] c = randomCost(r, m, n, kind);
            LinearAssignment.Result res = LinearAssignment.defaults().withMaximize(max).solve(m, n, c);
            assertThat(res.cost()).isCloseTo(bruteForce(m, n, c, max), within(1e-9));
            assertValidAndCertified(m, n, c, res, max);
        });
    }

    @Test
    void certifiedOnLargerProblems() {
        forAll(352, 30, gen -> {
            int m = gen.intIn("m", 1, 120);
            int n = gen.intIn("n", 1, 120);
            int kind = gen.intIn("kind", 0, 1);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] c = randomCost(r, m, n, kind);
            assertValidAndCertified(m, n, c, LinearAssignment.defaults().solve(m, n, c), false);
            assertValidAndCertified(m, n, c, LinearAssignment.defaults().withMaximize(true).solve(m, n, c), true);
        });
    }

    @Test
    void agreesWithTheNetworkSimplexOnPermutationProblems() {
        Random r = new Random(5);
        int n = 150;
        double[] c = randomCost(r, n, n, 0);
        double lp = NetworkSimplex.defaults()
                .solve(DiscreteMeasure.of(ones(n)), DiscreteMeasure.of(ones(n)), CostMatrix.dense(n, n, c)).cost();
        assertThat(LinearAssignment.defaults().solve(n, n, c).cost()).isCloseTo(lp, within(1e-9));
    }

    static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1);
        return a;
    }

    @Test
    void forbiddenPairs() {
        forAll(353, 200, gen -> {
            int m = gen.intIn("m", 1, 6);
            int n = gen.intIn("n", 1, 6);
            boolean max = gen.anyBoolean("max");
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] c = randomCost(r, m, n, 0);
            double bad = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (int k = 0; k < c.length; k++) if (r.nextDouble() < 0.35) c[k] = bad;
            double expected = bruteForce(m, n, c, max);
            if (Double.isInfinite(expected)) {
                assertThatThrownBy(() -> LinearAssignment.defaults().withMaximize(max).solve(m, n, c))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageMatching("cost: the forbidden pairs leave no complete assignment.*"
                                + "|problem is infeasible: (row|column) \\d+ has no finite cost");
            } else {
                LinearAssignment.Result res = LinearAssignment.defaults().withMaximize(max).solve(m, n, c);
                assertThat(res.cost()).isCloseTo(expected, within(1e-9));
                for (int i = 0; i < m; i++) if (res.rowToColumn()[i] >= 0) assertThat(c[i * n + res.rowToColumn()[i]]).isFinite();
            }
        });
    }

    @Test
    void scipyReference() {
        // scipy.optimize.linear_sum_assignment on this cost: rows [0 1 2] -> cols [1 0 2], total 5;
        // with maximize=True: cols [0 2 1], total 11 (SciPy 1.10.1, float64)
        double[] c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
        LinearAssignment.Result min = LinearAssignment.defaults().solve(3, 3, c);
        assertThat(min.rowToColumn()).containsExactly(1, 0, 2);
        assertThat(min.cost()).isEqualTo(5);
        LinearAssignment.Result max = LinearAssignment.defaults().withMaximize(true).solve(3, 3, c);
        assertThat(max.cost()).isEqualTo(11);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> LinearAssignment.defaults().solve(2, 2, new double[] {1, 2, 3}))
                .hasMessageContaining("cost has 3 entries");
        assertThatThrownBy(() -> LinearAssignment.defaults().solve(1, 2, new double[] {1, Double.NaN})).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> LinearAssignment.defaults().solve(1, 2, new double[] {1, Double.NEGATIVE_INFINITY}))
                .hasMessageContaining("forbidden");
    }
}
