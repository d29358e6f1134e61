package org.monge.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Exact 1-D W_p^p between the two sides of many series at once by distributed sort, nothing
 * collected but one sum per series and exponent. On the line W_p^p = ∫₀¹ |F⁻¹(t) − G⁻¹(t)|^p dt
 * (the monotone coupling is optimal; Villani 2003, Theorem 2.18). With n values on side 0 and m on
 * side 1 (uniform weights), the i-th smallest value of side 0 (rank i from 0) is F⁻¹ on
 * [i/n, (i+1)/n) and the j-th of side 1 is G⁻¹ on [j/m, (j+1)/m). {@link #ranked}: one sort (a window
 * per series and side) gives the ranks; {@link #costs}: each value becomes an event at the integer
 * breakpoint i·m (side 0) or j·n (side 1) of the common grid 1/(nm), a second sort per series merges
 * them, and between consecutive breakpoints k and k′ both quantile functions are constant (the last
 * event of each side), so the segment adds (k′ − k)/(nm)·|x − y|^p. O((n + m) log(n + m)) work per
 * series; the segments are summed by Spark in no fixed order, so the result equals monge-core's
 * {@code OneDimensional} to rounding (not bit for bit). Hand-written: Spark has no OT.
 *
 * <p>Input rows: series (G text, C int), side S (0 or 1), value V (non-null, finite); the counts
 * per series are given, keyed {@link #key}.
 */
final class DistributedOneDimensional {
    static final String G = "_g", C = "_c", S = "_s", V = "_v", R = "_r";
    private static final String K = "_k", OTHER = "_other", NM = "_nm";

    private DistributedOneDimensional() {}

    /** The key of series (g, c) in the count and result maps. */
    static String key(String g, int c) { return g + "\u0000" + c; }

    /** The values with their rank R (from 0) within their series and side, persisted: the caller unpersists. */
    static Dataset<Row> ranked(Dataset<Row> values, Map<String, long[]> counts) {
        StructType schema = new StructType().add(G, DataTypes.StringType).add(C, DataTypes.IntegerType)
                .add(S, DataTypes.IntegerType).add(OTHER, DataTypes.LongType).add(NM, DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] gc = e.getKey().split("\u0000", -1);
            long[] nm = e.getValue();
            for (int s = 0; s < 2; s++) {
                rows.add(RowFactory.create(gc[0], Integer.parseInt(gc[1]), s, nm[1 - s], Math.multiplyExact(nm[0], nm[1])));
            }
        }
        return values.withColumn(R, row_number().over(Window.partitionBy(G, C, S).orderBy(V)).minus(1).cast("long"))
                .join(broadcast(values.sparkSession().createDataFrame(rows, schema)), new String[] {G, C, S}).persist();
    }

    /** Per series key, W_p^p for each of the exponents, from {@link #ranked} values. */
    static Map<String, double[]> costs(Dataset<Row> ranked, double[] exponents) {
        WindowSpec series = Window.partitionBy(G, C).orderBy(K, S);
        WindowSpec upTo = series.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        Column seg = coalesce(lead(K, 1).over(series), col(NM)).minus(col(K)).cast("double").divide(col(NM).cast("double"));
        Column x = last(when(col(S).equalTo(0), col(V)), true).over(upTo);
        Column y = last(when(col(S).equalTo(1), col(V)), true).over(upTo);
        Dataset<Row> segments = ranked.withColumn(K, col(R).multiply(col(OTHER)))
                .select(col(G), col(C), seg.as("len"), abs(x.minus(y)).as("gap"));
        Column len = col("len"), gap = col("gap");
        Column[] sums = new Column[exponents.length];
        for (int e = 0; e < exponents.length; e++) {
            double p = exponents[e];
            Column power = p == 1 ? gap : p == 2 ? gap.multiply(gap) : pow(gap, p);
            sums[e] = sum(len.multiply(power));
        }
        Map<String, double[]> out = new HashMap<>();
        Column[] rest = Arrays.copyOfRange(sums, 1, sums.length);
        for (Row r : segments.groupBy(G, C).agg(sums[0], rest).collectAsList()) {
            double[] v = new double[exponents.length];
            for (int e = 0; e < v.length; e++) v[e] = r.getDouble(2 + e);
            out.put(key(r.getString(0), r.getInt(1)), v);
        }
        return out;
    }
}
