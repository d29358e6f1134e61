package org.monge.discrete.entropic;

import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The entropic barycenter at ε far below the grid spacing squared, against POT's log-domain solver. */
class EntropicBarycenterSmallEpsilonTest {
    /**
     * POT 0.8.2, float64: x = np.linspace(0, 1, 40), H = two normalised Gaussian histograms
     * exp(-(x - m)²/(2 s²)) at (m, s) = (0.25, 0.05) and (0.7, 0.08), M = (x_i - x_j)²,
     * b = ot.bregman.barycenter(H.T, M, 1e-5, method='sinkhorn_log', numItermax=200000, stopThr=1e-13),
     * b / b.sum(). (An independent NumPy/SciPy log-domain run with ε-scaling to 1e-6 agrees with it
     * within 1e-13 in L1 except in the last seven entries, which POT floors at about 2e-15 because
     * it takes log(A + 1e-15); that run is within 4e-14 of this vector in L1.) Mean 0.47497218659.
     */
    static final double[] POT_1E5 = {
        1.900119445540655e-15, 1.1329443890997068e-14, 1.1204805063617065e-12, 9.0266640393739e-11,
        4.8212967787034056e-09, 1.4871369302305305e-07, 7.778899253055807e-07, 6.6679112773528115e-06,
        3.895320783901182e-05, 0.00016347972472708096, 0.0005536388089891919, 0.0021060416172532623,
        0.0065658944192725785, 0.01566222554860925, 0.03150869114460796, 0.05985778922196172,
        0.09833687397663159, 0.13018959139278455, 0.15086376137576513, 0.15492306776103448,
        0.12963612354289264, 0.09613698231939759, 0.06306866552166918, 0.03567494416499468,
        0.015353356724471523, 0.006110750417209834, 0.002328618282472807, 0.0007233972249977417,
        0.00016569313332755637, 2.364549352992575e-05, 2.1497835577946484e-07, 5.690673451236382e-10,
        5.30678837761938e-13, 2.6072555415496207e-15, 2.053481602106909e-15, 2.0052807493564224e-15,
        2.000016773062056e-15, 1.9949004530843302e-15, 1.9496181634699635e-15, 1.5561217371346486e-15};

    static final double[] GRID = new double[40];
    static {
        for (int i = 0; i < 40; i++) GRID[i] = i / 39.0;
    }

    static double[] gaussian(double mean, double sd) {
        double[] h = new double[GRID.length];
        double s = 0;
        for (int i = 0; i < h.length; i++) s += h[i] = Math.exp(-(GRID[i] - mean) * (GRID[i] - mean) / (2 * sd * sd));
        for (int i = 0; i < h.length; i++) h[i] /= s;
        return h;
    }

    static EntropicBarycenter.Result solve(EntropicBarycenter solver) {
        CostMatrix c = CostMatrix.fromPoints(Matrix.column(GRID), Matrix.column(GRID), Metric.SQEUCLIDEAN);
        return solver.solve(List.of(gaussian(0.25, 0.05), gaussian(0.7, 0.08)), new double[] {1, 1}, c);
    }

    static double l1(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
        return s;
    }

    @Test
    void matchesPotAtEpsilon1e5And1e6() {
        for (double eps : new double[] {1e-5, 1e-6}) {
            EntropicBarycenter.Result r = solve(EntropicBarycenter.withEpsilon(eps));
            assertThat(r.converged()).as("eps %s", eps).isTrue();
            assertThat(r.residual()).isLessThanOrEqualTo(1e-9);
            assertThat(l1(r.barycenter(), POT_1E5)).as("eps %s", eps).isLessThan(1e-8);
            double mean = 0;
            for (int i = 0; i < GRID.length; i++) mean += r.barycenter()[i] * GRID[i];
            assertThat(mean).isCloseTo(0.47497218659185936, within(1e-9));
        }
    }

    @Test
    void aStalledIterateIsNotReportedAsConverged() {
        // at ε = 1e-5 the first iterate (the geometric mean of the inputs, mean 0.376) barely moves between
        // iterations; only the marginal residual shows it is far from the barycenter
        EntropicBarycenter.Result r = solve(EntropicBarycenter.withEpsilon(1e-5).withMaxIterations(50));
        assertThat(r.converged()).isFalse();
        assertThat(r.residual()).isGreaterThan(1e-6);
        assertThat(r.iterations()).isEqualTo(50);
        EntropicBarycenter.Result one = solve(EntropicBarycenter.withEpsilon(1e-5).withMaxIterations(1));
        assertThat(one.converged()).isFalse();
        assertThat(Double.isFinite(one.residual())).isTrue();
    }
}
