package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.monge.io.NpyRowReader;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Reads feature vectors into a Dataset with one column {@code features} (array&lt;double&gt;):
 * Parquet (see {@link Features#select} for which column), CSV (every column numeric, no header
 * unless asked) or {@code .npy} shards (2-D n×d files, or directories of them; one task per range
 * of at most {@link #SPLIT_ROWS} rows of a shard, each streamed in blocks by monge-core's
 * {@link NpyRowReader}, so a single large file is read in parallel and no shard is held in memory).
 * {@code .npy} paths must be readable by every executor (local disk in local mode, a shared
 * file system on a cluster).
 */
public final class FeatureSources {
    public enum Format { PARQUET, CSV, NPY }

    /** Rows of a .npy shard per task. */
    public static final int SPLIT_ROWS = 1 << 18;

    private FeatureSources() {}

    /** The format named by the CLI's --format, or guessed from the first path's extension. */
    public static Format format(String name, List<String> paths) {
        if (name != null) {
            try {
                return Format.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format must be parquet, csv or npy, got '" + name + "'");
            }
        }
        String p = paths.isEmpty() ? "" : paths.get(0).toLowerCase(Locale.ROOT);
        if (p.endsWith(".npy")) return Format.NPY;
        if (p.endsWith(".csv")) return Format.CSV;
        if (Files.isDirectory(Paths.get(paths.get(0)))) {
            try (Stream<Path> s = Files.list(Paths.get(paths.get(0)))) {
                if (s.anyMatch(f -> f.toString().endsWith(".npy"))) return Format.NPY;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Format.PARQUET;
    }

    /** The features of the given files as a Dataset with the single column "features". */
    public static Dataset<Row> read(SparkSession spark, Format format, List<String> paths, String column, boolean csvHeader) {
        if (paths.isEmpty()) throw new IllegalArgumentException("no input paths given");
        for (String p : paths) {
            if (!p.contains("://") && !Files.exists(Paths.get(p))) throw new IllegalArgumentException(p + ": file not found");
        }
        String[] ps = paths.toArray(new String[0]);
        switch (format) {
            case PARQUET:
                return Features.select(spark.read().parquet(ps), column);
            case CSV: {
                Dataset<Row> csv = spark.read().option("header", csvHeader).option("inferSchema", true).csv(ps);
                if (column == null) {
                    for (StructField f : csv.schema().fields()) {
                        if (!(f.dataType() instanceof NumericType)) {
                            throw new IllegalArgumentException("CSV column " + f.name() + " is not numeric (" + f.dataType().simpleString()
                                    + ")" + (csvHeader ? "" : "; a header line needs --csv-header"));
                        }
                    }
                }
                return Features.select(csv, column);
            }
            case NPY:
                return npy(spark, shards(paths));
            default:
                throw new IllegalStateException(format.toString());
        }
    }

    /** The .npy files named, directories expanded to their .npy files in name order. */
    static List<String> shards(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            Path path = Paths.get(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".npy")).sorted().forEach(f -> out.add(f.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no .npy files in " + paths);
        return out;
    }

    private static Dataset<Row> npy(SparkSession spark, List<String> shards) {
        List<Split> splits = new ArrayList<>();
        for (String s : shards) { // fail early, on the driver, for a missing or malformed shard
            try (NpyRowReader r = new NpyRowReader(Paths.get(s))) {
                if (r.cols() < 1) throw new IllegalArgumentException(s + " has no feature columns");
                for (int from = 0; from < r.rows(); from += SPLIT_ROWS) {
                    splits.add(new Split(s, from, Math.min(r.rows(), from + SPLIT_ROWS)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<FeatureVector> rows = jsc.parallelize(splits, Math.max(1, splits.size())).flatMap(ShardRows::new);
        return spark.createDataFrame(rows, FeatureVector.class);
    }

    /** Rows [from, to) of one .npy file. */
    private record Split(String path, int from, int to) implements Serializable {}

    /** The rows of one split, read 1024 at a time. */
    private static final class ShardRows implements Iterator<FeatureVector> {
        private final NpyRowReader reader;
        private final int d;
        private final double[] block;
        private int left;
        private int filled;
        private int next;

        ShardRows(Split split) throws IOException {
            reader = new NpyRowReader(Paths.get(split.path()));
            reader.seek(split.from());
            left = split.to() - split.from();
            d = reader.cols();
            block = new double[1024 * d];
        }

        @Override
        public boolean hasNext() {
            if (next < filled) return true;
            try {
                filled = left == 0 ? 0 : reader.read(block, Math.min(1024, left));
                left -= filled;
                next = 0;
                if (filled == 0) reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return filled > 0;
        }

        @Override
        public FeatureVector next() {
            if (!hasNext()) throw new NoSuchElementException();
            double[] v = new double[d];
            System.arraycopy(block, next++ * d, v, 0, d);
            return new FeatureVector(v);
        }
    }
}
