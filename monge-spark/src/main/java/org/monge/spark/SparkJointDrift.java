package org.monge.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.monge.discrete.exact.OneDimensional;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.MomentAccumulator;
import org.monge.linalg.Matrix;
import org.monge.spark.SparkDrift.SeriesKey;
import org.monge.spark.SparkSlicedWasserstein.Chunk;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The joint drift of several numeric columns, per group of a group column (one group without it):
 * the W2 distance between the Gaussians fitted to the rows where every joint column has a value
 * (Bures–Wasserstein, monge-core's {@link BuresWasserstein} on the unbiased covariances) and the
 * sliced W_p along directions shared by all groups (monge-core's, from the seed of
 * {@link SparkSlicedWasserstein}). Rows lacking a joint value are counted per group and side, not used.
 *
 * <ul>
 * <li>Gaussians: one pass over each table, in which every partition folds each group's complete
 * rows into a monge-core {@link MomentAccumulator} (the blocked dsyrk kernel of the single-machine
 * statistics, in blocks that grow from 16 to 1024 rows so that a partition of many small groups
 * holds little); one reduce by (group, side) merges them exactly (Chan, Golub &amp; LeVeque 1979).</li>
 * <li>sliced, exact: each partition projects its complete rows on the broadcast directions and sends
 * every (group, direction) series in pieces; each series is gathered in one task and its W_p^p is
 * monge-core's {@link OneDimensional}, so SW_p equals the single-machine value on the group's rows.</li>
 * <li>sliced, sketched (ε &gt; 0): the projections go into a {@link DriftSketch} per (group, direction)
 * instead, merged by a reduce; each direction's W_p is that of the binned measures, within the grid's
 * width h_l &lt; ε·(range of the projections) of the exact one, so by Minkowski's inequality over the
 * directions SW_p is within max_l h_l (the stated bound).</li>
 * </ul>
 */
final class SparkJointDrift {
    private static final int FIRST_BLOCK = 16, LAST_BLOCK = 1024;
    private final List<String> columns;
    private final SparkSlicedWasserstein sliced;
    private final double approx;

    SparkJointDrift(List<String> columns, SparkSlicedWasserstein sliced, double approx) {
        this.columns = List.copyOf(columns);
        this.sliced = sliced;
        this.approx = approx;
    }

    /** Per group key (as {@link SparkDrift#groupKey} words it; "" without a group column), in the order of {@code groups}. */
    Map<String, SparkDrift.Joint> compute(Dataset<Row> reference, Dataset<Row> current, String groupBy, List<String> groups) {
        Map<GroupSide, Moments> moments = moments(reference, groupBy, 0).union(moments(current, groupBy, 1))
                .reduceByKey(Moments::merge).collectAsMap();
        String[] side = {"reference", "current"};
        Map<String, FeatureStatistics[]> stats = new HashMap<>();
        Map<String, long[]> incomplete = new HashMap<>();
        for (String g : groups) {
            FeatureStatistics[] st = new FeatureStatistics[2];
            long[] inc = new long[2];
            for (int s = 0; s < 2; s++) {
                Moments m = moments.get(new GroupSide(g, s));
                long n = m == null ? 0 : m.acc.count();
                if (n < 2) {
                    String where = groupBy == null ? "" : "group " + groupBy + "=" + g + ": ";
                    throw new IllegalArgumentException(where + "the joint columns " + String.join(", ", columns) + " have " + n
                            + " complete row" + (n == 1 ? "" : "s") + " in the " + side[s] + " table (the Gaussian W2 needs at least 2)");
                }
                st[s] = m.acc.statistics();
                inc[s] = m.incomplete;
            }
            stats.put(g, st);
            incomplete.put(g, inc);
        }
        int d = columns.size();
        Matrix theta = sliced.directions(d);
        double[][] sw = approx == 0 ? exactSliced(reference, current, groupBy, groups, theta)
                : sketchedSliced(reference, current, groupBy, groups, theta);
        Map<String, SparkDrift.Joint> out = new LinkedHashMap<>();
        for (int k = 0; k < groups.size(); k++) {
            String g = groups.get(k);
            FeatureStatistics a = stats.get(g)[0], b = stats.get(g)[1];
            double gw = BuresWasserstein.distance(Gaussian.of(a.mean(), a.covariance()), Gaussian.of(b.mean(), b.covariance()));
            out.put(g, new SparkDrift.Joint(columns, a.count(), b.count(), incomplete.get(g)[0], incomplete.get(g)[1], gw,
                    sw[k][0], sw[k][1]));
        }
        return out;
    }

    /** The group key and the joint columns (as double, null where null or NaN) of a table, as Spark's internal rows. */
    private JavaRDD<InternalRow> rows(Dataset<Row> table, String groupBy) {
        List<Column> sel = new ArrayList<>();
        sel.add(SparkDrift.groupKey(groupBy));
        for (String c : columns) sel.add(SparkDrift.valid(c));
        return table.select(sel.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();
    }

    /** A group key and a side (0 reference, 1 current). */
    record GroupSide(String group, int side) implements Serializable {}

    /** Per partition, ((group, side), the moments of the group's complete rows and the count of the others). */
    private JavaPairRDD<GroupSide, Moments> moments(Dataset<Row> table, String groupBy, int side) {
        String[] names = columns.toArray(String[]::new);
        String tableName = side == 0 ? "reference" : "current";
        return rows(table, groupBy).mapPartitionsToPair(it -> {
            Map<String, Moments> per = new HashMap<>();
            UTF8String lastGroup = null;
            Moments last = null;
            while (it.hasNext()) {
                InternalRow r = it.next();
                UTF8String g = r.getUTF8String(0);
                if (!g.equals(lastGroup)) {
                    last = per.computeIfAbsent(g.toString(), k -> new Moments(names.length));
                    lastGroup = g.clone(); // the row and its bytes are reused
                }
                last.add(r, names, tableName);
            }
            List<Tuple2<GroupSide, Moments>> out = new ArrayList<>();
            for (Map.Entry<String, Moments> e : per.entrySet()) {
                out.add(new Tuple2<>(new GroupSide(e.getKey(), side), e.getValue().flush()));
            }
            return out.iterator();
        });
    }

    /** One group's moments on one side within a partition, or merged; the block is the partition's buffer only. */
    static final class Moments implements Serializable {
        private static final long serialVersionUID = 1L;
        final MomentAccumulator acc;
        long incomplete;
        private transient double[] block;
        private transient int filled;

        Moments(int d) {
            acc = new MomentAccumulator(d);
            block = new double[FIRST_BLOCK * d];
        }

        /** Row r (group key at 0, the joint columns after it): counted as incomplete, or copied into the block. */
        void add(InternalRow r, String[] names, String table) {
            int d = names.length, at = filled * d;
            for (int c = 0; c < d; c++) {
                if (r.isNullAt(c + 1)) {
                    incomplete++;
                    return;
                }
                block[at + c] = finite(r.getDouble(c + 1), names[c], table);
            }
            if (++filled * d == block.length) {
                acc.addBlock(block, filled);
                filled = 0;
                if (block.length < LAST_BLOCK * d) block = new double[2 * block.length];
            }
        }

        Moments flush() {
            if (filled > 0) acc.addBlock(block, filled);
            filled = 0;
            block = null;
            return this;
        }

        Moments merge(Moments o) {
            acc.merge(o.acc);
            incomplete += o.incomplete;
            return this;
        }
    }

    static double finite(double x, String column, String table) {
        if (Double.isInfinite(x)) {
            throw new IllegalArgumentException("joint column '" + column + "' of the " + table + " table holds " + x
                    + ": the Gaussian W2 and sliced W need finite values");
        }
        return x;
    }

    /** Reads a complete row's projections on the directions (NaN for all of them when a joint value is missing). */
    static final class Projections implements SparkDrift.RowValues {
        private static final long serialVersionUID = 1L;
        private final Broadcast<double[]> theta;
        private final String[] names;
        private final String table;
        private transient double[] x;

        Projections(Broadcast<double[]> theta, String[] names, String table) {
            this.theta = theta;
            this.names = names;
            this.table = table;
        }

        @Override
        public void read(InternalRow r, double[] out) {
            int d = names.length;
            if (x == null) x = new double[d];
            for (int c = 0; c < d; c++) {
                if (r.isNullAt(c + 1)) {
                    Arrays.fill(out, Double.NaN);
                    return;
                }
                x[c] = finite(r.getDouble(c + 1), names[c], table);
            }
            double[] t = theta.value();
            for (int l = 0; l < out.length; l++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += t[l * d + j] * x[j];
                out[l] = s;
            }
        }
    }

    /** Per group (in order) {SW_p, 0}: every (group, direction) series of projections gathered in one task. */
    private double[][] exactSliced(Dataset<Row> reference, Dataset<Row> current, String groupBy, List<String> groups, Matrix theta) {
        int l = theta.rows();
        Map<String, Integer> index = new HashMap<>();
        for (String g : groups) index.put(g, index.size());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(reference.sparkSession().sparkContext());
        Broadcast<double[]> bt = jsc.broadcast(theta.toRowMajor());
        try {
            String[] names = columns.toArray(String[]::new);
            JavaPairRDD<Integer, Chunk> chunks =
                    SparkDrift.chunks(rows(reference, groupBy), index, l, 0, new Projections(bt, names, "reference"))
                            .union(SparkDrift.chunks(rows(current, groupBy), index, l, 1, new Projections(bt, names, "current")));
            int series = groups.size() * l;
            int parts = Math.max(1, Math.min(series, Math.max(200, chunks.context().defaultParallelism())));
            double p = sliced.p();
            Map<Integer, Double> cost = chunks.groupByKey(new HashPartitioner(parts)).mapValues(cs -> {
                List<double[]> u = new ArrayList<>(), v = new ArrayList<>();
                for (Chunk ch : cs) (ch.side() == 0 ? u : v).add(ch.values());
                return OneDimensional.wassersteinCost(SparkSlicedWasserstein.concat(u), null, SparkSlicedWasserstein.concat(v), null, p);
            }).collectAsMap();
            double[][] out = new double[groups.size()][];
            for (int k = 0; k < out.length; k++) {
                double[] c = new double[l];
                for (int j = 0; j < l; j++) c[j] = cost.get(k * l + j);
                out[k] = new double[] {SparkSlicedWasserstein.average(c, p), 0};
            }
            return out;
        } finally {
            bt.destroy();
        }
    }

    /** Per group (in order) {SW_p of the binned projections, its bound}: a {@link DriftSketch} per (group, direction). */
    private double[][] sketchedSliced(Dataset<Row> reference, Dataset<Row> current, String groupBy, List<String> groups,
                                      Matrix theta) {
        int l = theta.rows(), cap = DriftSketch.capFor(approx);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(reference.sparkSession().sparkContext());
        Broadcast<double[]> bt = jsc.broadcast(theta.toRowMajor());
        try {
            String[] names = columns.toArray(String[]::new);
            JavaPairRDD<SeriesKey, DriftSketch> sk = sketches(rows(reference, groupBy), new Projections(bt, names, "reference"), l, 0, cap)
                    .union(sketches(rows(current, groupBy), new Projections(bt, names, "current"), l, 1, cap));
            double p = sliced.p();
            Map<SeriesKey, double[]> per = sk.reduceByKey(DriftSketch::plus, Math.max(1, sk.context().defaultParallelism()))
                    .mapValues(s -> new double[] {s.wassersteinCost(p), s.bound()}).collectAsMap();
            double[][] out = new double[groups.size()][];
            for (int k = 0; k < out.length; k++) {
                double[] c = new double[l];
                double bound = 0;
                for (int j = 0; j < l; j++) {
                    double[] v = per.get(new SeriesKey(groups.get(k), j));
                    c[j] = v[0];
                    bound = Math.max(bound, v[1]);
                }
                out[k] = new double[] {SparkSlicedWasserstein.average(c, p), bound};
            }
            return out;
        } finally {
            bt.destroy();
        }
    }

    /** Per partition, ((group, direction), the sketch of the group's projections on that direction on this side). */
    private static JavaPairRDD<SeriesKey, DriftSketch> sketches(JavaRDD<InternalRow> rows, Projections reader, int l, int side, int cap) {
        return rows.mapPartitionsToPair(it -> {
            Map<String, DriftSketch[]> per = new HashMap<>();
            double[] proj = new double[l];
            UTF8String lastGroup = null;
            DriftSketch[] last = null;
            while (it.hasNext()) {
                InternalRow r = it.next();
                UTF8String g = r.getUTF8String(0);
                if (!g.equals(lastGroup)) {
                    last = per.computeIfAbsent(g.toString(), k -> {
                        DriftSketch[] s = new DriftSketch[l];
                        for (int j = 0; j < l; j++) s[j] = new DriftSketch(cap);
                        return s;
                    });
                    lastGroup = g.clone(); // the row and its bytes are reused
                }
                reader.read(r, proj);
                if (Double.isNaN(proj[0])) continue;
                for (int j = 0; j < l; j++) last[j].add(side, proj[j]);
            }
            List<Tuple2<SeriesKey, DriftSketch>> out = new ArrayList<>();
            for (Map.Entry<String, DriftSketch[]> e : per.entrySet()) {
                for (int j = 0; j < l; j++) out.add(new Tuple2<>(new SeriesKey(e.getKey(), j), e.getValue()[j]));
            }
            return out.iterator();
        });
    }
}
