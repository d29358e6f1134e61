package org.monge.spark.bench;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;
import org.monge.linalg.Matrix;
import org.monge.spark.MongeSpark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * W2 barycenter of N Gaussians in dimension d: Spark local[2] (monge-spark, one distributed
 * aggregation per fixed-point iteration) against monge-core's {@code GaussianBarycenter} (all
 * cores), same Gaussians from a per-row generator. Prints a markdown row per size.
 *
 * <p>Usage: BarycenterScaling d N...
 */
public final class BarycenterScaling {
    private BarycenterScaling() {}

    /** A Gaussian as a bean row (id, mean, row-major covariance). */
    public static final class GaussianRow implements Serializable {
        private long id;
        private double[] mean;
        private double[] covariance;

        public GaussianRow() {}

        public long getId() { return id; }
        public void setId(long id) { this.id = id; }
        public double[] getMean() { return mean; }
        public void setMean(double[] mean) { this.mean = mean; }
        public double[] getCovariance() { return covariance; }
        public void setCovariance(double[] covariance) { this.covariance = covariance; }
    }

    /** Gaussian i: mean uniform on (−1, 1)^d, covariance A Aᵀ / d + 0.1 I, A uniform on (−1, 1). */
    static GaussianRow row(long i, int d) {
        SplittableRandom r = new SplittableRandom(0x9E3779B97F4A7C15L * 11 + i);
        GaussianRow g = new GaussianRow();
        g.id = i;
        g.mean = new double[d];
        double[] a = new double[d * d];
        for (int j = 0; j < d; j++) g.mean[j] = 2 * r.nextDouble() - 1;
        for (int j = 0; j < d * d; j++) a[j] = 2 * r.nextDouble() - 1;
        g.covariance = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int m = 0; m < d; m++) s += a[j * d + m] * a[k * d + m];
                g.covariance[j * d + k] = s / d + (j == k ? 0.1 : 0);
            }
        }
        return g;
    }

    public static void main(String[] args) throws Exception {
        int d = Integer.parseInt(args[0]);
        SparkSession spark = MongeSpark.localSession("local[2]", false);
        System.out.println("| N × d=" + d + " | core (iterations) | Spark local[2] (iterations) | Spark / core | max rel. diff of S |");
        System.out.println("|---|---|---|---|---|");
        for (int k = 1; k < args.length; k++) {
            long n = Long.parseLong(args[k]);
            long t = System.nanoTime();
            List<Gaussian> gs = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                GaussianRow g = row(i, d);
                gs.add(Gaussian.of(g.mean, Matrix.fromRowMajor(d, d, g.covariance)));
            }
            GaussianBarycenter.Result c = GaussianBarycenter.defaults().solve(gs);
            double tc = (System.nanoTime() - t) * 1e-9;
            gs = null;
            t = System.nanoTime();
            int partitions = (int) Math.max(2, Math.min(64, n / 50_000));
            Dataset<Row> ds = spark.range(0, n, 1, partitions)
                    .map((MapFunction<Long, GaussianRow>) i -> row(i, d), Encoders.bean(GaussianRow.class)).toDF();
            GaussianBarycenter.Result s = MongeSpark.on(spark).barycenter(ds, null);
            double ts = (System.nanoTime() - t) * 1e-9;
            double diff = s.barycenter().covariance().minus(c.barycenter().covariance()).maxAbs() / c.barycenter().covariance().maxAbs();
            System.out.printf(Locale.ROOT, "| %,d | %.2f s (%d) | %.2f s (%d) | %.2f | %.1e |%n", n, tc, c.iterations(), ts, s.iterations(),
                    ts / tc, diff);
        }
        spark.stop();
    }
}
