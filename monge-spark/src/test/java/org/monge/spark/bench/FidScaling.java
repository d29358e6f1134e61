package org.monge.spark.bench;

import com.sun.management.OperatingSystemMXBean;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.MomentAccumulator;
import org.monge.spark.FeatureVector;
import org.monge.spark.Features;
import org.monge.spark.MongeSpark;
import org.monge.spark.SparkFeatureStatistics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * FID statistics of n × d synthetic feature rows: Spark local[2] (monge-spark) against the
 * single-machine monge-core MomentAccumulator on two threads, both fed the same deterministic
 * per-row generator (row i is a function of (seed, i) only), so nothing is written to disk and
 * 10^7 × 256 (20 GB of doubles) streams through either. Prints "RESULT name seconds value" lines
 * and a markdown row per size: | rows | core | spark | spark / core |.
 *
 * <p>Usage: FidScaling d rows... [--rows-too] (e.g. 256 100000 1000000 10000000); --rows-too also times the
 * route through an RDD of double[] rows. CPU seconds of the process are printed beside the wall times.
 */
public final class FidScaling {
    private static final long SEED = 7;

    private FidScaling() {}

    /** Row i: x_j = u_j + 0.5 u_{j−1} + 0.01 j, u uniform on (−1, 1) from SplittableRandom(seed, i). */
    static double[] row(long seed, long i, int d) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        double[] x = new double[d];
        double prev = 0;
        for (int j = 0; j < d; j++) {
            double u = 2 * r.nextDouble() - 1;
            x[j] = u + 0.5 * prev + 0.01 * j;
            prev = u;
        }
        return x;
    }

    static FeatureStatistics core(long n, int d, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<MomentAccumulator>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long from = n * t / threads, to = n * (t + 1) / threads;
                parts.add(pool.submit(() -> {
                    MomentAccumulator acc = new MomentAccumulator(d);
                    int rows = 1024;
                    double[] block = new double[rows * d];
                    int filled = 0;
                    for (long i = from; i < to; i++) {
                        System.arraycopy(row(SEED, i, d), 0, block, filled * d, d);
                        if (++filled == rows) {
                            acc.addBlock(block, filled);
                            filled = 0;
                        }
                    }
                    if (filled > 0) acc.addBlock(block, filled);
                    return acc;
                }));
            }
            MomentAccumulator all = new MomentAccumulator(d);
            for (Future<MomentAccumulator> f : parts) all.merge(f.get());
            return all.statistics();
        } finally {
            pool.shutdown();
        }
    }

    static FeatureStatistics spark(SparkSession spark, long n, int d, int partitions) {
        Dataset<Row> rows = spark.range(0, n, 1, partitions)
                .map((MapFunction<Long, FeatureVector>) i -> new FeatureVector(row(SEED, i, d)), Encoders.bean(FeatureVector.class))
                .toDF();
        return MongeSpark.on(spark).featureStatistics(rows, "features");
    }

    /**
     * The same statistics through the RDD of {@code double[]} rows ({@link Features#vectors}, a Java
     * array per row decoded by Spark's bean encoder): the route of the array columns before they were
     * read from Spark's internal rows, kept as the vector-column route; timed with {@code --rows-too}.
     */
    static FeatureStatistics sparkRows(SparkSession spark, long n, int d, int partitions) {
        Dataset<Row> rows = spark.range(0, n, 1, partitions)
                .map((MapFunction<Long, FeatureVector>) i -> new FeatureVector(row(SEED, i, d)), Encoders.bean(FeatureVector.class))
                .toDF();
        return SparkFeatureStatistics.defaults().compute(Features.vectors(rows, "features"));
    }

    /** CPU seconds of this process so far (all threads: the core pool's and Spark's local executors'). */
    static double cpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() * 1e-9;
    }

    public static void main(String[] args) throws Exception {
        int d = Integer.parseInt(args[0]);
        boolean rowsToo = List.of(args).contains("--rows-too");
        long t0 = System.nanoTime();
        SparkSession spark = MongeSpark.localSession("local[2]", false);
        double startup = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "RESULT spark-session-start %.3f 0%n", startup);
        spark(spark, 20_000, d, 2); // warm up all paths (JIT, Spark's code generation)
        if (rowsToo) sparkRows(spark, 20_000, d, 2);
        core(20_000, d, 2);
        System.out.println("| rows × " + d + " | core, 2 threads | Spark local[2] | Spark / core | CPU: core, Spark, ratio"
                + (rowsToo ? " | Spark via double[] rows (CPU), / core" : "") + " | max rel. diff of Σ |");
        System.out.println("|---|---|---|---|---|" + (rowsToo ? "---|" : ""));
        for (int k = 1; k < args.length; k++) {
            if (args[k].startsWith("--")) continue;
            long n = Long.parseLong(args[k]);
            int partitions = (int) Math.max(2, Math.min(64, n / 125_000));
            double u = cpu();
            long a = System.nanoTime();
            FeatureStatistics c = core(n, d, 2);
            double tc = (System.nanoTime() - a) * 1e-9, uc = cpu() - u;
            u = cpu();
            a = System.nanoTime();
            FeatureStatistics s = spark(spark, n, d, partitions);
            double ts = (System.nanoTime() - a) * 1e-9, us = cpu() - u;
            String rowsCell = "";
            if (rowsToo) {
                u = cpu();
                a = System.nanoTime();
                FeatureStatistics sr = sparkRows(spark, n, d, partitions);
                double tr = (System.nanoTime() - a) * 1e-9, ur = cpu() - u;
                System.out.printf(Locale.ROOT, "RESULT spark-rows-%d %.3f %.6g%n", n, tr, sr.covariance().trace());
                rowsCell = String.format(Locale.ROOT, " %.2f s (%.1f s), %.2f (CPU %.2f) |", tr, ur, tr / tc, ur / uc);
            }
            double diff = s.covariance().minus(c.covariance()).maxAbs() / c.covariance().maxAbs();
            System.out.printf(Locale.ROOT, "RESULT core-%d %.3f %.6g%nRESULT spark-%d %.3f %.6g%n", n, tc, c.covariance().trace(), n, ts,
                    s.covariance().trace());
            System.out.printf(Locale.ROOT, "| %,d | %.2f s | %.2f s | %.2f | %.1f s, %.1f s, %.2f |%s %.1e |%n", n, tc, ts, ts / tc, uc, us,
                    us / uc, rowsCell, diff);
        }
        spark.stop();
    }
}
