package org.monge.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import scala.collection.Seq;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

/**
 * The Bures–Wasserstein distance W2 between Gaussians held in Datasets (see
 * {@link GaussianColumns} for the layout): to one query, among all pairs within blocks, the k
 * nearest of each query in a catalogue, and as the Spark SQL functions {@code w2_gaussian(m1, c1,
 * m2, c2)} and {@code w2_gaussian_squared(...)} (covariances row-major {@code array<double>};
 * nested ones with {@code flatten(c)}). Every distance is monge-core's
 * {@link BuresWasserstein#distance}(N(m1, c1), N(m2, c2)) evaluated in an executor, so the values
 * are those of the single-machine library bit for bit. Cost O(d³) per pair; pairs and kNN are
 * O(N²) (or Σ block²) pairs, spread over the executors by Spark's joins.
 */
public final class SparkGaussianW2 {
    public static final String SQL_NAME = "w2_gaussian";
    public static final String SQL_NAME_SQUARED = "w2_gaussian_squared";

    private final GaussianColumns columns;

    private SparkGaussianW2(GaussianColumns columns) { this.columns = columns; }

    public static SparkGaussianW2 defaults() { return new SparkGaussianW2(GaussianColumns.defaults()); }

    public SparkGaussianW2 withColumns(GaussianColumns c) { return new SparkGaussianW2(c); }

    /** Registers {@code w2_gaussian} and {@code w2_gaussian_squared} with the session's SQL. */
    public static void register(SparkSession spark) {
        spark.udf().register(SQL_NAME, w2Function(false));
        spark.udf().register(SQL_NAME_SQUARED, w2Function(true));
    }

    /** W2 (or W2²) between the Gaussians in four columns, as a Column expression. */
    public static Column w2(Column mean1, Column cov1, Column mean2, Column cov2, boolean squared) {
        return w2Function(squared).apply(mean1, cov1, mean2, cov2);
    }

    private static UserDefinedFunction w2Function(boolean squared) {
        UDF4<Seq<?>, Seq<?>, Seq<?>, Seq<?>, Double> f =
                (m1, c1, m2, c2) -> {
                    if (m1 == null || c1 == null || m2 == null || c2 == null) return null;
                    Gaussian p = GaussianColumns.gaussian(SeqArrays.of(m1), SeqArrays.of(c1), 1);
                    Gaussian q = GaussianColumns.gaussian(SeqArrays.of(m2), SeqArrays.of(c2), 2);
                    double s = BuresWasserstein.squaredDistance(p, q);
                    return squared ? s : Math.sqrt(s);
                };
        return udf(f, DataTypes.DoubleType);
    }

    /** The Dataset (canonical columns) with a column {@code w2}: W2(row's Gaussian, query). */
    public Dataset<Row> distanceToQuery(Dataset<Row> gaussians, Gaussian query) {
        Dataset<Row> g = columns.normalise(gaussians);
        return g.withColumn("w2", udf(new QueryDistance(query), DataTypes.DoubleType)
                .apply(col(GaussianColumns.MEAN), col(GaussianColumns.COVARIANCE)));
    }

    /**
     * All pairs (id_a &lt; id_b) within each block (rows sharing {@code blockColumn}'s value; all
     * rows are one block when it is null): columns [block,] id_a, id_b, w2.
     */
    public Dataset<Row> pairsWithinBlocks(Dataset<Row> gaussians, String blockColumn) {
        Dataset<Row> g = blockColumn == null ? columns.normalise(gaussians) : columns.normalise(gaussians, blockColumn);
        Dataset<Row> a = rename(g, "_a", blockColumn);
        Dataset<Row> b = rename(g, "_b", blockColumn);
        Column on = col("id_a").lt(col("id_b"));
        if (blockColumn != null) on = on.and(col("block_a").equalTo(col("block_b")));
        Dataset<Row> pairs = a.join(b, on);
        Column w2 = w2(col("mean_a"), col("covariance_a"), col("mean_b"), col("covariance_b"), false).as("w2");
        return blockColumn == null
                ? pairs.select(col("id_a"), col("id_b"), w2)
                : pairs.select(col("block_a").as("block"), col("id_a"), col("id_b"), w2);
    }

    /**
     * For each query Gaussian, the k nearest catalogue Gaussians by W2 (ties by smaller id),
     * skipping the query's own id when {@code excludeSameId} (kNN within one Dataset): columns
     * query_id, rank (1..k), id, w2.
     */
    public Dataset<Row> nearest(Dataset<Row> queries, Dataset<Row> catalogue, int k, boolean excludeSameId) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        Dataset<Row> q = rename(columns.normalise(queries), "_q", null);
        Dataset<Row> c = columns.normalise(catalogue);
        Dataset<Row> pairs = excludeSameId ? q.join(c, col("id_q").notEqual(col(GaussianColumns.ID))) : q.crossJoin(c);
        Dataset<Row> d = pairs.select(col("id_q").as("query_id"), col(GaussianColumns.ID).as("id"),
                w2(col("mean_q"), col("covariance_q"), col(GaussianColumns.MEAN), col(GaussianColumns.COVARIANCE), false).as("w2"));
        return d.withColumn("rank", row_number().over(Window.partitionBy("query_id").orderBy(col("w2"), col("id"))))
                .where(col("rank").leq(k))
                .select("query_id", "rank", "id", "w2");
    }

    private static Dataset<Row> rename(Dataset<Row> g, String suffix, String block) {
        Column id = col(GaussianColumns.ID).as("id" + suffix);
        Column mean = col(GaussianColumns.MEAN).as("mean" + suffix);
        Column cov = col(GaussianColumns.COVARIANCE).as("covariance" + suffix);
        return block == null ? g.select(id, mean, cov) : g.select(id, mean, cov, col(block).as("block" + suffix));
    }

    /** W2 to a fixed query; the query's factors are computed once per executor copy. */
    private static final class QueryDistance implements UDF2<Seq<?>, Seq<?>, Double> {
        private static final long serialVersionUID = 1L;
        private final double[] mean;
        private final double[] covariance;
        private transient Gaussian query;

        QueryDistance(Gaussian q) {
            this.mean = q.mean();
            this.covariance = q.covariance().toRowMajor();
        }

        @Override
        public Double call(Seq<?> m, Seq<?> c) {
            if (m == null || c == null) return null;
            if (query == null) query = GaussianColumns.gaussian(mean, covariance, -1);
            Gaussian g = GaussianColumns.gaussian(SeqArrays.of(m), SeqArrays.of(c), -1);
            return BuresWasserstein.distance(g, query);
        }
    }
}
