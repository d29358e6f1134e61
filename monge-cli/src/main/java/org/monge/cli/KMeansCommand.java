package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.KMeans;
import org.monge.io.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code monge kmeans}: k-means++ and Lloyd, reported as the W2 projection onto k atoms. */
@Command(name = "kmeans", mixinStandardHelpOptions = true,
        description = "k-means (k-means++ seeds, Lloyd) as the W2 projection onto at most k atoms. "
                + "Keys: w2_squared (null when outside the double range), iterations, centers, converged. "
                + "--k above the number of points gives one centre per distinct point.")
public final class KMeansCommand extends ReportingCommand {
    @Option(names = "--x", required = true, paramLabel = "FILE", description = "Data points, n×d.") Path x;
    @Option(names = "--weights", paramLabel = "FILE", description = "Data weights (default: uniform).") Path weights;
    @Option(names = "--k", required = true, description = "Number of centres.") int k;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of k-means++ (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--max-iter", defaultValue = "300", description = "Lloyd iteration limit (default: ${DEFAULT-VALUE}).") int maxIter;
    @Option(names = "--out-centers", required = true, paramLabel = "FILE",
            description = "Where to write the centres (k'×d, k' ≤ k).") Path outCenters;
    @Option(names = "--out-weights", paramLabel = "FILE", description = "Where to write the centres' masses.") Path outWeights;

    @Override
    protected Report compute() throws Exception {
        if (k < 1) throw new IllegalArgumentException("--k must be at least 1, got " + k);
        if (maxIter < 1) throw new IllegalArgumentException("--max-iter must be at least 1, got " + maxIter);
        DiscreteMeasure data = TransportInputs.cloud(x, "--x", weights, "--weights");
        KMeans.Result r = Options.tag("--x", () -> KMeans.withK(k).withSeed(seed).withMaxIterations(maxIter).fit(data));
        outputs.array(outCenters, "--out-centers", NdArray.of(r.centers()));
        if (outWeights != null) outputs.array(outWeights, "--out-weights", NdArray.vector(r.weights()));
        Double w2 = Double.isFinite(r.w2Squared()) ? r.w2Squared() : null;
        if (w2 == null) {
            err().println("monge kmeans: W2² is " + (r.w2Squared() > 0 ? "above" : "below") + " the double range; w2_squared is null");
            err().flush();
        }
        return new Report().put("w2_squared", w2).put("iterations", r.iterations())
                .put("centers", r.centers().rows()).put("converged", r.converged());
    }
}
