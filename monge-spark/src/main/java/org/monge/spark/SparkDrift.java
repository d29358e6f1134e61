package org.monge.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Gaussian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * Distribution drift between a reference and a current table: per numeric column (and per group of
 * a group column) the 1-D Wasserstein distances W1 and W2 between the two empirical distributions
 * of its values, the shift of the mean and of chosen quantiles, and for a chosen set of columns
 * together the W2 between their fitted Gaussians (Bures–Wasserstein, monge-core's
 * {@link BuresWasserstein}) and the sliced W2 ({@link SparkSlicedWasserstein}, monge-core's
 * directions). Null and NaN values are counted per column and side ("missing") and left out of the
 * distances; columns that are not numeric are listed, not silently dropped.
 *
 * <p><b>Exact</b> (the default), by distributed sort ({@link DistributedOneDimensional}: the values
 * of each (column, group, side) ranked by one sort, the two quantile functions merged on the grid
 * 1/(nm) by a second), nothing collected on the driver but the per-series sums. The quantiles reported are
 * F⁻¹(t) = min{x : F(x) ≥ t}, the value of rank ⌈t·n⌉ − 1, picked by a filtered join.
 *
 * <p><b>Approximate</b> ({@link #withApproximation}(ε)): Spark's mergeable Greenwald–Khanna quantile
 * sketches ({@code percentile_approx}, relative rank error ε) of every series at Q = ⌈1/(2ε)⌉
 * mid-point levels (k − ½)/Q in one aggregation, W_p^p ≈ (1/Q) Σ_k |F̂⁻¹(t_k) − Ĝ⁻¹(t_k)|^p, with the
 * bound of {@link SparkSlicedWasserstein}: |W_p − exact W_p| ≤ (2δ)^{1/p}(R_ref + R_cur), δ = 1/(2Q) +
 * ε + 1/min(n, m), R the range of the values; reported per column as w1Bound and w2Bound. The means
 * are exact in both modes; the quantile shifts come from the sketches (rank error ε).
 *
 * <p>The joint Gaussian W2 and sliced W use the rows where every joint column has a value, over the
 * whole tables (not per group); covariances are the unbiased ones of {@link SparkFeatureStatistics}.
 */
public final class SparkDrift {
    private static final String G = DistributedOneDimensional.G, C = DistributedOneDimensional.C, S = DistributedOneDimensional.S,
            V = DistributedOneDimensional.V, R = DistributedOneDimensional.R;
    private final double approx;
    private final double[] levels;
    private final List<String> joint;
    private final SparkSlicedWasserstein sliced;

    private SparkDrift(double approx, double[] levels, List<String> joint, SparkSlicedWasserstein sliced) {
        this.approx = approx;
        this.levels = levels;
        this.joint = joint;
        this.sliced = sliced;
    }

    /** Exact; quantile shifts at 0.05, 0.25, 0.5, 0.75, 0.95; no joint columns; sliced W with 100 directions, seed 0. */
    public static SparkDrift defaults() {
        return new SparkDrift(0, new double[] {0.05, 0.25, 0.5, 0.75, 0.95}, List.of(), SparkSlicedWasserstein.defaults());
    }

    /** From quantile sketches of relative rank error {@code epsilon} (0: exact). */
    public SparkDrift withApproximation(double epsilon) {
        if (!(epsilon >= 0 && epsilon < 0.5)) throw new IllegalArgumentException("approximation must lie in [0, 0.5), got " + epsilon);
        return new SparkDrift(epsilon, levels, joint, sliced);
    }

    /** The quantile levels whose shift is reported, each in [0, 1]. */
    public SparkDrift withLevels(double... t) {
        for (int k = 0; k < t.length; k++) {
            if (!(t[k] >= 0 && t[k] <= 1)) throw new IllegalArgumentException("levels[" + k + "] must lie in [0, 1], got " + t[k]);
        }
        return new SparkDrift(approx, t.clone(), joint, sliced);
    }

    /** Numeric columns compared together (Gaussian W2 and sliced W); empty: none. */
    public SparkDrift withJoint(List<String> columns) { return new SparkDrift(approx, levels, List.copyOf(columns), sliced); }

    /** Directions and seed of the joint sliced W (its own quantile option is replaced by this drift's mode). */
    public SparkDrift withSliced(SparkSlicedWasserstein s) { return new SparkDrift(approx, levels, joint, s); }

    /**
     * Drift of one column in one group: value counts and missing (null or NaN) counts per side, W1,
     * W2, current minus reference mean and quantiles (at {@link Result#levels}), and the bounds on W1
     * and W2 (0 when exact).
     */
    public record ColumnDrift(String column, long referenceCount, long currentCount, long referenceMissing, long currentMissing,
                              double w1, double w2, double meanShift, double[] quantileShift, double w1Bound, double w2Bound) {}

    /** One group's drift per column (group null when no group column was given). */
    public record GroupDrift(String group, Map<String, ColumnDrift> columns) {}

    /** Joint drift of several columns: rows used per side, W2 of the fitted Gaussians, sliced W2 and its bound. */
    public record Joint(List<String> columns, long referenceRows, long currentRows, double gaussianW2, double slicedW2,
                        double slicedBound) {}

    /**
     * Per group (one, with group null, without a group column) the columns' drift; the non-numeric
     * columns with their types; the joint drift or null.
     */
    public record Result(String groupColumn, List<GroupDrift> groups, Map<String, String> nonNumeric, Joint joint, double[] levels,
                         boolean exact, double approximation) {}

    /**
     * Drift of {@code columns} (null: every numeric column of the reference other than the group
     * column) from {@code reference} to {@code current}, per value of {@code groupBy} (null: none).
     */
    public Result compute(Dataset<Row> reference, Dataset<Row> current, List<String> columns, String groupBy) {
        Map<String, String> nonNumeric = new LinkedHashMap<>();
        List<String> cols = columns(reference, current, columns, groupBy, nonNumeric);
        for (String j : joint) numericColumn(reference, current, j);
        return Jobs.run(() -> {
            Dataset<Row> values = longForm(reference, cols, groupBy, 0).union(longForm(current, cols, groupBy, 1));
            Dataset<Row> stats = values.groupBy(G, C, S).agg(count(lit(1)).as("rows"), count(V).as("n"), avg(V).as("mean"),
                    min(V).as("lo"), max(V).as("hi"));
            Map<String, long[]> n = new HashMap<>(), missing = new HashMap<>();
            Map<String, double[]> mean = new HashMap<>(), range = new HashMap<>();
            TreeSet<String> groups = new TreeSet<>();
            List<TreeSet<String>> sides = List.of(new TreeSet<>(), new TreeSet<>());
            for (Row r : stats.collectAsList()) {
                String g = r.getString(0), key = g + "\u0000" + r.getInt(1);
                int s = r.getInt(2);
                long cnt = r.getLong(4);
                groups.add(g);
                sides.get(s).add(g);
                n.computeIfAbsent(key, k -> new long[2])[s] = cnt;
                missing.computeIfAbsent(key, k -> new long[2])[s] = r.getLong(3) - cnt;
                mean.computeIfAbsent(key, k -> new double[2])[s] = cnt == 0 ? Double.NaN : r.getDouble(5);
                range.computeIfAbsent(key, k -> new double[2])[s] = cnt == 0 ? 0 : r.getDouble(7) - r.getDouble(6);
            }
            requireNonEmpty(groups, sides, n, cols, groupBy);
            Map<String, double[]> w = new HashMap<>(), qs = new HashMap<>();
            Dataset<Row> valid = values.filter(col(V).isNotNull());
            if (approx == 0) exact(valid, n, w, qs);
            else sketched(valid, n, range, w, qs);
            List<GroupDrift> out = new ArrayList<>();
            for (String g : groups) {
                Map<String, ColumnDrift> per = new LinkedHashMap<>();
                for (int c = 0; c < cols.size(); c++) {
                    String key = g + "\u0000" + c;
                    long[] cn = n.get(key), cm = missing.get(key);
                    double[] wk = w.get(key), q = qs.get(key), rg = range.get(key);
                    double[] shift = new double[levels.length];
                    for (int l = 0; l < levels.length; l++) shift[l] = q[levels.length + l] - q[l];
                    double b1 = 0, b2 = 0;
                    if (approx > 0) {
                        int qn = sketchLevels();
                        long small = Math.min(cn[0], cn[1]);
                        b1 = SparkSlicedWasserstein.sketchBound(qn, approx, small, 1, rg[0] + rg[1]);
                        b2 = SparkSlicedWasserstein.sketchBound(qn, approx, small, 2, rg[0] + rg[1]);
                    }
                    double[] mk = mean.get(key);
                    per.put(cols.get(c), new ColumnDrift(cols.get(c), cn[0], cn[1], cm[0], cm[1], wk[0], Math.sqrt(wk[1]),
                            mk[1] - mk[0], shift, b1, b2));
                }
                out.add(new GroupDrift(groupBy == null ? null : g, per));
            }
            return new Result(groupBy, out, nonNumeric, joint.isEmpty() ? null : joint(reference, current), levels.clone(),
                    approx == 0, approx);
        });
    }

    private int sketchLevels() { return (int) Math.ceil(1 / (2 * approx)); }

    /** Rows (group as text, column index, side, value as double or null for null and NaN). */
    private static Dataset<Row> longForm(Dataset<Row> table, List<String> cols, String groupBy, int side) {
        Column[] cells = new Column[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            Column v = col(cols.get(c)).cast("double");
            cells[c] = struct(lit(c).as(C), when(v.isNull().or(isnan(v)), lit(null).cast("double")).otherwise(v).as(V));
        }
        Column g = groupBy == null ? lit("") : coalesce(col(groupBy).cast("string"), lit("null"));
        return table.select(g.as(G), explode(array(cells)).as("cell"))
                .select(col(G), col("cell." + C).as(C), lit(side).as(S), col("cell." + V).as(V));
    }

    /** W1, W2² and the quantiles by distributed sort (see the class comment). */
    private void exact(Dataset<Row> valid, Map<String, long[]> n, Map<String, double[]> w, Map<String, double[]> qs) {
        List<Row> picks = new ArrayList<>();
        StructType pickSchema = new StructType().add(G, DataTypes.StringType).add(C, DataTypes.IntegerType)
                .add(S, DataTypes.IntegerType).add(R, DataTypes.LongType);
        for (Map.Entry<String, long[]> e : n.entrySet()) {
            String[] gc = e.getKey().split("\u0000", -1);
            for (int s = 0; s < 2; s++) {
                for (double t : levels) picks.add(RowFactory.create(gc[0], Integer.parseInt(gc[1]), s, rankOf(t, e.getValue()[s])));
            }
        }
        Dataset<Row> ranked = DistributedOneDimensional.ranked(valid, n);
        try {
            w.putAll(DistributedOneDimensional.costs(ranked, new double[] {1, 2}));
            Dataset<Row> pickRows = broadcast(valid.sparkSession().createDataFrame(picks, pickSchema));
            Dataset<Row> picked = ranked.join(pickRows, new String[] {G, C, S, R});
            Map<String, Double> at = new HashMap<>();
            for (Row r : picked.select(G, C, S, R, V).collectAsList()) {
                at.put(r.getString(0) + "\u0000" + r.getInt(1) + "\u0000" + r.getInt(2) + "\u0000" + r.getLong(3), r.getDouble(4));
            }
            for (String key : n.keySet()) {
                double[] q = new double[2 * levels.length];
                for (int s = 0; s < 2; s++) {
                    for (int l = 0; l < levels.length; l++) {
                        q[s * levels.length + l] = at.get(key + "\u0000" + s + "\u0000" + rankOf(levels[l], n.get(key)[s]));
                    }
                }
                qs.put(key, q);
            }
        } finally {
            ranked.unpersist();
        }
    }

    /**
     * Rank (from 0) of F⁻¹(t) = min{x : F(x) ≥ t} among n sorted values, ⌈t·n⌉ − 1, at least 0. A
     * level written in decimal is meant at its decimal value (the double 0.1 is slightly above 1/10),
     * so t·n within 10⁻¹² relative of an integer counts as that integer.
     */
    static long rankOf(double t, long n) {
        long k = (long) Math.ceil(t * n * (1 - 1e-12)) - 1;
        return Math.max(0, Math.min(n - 1, k));
    }

    /** W1, W2² and the quantiles from sketches at Q mid-point levels plus the reported levels. */
    private void sketched(Dataset<Row> valid, Map<String, long[]> n, Map<String, double[]> range, Map<String, double[]> w,
                          Map<String, double[]> qs) {
        int q = sketchLevels();
        double[] all = new double[q + levels.length];
        for (int k = 0; k < q; k++) all[k] = (k + 0.5) / q;
        System.arraycopy(levels, 0, all, q, levels.length);
        Column[] lv = Arrays.stream(all).mapToObj(t -> lit(t)).toArray(Column[]::new);
        int accuracy = (int) Math.min(Integer.MAX_VALUE, Math.ceil(1 / approx));
        Map<String, double[][]> sk = new HashMap<>();
        for (Row r : valid.groupBy(G, C, S).agg(percentile_approx(col(V), array(lv), lit(accuracy))).collectAsList()) {
            List<Object> vals = r.getList(3);
            double[] v = new double[vals.size()];
            for (int k = 0; k < v.length; k++) v[k] = ((Number) vals.get(k)).doubleValue();
            sk.computeIfAbsent(r.getString(0) + "\u0000" + r.getInt(1), k -> new double[2][])[r.getInt(2)] = v;
        }
        for (Map.Entry<String, double[][]> e : sk.entrySet()) {
            double[] a = e.getValue()[0], b = e.getValue()[1];
            double c1 = 0, c2 = 0;
            for (int k = 0; k < q; k++) {
                double d = Math.abs(a[k] - b[k]);
                c1 += d;
                c2 += d * d;
            }
            w.put(e.getKey(), new double[] {c1 / q, c2 / q});
            double[] out = new double[2 * levels.length];
            System.arraycopy(a, q, out, 0, levels.length);
            System.arraycopy(b, q, out, levels.length, levels.length);
            qs.put(e.getKey(), out);
        }
    }

    private Joint joint(Dataset<Row> reference, Dataset<Row> current) {
        Column[] cs = joint.stream().map(c -> col(c).cast("double")).toArray(Column[]::new);
        Column complete = lit(true);
        for (Column c : cs) complete = complete.and(c.isNotNull()).and(not(isnan(c)));
        Dataset<Row> a = reference.filter(complete).select(array(cs).as(Features.DEFAULT_COLUMN));
        Dataset<Row> b = current.filter(complete).select(array(cs).as(Features.DEFAULT_COLUMN));
        FeatureStatistics sa = SparkFeatureStatistics.defaults().compute(a, Features.DEFAULT_COLUMN);
        FeatureStatistics sb = SparkFeatureStatistics.defaults().compute(b, Features.DEFAULT_COLUMN);
        double gw = BuresWasserstein.distance(Gaussian.of(sa.mean(), sa.covariance()), Gaussian.of(sb.mean(), sb.covariance()));
        SparkSlicedWasserstein sw = approx == 0 ? sliced : sliced.withQuantiles(sketchLevels(), approx);
        SparkSlicedWasserstein.Result r = sw.between(a, b, Features.DEFAULT_COLUMN);
        return new Joint(joint, sa.count(), sb.count(), gw, r.distance(), r.errorBound());
    }

    private static List<String> columns(Dataset<Row> reference, Dataset<Row> current, List<String> columns, String groupBy,
                                        Map<String, String> nonNumeric) {
        if (groupBy != null) {
            field(reference, groupBy, "reference", "group column");
            field(current, groupBy, "current", "group column");
        }
        List<String> out = new ArrayList<>();
        if (columns == null) {
            for (StructField f : reference.schema().fields()) {
                if (f.name().equals(groupBy)) continue;
                if (f.dataType() instanceof NumericType) out.add(f.name());
                else nonNumeric.put(f.name(), f.dataType().simpleString());
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("the reference table has no numeric column (columns: " + nonNumeric + ")");
            }
        } else {
            if (columns.isEmpty()) throw new IllegalArgumentException("columns must not be empty");
            out.addAll(columns);
        }
        for (String c : out) numericColumn(reference, current, c);
        return out;
    }

    private static void numericColumn(Dataset<Row> reference, Dataset<Row> current, String c) {
        for (Object[] t : new Object[][] {{reference, "reference"}, {current, "current"}}) {
            @SuppressWarnings("unchecked") Dataset<Row> d = (Dataset<Row>) t[0];
            StructField f = field(d, c, (String) t[1], "column");
            if (!(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("column '" + c + "' of the " + t[1] + " table is not numeric ("
                        + f.dataType().simpleString() + ")");
            }
        }
    }

    private static StructField field(Dataset<Row> d, String name, String table, String what) {
        for (StructField f : d.schema().fields()) if (f.name().equals(name)) return f;
        throw new IllegalArgumentException(what + " '" + name + "' is not in the " + table + " table (columns: "
                + String.join(", ", d.columns()) + ")");
    }

    private static void requireNonEmpty(TreeSet<String> groups, List<TreeSet<String>> sides, Map<String, long[]> n, List<String> cols,
                                        String groupBy) {
        String[] side = {"reference", "current"};
        for (String g : groups) {
            String where = groupBy == null ? "" : "group " + groupBy + "=" + g + ": ";
            for (int s = 0; s < 2; s++) {
                if (!sides.get(s).contains(g)) throw new IllegalArgumentException(where + "the " + side[s] + " table has no rows");
                for (int c = 0; c < cols.size(); c++) {
                    if (n.get(g + "\u0000" + c)[s] == 0) {
                        throw new IllegalArgumentException(where + "column '" + cols.get(c) + "' has no values in the "
                                + side[s] + " table");
                    }
                }
            }
        }
        if (groups.isEmpty()) throw new IllegalArgumentException("the reference and current tables have no rows");
    }
}
