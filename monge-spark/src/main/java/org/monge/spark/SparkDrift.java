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
 * <p>Counts, missing values, means and ranges come from one aggregation per table (per group). Then
 * each partition sends, per series (group, column), one array of its values; the series are
 * shuffled apart, and
 * <ul>
 * <li><b>exact</b> (the default): each series is handled whole in one task, by monge-core's
 * {@link OneDimensional} (W1, W2 and the quantile function F⁻¹(t) = min{x : F(x) ≥ t} of its
 * values), so the results equal the single-machine ones; a task holds about 40 bytes per value of
 * the series it handles (the values and monge-core's sorted copies); or</li>
 * <li><b>approximate</b> ({@link #withApproximation}(ε)): each partition counts its values on a
 * fixed grid of B = ⌈1/ε⌉ bins of width h = R/B over the series' range R (both tables), the counts
 * are added up (mergeable exactly, in a reduce by series), and W1, W2 and the quantiles are those of
 * the binned measures, each value moved to the middle of its bin. Moving every value by at most h/2
 * changes W_p of each side by at most h/2 (the coupling of a value with its bin middle), so by the
 * triangle inequality |W_p − exact W_p| ≤ h ≤ εR for every p, and each quantile shift is within h
 * too (the reported quantile is the middle of the bin holding the exact one); w1Bound and w2Bound
 * state h (plus a few units of rounding). Memory per task O(B) per series, whatever the rows.
 * A fixed grid suits columns without far outliers: R, and so the bound, grows with them.</li>
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
            Summary[] sides = {summary(reference, cols, groupBy), summary(current, cols, groupBy)};
            TreeSet<String> keys = new TreeSet<>(sides[0].groups.keySet());
            keys.addAll(sides[1].groups.keySet());
            List<String> groups = new ArrayList<>(keys);
            requireNonEmpty(groups, sides, cols, groupBy);
            Map<String, Integer> index = new HashMap<>();
            for (String g : groups) index.put(g, index.size());
            int nc = cols.size(), series = groups.size() * nc;
            long[][] n = new long[2][series];
            double[] lo = new double[series], hi = new double[series];
            Arrays.fill(lo, Double.POSITIVE_INFINITY);
            Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (int s = 0; s < 2; s++) {
                for (Map.Entry<String, Stat[]> e : sides[s].groups.entrySet()) {
                    int g = index.get(e.getKey());
                    for (int c = 0; c < nc; c++) {
                        Stat st = e.getValue()[c];
                        n[s][g * nc + c] = st.count;
                        lo[g * nc + c] = Math.min(lo[g * nc + c], st.min);
                        hi[g * nc + c] = Math.max(hi[g * nc + c], st.max);
                    }
                }
            }
            JavaPairRDD<Integer, Chunk> chunks = chunks(reference, cols, groupBy, index, 0).union(chunks(current, cols, groupBy, index, 1));
            int parts = Math.max(1, Math.min(series, Math.max(200, chunks.context().defaultParallelism())));
            double[] lv = levels;
            Map<Integer, Series> per;
            double[] bound = new double[series];
            if (approx == 0) {
                per = chunks.groupByKey(new HashPartitioner(parts)).mapValues(cs -> exactSeries(cs, lv)).collectAsMap();
            } else {
                int bins = (int) Math.min(1 << 24, Math.ceil(1 / approx));
                double[] width = new double[series];
                for (int k = 0; k < series; k++) {
                    width[k] = (hi[k] - lo[k]) / bins;
                    bound[k] = Binned.bound(lo[k], hi[k], bins);
                }
                per = chunks.mapToPair(t -> new Tuple2<>(t._1(), Binned.of(t._2(), lo[t._1()], width[t._1()], bins)))
                        .reduceByKey(new HashPartitioner(parts), Binned::plus)
                        .mapToPair(t -> new Tuple2<>(t._1(), t._2().drift(lo[t._1()], width[t._1()], lv))).collectAsMap();
            }
            List<GroupDrift> out = new ArrayList<>();
            for (String g : groups) {
                Map<String, ColumnDrift> cd = new LinkedHashMap<>();
                for (int c = 0; c < nc; c++) {
                    int k = index.get(g) * nc + c;
                    Stat a = sides[0].groups.get(g)[c], b = sides[1].groups.get(g)[c];
                    Series d = per.get(k);
                    double[] shift = new double[levels.length];
                    for (int l = 0; l < levels.length; l++) shift[l] = d.current[l] - d.reference[l];
                    cd.put(cols.get(c), new ColumnDrift(cols.get(c), a.count, b.count, a.missing, b.missing, d.w1, d.w2,
                            b.mean - a.mean, shift, bound[k], bound[k]));
                }
                out.add(new GroupDrift(groupBy == null ? null : g, cd));
            }
            return new Result(groupBy, out, nonNumeric, joint.isEmpty() ? null : joint(reference, current), levels.clone(),
                    approx == 0, approx);
        });
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

    /**
     * Counts of a series' values per bin [lo + k·h, lo + (k + 1)·h) of a fixed grid of B bins over
     * the range of both sides (the last bin closed), per side as increasing bin numbers and their
     * counts: exactly mergeable, so partial counts add up to those of the whole series.
     */
    record Binned(int[][] bins, long[][] counts) implements Serializable {
        static Binned of(Chunk ch, double lo, double h, int b) {
            double[] x = ch.values();
            int[] bin = new int[x.length];
            for (int i = 0; i < x.length; i++) bin[i] = h > 0 ? (int) Math.min(b - 1, Math.max(0, (x[i] - lo) / h)) : 0;
            int[] at;
            long[] cnt;
            if (x.length >= b / 4) {
                long[] dense = new long[b];
                for (int k : bin) dense[k]++;
                int m = 0;
                for (long c : dense) if (c > 0) m++;
                at = new int[m];
                cnt = new long[m];
                for (int k = 0, j = 0; k < b; k++) {
                    if (dense[k] > 0) {
                        at[j] = k;
                        cnt[j++] = dense[k];
                    }
                }
            } else {
                Arrays.sort(bin);
                int m = 0;
                at = new int[bin.length];
                cnt = new long[bin.length];
                for (int i = 0; i < bin.length; i++) {
                    if (m > 0 && at[m - 1] == bin[i]) cnt[m - 1]++;
                    else {
                        at[m] = bin[i];
                        cnt[m++] = 1;
                    }
                }
                at = Arrays.copyOf(at, m);
                cnt = Arrays.copyOf(cnt, m);
            }
            int[][] bins = {new int[0], new int[0]};
            long[][] counts = {new long[0], new long[0]};
            bins[ch.side()] = at;
            counts[ch.side()] = cnt;
            return new Binned(bins, counts);
        }

        /** The bound h on |W_p − exact W_p| and on each quantile shift's error, plus a few units of rounding of the bin middles. */
        static double bound(double lo, double hi, int bins) {
            return (hi - lo) / bins + 8 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi)));
        }

        /** The counts of both, side by side (a merge of the increasing bin numbers). */
        Binned plus(Binned o) {
            int[][] b = new int[2][];
            long[][] c = new long[2][];
            for (int s = 0; s < 2; s++) {
                int[] x = bins[s], y = o.bins[s];
                int[] at = new int[x.length + y.length];
                long[] cnt = new long[at.length];
                int i = 0, j = 0, m = 0;
                while (i < x.length || j < y.length) {
                    int k = j == y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
                    long sum = 0;
                    if (i < x.length && x[i] == k) sum += counts[s][i++];
                    if (j < y.length && y[j] == k) sum += o.counts[s][j++];
                    at[m] = k;
                    cnt[m++] = sum;
                }
                b[s] = Arrays.copyOf(at, m);
                c[s] = Arrays.copyOf(cnt, m);
            }
            return new Binned(b, c);
        }

        /**
         * W1, W2 of the two binned measures (each value moved to the middle of its bin, so by at most
         * h/2), by monge-core's weighted 1-D OT on the bin middles; the quantiles are the middles of the
         * bins that hold the values of monge-core's ranks, found on the integer counts.
         */
        Series drift(double lo, double h, double[] levels) {
            double[][] x = new double[2][], w = new double[2][], q = new double[2][levels.length];
            for (int s = 0; s < 2; s++) {
                long total = 0;
                for (long c : counts[s]) total += c;
                x[s] = new double[bins[s].length];
                w[s] = new double[bins[s].length];
                for (int k = 0; k < x[s].length; k++) {
                    x[s][k] = lo + (bins[s][k] + 0.5) * h;
                    w[s][k] = (double) counts[s][k] / total;
                }
                for (int l = 0; l < levels.length; l++) {
                    long r = rank(levels[l], total), below = 0;
                    int k = 0;
                    while (below + counts[s][k] <= r) below += counts[s][k++];
                    q[s][l] = x[s][k];
                }
            }
            return new Series(OneDimensional.wasserstein(x[0], w[0], x[1], w[1], 1), OneDimensional.wasserstein(x[0], w[0], x[1], w[1], 2),
                    q[0], q[1]);
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
