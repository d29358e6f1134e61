package org.monge.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureTransport;
import org.monge.linalg.Matrix;
import scala.collection.Seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.udf;

/**
 * MW2, the Wasserstein distance between Gaussian mixtures restricted to mixture couplings
 * (Delon &amp; Desolneux 2020), for many pairs of mixtures held in a Dataset. A mixture with K
 * components in R^d sits in three {@code array<double>} columns: weights (K), means (K·d,
 * row-major) and covariances (K·d·d, each d×d block row-major). Each pair is solved in an
 * executor by monge-core's {@link MixtureTransport#solve} (Bures costs, then the exact K×L
 * transport LP), so values equal the single-machine library's bit for bit. Registered for SQL as
 * {@code mw2_mixture(wa, ma, ca, wb, mb, cb)} and {@code mw2_mixture_squared(...)}.
 */
public final class SparkMixtureW2 {
    public static final String SQL_NAME = "mw2_mixture";
    public static final String SQL_NAME_SQUARED = "mw2_mixture_squared";

    private SparkMixtureW2() {}

    /** The three columns holding one mixture. */
    public record MixtureColumns(String weights, String means, String covariances) {}

    public static void register(SparkSession spark) {
        spark.udf().register(SQL_NAME, function(false));
        spark.udf().register(SQL_NAME_SQUARED, function(true));
    }

    /** MW2 (or MW2²) between the mixtures in the given columns, as a Column expression. */
    public static Column mw2(MixtureColumns a, MixtureColumns b, boolean squared) {
        return function(squared).apply(col(a.weights()), col(a.means()), col(a.covariances()),
                col(b.weights()), col(b.means()), col(b.covariances()));
    }

    /** The Dataset with two more columns, {@code mw2} and {@code mw2_squared}, one pair a row. */
    public static Dataset<Row> pairs(Dataset<Row> ds, MixtureColumns a, MixtureColumns b) {
        for (String c : new String[] {a.weights(), a.means(), a.covariances(), b.weights(), b.means(), b.covariances()}) {
            Features.field(ds, c);
        }
        return ds.withColumn("mw2_squared", mw2(a, b, true)).withColumn("mw2", sqrt(col("mw2_squared")));
    }

    private static UserDefinedFunction function(boolean squared) {
        UDF6<Seq<?>, Seq<?>, Seq<?>, Seq<?>, Seq<?>, Seq<?>, Double> f =
                (wa, ma, ca, wb, mb, cb) -> {
                    if (wa == null || ma == null || ca == null || wb == null || mb == null || cb == null) return null;
                    GaussianMixture a = mixture(SeqArrays.of(wa), SeqArrays.of(ma), SeqArrays.of(ca), "first mixture");
                    GaussianMixture b = mixture(SeqArrays.of(wb), SeqArrays.of(mb), SeqArrays.of(cb), "second mixture");
                    double s = MixtureTransport.solve(a, b).squaredDistance();
                    return squared ? s : Math.sqrt(s);
                };
        return udf(f, DataTypes.DoubleType);
    }

    /** A mixture from its flat arrays (layout in the class comment); errors say which array is off. */
    static GaussianMixture mixture(double[] weights, double[] means, double[] covariances, String label) {
        int k = weights.length;
        if (k == 0) throw new IllegalArgumentException(label + ": weights are empty");
        if (means.length % k != 0) {
            throw new IllegalArgumentException(label + ": means have " + means.length + " values, not a multiple of the " + k
                    + " components");
        }
        int d = means.length / k;
        if ((long) k * d * d != covariances.length) {
            throw new IllegalArgumentException(label + ": covariances have " + covariances.length + " values, expected " + k + " × " + d
                    + " × " + d);
        }
        List<Matrix> covs = new ArrayList<>(k);
        for (int i = 0; i < k; i++) covs.add(Matrix.fromRowMajor(d, d, Arrays.copyOfRange(covariances, i * d * d, (i + 1) * d * d)));
        try {
            return GaussianMixture.of(weights, Matrix.fromRowMajor(k, d, means), covs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
    }
}
