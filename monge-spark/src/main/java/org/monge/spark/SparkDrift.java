package org.monge.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.unsafe.types.UTF8String;
import org.monge.discrete.exact.OneDimensional;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Gaussian;
import org.monge.spark.SparkSlicedWasserstein.Chunk;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
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
 * <ul>
 * <li><b>exact</b> (the default): counts, missing values, means and ranges come from one aggregation
 * per table (per group); then each partition sends, per series (group, column), one array of its
 * values; the series are shuffled apart and each is handled whole in one task, by monge-core's
 * {@link OneDimensional} (W1, W2 and the quantile function F⁻¹(t) = min{x : F(x) ≥ t} of its
 * values), so the results equal the single-machine ones; a task holds about 40 bytes per value of
 * the series it handles (the values and monge-core's sorted copies); or</li>
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
 * <p>The joint Gaussian W2 and sliced W use the rows where every joint column has a value, over the
 * whole tables (not per group); covariances are the unbiased ones of {@link SparkFeatureStatistics}.
 * With ε > 0 the sliced W uses {@link SparkSlicedWasserstein}'s quantile sketches at ⌈1/(2ε)⌉ levels
 * of rank error ε and their bound.
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
            Computed d = approx == 0 ? exact(reference, current, cols, groupBy) : sketched(reference, current, cols, groupBy);
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
                out.add(new GroupDrift(groupBy == null ? null : g, cd));
            }
            return new Result(groupBy, out, nonNumeric, joint.isEmpty() ? null : joint(reference, current), levels.clone(),
                    approx == 0, approx);
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
        JavaPairRDD<Integer, Chunk> chunks = chunks(reference, cols, groupBy, index, 0).union(chunks(current, cols, groupBy, index, 1));
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
        List<Column> sel = new ArrayList<>();
        sel.add(groupKey(groupBy));
        for (String c : cols) sel.add(valid(c));
        return table.select(sel.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD().mapPartitionsToPair(rows -> {
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

    private int sketchLevels() { return (int) Math.ceil(1 / (2 * approx)); }

    /** The group key of a row as text ("" without a group column, "null" for a null group). */
    private static Column groupKey(String groupBy) {
        return groupBy == null ? lit("") : coalesce(col(groupBy).cast("string"), lit("null"));
    }

    /** Column {@code c} as double, null where it is null or NaN. */
    private static Column valid(String c) {
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

    /**
     * Per partition and series (group index × columns + column), {@link Chunk}s of the partition's
     * values of that series on {@code side}: the values travel as arrays of at most {@link #CHUNK},
     * sent as they fill.
     */
    private static JavaPairRDD<Integer, Chunk> chunks(Dataset<Row> table, List<String> cols, String groupBy, Map<String, Integer> index,
                                                       int side) {
        List<Column> sel = new ArrayList<>();
        sel.add(groupKey(groupBy));
        for (String c : cols) sel.add(valid(c));
        int nc = cols.size();
        HashMap<String, Integer> groups = new HashMap<>(index);
        // Spark's internal rows: no conversion to Row objects with boxed values
        return table.select(sel.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD()
                .mapPartitionsToPair(rows -> new ChunkIterator(rows, groups, nc, side));
    }

    /** Reads a partition's rows; hands out a series' values as a {@link Chunk} when CHUNK are buffered, the rest at the end. */
    private static final class ChunkIterator implements Iterator<Tuple2<Integer, Chunk>> {
        private final Iterator<InternalRow> rows;
        private final Map<String, Integer> groups;
        private final int nc, side;
        private final Map<Integer, DoubleBuffer> buf = new HashMap<>();
        private final DoubleBuffer[] last;
        private final ArrayDeque<Tuple2<Integer, Chunk>> ready = new ArrayDeque<>();
        private UTF8String lastGroup;
        private int lastBase;

        ChunkIterator(Iterator<InternalRow> rows, Map<String, Integer> groups, int nc, int side) {
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
                for (int c = 0; c < nc; c++) {
                    if (r.isNullAt(c + 1)) continue;
                    if (last[c].add(r.getDouble(c + 1))) ready.add(new Tuple2<>(lastBase + c, new Chunk(side, last[c].take())));
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

    /** Exact: all values of the series in one task, monge-core's 1-D W_p and quantile function on them. */
    private static Series exactSeries(Iterable<Chunk> chunks, double[] levels) {
        List<double[]> u = new ArrayList<>(), v = new ArrayList<>();
        for (Chunk ch : chunks) (ch.side() == 0 ? u : v).add(ch.values());
        double[] x = SparkSlicedWasserstein.concat(u), y = SparkSlicedWasserstein.concat(v);
        return new Series(OneDimensional.wasserstein(x, null, y, null, 1), OneDimensional.wasserstein(x, null, y, null, 2),
                quantiles(x, levels), quantiles(y, levels));
    }

    /**
     * F⁻¹ at each level of the uniform measure on x (reordered): the values of {@link #rank}s picked
     * by one quickselect, which recurses only into the parts holding a wanted rank; several times
     * cheaper than the sort behind {@link OneDimensional#quantiles}, with the same values.
     */
    static double[] quantiles(double[] x, double[] levels) {
        int[] ranks = new int[levels.length];
        for (int l = 0; l < levels.length; l++) ranks[l] = (int) rank(levels[l], x.length);
        int[] order = IntStream.range(0, ranks.length).boxed()
                .sorted((a, b) -> Integer.compare(ranks[a], ranks[b])).mapToInt(Integer::intValue).toArray();
        int[] sorted = new int[ranks.length];
        for (int i = 0; i < sorted.length; i++) sorted[i] = ranks[order[i]];
        double[] at = new double[ranks.length], out = new double[ranks.length];
        select(x, 0, x.length - 1, sorted, 0, sorted.length, at);
        for (int i = 0; i < order.length; i++) out[order[i]] = at[i];
        return out;
    }

    /** Writes to out[i] the value of rank ranks[i] (increasing, all in [lo, hi]) for i in [ra, rb), partitioning x[lo..hi]. */
    private static void select(double[] x, int lo, int hi, int[] ranks, int ra, int rb, double[] out) {
        while (ra < rb) {
            if (hi - lo < 32) {
                Arrays.sort(x, lo, hi + 1);
                for (int i = ra; i < rb; i++) out[i] = x[ranks[i]];
                return;
            }
            int mid = (lo + hi) >>> 1;
            double p = median(x[lo], x[mid], x[hi]);
            // three parts: [lo, lt) below p, [lt, gt] equal to p, (gt, hi] above p, in Double.compare's order (that of the sort)
            int lt = lo, gt = hi, i = lo;
            while (i <= gt) {
                int c = Double.compare(x[i], p);
                if (c < 0) swap(x, lt++, i++);
                else if (c > 0) swap(x, i, gt--);
                else i++;
            }
            int a = ra, b;
            while (a < rb && ranks[a] < lt) a++;
            b = a;
            while (b < rb && ranks[b] <= gt) out[b++] = p;
            select(x, lo, lt - 1, ranks, ra, a, out);
            lo = gt + 1;
            ra = b;
        }
    }

    private static double median(double a, double b, double c) {
        return Double.compare(a, b) < 0 ? (Double.compare(b, c) < 0 ? b : Double.compare(a, c) < 0 ? c : a)
                : (Double.compare(a, c) < 0 ? a : Double.compare(b, c) < 0 ? c : b);
    }

    private static void swap(double[] x, int i, int j) {
        double t = x[i];
        x[i] = x[j];
        x[j] = t;
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
