package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;

import java.util.List;
import java.util.Map;

/**
 * Entry point of monge-spark: monge-core's computations on Spark Datasets, with the same results
 * (to rounding). Wraps a session the caller owns; {@link #localSession} builds an embedded one.
 * Each method delegates to one class that states its algorithm: {@link SparkFeatureStatistics}
 * (FID statistics), {@link SparkGaussianW2} (W2 to a query, in blocks, kNN, SQL functions),
 * {@link SparkBarycenter}, {@link SparkSlicedWasserstein}, {@link SparkDrift},
 * {@link SparkGroupedTransport}, {@link SparkSinkhorn}.
 */
public final class MongeSpark {
    private final SparkSession spark;
    private final SparkFeatureStatistics statistics;
    private final SparkGaussianW2 w2;
    private final SparkBarycenter barycenter;

    private MongeSpark(SparkSession spark, SparkFeatureStatistics statistics, SparkGaussianW2 w2, SparkBarycenter barycenter) {
        this.spark = spark;
        this.statistics = statistics;
        this.w2 = w2;
        this.barycenter = barycenter;
    }

    /** Monge on an existing session, default options. */
    public static MongeSpark on(SparkSession spark) {
        if (spark == null) throw new IllegalArgumentException("spark session must not be null");
        return new MongeSpark(spark, SparkFeatureStatistics.defaults(), SparkGaussianW2.defaults(), SparkBarycenter.defaults());
    }

    /**
     * Settings every session built here gets (the caller's win): Spark's serialisation debugger off,
     * because on JDK 17 without {@code --add-opens} it fails with an ExceptionInInitializerError that
     * hides the NotSerializableException it was meant to explain.
     */
    public static final Map<String, String> SESSION_DEFAULTS = Map.of("spark.serializer.extraDebugInfo", "false");

    /**
     * A session for {@code master} ("local[*]" when null) with Spark's UI off unless asked for and
     * few shuffle partitions in local mode (Spark's 200 is tuned for clusters). Closing it is the caller's job.
     */
    public static SparkSession localSession(String master, boolean ui) {
        return localSession(master, ui, Map.of());
    }

    /** As {@link #localSession(String, boolean)}, with further Spark settings (they win). */
    public static SparkSession localSession(String master, boolean ui, Map<String, String> conf) {
        String m = master == null ? "local[*]" : master;
        SparkSession.Builder b = SparkSession.builder().appName("monge").master(m).config("spark.ui.enabled", ui);
        if (m.startsWith("local")) b = b.config("spark.sql.shuffle.partitions", 8);
        for (Map.Entry<String, String> e : SESSION_DEFAULTS.entrySet()) b = b.config(e.getKey(), e.getValue());
        for (Map.Entry<String, String> e : conf.entrySet()) b = b.config(e.getKey(), e.getValue());
        return b.getOrCreate();
    }

    public SparkSession session() { return spark; }

    public MongeSpark withStatistics(SparkFeatureStatistics s) { return new MongeSpark(spark, s, w2, barycenter); }

    public MongeSpark withW2(SparkGaussianW2 g) { return new MongeSpark(spark, statistics, g, barycenter); }

    public MongeSpark withBarycenter(SparkBarycenter b) { return new MongeSpark(spark, statistics, w2, b); }

    /** Feature vectors from Parquet, CSV or .npy shards (see {@link FeatureSources}); column "features". */
    public Dataset<Row> readFeatures(FeatureSources.Format format, List<String> paths, String column) {
        return FeatureSources.read(spark, format, paths, column, false);
    }

    /** Mean and unbiased covariance of the feature column (null: see {@link Features#select}). */
    public FeatureStatistics featureStatistics(Dataset<Row> features, String column) {
        Dataset<Row> f = Features.select(features, column);
        return statistics.compute(f, Features.DEFAULT_COLUMN);
    }

    /** FID between two feature Datasets. */
    public double fid(Dataset<Row> a, Dataset<Row> b, String column) {
        return Fid.between(featureStatistics(a, column), featureStatistics(b, column));
    }

    /** FID between a feature Dataset and given statistics (e.g. read from an .npz file). */
    public double fid(Dataset<Row> a, String column, FeatureStatistics b) {
        return Fid.between(featureStatistics(a, column), b);
    }

    /** Registers the SQL functions {@code w2_gaussian} and {@code w2_gaussian_squared}. */
    public MongeSpark registerFunctions() {
        SparkGaussianW2.register(spark);
        SparkMixtureW2.register(spark);
        return this;
    }

    /** See {@link SparkMixtureW2#pairs}: MW2 for each row's pair of mixtures. */
    public Dataset<Row> mw2Pairs(Dataset<Row> pairs, SparkMixtureW2.MixtureColumns a, SparkMixtureW2.MixtureColumns b) {
        return SparkMixtureW2.pairs(pairs, a, b);
    }

    /** See {@link SparkGaussianW2#distanceToQuery}. */
    public Dataset<Row> w2ToQuery(Dataset<Row> gaussians, Gaussian query) { return w2.distanceToQuery(gaussians, query); }

    /** See {@link SparkGaussianW2#pairsWithinBlocks}. */
    public Dataset<Row> w2PairsWithinBlocks(Dataset<Row> gaussians, String blockColumn) {
        return w2.pairsWithinBlocks(gaussians, blockColumn);
    }

    /** See {@link SparkGaussianW2#nearest}. */
    public Dataset<Row> w2Nearest(Dataset<Row> queries, Dataset<Row> catalogue, int k, boolean excludeSameId) {
        return w2.nearest(queries, catalogue, k, excludeSameId);
    }

    /** Sliced W_p between the point columns of two Datasets with the given options (see {@link SparkSlicedWasserstein}). */
    public SparkSlicedWasserstein.Result slicedWasserstein(Dataset<Row> a, Dataset<Row> b, String column, SparkSlicedWasserstein options) {
        return options.between(a, b, column);
    }

    /** Drift from {@code reference} to {@code current} with {@link SparkDrift#defaults} (exact; see {@link SparkDrift#compute}). */
    public SparkDrift.Result drift(Dataset<Row> reference, Dataset<Row> current, List<String> columns, String groupBy) {
        return SparkDrift.defaults().compute(reference, current, columns, groupBy);
    }

    /** Drift with the given options (sketches, quantile levels, joint columns). */
    public SparkDrift.Result drift(Dataset<Row> reference, Dataset<Row> current, List<String> columns, String groupBy, SparkDrift options) {
        return options.compute(reference, current, columns, groupBy);
    }

    /** One OT problem per group of rows (group, side, point, weight), solved on the executors (see {@link SparkGroupedTransport}). */
    public Dataset<Row> solveGroups(Dataset<Row> rows, SparkGroupedTransport.Columns columns, SparkGroupedTransport solver) {
        return solver.solve(rows, columns);
    }

    /** Entropic OT between distributed weighted points x and broadcast points y (see {@link SparkSinkhorn}). */
    public SparkSinkhorn.Result sinkhorn(JavaRDD<SparkSinkhorn.WeightedPoint> x, double[][] y, double[] b, SparkSinkhorn solver) {
        return solver.solve(x, y, b);
    }

    /** See {@link SparkBarycenter#solve}. */
    public GaussianBarycenter.Result barycenter(Dataset<Row> gaussians, String weightColumn) {
        return barycenter.solve(gaussians, weightColumn);
    }
}
