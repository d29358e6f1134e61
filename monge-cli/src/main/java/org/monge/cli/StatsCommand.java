package org.monge.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.StreamingStatistics;
import org.monge.io.NdArray;
import org.monge.io.Npz;
import org.monge.io.NpyRowReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code monge stats FEATURES.npy --out STATS.npz}: streaming mean and covariance, as pytorch-fid stores them. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Mean (mu) and unbiased covariance (sigma) of an n×d feature .npy, streamed; written as .npz."
                + " Keys: count, dimension, out.")
public final class StatsCommand extends ReportingCommand {
    /** Files with at least this many values get a progress bar on stderr. */
    static final long PROGRESS_THRESHOLD = 20_000_000L;

    @Parameters(index = "0", paramLabel = "FEATURES.npy", description = "n×d features (float32 or float64).")
    Path features;
    @Option(names = "--out", paramLabel = "STATS.npz", required = true, description = "Output statistics file (arrays mu, sigma).")
    Path out;

    @Override
    protected Report compute() throws Exception {
        FeatureStatistics s = statistics(features, err());
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("mu", NdArray.vector(s.mean()));
        arrays.put("sigma", NdArray.of(s.covariance()));
        outputs.file(out, "--out", tmp -> Npz.write(tmp, arrays));
        return new Report().put("count", s.count()).put("dimension", s.dimension()).put("out", out.toString());
    }

    /**
     * Statistics of a feature .npy file, with a progress bar on stderr for large files: the CLI joins monge-core's file
     * reader to its solver, which reads no files itself.
     */
    static FeatureStatistics statistics(Path features, PrintWriter err) throws IOException {
        try (NpyRowReader r = new NpyRowReader(features)) {
            long rows = r.rows();
            int cols = r.cols();
            if (cols < 1) throw new IllegalArgumentException(features + " has no feature columns");
            if (rows * cols < PROGRESS_THRESHOLD) return StreamingStatistics.defaults().compute(cols, r::read, null);
            try (ProgressBar pb = new ProgressBarBuilder().setTaskName("stats " + features.getFileName()).setInitialMax(rows)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).build()) {
                FeatureStatistics s = StreamingStatistics.defaults().compute(cols, r::read, pb::stepTo);
                pb.stepTo(rows);
                return s;
            }
        }
    }
}
