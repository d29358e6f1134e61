package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code monge sinkhorn-divergence}: the debiased Sinkhorn divergence between two point clouds. */
@Command(name = "sinkhorn-divergence", mixinStandardHelpOptions = true,
        description = "Debiased Sinkhorn divergence S_eps = OT(a,b) - OT(a,a)/2 - OT(b,b)/2 "
                + "(log-domain Sinkhorn, as 'monge sinkhorn' by default). "
                + "Keys: divergence, converged.")
public final class SinkhornDivergenceCommand extends ReportingCommand {
    @Option(names = "--x", required = true, paramLabel = "FILE", description = "Source points, n×d.") Path x;
    @Option(names = "--y", required = true, paramLabel = "FILE", description = "Target points, m×d.") Path y;
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--metric", defaultValue = "sqeuclidean", description = "Ground cost (default: ${DEFAULT-VALUE}).") String metric;
    @Option(names = "--epsilon", required = true, description = "Regularisation epsilon (> 0).") double epsilon;
    @Option(names = "--tol", defaultValue = "1e-9",
            description = "L1 marginal error at which each solve stops (default: ${DEFAULT-VALUE}).") double tol;
    @Option(names = "--max-iter", defaultValue = "1000",
            description = "Iteration limit of each solve (default: ${DEFAULT-VALUE}).") int maxIter;

    @Override
    protected Report compute() throws Exception {
        DiscreteMeasure alpha = TransportInputs.cloud(x, "--x", a, "--a"), beta = TransportInputs.cloud(y, "--y", b, "--b");
        if (alpha.support().cols() != beta.support().cols()) {
            throw new IllegalArgumentException("--x/--y: point clouds differ in dimension");
        }
        Metric mt = Options.tag("--metric", () -> Metric.named(metric));
        // --epsilon, --tol and --max-iter are in range (OptionRules), so building the solver cannot fail
        Sinkhorn solver = Sinkhorn.withEpsilon(epsilon).withTolerance(tol).withMaxIterations(maxIter);
        SinkhornDivergence.Result r = Options.tag(Map.of("epsilon", "--epsilon"), "--x/--y",
                () -> SinkhornDivergence.between(alpha, beta, mt, solver));
        return new Report().put("divergence", r.divergence()).put("converged", r.converged());
    }
}
