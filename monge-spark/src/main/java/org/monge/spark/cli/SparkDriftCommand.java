package org.monge.spark.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.monge.cli.Report;
import org.monge.spark.MongeSpark;
import org.monge.spark.SparkDrift;
import org.monge.spark.SparkSlicedWasserstein;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code monge spark drift --reference A --current B}: per column (and per group) the 1-D W1 and W2
 * between the reference and current values, the shift of the mean and of quantiles, and optionally
 * the joint Gaussian W2 and sliced W of several columns (per group too) ({@link SparkDrift}).
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Distribution drift from a reference table to a current one (Parquet, or CSV with a header row): per "
                + "numeric column, and per group with --by, W1, W2, mean and quantile shifts; exact (each column sorted in "
                + "one task) or from counts on a fixed grid (--approx). Keys: columns (or groups), non_numeric, exact, approx, "
                + "levels, joint (per group under groups.GROUP.columns and groups.GROUP.joint with --by).")
public final class SparkDriftCommand implements Callable<Integer> {
    @Mixin SparkOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--reference", paramLabel = "PATH", required = true, description = "The reference table (file or directory).")
    String reference;
    @Option(names = "--current", paramLabel = "PATH", required = true, description = "The current table.")
    String current;
    @Option(names = "--columns", paramLabel = "C1,C2", split = ",",
            description = "Numeric columns to compare (default: every numeric column; the others are listed under non_numeric).")
    List<String> columns;
    @Option(names = "--by", paramLabel = "COLUMN", description = "Compare per value of this column.")
    String by;
    @Option(names = "--approx", paramLabel = "EPS",
            description = "Counts on a grid of 1/EPS bins over each column's range instead of sorting: W1, W2 and quantile "
                    + "shifts within EPS times the range, stated as w1_bound, w2_bound.")
    double approx;
    @Option(names = "--levels", paramLabel = "T1,T2", split = ",", description = "Quantile levels (default: 0.05,0.25,0.5,0.75,0.95).")
    double[] levels;
    @Option(names = "--joint", paramLabel = "C1,C2", split = ",",
            description = "Numeric columns compared together: Gaussian W2 (Bures) and sliced W2, per group with --by, on the rows "
                    + "where all have a value.")
    List<String> joint;
    @Option(names = "--projections", paramLabel = "L", defaultValue = "100", description = "Directions of the sliced W (default: 100).")
    int projections;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the directions (default: 0).")
    long seed;
    @Option(names = "--format", paramLabel = "FORMAT", description = "parquet or csv (default: csv for a .csv path, else parquet).")
    String format;
    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "Also write one row per group and column, and per group one of the joint columns, here (CSV).")
    Path out;

    @Override
    public Integer call() throws Exception {
        SparkOptions.requireExists("--reference", reference);
        SparkOptions.requireExists("--current", current);
        if (out != null && !out.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new IllegalArgumentException("--out: " + out + ": expected a .csv file");
        }
        if (out != null && out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("--out: " + out + ": folder not found");
        }
        SparkDrift drift = SparkDrift.defaults().withApproximation(checkedApprox())
                .withSliced(SparkSlicedWasserstein.defaults().withProjections(projections).withSeed(seed));
        if (levels != null) drift = drift.withLevels(levels);
        if (joint != null) drift = drift.withJoint(joint);
        SparkSession spark = options.session();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "drift");
        spark.sparkContext().addSparkListener(progress);
        try {
            SparkDrift.Result r = MongeSpark.on(spark).drift(read(spark, reference, "--reference"), read(spark, current, "--current"),
                    columns, by, drift);
            progress.close();
            if (out != null) writeCsv(r, out);
            report(r).print(spec.commandLine().getOut(), options.json);
            return 0;
        } finally {
            progress.close();
            spark.sparkContext().removeSparkListener(progress);
            options.release(spark);
        }
    }

    private double checkedApprox() {
        if (!(approx >= 0 && approx < 0.5)) throw new IllegalArgumentException("--approx must lie in [0, 0.5), got " + approx);
        return approx;
    }

    private Dataset<Row> read(SparkSession spark, String path, String option) {
        String f = format != null ? format.toLowerCase(Locale.ROOT) : path.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "parquet";
        return switch (f) {
            case "csv" -> spark.read().option("header", true).option("inferSchema", true).csv(path);
            case "parquet" -> spark.read().parquet(path);
            default -> throw new IllegalArgumentException("--format must be parquet or csv, got '" + format + "'");
        };
    }

    static Report report(SparkDrift.Result r) {
        Report rep = new Report();
        SparkDrift.GroupDrift whole = r.groups().get(0);
        if (r.groupColumn() == null) {
            rep.put("columns", columns(whole, r));
        } else {
            Map<String, Object> groups = new LinkedHashMap<>();
            for (SparkDrift.GroupDrift g : r.groups()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("columns", columns(g, r));
                if (g.joint() != null) m.put("joint", joint(g.joint()));
                groups.put(g.group(), m);
            }
            rep.put("by", r.groupColumn()).put("groups", groups);
        }
        rep.put("non_numeric", r.nonNumeric()).put("exact", r.exact()).put("approx", r.approximation()).put("levels", r.levels());
        if (r.groupColumn() == null && whole.joint() != null) rep.put("joint", joint(whole.joint()));
        return rep;
    }

    private static Map<String, Object> joint(SparkDrift.Joint j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", j.columns());
        m.put("reference_rows", j.referenceRows());
        m.put("current_rows", j.currentRows());
        m.put("reference_incomplete", j.referenceIncomplete());
        m.put("current_incomplete", j.currentIncomplete());
        m.put("gaussian_w2", j.gaussianW2());
        m.put("sliced_w2", j.slicedW2());
        m.put("sliced_bound", j.slicedBound());
        return m;
    }

    private static Map<String, Object> columns(SparkDrift.GroupDrift g, SparkDrift.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SparkDrift.ColumnDrift c : g.columns().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("w1", c.w1());
            m.put("w2", c.w2());
            m.put("mean_shift", c.meanShift());
            Map<String, Object> q = new LinkedHashMap<>();
            for (int l = 0; l < r.levels().length; l++) q.put(Double.toString(r.levels()[l]), c.quantileShift()[l]);
            m.put("quantile_shift", q);
            m.put("reference_count", c.referenceCount());
            m.put("current_count", c.currentCount());
            m.put("reference_missing", c.referenceMissing());
            m.put("current_missing", c.currentMissing());
            if (!r.exact()) {
                m.put("w1_bound", c.w1Bound());
                m.put("w2_bound", c.w2Bound());
            }
            out.put(c.column(), m);
        }
        return out;
    }

    /** A CSV line; a field holding a comma, a quote or a line break is quoted (RFC 4180). */
    private static String line(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r");
            out.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return String.join(",", out) + "\n";
    }

    /** {@link SparkDrift.Result#rows} (per group a row per column, and the joint row) as CSV, in a temporary file moved into place. */
    static void writeCsv(SparkDrift.Result r, Path file) throws IOException {
        List<String> header = List.of(r.schema().fieldNames());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(line(header));
                for (Row row : r.rows()) {
                    List<String> fields = new ArrayList<>();
                    for (int k = 0; k < row.length(); k++) fields.add(row.isNullAt(k) ? "" : String.valueOf(row.get(k)));
                    w.write(line(fields));
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
