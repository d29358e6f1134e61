package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.NetworkSimplex;
import org.monge.discrete.OptimalityCertificate;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code monge emd}: exact discrete OT by the network simplex, with its optimality certificate. */
@Command(name = "emd", mixinStandardHelpOptions = true,
        description = "Exact optimal transport (Kantorovich LP, network simplex) between weights a and b. "
                + "Keys: cost, status, iterations, nonzeros, duality_gap.")
public final class EmdCommand extends ReportingCommand {
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--cost", paramLabel = "FILE", description = "m×n cost matrix (or give --x and --y).") Path cost;
    @Option(names = "--x", paramLabel = "FILE", description = "m×d source points.") Path x;
    @Option(names = "--y", paramLabel = "FILE", description = "n×d target points.") Path y;
    @Option(names = "--metric", defaultValue = "sqeuclidean", description = "Cost between points: sqeuclidean, euclidean, cityblock or minkowski:P (default: ${DEFAULT-VALUE}).")
    String metric;
    @Option(names = "--max-iter", defaultValue = "2147483647", description = "Pivot limit (default: none).") int maxIter;
    @Option(names = "--plan-out", paramLabel = "FILE", description = "Where to write the m×n optimal plan (dense).") Path planOut;
    @Option(names = "--potentials-out", paramLabel = "PREFIX", description = "Write the dual potentials to PREFIX_u.npy and PREFIX_v.npy.") String potentialsOut;

    @Override
    protected Report compute() throws Exception {
        CostMatrix c = costMatrix();
        DiscreteMeasure ma = weights(a, "--a", c.rows()), mb = weights(b, "--b", c.cols());
        if (ma.size() != c.rows()) throw new IllegalArgumentException("--a has " + ma.size() + " weights but the cost has " + c.rows() + " rows");
        if (mb.size() != c.cols()) throw new IllegalArgumentException("--b has " + mb.size() + " weights but the cost has " + c.cols() + " columns");
        try {
            DiscreteMeasure.requireBalanced(ma, mb);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--a/--b: " + e.getMessage(), e);
        }
        NetworkSimplex.Result r = NetworkSimplex.defaults().withMaxIterations(maxIter).solve(ma, mb, c);
        OptimalityCertificate cert = OptimalityCertificate.of(ma, mb, c, r);
        if (planOut != null) Inputs.write(planOut, NdArray.of(Matrix.fromRowMajor(c.rows(), c.cols(), r.plan().toDense())), "--plan-out");
        if (potentialsOut != null) {
            Inputs.write(Path.of(potentialsOut + "_u.npy"), NdArray.vector(r.u()), "--potentials-out");
            Inputs.write(Path.of(potentialsOut + "_v.npy"), NdArray.vector(r.v()), "--potentials-out");
        }
        return new Report().put("cost", r.cost()).put("status", r.status().name().toLowerCase(Locale.ROOT)).put("iterations", r.iterations())
                .put("nonzeros", r.plan().nonzeros()).put("duality_gap", cert.dualityGap())
                .put("marginal_error", cert.marginalError()).put("dual_infeasibility", cert.dualInfeasibility());
    }

    private CostMatrix costMatrix() throws Exception {
        if (cost != null) {
            if (x != null || y != null) throw new IllegalArgumentException("--cost: give either --cost or --x and --y, not both");
            Matrix m = Inputs.matrix(cost, "--cost");
            try {
                return CostMatrix.dense(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cost: " + e.getMessage(), e);
            }
        }
        if (x == null || y == null) throw new IllegalArgumentException("--cost: give a cost matrix, or both --x and --y");
        Metric mt;
        try {
            mt = Metric.named(metric);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metric: " + e.getMessage(), e);
        }
        Matrix px = Inputs.matrix(x, "--x"), py = Inputs.matrix(y, "--y");
        try {
            return CostMatrix.fromPoints(px, py, mt); // computed on the fly: no m×n matrix for (sq.) Euclidean
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--x/--y: " + e.getMessage(), e);
        }
    }

    private static DiscreteMeasure weights(Path p, String option, int n) throws Exception {
        if (p == null) return DiscreteMeasure.uniform(n);
        try {
            return DiscreteMeasure.of(Inputs.vector(p, option));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(option)) throw e;
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
