package org.monge.gmm;

import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.ExactWasserstein;
import org.monge.gmm.GridHeatFlow.Flux;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Lattice and finite-volume heat flows on 1-D and 2-D grids against the exact heat equation, with measured W2 orders. */
class GridHeatFlowTest {
    static final double FLOOR = 1e-2, T = 0.01;

    /** Density 1 on [−½, ½] plus a floor, normalised, as cell masses of n cells on [−1, 1]. */
    static double[] initial(int n, double gap) {
        double[] m = GridHeatFlow.indicatorMasses(-0.5, 0.5, 1, -1, n, gap);
        for (int c = 0; c < n; c++) m[c] += FLOOR * gap;
        return m;
    }

    /** The exact solution at t for that initial density (the floor is stationary). */
    static double[] exact(int n, double gap, double t) {
        double[] m = GridHeatFlow.exactHeatMasses(-0.5, 0.5, 1, 1, n, t);
        for (int c = 0; c < n; c++) m[c] += FLOOR * gap;
        return m;
    }

    @Test
    void oneDimensionalLatticeAgreesWithTheAdaptiveLatticeFlow() {
        int n = 40;
        double gap = 2.0 / n;
        double[] p0 = GridHeatFlow.normalised(initial(n, gap));
        double[] means = GridHeatFlow.centres(-1, n, gap);
        GridHeatFlow g = GridHeatFlow.line(n, gap, Flux.LATTICE);
        double dt = g.maxTimeStep() / 50;
        long steps = Math.round(0.005 / dt);
        double[] euler = g.advance(p0, dt, steps);
        double[] rk = LatticeFlow.run(p0, means, null, steps * dt, 1e-9);
        for (int k = 0; k < n; k++) assertThat(euler[k]).isCloseTo(rk[k], within(2e-5));
    }

    @Test
    void conservesMassKeepsPositivityAndTheSymmetryOfTheSquare() {
        int n = 20;
        double gap = 0.1;
        double[] a = initial(n, gap);
        double[] p0 = GridHeatFlow.normalised(GridHeatFlow.product(a, a));
        GridHeatFlow g = GridHeatFlow.grid(n, n, gap, Flux.LATTICE);
        double[] p = g.advance(p0, g.maxTimeStep(), 200);
        assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-12));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(p[i * n + j]).isPositive();
                assertThat(p[i * n + j]).isCloseTo(p[j * n + i], within(1e-15));
                assertThat(p[i * n + j]).isCloseTo(p[(n - 1 - i) * n + j], within(1e-15));
            }
        }
    }

    /**
     * W2 to the exact heat solution at t = 0.01 as the gap shrinks, dt = h²/8. Measured (this test's
     * numbers): lattice 2.12e-3, 7.82e-4, 2.88e-4 at h = 0.02, 0.01, 0.005 (order 1.44); the
     * finite-volume scheme 1.14e-3, 4.04e-4, 1.43e-4 (order 1.50). The jump of the initial density
     * limits both to below order 2 in W2.
     */
    @Test
    void oneDimensionalFlowsConvergeInW2() {
        double[] gaps = {0.02, 0.01, 0.005};
        double[] lat = new double[3], fv = new double[3];
        for (int i = 0; i < 3; i++) {
            double h = gaps[i];
            int n = (int) Math.round(2 / h);
            double dt = h * h / 8;
            long steps = Math.round(T / dt);
            double[] ex = exact(n, h, steps * dt);
            GridHeatFlow l = GridHeatFlow.line(n, h, Flux.LATTICE), f = GridHeatFlow.line(n, h, Flux.FINITE_VOLUME);
            lat[i] = l.w2(l.advance(GridHeatFlow.normalised(initial(n, h)), dt, steps), ex, -1);
            fv[i] = f.w2(f.advance(GridHeatFlow.normalised(initial(n, h)), dt, steps), ex, -1);
        }
        for (int i = 1; i < 3; i++) {
            assertThat(lat[i]).isLessThan(lat[i - 1]);
            assertThat(fv[i]).isLessThan(fv[i - 1]);
        }
        assertThat(LatticeLimitTest.order(gaps, lat)).isBetween(1.2, 2.2);
        assertThat(LatticeLimitTest.order(gaps, fv)).isBetween(1.2, 2.2);
    }

    /**
     * The 2-D analogue, W2 by the exact discrete problem between the cell masses on grids of 20², 40²
     * and 80² cells on [−1, 1]² (the jumps at ±½ on cell edges), against the exact (separable) heat
     * solution at t = 0.01, dt = h²/16. Measured (this test's numbers): lattice 2.76e-2, 1.05e-2,
     * 3.91e-3 (order 1.41); finite volume 1.84e-2, 6.52e-3, 2.31e-3 (order 1.50), as in 1-D.
     */
    @Test
    void twoDimensionalFlowsConvergeInW2() {
        int[] cells = {20, 40, 80};
        double[] gaps = new double[3], lat = new double[3], fv = new double[3];
        for (int i = 0; i < 3; i++) {
            int n = cells[i];
            double h = 2.0 / n;
            gaps[i] = h;
            double dt = h * h / 16;
            long steps = Math.round(T / dt);
            double[] e1 = exact(n, h, steps * dt), a = initial(n, h);
            double[] p0 = GridHeatFlow.normalised(GridHeatFlow.product(a, a)), ex = GridHeatFlow.product(e1, e1);
            GridHeatFlow l = GridHeatFlow.grid(n, n, h, Flux.LATTICE), f = GridHeatFlow.grid(n, n, h, Flux.FINITE_VOLUME);
            lat[i] = l.w2(l.advance(p0, dt, steps), ex, -1);
            fv[i] = f.w2(f.advance(p0, dt, steps), ex, -1);
        }
        for (int i = 1; i < 3; i++) {
            assertThat(lat[i]).isLessThan(lat[i - 1]);
            assertThat(fv[i]).isLessThan(fv[i - 1]);
        }
        assertThat(LatticeLimitTest.order(gaps, lat)).isBetween(1.2, 2.2);
        assertThat(LatticeLimitTest.order(gaps, fv)).isBetween(1.2, 2.2);
    }

    /**
     * The 2-D W2 on a 3 × 3 grid (gap ½, two empty cells on each side) against the transport linear
     * program over all 81 pairs solved by SciPy's HiGHS (monge-core/tools/grid_w2_reference.py:
     * W2² = 0.20588235294117646) and against the dense network simplex on all nine cells.
     */
    @Test
    void w2OnASmallGridMatchesTheLinearProgram() {
        double[] a = {3, 0, 1, 2, 5, 0, 1, 1, 4}, b = {0, 2, 2, 1, 1, 6, 3, 0, 2};
        GridHeatFlow g = GridHeatFlow.grid(3, 3, 0.5, Flux.LATTICE);
        double w = g.w2(a, b, 0);
        assertThat(w * w).isCloseTo(0.20588235294117646, within(1e-12));
        double[][] pts = new double[9][];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) pts[3 * i + j] = new double[] {0.25 + 0.5 * i, 0.25 + 0.5 * j};
        Matrix support = Matrix.of(pts);
        double dense = ExactWasserstein.distance(DiscreteMeasure.of(GridHeatFlow.normalised(a), support),
                DiscreteMeasure.of(GridHeatFlow.normalised(b), support), 2);
        assertThat(w).isCloseTo(dense, within(1e-12));
    }

    /**
     * The product identity: between product measures a⊗b and c⊗d, W2² = W2²(a, c) + W2²(b, d) (the
     * cost separates, any plan projects onto plans of the two axes, and the product of the 1-D optimal
     * plans attains the sum), the 1-D values by the quantile merge. Random positive masses on 30 × 17
     * cells, and ones with empty cells.
     */
    @Test
    void w2OfProductMeasuresIsTheSumOfTheMarginalW2() {
        Random r = new Random(14);
        int nx = 30, ny = 17;
        double gap = 0.1;
        GridHeatFlow g = GridHeatFlow.grid(nx, ny, gap, Flux.LATTICE);
        GridHeatFlow lx = GridHeatFlow.line(nx, gap, Flux.LATTICE), ly = GridHeatFlow.line(ny, gap, Flux.LATTICE);
        for (int trial = 0; trial < 4; trial++) {
            double[] a = positive(r, nx, trial), c = positive(r, nx, trial), b = positive(r, ny, trial), d = positive(r, ny, trial);
            double w2 = g.w2(GridHeatFlow.product(a, b), GridHeatFlow.product(c, d), -1);
            double wx = lx.w2(a, c, -1), wy = ly.w2(b, d, -1);
            assertThat(w2 * w2).as("trial %d", trial).isCloseTo(wx * wx + wy * wy, within(1e-12 * (1 + wx * wx + wy * wy)));
        }
    }

    /** Masses in (0, 1), a third of them zero when {@code trial} is odd. */
    private static double[] positive(Random r, int n, int trial) {
        double[] m = new double[n];
        for (int k = 0; k < n; k++) m[k] = trial % 2 == 1 && r.nextInt(3) == 0 ? 0 : 0.05 + r.nextDouble();
        return m;
    }

    @Test
    void refusesUnstableStepsAndEmptyCells() {
        GridHeatFlow g = GridHeatFlow.grid(10, 10, 0.1, Flux.LATTICE);
        double[] p = new double[100];
        Arrays.fill(p, 0.01);
        assertThatThrownBy(() -> g.advance(p, 0.0026, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unstable");
        p[3] = 0;
        assertThatThrownBy(() -> g.advance(p, 0.001, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
