package org.monge.maps;

import org.monge.gaussian.AffineMap;
import org.monge.gaussian.BrenierMap;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.MomentAccumulator;
import org.monge.linalg.Matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The linear (Gaussian) map: the Brenier map T(x) = m_t + A (x − m_s) between the Gaussians fitted to two samples,
 * A = S^−½ (S^½ T S^½)^½ S^−½ ({@link BrenierMap}), the optimal map between samples that are Gaussian and the
 * "mapping estimation" of Flamary et al. / POT's {@code ot.da.LinearTransport}. The covariances are the
 * maximum-likelihood estimates (divided by n, as POT) plus reg·I, which makes them positive definite for fewer
 * points than dimensions and is POT's regularised estimate (its default reg is 1e-8). Moments come from one
 * streamed pass ({@link MomentAccumulator}, shifted data). Cost O(n d² + d³).
 */
public final class LinearMap implements TransportMap {
    public static final String KIND = "linear";
    /** POT's default regularisation of the covariances. */
    public static final double DEFAULT_REGULARIZATION = 1e-8;
    private final AffineMap map;

    private LinearMap(AffineMap map) {
        MapArgs.finite(map.matrix(), "matrix");
        this.map = map;
    }

    /** The map of an affine map. */
    public static LinearMap of(AffineMap map) { return new LinearMap(map); }

    /** The Brenier map between the regularised Gaussian fits of x and y (rows are points; reg ≥ 0). */
    public static LinearMap fit(Matrix x, Matrix y, double reg) {
        if (x.cols() != y.cols()) throw new IllegalArgumentException("x has dimension " + x.cols() + ", y " + y.cols());
        if (!(reg >= 0) || !Double.isFinite(reg)) throw new IllegalArgumentException("reg must be non-negative and finite, got " + reg);
        return new LinearMap(BrenierMap.between(gaussian(x, reg, "x"), gaussian(y, reg, "y")));
    }

    /** N(mean, maximum-likelihood covariance + reg·I) of the rows of points. */
    public static Gaussian gaussian(Matrix points, double reg, String name) {
        MapArgs.finite(points, name);
        int n = points.rows(), d = points.cols();
        if (n < 2) throw new IllegalArgumentException(name + ": a covariance estimate needs at least 2 points, got " + n);
        MomentAccumulator acc = new MomentAccumulator(d);
        acc.addBlock(points.toRowMajor(), n);
        FeatureStatistics s = acc.statistics();
        Matrix cov = s.covariance().scale((n - 1.0) / n).plus(Matrix.identity(d).scale(reg));
        return Gaussian.of(s.mean(), cov, name);
    }

    public AffineMap affine() { return map; }

    @Override public String kind() { return KIND; }
    @Override public int dimension() { return map.dimension(); }
    @Override public int targetDimension() { return map.dimension(); }

    @Override
    public Matrix apply(Matrix points) {
        return map.applyToRows(MapArgs.points(points, map.dimension(), "points"));
    }

    @Override
    public Map<String, Matrix> parameters() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        p.put("matrix", map.matrix());
        p.put("shift", MapArgs.row(map.shift()));
        return p;
    }

    static LinearMap fromParameters(Map<String, Matrix> p) {
        Matrix a = MapArgs.require(p, "matrix", KIND);
        if (!a.isSquare()) {
            throw new IllegalArgumentException(KIND + " map: parameter 'matrix' must be square, got " + a.rows() + "x" + a.cols());
        }
        return new LinearMap(new AffineMap(a, MapArgs.vector(MapArgs.require(p, "shift", KIND), a.rows(), "shift", KIND)));
    }
}
