package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.LinearAssignment;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Timing mains for side-by-side/discrete.sh; each prints RESULT lines (median seconds, value).
 * <pre>
 *   emd DIR NAME      x.npy, y.npy: network simplex, squared Euclidean, uniform weights
 *                     (cost matrix built once outside the timing, as the reference's ot.dist)
 *   emd-points DIR NAME  the same with the costs computed on the fly from the points
 *   assign DIR NAME   cost.npy: linear assignment (minimise)
 *   w1d DIR NAME P    u.npy, v.npy (uw.npy, vw.npy if present): 1-D W_p^p
 * </pre>
 */
public final class DiscreteTiming {
    private DiscreteTiming() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String name = args[2];
        switch (args[0]) {
            case "emd" -> {
                Matrix x = Npy.read(dir.resolve("x.npy")).toMatrix("x"), y = Npy.read(dir.resolve("y.npy")).toMatrix("y");
                CostMatrix onTheFly = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
                CostMatrix c = CostMatrix.dense(x.rows(), y.rows(), onTheFly.toRowMajor());
                DiscreteMeasure a = DiscreteMeasure.uniform(x.rows()), b = DiscreteMeasure.uniform(y.rows());
                NetworkSimplex.Result[] last = new NetworkSimplex.Result[1];
                double s = Timer.medianSeconds(1, 3, () -> last[0] = NetworkSimplex.defaults().solve(a, b, c));
                if (!last[0].isOptimal()) throw new IllegalStateException("status " + last[0].status());
                System.err.println(name + ": " + last[0].iterations() + " pivots");
                Timer.report(name, s, last[0].cost());
            }
            case "emd-points" -> { // the same problem, costs computed on the fly from the points (no matrix)
                Matrix x = Npy.read(dir.resolve("x.npy")).toMatrix("x"), y = Npy.read(dir.resolve("y.npy")).toMatrix("y");
                CostMatrix c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
                DiscreteMeasure a = DiscreteMeasure.uniform(x.rows()), b = DiscreteMeasure.uniform(y.rows());
                NetworkSimplex.Result[] last = new NetworkSimplex.Result[1];
                double s = Timer.medianSeconds(1, 3, () -> last[0] = NetworkSimplex.defaults().solve(a, b, c));
                if (!last[0].isOptimal()) throw new IllegalStateException("status " + last[0].status());
                System.err.println(name + ": " + last[0].iterations() + " pivots");
                Timer.report(name, s, last[0].cost());
            }
            case "assign" -> {
                NdArray c = Npy.read(dir.resolve("cost.npy"));
                int m = c.shape()[0], n = c.shape()[1];
                double[] data = c.data();
                double[] last = new double[1];
                double s = Timer.medianSeconds(1, 3, () -> last[0] = LinearAssignment.defaults().solve(m, n, data).cost());
                Timer.report(name, s, last[0]);
            }
            case "w1d" -> {
                double p = Double.parseDouble(args[3]);
                double[] u = Npy.read(dir.resolve("u.npy")).toVector("u"), v = Npy.read(dir.resolve("v.npy")).toVector("v");
                double[] uw = Files.exists(dir.resolve("uw.npy")) ? Npy.read(dir.resolve("uw.npy")).toVector("uw") : null;
                double[] vw = Files.exists(dir.resolve("vw.npy")) ? Npy.read(dir.resolve("vw.npy")).toVector("vw") : null;
                double[] last = new double[1];
                double s = Timer.medianSeconds(3, 5, () -> last[0] = OneDimensional.wassersteinCost(u, uw, v, vw, p));
                Timer.report(name, s, last[0]);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + " (emd, assign, w1d)");
        }
    }
}
