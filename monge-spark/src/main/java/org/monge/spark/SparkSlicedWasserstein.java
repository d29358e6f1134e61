package org.monge.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.linalg.Matrix;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * Sliced Wasserstein distance SW_p(μ, ν) = (mean_l W_p^p(θ_l#μ, θ_l#ν))^{1/p} over L random
 * directions θ_l (uniform on the sphere, from a seed) between two point Datasets with uniform
 * weights (Rabin, Peyré, Delon &amp; Bernot 2011; Bonneel et al. 2015). The projections θ_l·x are
 * computed in the executors in one pass per Dataset; the 1-D distances come from either
 * <ul>
 * <li><b>sorted projections</b> (exact, the default): the projections are shuffled by direction
 * (each partition sends, per direction, one array of its values), and each direction's W_p^p is
 * monge-core's {@link OneDimensional} (a sort and a merge) in an executor, so nothing but L numbers
 * reaches the driver and the value equals the single-machine computation with the same directions
 * (to rounding in the final average only). An executor holds 8·(n + m) bytes per direction it
 * sorts; or</li>
 * <li><b>quantile sketches</b> ({@link #withQuantiles}): Spark's Greenwald–Khanna
 * {@code approxQuantile} of every projection at Q mid-point levels (k − ½)/Q, relative rank
 * error ε, in one distributed pass; W_p^p(θ_l) ≈ (1/Q) Σ_k |F̂⁻¹(t_k) − Ĝ⁻¹(t_k)|^p. Memory
 * O(L·Q/ε) per task and on the driver, whatever n.</li>
 * </ul>
 * <p>Error bound of the sketch (stated in the result, for the same directions): each sketched
 * quantile is F⁻¹(s) with |s − t| ≤ δ = 1/(2Q) + ε + 1/N over its bin, and for a monotone
 * F⁻¹ of range R, ∫|F⁻¹(s(t)) − F⁻¹(t)| dt ≤ 2δR, hence ‖F̂⁻¹ − F⁻¹‖_{L^p} ≤ (2δ)^{1/p} R. By the
 * triangle inequality each W_p(θ_l) is within (2δ)^{1/p}(R_μ,l + R_ν,l), and by Minkowski
 * SW_p within the largest of these. (The Monte-Carlo error of using L directions is not part of
 * it: SW_p here is defined by the directions returned.)
 */
public final class SparkSlicedWasserstein {
    private final int projections;
    private final double p;
    private final long seed;
    private final int quantiles;
    private final double relativeError;

    private SparkSlicedWasserstein(int projections, double p, long seed, int quantiles, double relativeError) {
        this.projections = projections;
        this.p = p;
        this.seed = seed;
        this.quantiles = quantiles;
        this.relativeError = relativeError;
    }

    /** 100 directions, p = 2, seed 0, exact 1-D distances (monge-core's defaults). */
    public static SparkSlicedWasserstein defaults() { return new SparkSlicedWasserstein(100, 2, 0, 0, 0); }

    public SparkSlicedWasserstein withProjections(int l) {
        if (l < 1) throw new IllegalArgumentException("projections must be at least 1, got " + l);
        return new SparkSlicedWasserstein(l, p, seed, quantiles, relativeError);
    }

    public SparkSlicedWasserstein withP(double exponent) {
        if (!(exponent >= 1) || !Double.isFinite(exponent)) {
            throw new IllegalArgumentException("p must be finite and at least 1, got " + exponent);
        }
        return new SparkSlicedWasserstein(projections, exponent, seed, quantiles, relativeError);
    }

    public SparkSlicedWasserstein withSeed(long s) { return new SparkSlicedWasserstein(projections, p, s, quantiles, relativeError); }

    /** Quantile sketches at {@code q} levels with relative rank error {@code epsilon} instead of exact sorting. */
    public SparkSlicedWasserstein withQuantiles(int q, double epsilon) {
        if (q < 1) throw new IllegalArgumentException("quantiles must be at least 1, got " + q);
        if (!(epsilon > 0) || epsilon >= 1) throw new IllegalArgumentException("relative error must lie in (0, 1), got " + epsilon);
        return new SparkSlicedWasserstein(projections, p, seed, q, epsilon);
    }

    /**
     * SW_p, the directions (L × d), W_p along each, whether exact, and the bound on |SW_p − exact
     * SW_p| for these directions (0 when exact).
     */
    public record Result(double distance, Matrix directions, double[] perDirection, boolean exact, double errorBound) {}

    /** The exponent p. */
    double p() { return p; }

    /** The L directions for dimension d: the same as monge-core's {@link SlicedWasserstein} for this seed. */
    public Matrix directions(int d) {
        return SlicedWasserstein.defaults().withProjections(projections).withSeed(seed).directions(d);
    }

    /** θ_l · x for every direction, summed in index order. */
    public static double[] project(double[] directions, int d, double[] x) {
        int l = directions.length / d;
        double[] out = new double[l];
        for (int k = 0; k < l; k++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += directions[k * d + j] * x[j];
            out[k] = s;
        }
        return out;
    }

    /** SW_p between the point columns of two Datasets (see {@link Features#select} for the column). */
    public Result between(Dataset<Row> a, Dataset<Row> b, String column) {
        JavaRDD<double[]> xa = Features.vectors(Features.select(a, column), Features.DEFAULT_COLUMN);
        JavaRDD<double[]> xb = Features.vectors(Features.select(b, column), Features.DEFAULT_COLUMN);
        return Jobs.run(() -> {
            List<double[]> first = xa.take(1);
            if (first.isEmpty() || xb.take(1).isEmpty()) {
                throw new IllegalArgumentException("sliced Wasserstein needs points in both Datasets");
            }
            int d = first.get(0).length;
            Matrix theta = directions(d);
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(xa.context());
            Broadcast<double[]> bt = jsc.broadcast(theta.toRowMajor());
            try {
                JavaRDD<double[]> pa = xa.map(x -> checkedProject(bt.value(), d, x));
                JavaRDD<double[]> pb = xb.map(x -> checkedProject(bt.value(), d, x));
                return quantiles == 0 ? exact(theta, pa, pb) : sketched(SparkSession.active(), theta, pa, pb);
            } finally {
                bt.destroy();
            }
        });
    }

    private static double[] checkedProject(double[] theta, int d, double[] x) {
        if (x.length != d) throw new IllegalArgumentException("points differ in dimension: " + x.length + " and " + d);
        for (double v : x) if (!Double.isFinite(v)) throw new IllegalArgumentException("points contain a non-finite value: " + v);
        return project(theta, d, x);
    }

    private Result exact(Matrix theta, JavaRDD<double[]> pa, JavaRDD<double[]> pb) {
        int parts = Math.max(1, Math.min(projections, pa.getNumPartitions() + pb.getNumPartitions()));
        double exponent = p; // a local: the closure must not capture this (not serialisable)
        Map<Integer, Double> c = chunks(pa, 0).union(chunks(pb, 1)).groupByKey(parts).mapValues(chunks -> {
            List<double[]> u = new ArrayList<>(), v = new ArrayList<>();
            for (Chunk ch : chunks) (ch.side() == 0 ? u : v).add(ch.values());
            return OneDimensional.wassersteinCost(concat(u), null, concat(v), null, exponent);
        }).collectAsMap();
        double[] per = new double[projections], costs = new double[projections];
        for (int l = 0; l < projections; l++) {
            costs[l] = c.get(l);
            per[l] = Math.pow(costs[l], 1 / p);
        }
        return new Result(average(costs), theta, per, true, 0);
    }

    /** One partition's projections on one direction, from one side. */
    record Chunk(int side, double[] values) implements Serializable {}

    /** Per partition and direction l, (l, the partition's projections on l). */
    private JavaPairRDD<Integer, Chunk> chunks(JavaRDD<double[]> projected, int side) {
        int l = projections;
        return projected.mapPartitionsToPair(it -> {
            List<double[]> rows = new ArrayList<>();
            it.forEachRemaining(rows::add);
            List<Tuple2<Integer, Chunk>> out = new ArrayList<>(l);
            if (rows.isEmpty()) return out.iterator();
            for (int k = 0; k < l; k++) {
                double[] v = new double[rows.size()];
                for (int i = 0; i < v.length; i++) v[i] = rows.get(i)[k];
                out.add(new Tuple2<>(k, new Chunk(side, v)));
            }
            return out.iterator();
        });
    }

    /** The arrays one after another. */
    static double[] concat(List<double[]> parts) {
        int n = 0;
        for (double[] a : parts) n += a.length;
        double[] out = new double[n];
        int at = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    private Result sketched(SparkSession spark, Matrix theta, JavaRDD<double[]> pa, JavaRDD<double[]> pb) {
        double[] levels = new double[quantiles];
        for (int k = 0; k < quantiles; k++) levels[k] = (k + 0.5) / quantiles;
        Sketch sa = sketch(spark, pa, levels), sb = sketch(spark, pb, levels);
        double[] per = new double[projections], costs = new double[projections];
        double bound = 0;
        for (int l = 0; l < projections; l++) {
            double c = 0;
            for (int k = 0; k < quantiles; k++) c += Math.pow(Math.abs(sa.quantiles[l][k] - sb.quantiles[l][k]), p);
            c /= quantiles;
            costs[l] = c;
            per[l] = Math.pow(c, 1 / p);
            bound = Math.max(bound, sketchBound(quantiles, relativeError, Math.min(sa.count, sb.count), p, sa.range[l] + sb.range[l]));
        }
        return new Result(average(costs), theta, per, false, bound);
    }

    /**
     * The bound on |W_p from Q mid-point sketched quantiles − exact W_p| for two measures on the line
     * whose ranges add up to {@code rangeSum}, smaller count {@code n}, rank error ε: (2δ)^{1/p}·rangeSum
     * with δ = 1/(2Q) + ε + 1/n (the argument is in the class comment).
     */
    static double sketchBound(int q, double epsilon, long n, double p, double rangeSum) {
        double delta = 1.0 / (2 * q) + epsilon + 1.0 / n;
        return Math.pow(2 * delta, 1 / p) * rangeSum;
    }

    /** (mean over directions of W_p^p)^(1/p), summed in direction order as monge-core does, so exact mode equals it. */
    private double average(double[] costs) { return average(costs, p); }

    /** (mean of the costs W_p^p)^(1/p), each cost divided by their number and summed in order (monge-core's order). */
    static double average(double[] costs, double p) {
        double mean = 0;
        for (double c : costs) mean += c / costs.length;
        return p == 1 ? mean : Math.pow(mean, 1 / p);
    }

    private record Sketch(long count, double[][] quantiles, double[] range) {}

    private Sketch sketch(SparkSession spark, JavaRDD<double[]> projected, double[] levels) {
        StructType schema = new StructType();
        String[] names = new String[projections];
        for (int l = 0; l < projections; l++) {
            names[l] = "p" + l;
            schema = schema.add(names[l], DataTypes.DoubleType, false);
        }
        Dataset<Row> df = spark.createDataFrame(projected.map(x -> {
            Object[] o = new Object[x.length];
            for (int l = 0; l < x.length; l++) o[l] = x[l];
            return RowFactory.create(o);
        }), schema).cache();
        try {
            Column[] aggs = new Column[2 * projections + 1];
            for (int l = 0; l < projections; l++) {
                aggs[2 * l] = min(col(names[l]));
                aggs[2 * l + 1] = max(col(names[l]));
            }
            aggs[2 * projections] = count("*");
            Row mm = df.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first();
            double[] range = new double[projections];
            for (int l = 0; l < projections; l++) range[l] = mm.getDouble(2 * l + 1) - mm.getDouble(2 * l);
            double[][] q = df.stat().approxQuantile(names, levels, relativeError);
            return new Sketch(mm.getLong(2 * projections), q, range);
        } finally {
            df.unpersist();
        }
    }
}
