package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.SlicedWasserstein;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code monge sliced}: sliced Wasserstein distance between two point clouds. */
@Command(name = "sliced", mixinStandardHelpOptions = true,
        description = "Sliced W_p over random directions (mean of W_p^p, or the max with --max). Key: distance.")
public final class SlicedCommand extends ReportingCommand {
    @Option(names = "--x", required = true, paramLabel = "FILE", description = "Source points, n×d.") Path x;
    @Option(names = "--y", required = true, paramLabel = "FILE", description = "Target points, m×d.") Path y;
    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (default: uniform).") Path b;
    @Option(names = "--projections", defaultValue = "100",
            description = "Number of random directions (default: ${DEFAULT-VALUE}).") int projections;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the directions (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--p", defaultValue = "2", description = "Exponent p >= 1 (default: ${DEFAULT-VALUE}).") double p;
    @Option(names = "--max", description = "Max-sliced: the largest W_p over the directions.") boolean max;
    @Option(names = "--grad-out", paramLabel = "PREFIX", description = "Gradient of SW_p^p (the mean of W_p^p over the directions; "
            + "with --max that of the maximising direction). " + GradientFiles.HELP) String gradOut;

    @Override
    protected Report compute() throws Exception {
        DiscreteMeasure alpha = TransportInputs.cloud(x, "--x", a, "--a"), beta = TransportInputs.cloud(y, "--y", b, "--b");
        if (projections < 1) throw new IllegalArgumentException("--projections must be at least 1, got " + projections);
        if (!(p >= 1)) throw new IllegalArgumentException("--p must be at least 1, got " + p);
        SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(projections).withSeed(seed).withP(p).withMaxSliced(max);
        int dim = alpha.support().cols();
        Heap.require("--projections", projections + " directions in dimension " + dim, (long) projections * dim, sw.bytesNeeded(dim));
        if (gradOut != null) GradientFiles.stage(outputs, gradOut, Options.tag("--x/--y", () -> sw.valueAndGradient(alpha, beta)), false);
        return new Report().put("distance", Options.tag("--x/--y", () -> sw.distance(alpha, beta)));
    }
}
