package org.monge.spark.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;
import org.monge.spark.MongeSpark;
import org.monge.spark.SparkGroupedTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

/**
 * Grouped exact OT: G groups of n sources and n targets in 2-D (point k of group g is a function of
 * (g, side, k) only), generated on the executors, solved one network simplex per group by
 * {@link SparkGroupedTransport} on Spark local[threads]; against monge-core solving the same groups one
 * after another on one thread (on a sample of groups, scaled). Prints "RESULT name seconds value" lines.
 *
 * <p>Usage: GroupedScaling groups points-per-side threads (e.g. 10000 100 2)
 */
public final class GroupedScaling {
    private GroupedScaling() {}

    static double[] point(long g, int side, int k) {
        SplittableRandom r = new SplittableRandom((g * 2 + side) * 0x9E3779B97F4A7C15L + k);
        return new double[] {r.nextGaussian() + side, r.nextGaussian() * (1 + side)};
    }

    public static void main(String[] args) {
        int groups = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]);
        SparkSession spark = MongeSpark.localSession("local[" + threads + "]", false);
        StructType schema = new StructType().add("group", DataTypes.LongType).add("side", DataTypes.IntegerType)
                .add("point", DataTypes.createArrayType(DataTypes.DoubleType)).add("weight", DataTypes.DoubleType);
        Dataset<Row> rows = spark.createDataFrame(spark.range(0, (long) groups * 2 * n).javaRDD().map(i -> {
            long g = i / (2L * n);
            int side = (int) (i / n % 2), k = (int) (i % n);
            return RowFactory.create(g, side, point(g, side, k), 1.0);
        }), schema).repartition(4 * threads).cache();
        rows.count();
        long t0 = System.nanoTime();
        Dataset<Row> out = SparkGroupedTransport.exact().solve(rows, SparkGroupedTransport.Columns.defaults());
        Row summary = out.agg(count(col("cost")), sum(col("cost"))).first();
        double spark_s = (System.nanoTime() - t0) / 1e9;
        int sample = Math.min(groups, 500);
        long t1 = System.nanoTime();
        double check = 0;
        for (int g = 0; g < sample; g++) {
            List<double[]> x = new ArrayList<>(), y = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                x.add(point(g, 0, k));
                y.add(point(g, 1, k));
            }
            Matrix a = Matrix.of(x.toArray(double[][]::new)), b = Matrix.of(y.toArray(double[][]::new));
            check += NetworkSimplex.defaults().solve(DiscreteMeasure.uniform(a), DiscreteMeasure.uniform(b),
                    CostMatrix.fromPoints(a, b, Metric.SQEUCLIDEAN)).cost();
        }
        double core_s = (System.nanoTime() - t1) / 1e9 * groups / sample;
        System.out.printf(Locale.ROOT, "RESULT spark_local%d %.2f solved=%d mean_cost=%.6f%n", threads, spark_s, summary.getLong(0),
                summary.getDouble(1) / summary.getLong(0));
        System.out.printf(Locale.ROOT, "RESULT core_one_thread_scaled %.2f sample=%d mean_cost=%.6f%n", core_s, sample, check / sample);
        spark.stop();
    }
}
