package org.monge.maps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
import org.monge.gaussian.AffineMap;
import org.monge.gaussian.BrenierMap;
import org.monge.gaussian.Gaussian;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureTransport;
import org.monge.io.TransportMapFiles;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class TransportMapTest {
    private static final Gaussian SOURCE = Gaussian.of(new double[] {0, 0}, Matrix.of(new double[][] {{1, 0.3}, {0.3, 0.5}}));
    private static final Gaussian TARGET = Gaussian.of(new double[] {2, -1}, Matrix.of(new double[][] {{0.6, -0.2}, {-0.2, 1.4}}));

    static Matrix sample(Gaussian g, int n, long seed) {
        return GaussianMixture.of(new double[] {1}, List.of(g)).sample(n, seed);
    }

    private static double rms(Matrix a, Matrix b) {
        return a.minus(b).frobeniusNorm() / Math.sqrt(a.rows());
    }

    /**
     * On Gaussian samples the entropic map approaches the closed-form Brenier map as ε falls (Pooladian &amp;
     * Niles-Weed 2021, Thm 3). The target sample is the Brenier image of the source sample, y_i = T(x_i): a Gaussian
     * sample whose discrete optimal assignment is i ↦ i (T is the gradient of a convex function, so the pairing is
     * cyclically monotone), so the only error left as ε → 0 is the map's own, not a sampling error. At the fitting
     * points it falls with ε (measured: 0.40, 0.076, 0.020 at ε = 1, 0.1, 0.01, about linearly in ε), to a tenth of
     * its value at ε = 1 and under 5% of the unit spread. On fresh points it falls from ε = 1 to 0.1, where the
     * smoothing bias dominates; at smaller ε the map of 100 points interpolates coarsely between them, so that error
     * is not claimed to fall further.
     */
    @Test
    void entropicMapTendsToTheBrenierMap() {
        AffineMap brenier = BrenierMap.between(SOURCE, TARGET);
        Matrix x = sample(SOURCE, 100, 1), y = brenier.applyToRows(x), test = sample(SOURCE, 200, 3);
        Matrix exact = brenier.applyToRows(test);
        double[] eps = {1, 0.1, 0.01};
        double[] err = new double[eps.length], fitErr = new double[eps.length];
        for (int k = 0; k < eps.length; k++) {
            EntropicMap.Fit fit = EntropicMap.fit(x, y, Sinkhorn.withEpsilon(eps[k]).withTolerance(1e-5).withMaxIterations(100_000));
            assertThat(fit.result().converged()).as("Sinkhorn at %s: %s", eps[k], fit.result().status()).isTrue();
            err[k] = rms(fit.map().apply(test), exact);
            fitErr[k] = rms(fit.map().apply(x), y);
        }
        for (int k = 1; k < eps.length; k++) assertThat(fitErr[k]).isLessThan(fitErr[k - 1]);
        assertThat(fitErr[2]).isLessThan(0.1 * fitErr[0]).isLessThan(0.05);
        assertThat(err[1]).isLessThan(0.6 * err[0]);
    }

    /** At the fitting points the entropic map is the barycentric projection of the Sinkhorn plan (f_i cancels). */
    @Test
    void entropicMapAtTheFittingPointsIsTheBarycentricProjection() {
        Cases.forAll(15, 10, c -> {
            int n = c.intIn("n", 2, 40), m = c.intIn("m", 1, 40);
            Random rnd = new Random(c.intIn("seed", 0, Integer.MAX_VALUE));
            Matrix x = points(rnd, n, 3), y = points(rnd, m, 3);
            double[] a = weights(rnd, n), b = weights(rnd, m);
            DiscreteMeasure ma = DiscreteMeasure.of(a, x), mb = DiscreteMeasure.of(b, y);
            double eps = c.doubleIn("epsilon", 0.05, 2);
            EntropicMap.Fit fit = EntropicMap.fit(ma, mb, Sinkhorn.withEpsilon(eps).withTolerance(1e-10));
            BarycentricMap bary = BarycentricMap.of(x, y, fit.result().plan());
            assertThat(rms(fit.map().apply(x), bary.apply(x))).isLessThan(1e-10);
            assertThat(rms(bary.apply(x), bary.images())).isZero();
        });
    }

    /** The barycentric projection of an exact plan between equal uniform clouds is the optimal assignment itself. */
    @Test
    void exactBarycentricMapIsTheOptimalAssignment() {
        Random rnd = new Random(4);
        Matrix x = points(rnd, 30, 2), y = points(rnd, 30, 2);
        NetworkSimplex.Result r = NetworkSimplex.defaults().solve(DiscreteMeasure.uniform(30), DiscreteMeasure.uniform(30),
                CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        BarycentricMap map = BarycentricMap.of(x, y, r.plan());
        Matrix t = map.apply(x);
        double[] dense = r.plan().toDense();
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                if (dense[i * 30 + j] == 0) continue;
                for (int k = 0; k < 2; k++) assertThat(t.get(i, k)).isCloseTo(y.get(j, k), offset(1e-14));
            }
        }
        // a new point is moved rigidly with its nearest fitting point
        double[] near = x.row(7).clone();
        near[0] += 1e-4;
        Matrix moved = map.apply(Matrix.of(new double[][] {near}));
        assertThat(moved.get(0, 0) - t.get(7, 0)).isCloseTo(1e-4, offset(1e-12));
    }

    /** The 1-D map at the fitting points is OneDimensional's quantile map; between them it is monotone. */
    @Test
    void monotoneMapInterpolatesTheQuantileMap() {
        Cases.forAll(16, 20, c -> {
            int n = c.intIn("n", 1, 50), m = c.intIn("m", 1, 50);
            Random rnd = new Random(c.intIn("seed", 0, Integer.MAX_VALUE));
            double[] u = new double[n], v = new double[m];
            for (int i = 0; i < n; i++) u[i] = Math.round(rnd.nextGaussian() * 20) / 10.0; // ties on purpose
            for (int j = 0; j < m; j++) v[j] = rnd.nextGaussian() * 3 + 1;
            double[] uw = weights(rnd, n), vw = weights(rnd, m);
            MonotoneMap map = MonotoneMap.fit(u, uw, v, vw);
            double[] q = OneDimensional.quantileMap(u, uw, v, vw);
            boolean distinct = Arrays.stream(u).distinct().count() == n;
            for (int i = 0; i < n && distinct; i++) assertThat(map.apply(u[i])).isEqualTo(q[i]);
            double prev = Double.NEGATIVE_INFINITY;
            for (double t = -6; t <= 6; t += 0.01) {
                double val = map.apply(t);
                assertThat(val).isGreaterThanOrEqualTo(prev - 1e-12 * Math.max(1, Math.abs(prev)));
                prev = val;
            }
        });
    }

    /** The linear map is the Brenier map between the moment estimates; it pushes the sample moments onto the target's. */
    @Test
    void linearMapMatchesTheClosedFormBetweenFittedGaussians() {
        Matrix x = sample(SOURCE, 500, 5), y = sample(TARGET, 400, 6);
        LinearMap map = LinearMap.fit(x, y, 0);
        Gaussian gx = LinearMap.gaussian(x, 0, "x"), gy = LinearMap.gaussian(y, 0, "y");
        Gaussian pushed = map.affine().pushForward(gx);
        assertThat(pushed.covariance().minus(gy.covariance()).maxAbs()).isLessThan(1e-12);
        Matrix t = map.apply(x);
        Gaussian gt = LinearMap.gaussian(t, 0, "t");
        assertThat(gt.covariance().minus(gy.covariance()).maxAbs()).isLessThan(1e-10);
        for (int k = 0; k < 2; k++) assertThat(gt.mean()[k]).isCloseTo(gy.mean()[k], offset(1e-12));
    }

    /** The mixture map is MixtureTransport's assignment between the mixtures it holds. */
    @Test
    void mixtureMapIsTheMixtureAssignment() {
        GaussianMixture a = GaussianMixture.of(new double[] {0.4, 0.6}, List.of(SOURCE, TARGET));
        GaussianMixture b = GaussianMixture.of(new double[] {0.5, 0.5}, List.of(TARGET, SOURCE));
        MixtureMap map = MixtureMap.between(a, b);
        Matrix pts = sample(SOURCE, 50, 7);
        Matrix expected = MixtureTransport.assign(a, b, MixtureTransport.solve(a, b), pts);
        assertThat(rms(map.apply(pts), expected)).isZero();
        MixtureMap fitted = MixtureMap.fit(a.sample(400, 8), b.sample(400, 9), 2, 2, 10);
        assertThat(fitted.apply(pts).rows()).isEqualTo(50);
    }

    /** Every kind saved as .npz and loaded gives bit-identical outputs. */
    @Test
    void savedAndLoadedMapsGiveIdenticalOutputs(@TempDir Path dir) throws Exception {
        Random rnd = new Random(11);
        Matrix x = points(rnd, 40, 2), y = points(rnd, 30, 2), test = points(rnd, 25, 2);
        EntropicMap.Fit fit = EntropicMap.fit(x, y, Sinkhorn.withEpsilon(0.1));
        double[] u = x.toRowMajor();
        List<TransportMap> maps = List.of(fit.map(), BarycentricMap.of(x, y, fit.result().plan()),
                MonotoneMap.fit(Arrays.copyOf(u, 40), null, y.toRowMajor(), null), LinearMap.fit(x, y, 1e-8),
                MixtureMap.between(GaussianMixture.of(new double[] {1}, List.of(SOURCE)),
                        GaussianMixture.of(new double[] {0.3, 0.7}, List.of(SOURCE, TARGET))));
        for (TransportMap map : maps) {
            Path file = dir.resolve(map.kind() + ".npz");
            TransportMapFiles.write(file, map);
            TransportMap back = TransportMapFiles.read(file);
            assertThat(back.kind()).isEqualTo(map.kind());
            Matrix pts = map.dimension() == 1 ? Matrix.fromRowMajor(25, 1, Arrays.copyOf(test.toRowMajor(), 25)) : test;
            assertThat(back.apply(pts)).isEqualTo(map.apply(pts));
        }
    }

    @Test
    void badInputIsRefusedByName() {
        Random rnd = new Random(12);
        Matrix x = points(rnd, 10, 2), y = points(rnd, 10, 2);
        EntropicMap map = EntropicMap.fit(x, y, Sinkhorn.withEpsilon(0.5)).map();
        assertThatThrownBy(() -> map.apply(points(rnd, 3, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 3");
        Matrix nan = Matrix.of(new double[][] {{0, Double.NaN}});
        assertThatThrownBy(() -> map.apply(nan)).hasMessageContaining("points[0][1] is not finite");
        assertThatThrownBy(() -> TransportMap.fromParameters("kd-tree", map.parameters()))
                .hasMessageContaining("unknown transport map kind");
        var p = new LinkedHashMap<>(map.parameters());
        p.remove("potential");
        assertThatThrownBy(() -> TransportMap.fromParameters("entropic", p)).hasMessageContaining("'potential' is missing");
        assertThatThrownBy(() -> TransportMap.fromParameters("linear", map.parameters())).hasMessageContaining("'matrix' is missing");
    }

    static Matrix points(Random rnd, int n, int d) {
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
        return Matrix.fromRowMajor(n, d, v);
    }

    static double[] weights(Random rnd, int n) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.2 + rnd.nextDouble();
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }
}
