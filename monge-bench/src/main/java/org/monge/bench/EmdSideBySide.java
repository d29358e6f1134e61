package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.NetworkSimplex;
import org.monge.io.Npy;

import java.nio.file.Path;

/**
 * Side-by-side timing main for the exact solver: reads x.npy and y.npy (point clouds) from the
 * folder given, builds the squared-Euclidean cost matrix once (as the reference does with
 * ot.dist, outside the timing) and times NetworkSimplex on uniform weights.
 * Usage: EmdSideBySide DIR NAME [repeats]
 */
public final class EmdSideBySide {
    private EmdSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[1];
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        var x = Npy.read(dir.resolve("x.npy")).toMatrix("x");
        var y = Npy.read(dir.resolve("y.npy")).toMatrix("y");
        CostMatrix c = CostMatrix.dense(x.rows(), y.rows(), CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN).toRowMajor());
        DiscreteMeasure a = DiscreteMeasure.uniform(x.rows()), b = DiscreteMeasure.uniform(y.rows());
        NetworkSimplex solver = NetworkSimplex.defaults();
        NetworkSimplex.Result[] last = new NetworkSimplex.Result[1];
        double s = Timer.medianSeconds(1, repeats, () -> last[0] = solver.solve(a, b, c));
        System.err.println(name + ": " + last[0].iterations() + " pivots, status " + last[0].status());
        Timer.report(name, s, last[0].cost());
    }
}
