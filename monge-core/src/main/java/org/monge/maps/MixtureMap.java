package org.monge.maps;

import org.monge.gmm.ExpectationMaximization;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureTransport;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mixture map (Delon &amp; Desolneux 2020, §6.3, T_mean): Gaussian mixtures are fitted to both samples by EM and
 * T(x) = Σ_kl w_kl N_k(x) T_kl(x) / Σ_k p_k N_k(x), with w the MW2-optimal coupling of the components and T_kl the
 * Brenier map N_k → N_l, computed by {@link MixtureTransport}. It stores the two mixtures; the K×L coupling is
 * solved again (deterministically) when a saved map is loaded. Cost per point O(K L d²).
 */
public final class MixtureMap implements TransportMap {
    public static final String KIND = "mixture";
    private final GaussianMixture source, target;
    private final MixtureTransport.Result transport;

    private MixtureMap(GaussianMixture source, GaussianMixture target) {
        this.source = source;
        this.target = target;
        this.transport = MixtureTransport.solve(source, target);
    }

    /** The map between two given mixtures of equal dimension. */
    public static MixtureMap between(GaussianMixture source, GaussianMixture target) { return new MixtureMap(source, target); }

    /** Fits K components to x and L to y by EM (seeded) and returns the map between the fits. */
    public static MixtureMap fit(Matrix x, Matrix y, int k, int l, long seed) {
        MapArgs.finite(x, "x");
        MapArgs.finite(y, "y");
        if (x.cols() != y.cols()) throw new IllegalArgumentException("x has dimension " + x.cols() + ", y " + y.cols());
        GaussianMixture a = ExpectationMaximization.withComponents(k).withSeed(seed).fit(x).mixture();
        GaussianMixture b = ExpectationMaximization.withComponents(l).withSeed(seed).fit(y).mixture();
        return new MixtureMap(a, b);
    }

    public GaussianMixture source() { return source; }

    public GaussianMixture target() { return target; }

    /** The MW2 coupling between the components. */
    public Matrix coupling() { return transport.coupling(); }

    @Override public String kind() { return KIND; }
    @Override public int dimension() { return source.dimension(); }
    @Override public int targetDimension() { return source.dimension(); }

    @Override
    public Matrix apply(Matrix points) {
        return MixtureTransport.assign(source, target, transport, MapArgs.points(points, dimension(), "points"));
    }

    @Override
    public Map<String, Matrix> parameters() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        put(p, "source", source);
        put(p, "target", target);
        return p;
    }

    private static void put(Map<String, Matrix> p, String side, GaussianMixture g) {
        int k = g.size(), d = g.dimension();
        double[] cov = new double[k * d * d];
        for (int i = 0; i < k; i++) System.arraycopy(g.component(i).covariance().toRowMajor(), 0, cov, i * d * d, d * d);
        p.put(side + "_weights", MapArgs.row(g.weights()));
        p.put(side + "_means", g.means());
        p.put(side + "_covariances", Matrix.fromRowMajor(k, d * d, cov));
    }

    private static GaussianMixture mixture(Map<String, Matrix> p, String side) {
        Matrix means = MapArgs.require(p, side + "_means", KIND);
        int k = means.rows(), d = means.cols();
        double[] w = MapArgs.vector(MapArgs.require(p, side + "_weights", KIND), k, side + "_weights", KIND);
        Matrix cov = MapArgs.require(p, side + "_covariances", KIND);
        if (cov.rows() != k || cov.cols() != d * d) {
            throw new IllegalArgumentException(KIND + " map: parameter '" + side + "_covariances' has shape "
                    + cov.rows() + "x" + cov.cols()
                    + ", expected " + k + "x" + d * d);
        }
        List<Matrix> covs = new ArrayList<>();
        for (int i = 0; i < k; i++) covs.add(Matrix.fromRowMajor(d, d, cov.row(i)));
        return GaussianMixture.of(w, means, covs);
    }

    static MixtureMap fromParameters(Map<String, Matrix> p) {
        GaussianMixture a = mixture(p, "source"), b = mixture(p, "target");
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException(KIND + " map: source dimension " + a.dimension() + ", target " + b.dimension());
        }
        return new MixtureMap(a, b);
    }
}
