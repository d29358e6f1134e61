package org.monge.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.monge.discrete.exact.OneDimensional;
import org.monge.gaussian.BuresWasserstein;
import org.monge.spark.SparkSlicedWasserstein.Chunk;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Distribution drift between a reference and a current table: per numeric column (and per group of
 * a group column) the 1-D Wasserstein distances W1 and W2 between the two empirical distributions
 * of its values, the shift of the mean and of chosen quantiles, and for a chosen set of columns
 * together (per group too) the W2 between their fitted Gaussians (Bures–Wasserstein, monge-core's
 * {@link BuresWasserstein}) and the sliced W_p along monge-core's directions ({@link SparkJointDrift}).
 * Null and NaN values are counted per column and side ("missing") and left out of the distances;
 * columns that are not numeric are listed, not silently dropped.
 *
 * <ul>
 * <li><b>exact</b> (the default): counts, missing values, means and ranges come from one aggregation
 * per table (per group); then each partition sends, per series (group, column), one array of its
 * values; the series are shuffled apart and each is handled whole in one task, by monge-core's
 * {@link OneDimensional#compare} (W1, W2 and the quantile function F⁻¹(t) = min{x : F(x) ≥ t} of
 * both sides from one sort of each), so the results equal the single-machine ones; a task holds
 * about 40 bytes per value of the series it handles (the values and monge-core's sorted copy); or</li>
 * <li><b>approximate</b> ({@link #withApproximation}(ε)): one pass over each table, in which every
 * partition folds its values into a {@link DriftSketch} per series: the counts, missing values, sums
 * and ranges, and counts on a grid of power-of-two bins of width h that spans at most 2⌈1/ε⌉ + 1 bins
 * (mergeable exactly: the grids nest), read from Spark's internal rows; one reduce by series adds the sketches up.
 * W1, W2 and the quantiles are those of the binned measures, each value moved to the middle of its
 * bin; that moves W_p by at most h and each quantile by at most h/2, and h &lt; εR for a series of
 * range R (both tables), so w1Bound and w2Bound state h (plus a few units of rounding). Memory per
 * task O(1/ε) per series, whatever the rows. A grid suits columns without far outliers: R, and so the
 * bound, grows with them. Infinite values are refused (the exact mode takes them).</li>
 * </ul>
 *
 * <p>The joint Gaussian W2 and sliced W use, per group, the rows where every joint column has a
 * value (the others are counted); covariances are the unbiased ones. With ε > 0 the sliced W bins
 * each direction's projections on the same grids, with the bound stated ({@link SparkJointDrift}).
 */
public final class SparkDrift {
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

    /** From counts on a grid of ⌈1/ε⌉ bins over each column's range, error at most ε times the range (0: exact). */
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

    /** Numeric columns compared together (Gaussian W2 and sliced W, per group); empty: none. Each at most once. */
    public SparkDrift withJoint(List<String> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.indexOf(columns.get(i)) != i) {
                throw new IllegalArgumentException("joint columns name '" + columns.get(i) + "' twice");
            }
        }
        return new SparkDrift(approx, levels, List.copyOf(columns), sliced);
    }

    /** Directions, seed and p of the joint sliced W (its own quantile option is replaced by this drift's mode). */
    public SparkDrift withSliced(SparkSlicedWasserstein s) { return new SparkDrift(approx, levels, joint, s); }

    /**
     * Drift of one column in one group: value counts and missing (null or NaN) counts per side, W1,
     * W2, current minus reference mean and quantiles (at {@link Result#levels}), and the bounds on W1
     * and W2 (0 when exact).
     */
    public record ColumnDrift(String column, long referenceCount, long currentCount, long referenceMissing, long currentMissing,
                              double w1, double w2, double meanShift, double[] quantileShift, double w1Bound, double w2Bound) {}

    /** One group's drift per column and of the joint columns (null without joint columns); group null without a group column. */
    public record GroupDrift(String group, Map<String, ColumnDrift> columns, Joint joint) {}

    /**
     * Joint drift of several columns in one group: rows used per side (every joint column has a
     * value), rows left out per side (some joint value null or NaN), W2 of the fitted Gaussians,
     * sliced W_p and the bound on its error (0 when exact).
     */
    public record Joint(List<String> columns, long referenceRows, long currentRows, long referenceIncomplete, long currentIncomplete,
                        double gaussianW2, double slicedW2, double slicedBound) {}

    /**
     * Per group (one, with group null, without a group column) the columns' and the joint drift; the
     * non-numeric columns with their types; the levels of the quantile shifts; the mode.
     */
    public record Result(String groupColumn, List<GroupDrift> groups, Map<String, String> nonNumeric, double[] levels,
                         boolean exact, double approximation) {
        /**
         * The columns of {@link #rows}: the group column (with one), column, reference_count,
         * current_count, reference_missing, current_missing, w1, w2, mean_shift, one q{t}_shift per
         * level, w1_bound, w2_bound, and with joint columns gaussian_w2, sliced_w2, sliced_bound.
         */
        public StructType schema() {
            StructType s = new StructType();
            if (groupColumn != null) s = s.add(groupColumn, DataTypes.StringType, true);
            s = s.add("column", DataTypes.StringType, false);
            for (String c : List.of("reference_count", "current_count", "reference_missing", "current_missing")) {
                s = s.add(c, DataTypes.LongType, false);
            }
            List<String> doubles = new ArrayList<>(List.of("w1", "w2", "mean_shift"));
            for (double t : levels) doubles.add("q" + t + "_shift");
            doubles.addAll(List.of("w1_bound", "w2_bound"));
            if (hasJoint()) doubles.addAll(List.of("gaussian_w2", "sliced_w2", "sliced_bound"));
            for (String c : doubles) s = s.add(c, DataTypes.DoubleType, true);
            return s;
        }

        /**
         * One row per group and column, then per group one row of the joint columns (column: their
         * names joined by '+'; counts: complete rows; missing: rows left out; the 1-D fields null).
         * A column's row has null joint fields.
         */
        public List<Row> rows() {
            List<Row> out = new ArrayList<>();
            boolean j = hasJoint();
            for (GroupDrift g : groups) {
                for (ColumnDrift c : g.columns().values()) {
                    List<Object> r = new ArrayList<>();
                    if (groupColumn != null) r.add(g.group());
                    r.addAll(List.of(c.column(), c.referenceCount(), c.currentCount(), c.referenceMissing(), c.currentMissing(), c.w1(),
                            c.w2(), c.meanShift()));
                    for (double q : c.quantileShift()) r.add(q);
                    r.addAll(List.of(c.w1Bound(), c.w2Bound()));
                    if (j) r.addAll(Arrays.asList(null, null, null));
                    out.add(RowFactory.create(r.toArray()));
                }
                if (j) {
                    Joint t = g.joint();
                    List<Object> r = new ArrayList<>();
                    if (groupColumn != null) r.add(g.group());
                    r.addAll(List.of(String.join("+", t.columns()), t.referenceRows(), t.currentRows(), t.referenceIncomplete(),
                            t.currentIncomplete()));
                    r.addAll(Collections.nCopies(5 + levels.length, null));
                    r.addAll(List.of(t.gaussianW2(), t.slicedW2(), t.slicedBound()));
                    out.add(RowFactory.create(r.toArray()));
                }
            }
            return out;
        }

        /** {@link #rows} as a DataFrame of {@link #schema} (small: made on the driver). */
        public Dataset<Row> toDataset(SparkSession spark) { return spark.createDataFrame(rows(), schema()); }

        private boolean hasJoint() { return !groups.isEmpty() && groups.get(0).joint() != null; }
    }

    /**
     * Drift of {@code columns} (null: every numeric column of the reference other than the group
     * column) from {@code reference} to {@code current}, per value of {@code groupBy} (null: none).
     */
    public Result compute(Dataset<Row> reference, Dataset<Row> current, List<String> columns, String groupBy) {
        Map<String, String> nonNumeric = new LinkedHashMap<>();
        List<String> cols = columns(reference, current, columns, groupBy, nonNumeric);
        for (String j : joint) numericColumn(reference, current, j);
        return Jobs.run(() -> {
            Computed d = approx == 0 ? exact(reference, current, cols, groupBy) : sketched(reference, current, cols, groupBy);
            Map<String, Joint> joints = joint.isEmpty() ? Map.of()
                    : new SparkJointDrift(joint, sliced, approx).compute(reference, current, groupBy, d.groups());
            int nc = cols.size();
            List<GroupDrift> out = new ArrayList<>();
            for (String g : d.groups()) {
                Map<String, ColumnDrift> cd = new LinkedHashMap<>();
                for (int c = 0; c < nc; c++) {
                    Stat a = d.sides()[0].groups.get(g)[c], b = d.sides()[1].groups.get(g)[c];
                    Series s = d.series().get(g)[c];
                    double bound = d.bounds().get(g)[c];
                    double[] shift = new double[levels.length];
                    for (int l = 0; l < levels.length; l++) shift[l] = s.current[l] - s.reference[l];
                    cd.put(cols.get(c), new ColumnDrift(cols.get(c), a.count, b.count, a.missing, b.missing, s.w1, s.w2,
                            b.mean - a.mean, shift, bound, bound));
                }
                out.add(new GroupDrift(groupBy == null ? null : g, cd, joints.get(g)));
            }
            return new Result(groupBy, out, nonNumeric, levels.clone(), approx == 0, approx);
        });
    }

    /** Per group (sorted): each side's statistics, each column's series drift and its bound (0 when exact). */
    private record Computed(List<String> groups, Summary[] sides, Map<String, Series[]> series, Map<String, double[]> bounds) {}

    /** Exact: one aggregation per table, then every series' values gathered in one task. */
    private Computed exact(Dataset<Row> reference, Dataset<Row> current, List<String> cols, String groupBy) {
        Summary[] sides = {summary(reference, cols, groupBy), summary(current, cols, groupBy)};
        TreeSet<String> keys = new TreeSet<>(sides[0].groups.keySet());
        keys.addAll(sides[1].groups.keySet());
        List<String> groups = new ArrayList<>(keys);
        requireNonEmpty(groups, sides, cols, groupBy);
        Map<String, Integer> index = new HashMap<>();
        for (String g : groups) index.put(g, index.size());
        int nc = cols.size(), series = groups.size() * nc;
        JavaPairRDD<Integer, Chunk> chunks = chunks(columnRows(reference, cols, groupBy), index, nc, 0, new ColumnValues())
                .union(chunks(columnRows(current, cols, groupBy), index, nc, 1, new ColumnValues()));
        int parts = Math.max(1, Math.min(series, Math.max(200, chunks.context().defaultParallelism())));
        double[] lv = levels;
        Map<Integer, Series> per = chunks.groupByKey(new HashPartitioner(parts)).mapValues(cs -> exactSeries(cs, lv)).collectAsMap();
        Map<String, Series[]> out = new HashMap<>();
        Map<String, double[]> bounds = new HashMap<>();
        for (String g : groups) {
            Series[] sg = new Series[nc];
            for (int c = 0; c < nc; c++) sg[c] = per.get(index.get(g) * nc + c);
            out.put(g, sg);
            bounds.put(g, new double[nc]);
        }
        return new Computed(groups, sides, out, bounds);
    }

    /**
     * Sketches: one pass over each table, in which each partition builds a {@link DriftSketch} per
     * series (counts, missing, sums, ranges and the grid counts together); one reduce by series merges
     * them, and each series' drift is computed where its sketch ends up. (Reading a cached table's
     * column batches instead of rows was measured slower at 10^7 rows: docs/benchmarks.md.)
     */
    private Computed sketched(Dataset<Row> reference, Dataset<Row> current, List<String> cols, String groupBy) {
        int cap = DriftSketch.capFor(approx);
        JavaPairRDD<SeriesKey, DriftSketch> sk = sketches(reference, cols, groupBy, 0, cap)
                .union(sketches(current, cols, groupBy, 1, cap));
        double[] lv = levels;
        Map<SeriesKey, Sketched> per = sk.reduceByKey(DriftSketch::plus, Math.max(1, sk.context().defaultParallelism()))
                .mapValues(s -> Sketched.of(s, lv)).collectAsMap();
        int nc = cols.size();
        Summary[] sides = {new Summary(new HashMap<>()), new Summary(new HashMap<>())};
        Map<String, Series[]> series = new HashMap<>();
        Map<String, double[]> bounds = new HashMap<>();
        TreeSet<String> keys = new TreeSet<>();
        for (Map.Entry<SeriesKey, Sketched> e : per.entrySet()) {
            String g = e.getKey().group();
            int c = e.getKey().column();
            Sketched k = e.getValue();
            keys.add(g);
            for (int s = 0; s < 2; s++) {
                long rows = k.count[s] + k.missing[s];
                if (rows == 0) continue; // every row of a group counts in each of its columns: no rows on this side
                Stat st = k.count[s] == 0 ? new Stat(0, rows, Double.NaN, 0, 0)
                        : new Stat(k.count[s], k.missing[s], k.sum[s] / k.count[s], k.min[s], k.max[s]);
                sides[s].groups.computeIfAbsent(g, x -> new Stat[nc])[c] = st;
            }
            series.computeIfAbsent(g, x -> new Series[nc])[c] = k.series;
            bounds.computeIfAbsent(g, x -> new double[nc])[c] = k.bound;
        }
        List<String> groups = new ArrayList<>(keys);
        requireNonEmpty(groups, sides, cols, groupBy);
        return new Computed(groups, sides, series, bounds);
    }

    /** A series: a group's key (as {@link #groupKey} words it) and a column's position. */
    record SeriesKey(String group, int column) implements Serializable {}

    /** What the driver needs of a merged sketch: per side counts, missing, sums, ranges; the drift (null without values on a side). */
    record Sketched(long[] count, long[] missing, double[] sum, double[] min, double[] max, Series series, double bound)
            implements Serializable {
        static Sketched of(DriftSketch s, double[] levels) {
            Series d = s.count[0] > 0 && s.count[1] > 0 ? s.drift(levels) : null;
            return new Sketched(s.count, s.missing, s.sum, s.min, s.max, d, s.bound());
        }
    }

    /** Per partition, a sketch per series of {@code side}, from Spark's internal rows (no Row objects, no boxing). */
    private static JavaPairRDD<SeriesKey, DriftSketch> sketches(Dataset<Row> table, List<String> cols, String groupBy, int side,
                                                                int cap) {
        String[] names = cols.toArray(String[]::new);
        String[] tables = {"reference", "current"};
        return columnRows(table, cols, groupBy).mapPartitionsToPair(rows -> {
            Map<String, DriftSketch[]> per = new HashMap<>();
            UTF8String lastGroup = null;
            DriftSketch[] last = null;
            while (rows.hasNext()) {
                InternalRow r = rows.next();
                UTF8String g = r.getUTF8String(0);
                if (!g.equals(lastGroup)) {
                    last = per.computeIfAbsent(g.toString(), k -> newSketches(names.length, cap));
                    lastGroup = g.clone(); // the row and its bytes are reused
                }
                for (int c = 0; c < names.length; c++) {
                    if (r.isNullAt(c + 1)) last[c].missing(side);
                    else last[c].add(side, finite(r.getDouble(c + 1), names[c], tables[side]));
                }
            }
            List<Tuple2<SeriesKey, DriftSketch>> out = new ArrayList<>();
            for (Map.Entry<String, DriftSketch[]> e : per.entrySet()) {
                for (int c = 0; c < names.length; c++) out.add(new Tuple2<>(new SeriesKey(e.getKey(), c), e.getValue()[c]));
            }
            return out.iterator();
        });
    }

    private static DriftSketch[] newSketches(int n, int cap) {
        DriftSketch[] out = new DriftSketch[n];
        for (int c = 0; c < n; c++) out[c] = new DriftSketch(cap);
        return out;
    }

    private static double finite(double x, String column, String table) {
        if (Double.isInfinite(x)) {
            throw new IllegalArgumentException("column '" + column + "' of the " + table + " table holds " + x
                    + ": the sketches (approximation) need finite values");
        }
        return x;
    }

    /** The group key of a row as text ("" without a group column, "null" for a null group). */
    static Column groupKey(String groupBy) {
        return groupBy == null ? lit("") : coalesce(col(groupBy).cast("string"), lit("null"));
    }

    /** Column {@code c} as double, null where it is null or NaN. */
    static Column valid(String c) {
        Column v = col(c).cast("double");
        return when(v.isNull().or(isnan(v)), lit(null).cast("double")).otherwise(v);
    }

    /** Per column of one group and side: values (not null, not NaN), missing ones, mean, smallest and largest value. */
    private record Stat(long count, long missing, double mean, double min, double max) {}

    /** Per group key, the {@link Stat} of each column, from one aggregation over the table. */
    private record Summary(Map<String, Stat[]> groups) {}

    private static Summary summary(Dataset<Row> table, List<String> cols, String groupBy) {
        // count, sum, min, max (not avg: two buffers more per column would push the aggregation past code generation's field limit)
        List<Column> aggs = new ArrayList<>();
        for (String c : cols) {
            Column v = valid(c);
            aggs.addAll(List.of(count(v), sum(v), min(v), max(v)));
        }
        Map<String, Stat[]> out = new HashMap<>();
        Column rowCount = count(lit(1));
        Column[] rest = aggs.toArray(Column[]::new);
        // without a group column an aggregation without keys: its buffer lives in generated locals, not in a hash map's rows
        List<Row> stats = groupBy == null ? table.agg(rowCount, rest).collectAsList()
                : table.groupBy(groupKey(groupBy).as("g")).agg(rowCount, rest).collectAsList();
        int off = groupBy == null ? 0 : 1;
        for (Row r : stats) {
            long rows = r.getLong(off);
            if (rows == 0) continue; // an empty table without a group column
            Stat[] st = new Stat[cols.size()];
            for (int c = 0; c < st.length; c++) {
                int at = off + 1 + 4 * c;
                long k = r.getLong(at);
                st[c] = k == 0 ? new Stat(0, rows, Double.NaN, 0, 0)
                        : new Stat(k, rows - k, r.getDouble(at + 1) / k, r.getDouble(at + 2), r.getDouble(at + 3));
            }
            out.put(groupBy == null ? "" : r.getString(0), st);
        }
        return new Summary(out);
    }

    /** Values per chunk: a partition sends a series' values in pieces of at most this many, so a task holds O(columns · CHUNK). */
    private static final int CHUNK = 1 << 17;

    /** Fills one row's values of a family of series, read in the executors: out[c] for series c, NaN where the row has none. */
    interface RowValues extends Serializable {
        void read(InternalRow row, double[] out);
    }

    /** The values of the drift columns (the row holds the group key, then the columns as {@link #valid} makes them). */
    static final class ColumnValues implements RowValues {
        private static final long serialVersionUID = 1L;

        @Override
        public void read(InternalRow r, double[] out) {
            for (int c = 0; c < out.length; c++) out[c] = r.isNullAt(c + 1) ? Double.NaN : r.getDouble(c + 1);
        }
    }

    /** The group key and the columns (as {@link #valid} makes them) of a table, as Spark's internal rows (no boxed values). */
    private static JavaRDD<InternalRow> columnRows(Dataset<Row> table, List<String> cols, String groupBy) {
        List<Column> sel = new ArrayList<>();
        sel.add(groupKey(groupBy));
        for (String c : cols) sel.add(valid(c));
        return table.select(sel.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();
    }

    /**
     * Per partition and series (group index × width + series read by {@code values}), {@link Chunk}s of the
     * partition's values of that series on {@code side}: the values travel as arrays of at most {@link #CHUNK},
     * sent as they fill. The rows hold the group key first.
     */
    static JavaPairRDD<Integer, Chunk> chunks(JavaRDD<InternalRow> rows, Map<String, Integer> index, int width, int side,
                                             RowValues values) {
        HashMap<String, Integer> groups = new HashMap<>(index);
        return rows.mapPartitionsToPair(it -> new ChunkIterator(it, groups, width, side, values));
    }

    /** Reads a partition's rows; hands out a series' values as a {@link Chunk} when CHUNK are buffered, the rest at the end. */
    private static final class ChunkIterator implements Iterator<Tuple2<Integer, Chunk>> {
        private final Iterator<InternalRow> rows;
        private final Map<String, Integer> groups;
        private final int nc, side;
        private final RowValues values;
        private final double[] row;
        private final Map<Integer, DoubleBuffer> buf = new HashMap<>();
        private final DoubleBuffer[] last;
        private final ArrayDeque<Tuple2<Integer, Chunk>> ready = new ArrayDeque<>();
        private UTF8String lastGroup;
        private int lastBase;

        ChunkIterator(Iterator<InternalRow> rows, Map<String, Integer> groups, int nc, int side, RowValues values) {
            this.values = values;
            this.row = new double[nc];
            this.rows = rows;
            this.groups = groups;
            this.nc = nc;
            this.side = side;
            this.last = new DoubleBuffer[nc];
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && rows.hasNext()) {
                InternalRow r = rows.next();
                UTF8String g = r.getUTF8String(0);
                if (!g.equals(lastGroup)) {
                    lastBase = groups.get(g.toString()) * nc;
                    for (int c = 0; c < nc; c++) last[c] = buf.computeIfAbsent(lastBase + c, k -> new DoubleBuffer());
                    lastGroup = g.clone(); // the row and its bytes are reused
                }
                values.read(r, row);
                for (int c = 0; c < nc; c++) {
                    if (Double.isNaN(row[c])) continue;
                    if (last[c].add(row[c])) ready.add(new Tuple2<>(lastBase + c, new Chunk(side, last[c].take())));
                }
            }
            if (ready.isEmpty() && !buf.isEmpty()) {
                for (Map.Entry<Integer, DoubleBuffer> e : buf.entrySet()) {
                    if (e.getValue().size > 0) ready.add(new Tuple2<>(e.getKey(), new Chunk(side, e.getValue().take())));
                }
                buf.clear();
            }
            return !ready.isEmpty();
        }

        @Override
        public Tuple2<Integer, Chunk> next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.poll();
        }
    }

    /** Up to CHUNK doubles, in an array that grows as needed (a partition may hold many small series). */
    private static final class DoubleBuffer {
        double[] a = new double[64];
        int size;

        /** Appends v; true when CHUNK values are buffered. */
        boolean add(double v) {
            if (size == a.length) a = Arrays.copyOf(a, Math.min(CHUNK, 2 * size));
            a[size++] = v;
            return size == CHUNK;
        }

        /** The buffered values; the buffer is empty after. */
        double[] take() {
            double[] out = Arrays.copyOf(a, size);
            size = 0;
            return out;
        }
    }

    /** One series' W1, W2 and quantiles at the reported levels on each side. */
    record Series(double w1, double w2, double[] reference, double[] current) implements Serializable {}

    /**
     * Exact: all values of the series in one task; W1, W2 and both quantile functions from
     * monge-core's {@link OneDimensional#compare} (one sort of each side, equal to the separate calls).
     */
    private static Series exactSeries(Iterable<Chunk> chunks, double[] levels) {
        List<double[]> u = new ArrayList<>(), v = new ArrayList<>();
        for (Chunk ch : chunks) (ch.side() == 0 ? u : v).add(ch.values());
        OneDimensional.Comparison c = OneDimensional.compare(SparkSlicedWasserstein.concat(u), null,
                SparkSlicedWasserstein.concat(v), null, levels);
        return new Series(c.w1(), c.w2(), c.uQuantiles(), c.vQuantiles());
    }

    /** The rank (from 0) of F⁻¹(t) among n values as {@link OneDimensional#quantiles} picks it: the first k with (k + 1)/n ≥ t. */
    static long rank(double t, long n) {
        double target = Math.max(t, Double.MIN_VALUE);
        long a = 0, b = n - 1;
        while (a < b) {
            long mid = (a + b) >>> 1;
            if ((double) (mid + 1) / n >= target) b = mid;
            else a = mid + 1;
        }
        return a;
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

    private static void requireNonEmpty(List<String> groups, Summary[] sides, List<String> cols, String groupBy) {
        if (groups.isEmpty()) throw new IllegalArgumentException("the reference and current tables have no rows");
        String[] side = {"reference", "current"};
        for (String g : groups) {
            String where = groupBy == null ? "" : "group " + groupBy + "=" + g + ": ";
            for (int s = 0; s < 2; s++) {
                Stat[] st = sides[s].groups.get(g);
                if (st == null) throw new IllegalArgumentException(where + "the " + side[s] + " table has no rows");
                for (int c = 0; c < cols.size(); c++) {
                    if (st[c].count == 0) {
                        throw new IllegalArgumentException(where + "column '" + cols.get(c) + "' has no values in the "
                                + side[s] + " table");
                    }
                }
            }
        }
    }
}
