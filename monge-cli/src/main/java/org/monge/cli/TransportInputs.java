package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * --a --b (--cost | --x --y [--metric]): two weighted measures and their ground costs, from
 * .npy or .csv files. Missing weights are uniform; point-cloud costs are computed on the fly.
 */
public final class TransportInputs {
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).")
    Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).")
    Path b;
    @Option(names = "--cost", paramLabel = "FILE", description = "Dense n×m cost matrix (instead of --x/--y).")
    Path cost;
    @Option(names = "--x", paramLabel = "FILE", description = "Source points, n×d.")
    Path x;
    @Option(names = "--y", paramLabel = "FILE", description = "Target points, m×d.")
    Path y;
    @Option(names = "--metric",
            description = "Ground cost for --x/--y: sqeuclidean, euclidean, cityblock or minkowski:P (default: sqeuclidean).")
    String metric;

    /** The costs; exactly one of --cost or the pair --x/--y (then computed on the fly, no n×m matrix). */
    CostMatrix costs() throws IOException {
        if (cost != null && (x != null || y != null)) throw new IllegalArgumentException("--cost: give either --cost or --x/--y, not both");
        if (cost != null && metric != null) throw new IllegalArgumentException("--metric: applies to --x/--y only, not to a --cost matrix");
        if (cost != null) {
            Inputs.requireFits(cost, "--cost", 3); // read, as a matrix, as the cost matrix's own array
            Matrix m = Inputs.matrix(cost, "--cost");
            return Options.tag("--cost", () -> CostMatrix.dense(m));
        }
        if (x == null || y == null) throw new IllegalArgumentException("--x/--y: give both point clouds (or --cost)");
        Metric mt = Options.tag("--metric", () -> Metric.named(metric == null ? "sqeuclidean" : metric));
        Matrix xm = Inputs.points(x, "--x"), ym = Inputs.points(y, "--y");
        return Options.tag("--x/--y", () -> CostMatrix.fromPoints(xm, ym, mt));
    }

    /** The option the costs come from: --cost, or --x/--y for point clouds. */
    String costOption() { return cost != null ? "--cost" : "--x/--y"; }

    /** A solver's call, its errors tagged with the option the costs come from (a leading "cost: " becomes that option). */
    <T> T aboutCosts(Options.Call<T, RuntimeException> call) {
        return Options.tag(Map.of("cost", costOption()), costOption(), call);
    }

    /** Help text shared by the commands that refuse an infeasible problem. */
    static final String INFEASIBLE_HELP = "A problem whose positive weights cannot all be met by finite-cost pairs is a user error: "
            + "exit 2 with \"problem is infeasible: ...\".";

    DiscreteMeasure source(int n) throws IOException { return weights(a, "--a", n); }

    DiscreteMeasure target(int m) throws IOException { return weights(b, "--b", m); }

    static DiscreteMeasure weights(Path p, String option, int n) throws IOException {
        if (p == null) return DiscreteMeasure.uniform(n);
        double[] w = Inputs.vector(p, option);
        if (w.length != n) throw new IllegalArgumentException(option + " has " + w.length + " weights, expected " + n);
        return Options.tag(option, () -> DiscreteMeasure.of(w));
    }

    /** Uniform or given weights on the points of a file. */
    static DiscreteMeasure cloud(Path points, String pointsOption, Path weights, String weightsOption) throws IOException {
        Matrix m = Inputs.points(points, pointsOption);
        DiscreteMeasure w = weights(weights, weightsOption, m.rows());
        return DiscreteMeasure.of(w.weights(), m);
    }
}
