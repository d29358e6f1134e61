package org.monge.maps;

import org.monge.discrete.TransportPlan;
import org.monge.linalg.Matrix;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The barycentric projection of a transport plan π between points x_i and y_j (Ferradans et al. 2014, "Regularized
 * discrete optimal transport", §2.3): T(x_i) = Σ_j π_ij y_j / Σ_j π_ij, the conditional mean of the target given
 * x_i, for an exact (network simplex) or an entropic plan. A new point x is sent by the nearest-neighbour rule of
 * POT's {@code ot.da} (Ferradans et al.'s out-of-sample map): with x_k the fitting point nearest to x (squared
 * Euclidean distance, the first in order on ties), T(x) = T(x_k) + (x − x_k), so a fitting point maps exactly to
 * its projection and the map moves a neighbourhood of x_k rigidly. Source points that carry no mass in π have no
 * projection and are left out of the neighbour search (POT maps them to 0).
 *
 * <p>Cost: fitting O(nnz(π) d'); applying O(n d) per point (brute-force neighbour search, points in parallel).
 */
public final class BarycentricMap implements TransportMap {
    public static final String KIND = "barycentric";
    private final double[] sources; // n×d
    private final double[] images;  // n×d
    private final int n, d;

    private BarycentricMap(Matrix sources, Matrix images) {
        if (sources.rows() != images.rows() || sources.cols() != images.cols()) {
            throw new IllegalArgumentException("sources (" + sources.rows() + "x" + sources.cols() + ") and images ("
                    + images.rows() + "x" + images.cols() + ") must have the same shape");
        }
        if (sources.rows() == 0) throw new IllegalArgumentException("sources: the barycentric map needs at least one point with mass");
        this.n = sources.rows();
        this.d = sources.cols();
        this.sources = MapArgs.finite(sources, "sources").toRowMajor();
        this.images = MapArgs.finite(images, "images").toRowMajor();
    }

    /** The projection of PLAN between the rows of x (its sources) and of y (its targets). */
    public static BarycentricMap of(Matrix x, Matrix y, TransportPlan plan) {
        checkShapes(x, y, plan.rows(), plan.cols());
        return project(x, y, plan::forEachNonZero);
    }

    /** The projection of a dense row-major x.rows()×y.rows() plan (one that no solver returned, such as a line-search iterate). */
    static BarycentricMap ofDense(Matrix x, Matrix y, double[] plan) {
        int m = y.rows();
        if (plan.length != (long) x.rows() * m) {
            throw new IllegalArgumentException("plan has " + plan.length + " entries, x has " + x.rows() + " points, y " + m);
        }
        checkShapes(x, y, x.rows(), m);
        return project(x, y, action -> {
            for (int k = 0; k < plan.length; k++) if (plan[k] != 0) action.accept(k / m, k % m, plan[k]);
        });
    }

    private static void checkShapes(Matrix x, Matrix y, int planRows, int planCols) {
        if (planRows != x.rows() || planCols != y.rows()) {
            throw new IllegalArgumentException("plan is " + planRows + "x" + planCols + ", x has " + x.rows() + " points, y " + y.rows());
        }
        if (x.cols() != y.cols()) throw new IllegalArgumentException("x has dimension " + x.cols() + ", y " + y.cols());
    }

    private static BarycentricMap project(Matrix x, Matrix y, Consumer<TransportPlan.Entry> entries) {
        int rows = x.rows(), dim = y.cols();
        double[] yy = MapArgs.finite(y, "y").toRowMajor();
        double[] num = new double[rows * dim], mass = new double[rows];
        entries.accept((i, j, p) -> {
            mass[i] += p;
            for (int k = 0; k < dim; k++) num[i * dim + k] += p * yy[j * dim + k];
        });
        int kept = 0;
        for (int i = 0; i < rows; i++) if (mass[i] > 0) kept++;
        double[] src = new double[kept * dim], img = new double[kept * dim];
        for (int i = 0, o = 0; i < rows; i++) {
            if (!(mass[i] > 0)) continue;
            for (int k = 0; k < dim; k++) {
                src[o * dim + k] = x.get(i, k);
                img[o * dim + k] = num[i * dim + k] / mass[i];
            }
            o++;
        }
        return new BarycentricMap(Matrix.fromRowMajor(kept, dim, src), Matrix.fromRowMajor(kept, dim, img));
    }

    /** The fitting points that carry mass, and their projections. */
    public Matrix sources() { return Matrix.fromRowMajor(n, d, sources.clone()); }

    public Matrix images() { return Matrix.fromRowMajor(n, d, images.clone()); }

    @Override public String kind() { return KIND; }
    @Override public int dimension() { return d; }
    @Override public int targetDimension() { return d; }

    @Override
    public Matrix apply(Matrix points) {
        MapArgs.points(points, d, "points");
        int rows = points.rows();
        double[] xs = points.toRowMajor();
        double[] out = new double[rows * d];
        IntStream.range(0, rows).parallel().forEach(i -> {
            int xo = i * d, best = 0;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int s = 0; s < n; s++) {
                double c = 0;
                for (int k = 0; k < d; k++) {
                    double t = xs[xo + k] - sources[s * d + k];
                    c += t * t;
                }
                if (c < bestDist) {
                    bestDist = c;
                    best = s;
                }
            }
            for (int k = 0; k < d; k++) out[xo + k] = images[best * d + k] + (xs[xo + k] - sources[best * d + k]);
        });
        return Matrix.fromRowMajor(rows, d, out);
    }

    @Override
    public Map<String, Matrix> parameters() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        p.put("sources", sources());
        p.put("images", images());
        return p;
    }

    static BarycentricMap fromParameters(Map<String, Matrix> p) {
        return new BarycentricMap(MapArgs.require(p, "sources", KIND), MapArgs.require(p, "images", KIND));
    }
}
