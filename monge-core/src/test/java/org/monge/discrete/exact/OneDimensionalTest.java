package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.monge.testing.Cases.forAll;

class OneDimensionalTest {

    static double[] points(Random r, int n, boolean ties) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = ties ? r.nextInt(5) - 2 : r.nextGaussian() * 3;
        return x;
    }

    @Test
    void matchesPotReference() {
        // ot.wasserstein_1d(u, v, uw, vw, p) with POT 0.8.2 (returns W_p^p):
        // p=1 0.9949999999999999, p=2 1.1854999999999998, p=3 1.7400499999999997
        double[] u = {0.3, -1.2, 2.5, 0.0, 4.1}, uw = {0.1, 0.3, 0.2, 0.25, 0.15};
        double[] v = {1.0, -0.5, 3.3}, vw = {0.5, 0.2, 0.3};
        assertThat(OneDimensional.wassersteinCost(u, uw, v, vw, 1)).isCloseTo(0.9949999999999999, within(1e-14));
        assertThat(OneDimensional.wassersteinCost(u, uw, v, vw, 2)).isCloseTo(1.1854999999999998, within(1e-14));
        assertThat(OneDimensional.wassersteinCost(u, uw, v, vw, 3)).isCloseTo(1.7400499999999997, within(1e-13));
        assertThat(OneDimensional.wasserstein(u, uw, v, vw, 2)).isCloseTo(Math.sqrt(1.1854999999999998), within(1e-14));
    }

    @Test
    void agreesWithTheExactSolverOnTheLine() {
        forAll(341, 150, gen -> {
            int m = gen.intIn("m", 1, 25);
            int n = gen.intIn("n", 1, 25);
            int p = gen.intIn("p", 1, 3);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            boolean ties = r.nextBoolean();
            double[] u = points(r, m, ties), v = points(r, n, ties);
            double[] uw = NetworkSimplexTest.randomWeights(r, m, ties ? 0.3 : 0);
            double[] vw = NetworkSimplexTest.randomWeights(r, n, ties ? 0.3 : 0);
            double[] c = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[i * n + j] = Math.pow(Math.abs(u[i] - v[j]), p);
            double exact = NetworkSimplex.defaults()
                    .solve(DiscreteMeasure.of(uw), DiscreteMeasure.of(vw), CostMatrix.dense(m, n, c)).cost();
            OneDimensional.Result res = OneDimensional.solve(u, uw, v, vw, p);
            assertThat(res.cost()).isCloseTo(exact, within(1e-10 * Math.max(1, exact)));
            assertThat(OneDimensional.wassersteinCost(u, uw, v, vw, p)).isCloseTo(res.cost(), within(1e-12 * Math.max(1, exact)));
            // the monotone plan is feasible and has the same cost
            double[] rs = res.plan().rowSums(), cs = res.plan().colSums();
            for (int i = 0; i < m; i++) assertThat(rs[i]).isCloseTo(uw[i], within(1e-12));
            for (int j = 0; j < n; j++) assertThat(cs[j]).isCloseTo(vw[j], within(1e-12));
            assertThat(res.plan().cost(CostMatrix.dense(m, n, c))).isCloseTo(res.cost(), within(1e-12 * Math.max(1, exact)));
            assertThat(res.plan().nonzeros()).isLessThanOrEqualTo(m + n - 1);
        });
    }

    @Test
    void uniformFastPathEqualsTheMerge() {
        forAll(342, 50, gen -> {
            int n = gen.intIn("n", 1, 600);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] u = points(r, n, false), v = points(r, n, r.nextBoolean());
            double[] w = new double[n];
            Arrays.fill(w, 2.0);
            // weights summing to 2n: the cost scales with the mass
            double uniform = OneDimensional.wassersteinCost(u, null, v, null, 2);
            double weighted = OneDimensional.wassersteinCost(u, w, v, w, 2);
            assertThat(weighted).isCloseTo(2 * n * uniform, within(1e-9 * Math.max(1, weighted)));
            // direct sorted matching
            double[] su = u.clone(), sv = v.clone();
            Arrays.sort(su);
            Arrays.sort(sv);
            double s = 0;
            for (int i = 0; i < n; i++) s += (su[i] - sv[i]) * (su[i] - sv[i]);
            assertThat(uniform).isCloseTo(s / n, within(1e-12 * Math.max(1, s / n)));
        });
    }

    @Test
    void compareFromOneSortEqualsTheSeparateCallsBitForBit() {
        double[] levels = {0, 1e-9, 0.05, 0.25, 0.5, 0.75, 0.95, 1};
        forAll(345, 120, gen -> {
            int kind = gen.intIn("kind", 0, 2); // 0 uniform of one length, 1 uniform of two lengths, 2 weighted
            int n = gen.intIn("n", 1, 1500), m = kind == 0 ? n : gen.intIn("m", 1, 1500);
            double scale = gen.intIn("scale", 0, 2) == 0 ? 1 : gen.intIn("big", 0, 1) == 0 ? 1e250 : 1e-250;
            Random r = new Random(gen.anyLong("seed"));
            boolean ties = r.nextBoolean();
            double[] u = points(r, n, ties), v = points(r, m, ties);
            for (int i = 0; i < n; i++) u[i] *= scale;
            for (int j = 0; j < m; j++) v[j] = v[j] * scale + (ties ? 0 : 0.5 * scale);
            if (ties) u[0] = -0.0; // a negative zero among the zeros
            double[] uw = kind == 2 ? NetworkSimplexTest.randomWeights(r, n, ties ? 0.3 : 0) : null;
            double[] vw = kind == 2 ? NetworkSimplexTest.randomWeights(r, m, ties ? 0.3 : 0) : null;
            OneDimensional.Comparison c = OneDimensional.compare(u, uw, v, vw, levels);
            assertThat(c.w1()).isEqualTo(OneDimensional.wasserstein(u, uw, v, vw, 1));
            assertThat(c.w2()).isEqualTo(OneDimensional.wasserstein(u, uw, v, vw, 2));
            assertThat(c.uQuantiles()).containsExactly(OneDimensional.quantiles(u, uw, levels));
            assertThat(c.vQuantiles()).containsExactly(OneDimensional.quantiles(v, vw, levels));
        });
        // the inputs are left as they were, and no levels is fine
        double[] u = {3, 1, 2}, v = {0.5, 4};
        OneDimensional.Comparison c = OneDimensional.compare(u, null, v, null, null);
        assertThat(u).containsExactly(3, 1, 2);
        assertThat(c.uQuantiles()).isEmpty();
        // by hand: F⁻¹ of u is 1, 2, 3 on thirds, of v 0.5, 4 on halves; |·| on [0,1/3), [1/3,1/2), [1/2,2/3), [2/3,1)
        assertThat(c.w1()).isCloseTo(0.5 / 3 + 1.5 / 6 + 2.0 / 6 + 1.0 / 3, within(1e-15));
        assertThatThrownBy(() -> OneDimensional.compare(u, null, v, null, new double[] {0.5, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("levels[1] must lie in [0, 1], got 2.0");
        assertThatThrownBy(() -> OneDimensional.compare(new double[0], null, v, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("u must have at least one point");
        assertThatThrownBy(() -> OneDimensional.compare(u, new double[] {1, 1, 1}, v, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void radixSortSorts() {
        forAll(343, 50, gen -> {
            int n = gen.intIn("n", 0, 3000);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(6);
                x[i] = k == 0 ? 0.0 : k == 1 ? -0.0 : k == 2 ? r.nextInt(3) - 1 : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            }
            double[] expected = x.clone();
            Arrays.sort(expected);
            assertThat(RadixSort.sorted(x)).containsExactly(expected);
            int[] order = RadixSort.order(x);
            for (int k = 0; k < n; k++) assertThat(x[order[k]]).isEqualTo(expected[k]);
            for (int k = 1; k < n; k++) {
                if (x[order[k]] == x[order[k - 1]] && Double.compare(x[order[k]], x[order[k - 1]]) == 0) {
                    assertThat(order[k]).isGreaterThan(order[k - 1]);
                }
            }
        });
    }

    @Test
    void quantileMapIsMonotoneAndPushesForward() {
        double[] u = {3, 1, 2, 0}, v = {10, 40, 20, 30};
        // equal sizes, uniform: the i-th smallest goes to the i-th smallest
        assertThat(OneDimensional.quantileMap(u, null, v, null)).containsExactly(40, 20, 30, 10);
        // a split point maps to the mean of its images: u = {0 (mass 1/2), 1 (mass 1/2)}, v uniform on 4 points
        double[] t = OneDimensional.quantileMap(new double[] {0, 1}, null, v, null);
        assertThat(t).containsExactly(15, 35);
        // a zero-weight source point maps to the target quantile at its level
        double[] z = OneDimensional.quantileMap(new double[] {0, 5, 1}, new double[] {0.5, 0, 0.5}, new double[] {7, 9}, null);
        assertThat(z).containsExactly(7, 9, 9);
    }

    @Test
    void quantileFunction() {
        double[] x = {2, 0, 1}, w = {0.5, 0.25, 0.25};
        assertThat(OneDimensional.quantiles(x, w, new double[] {0, 0.1, 0.25, 0.3, 0.5, 0.51, 1})).containsExactly(0, 0, 0, 1, 1, 2, 2);
        assertThatThrownBy(() -> OneDimensional.quantiles(x, w, new double[] {1.5})).hasMessageContaining("levels[0]");
    }

    @Test
    void barycenterLiesOnTheGeodesic() {
        forAll(344, 40, gen -> {
            int m = gen.intIn("m", 1, 30);
            int n = gen.intIn("n", 1, 30);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            double[] u = points(r, m, false), v = points(r, n, false);
            double[] uw = NetworkSimplexTest.randomWeights(r, m, 0.2), vw = NetworkSimplexTest.randomWeights(r, n, 0.2);
            double t = r.nextDouble();
            OneDimensional.LineMeasure bar = OneDimensional.barycenter(List.of(u, v), List.of(uw, vw), new double[] {1 - t, t});
            double total = 0;
            for (double w : bar.weights()) total += w;
            assertThat(total).isCloseTo(1, within(1e-12));
            for (int k = 1; k < bar.points().length; k++) assertThat(bar.points()[k]).isGreaterThanOrEqualTo(bar.points()[k - 1] - 1e-12);
            double d = OneDimensional.wasserstein(u, uw, v, vw, 2);
            assertThat(OneDimensional.wasserstein(u, uw, bar.points(), bar.weights(), 2)).isCloseTo(t * d, within(1e-9 * Math.max(1, d)));
            assertThat(OneDimensional.wasserstein(bar.points(), bar.weights(), v, vw, 2))
                    .isCloseTo((1 - t) * d, within(1e-9 * Math.max(1, d)));
        });
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> OneDimensional.wasserstein(new double[] {1}, new double[] {2}, 0.5)).hasMessageContaining("p must");
        assertThatThrownBy(() -> OneDimensional.wasserstein(new double[] {Double.NaN}, new double[] {2}, 1)).hasMessageContaining("u[0]");
        assertThatThrownBy(() -> OneDimensional.wasserstein(new double[] {}, new double[] {2}, 1)).hasMessageContaining("u must");
        assertThatThrownBy(() -> OneDimensional.wassersteinCost(new double[] {1, 2}, new double[] {1, 1}, new double[] {2}, null, 1))
                .hasMessageContaining("masses differ");
        assertThatThrownBy(() -> OneDimensional.wassersteinCost(new double[] {1, 2}, new double[] {1, -1}, new double[] {2}, null, 1))
                .hasMessageContaining("negative");
    }
}
