package org.monge.spark.cli;

import org.apache.spark.sql.SparkSession;
import org.monge.cli.Report;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.io.NdArray;
import org.monge.io.Npz;
import org.monge.spark.FeatureSources;
import org.monge.spark.MongeSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code monge spark fid --input A --input B}: FID between two feature sets (or one and an .npz of statistics) on Spark. */
@Command(name = "fid", mixinStandardHelpOptions = true,
        description = "Fréchet Inception Distance on Spark between two feature sets (Parquet, CSV or .npy shards; files or "
                + "directories), or one feature set and a statistics .npz (mu, sigma). Keys: fid, count_a, count_b, dimension.")
public final class SparkFidCommand implements Callable<Integer> {
    @Mixin SparkOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--input", paramLabel = "PATH", required = true,
            description = "Feature set A, then B (each a file or directory; give twice, or once with --stats).")
    List<String> inputs;
    @Option(names = "--stats", paramLabel = "B.npz", description = "Statistics of B (mu, sigma), instead of a second --input.")
    Path stats;
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "parquet, csv or npy (default: from the first path's extension, else parquet).")
    String format;
    @Option(names = "--column", paramLabel = "NAME",
            description = "The feature column (array or ML Vector); default: 'features', the only array column, or all numeric columns.")
    String column;
    @Option(names = "--csv-header", description = "CSV inputs start with a header line.")
    boolean csvHeader;

    @Override
    public Integer call() throws Exception {
        int want = stats == null ? 2 : 1;
        if (inputs.size() != want) {
            throw new IllegalArgumentException("--input: expected " + want
                    + (want == 2 ? " feature sets (or one and --stats)" : " feature set with --stats") + ", got " + inputs.size());
        }
        for (String in : inputs) SparkOptions.requireExists("--input", in);
        if (stats != null) SparkOptions.requireExists("--stats", stats.toString());
        FeatureStatistics b = stats == null ? null : npz(stats);
        FeatureSources.Format f = FeatureSources.format(format, inputs);
        SparkSession spark = options.session();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "fid");
        spark.sparkContext().addSparkListener(progress);
        try {
            MongeSpark monge = MongeSpark.on(spark);
            FeatureStatistics a = monge.featureStatistics(FeatureSources.read(spark, f, List.of(inputs.get(0)), column, csvHeader), null);
            if (b == null) b = monge.featureStatistics(FeatureSources.read(spark, f, List.of(inputs.get(1)), column, csvHeader), null);
            double fid = Fid.between(a, b);
            progress.close();
            new Report().put("fid", fid).put("count_a", a.count()).put("count_b", b.count()).put("dimension", a.dimension())
                    .print(spec.commandLine().getOut(), options.json);
            return 0;
        } finally {
            progress.close();
            spark.sparkContext().removeSparkListener(progress);
            options.release(spark);
        }
    }

    private static FeatureStatistics npz(Path p) throws IOException {
        Map<String, NdArray> arrays = Npz.read(p, "mu", "sigma");
        double[] mu = Npz.require(arrays, "mu", p).toVector("--stats mu");
        NdArray sigma = Npz.require(arrays, "sigma", p);
        if (sigma.rank() != 2) throw new IllegalArgumentException("--stats: " + p + ": sigma must be 2-D");
        return new FeatureStatistics(-1, mu, sigma.toMatrix("--stats sigma"));
    }
}
