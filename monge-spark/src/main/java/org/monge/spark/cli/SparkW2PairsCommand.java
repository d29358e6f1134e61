package org.monge.spark.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.monge.cli.Report;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.spark.GaussianColumns;
import org.monge.spark.MongeSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.min;

/**
 * {@code monge spark w2-pairs}: W2 between all pairs of Gaussians (within blocks, if a block
 * column is named), from a Parquet table (id, mean, covariance) or from .npy/.csv arrays of means
 * (N×d) and covariances (N×d×d).
 */
@Command(name = "w2-pairs", mixinStandardHelpOptions = true,
        description = "W2 between all pairs of Gaussians on Spark, optionally only within blocks; pairs written to --output "
                + "(Parquet) or, when few, printed. Keys: pairs, w2_min, w2_max, w2_mean, then output or w2 ([id_a, id_b, w2] rows).")
public final class SparkW2PairsCommand implements Callable<Integer> {
    /** Without --output, at most this many pairs are printed. */
    static final long PRINT_LIMIT = 10_000;

    @Mixin SparkOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--input", paramLabel = "TABLE",
            description = "Parquet file or directory with columns id, mean, covariance (row-major d² or nested).")
    String input;
    @Option(names = "--means", paramLabel = "MEANS", description = "N×d means (.npy or .csv), instead of --input; ids are row numbers.")
    Path means;
    @Option(names = "--covariances", paramLabel = "COVS", description = "N×d×d covariances (.npy), with --means.")
    Path covariances;
    @Option(names = "--block-column", paramLabel = "NAME", description = "Only pairs sharing this column's value (with --input).")
    String block;
    @Option(names = "--output", paramLabel = "DIR", description = "Write the pairs as Parquet here.")
    String output;

    @Override
    public Integer call() throws Exception {
        if ((input == null) == (means == null)) {
            throw new IllegalArgumentException("--input: give either --input or --means with --covariances");
        }
        if (means != null && covariances == null) throw new IllegalArgumentException("--covariances: needed with --means");
        if (means != null && block != null) throw new IllegalArgumentException("--block-column: only with --input");
        if (input != null) SparkOptions.requireExists("--input", input);
        if (means != null) SparkOptions.requireExists("--means", means.toString());
        if (covariances != null) SparkOptions.requireExists("--covariances", covariances.toString());
        List<Row> fromArrays = input == null ? rows(means, covariances) : null;
        SparkSession spark = options.session();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "w2-pairs");
        spark.sparkContext().addSparkListener(progress);
        try {
            Dataset<Row> gaussians = input != null ? spark.read().parquet(input) : spark.createDataFrame(fromArrays, SCHEMA);
            Dataset<Row> pairs = MongeSpark.on(spark).w2PairsWithinBlocks(gaussians, block).cache();
            Row summary = pairs.agg(count("w2"), min("w2"), max("w2"), mean("w2")).first();
            long n = summary.getLong(0);
            Report out = new Report().put("pairs", n);
            if (n > 0) out.put("w2_min", summary.getDouble(1)).put("w2_max", summary.getDouble(2)).put("w2_mean", summary.getDouble(3));
            if (output != null) {
                pairs.write().mode("overwrite").parquet(output);
                out.put("output", output);
            } else if (n <= PRINT_LIMIT) {
                List<Object> list = new ArrayList<>();
                for (Row r : pairs.orderBy("id_a", "id_b").collectAsList()) {
                    int k = r.size();
                    list.add(Arrays.asList(r.getLong(k - 3), r.getLong(k - 2), r.getDouble(k - 1)));
                }
                out.put("w2", list);
            } else {
                throw new IllegalArgumentException("--output: " + n + " pairs are too many to print; name a directory to write them to");
            }
            progress.close();
            out.print(spec.commandLine().getOut(), options.json);
            return 0;
        } finally {
            progress.close();
            spark.sparkContext().removeSparkListener(progress);
            options.release(spark);
        }
    }

    private static final StructType SCHEMA = new StructType().add(GaussianColumns.ID, DataTypes.LongType)
            .add(GaussianColumns.MEAN, DataTypes.createArrayType(DataTypes.DoubleType))
            .add(GaussianColumns.COVARIANCE, DataTypes.createArrayType(DataTypes.DoubleType));

    /** Rows (id, mean, covariance) from N×d means and N×d×d covariances. */
    static List<Row> rows(Path meansFile, Path covFile) throws IOException {
        NdArray m = ArrayFiles.read(meansFile);
        NdArray c = ArrayFiles.read(covFile);
        int[] ms = m.shape(), cs = c.shape();
        if (ms.length != 2) throw new IllegalArgumentException("--means must be N×d, got shape " + Arrays.toString(ms));
        if (cs.length != 3 || cs[0] != ms[0] || cs[1] != ms[1] || cs[2] != ms[1]) {
            throw new IllegalArgumentException("--covariances must be N×d×d = " + ms[0] + "×" + ms[1] + "×" + ms[1] + ", got shape "
                    + Arrays.toString(cs));
        }
        int n = ms[0], d = ms[1];
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create((long) i, Arrays.copyOfRange(m.data(), i * d, (i + 1) * d),
                    Arrays.copyOfRange(c.data(), i * d * d, (i + 1) * d * d)));
        }
        return rows;
    }
}
