package org.monge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Drift between two tables on Spark equals monge-core's 1-D OT on the collected values, per group; the sketch stays within its bound. */
class SparkDriftTest {
    static final StructType SCHEMA = new StructType().add("day", DataTypes.IntegerType).add("a", DataTypes.DoubleType)
            .add("b", DataTypes.IntegerType).add("s", DataTypes.StringType);

    /** Rows (day, a, b, s): a Gaussian with nulls and NaNs, b small integers (many ties), s text. */
    static List<Row> table(int n, long seed, double shift, int days) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Double a = i % 17 == 3 ? null : i % 23 == 5 ? Double.NaN : shift + r.nextGaussian() * (1 + 0.3 * (i % days));
            Integer b = i % 19 == 7 ? null : r.nextInt(10) + (int) Math.round(shift);
            rows.add(RowFactory.create(i % days, a, b, "t" + r.nextInt(3)));
        }
        return rows;
    }

    /** The values of a column in one group (all groups when day is negative), nulls and NaNs left out. */
    static double[] values(List<Row> rows, int column, int day) {
        return rows.stream().filter(r -> day < 0 || r.getInt(0) == day).filter(r -> !r.isNullAt(column))
                .mapToDouble(r -> ((Number) r.get(column)).doubleValue()).filter(v -> !Double.isNaN(v)).toArray();
    }

    static long missing(List<Row> rows, int column, int day) {
        return rows.stream().filter(r -> day < 0 || r.getInt(0) == day)
                .filter(r -> r.isNullAt(column) || Double.isNaN(((Number) r.get(column)).doubleValue())).count();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static void assertEqualsCore(SparkDrift.ColumnDrift d, List<Row> ref, List<Row> cur, int column, int day, double[] levels) {
        double[] u = values(ref, column, day), v = values(cur, column, day);
        assertThat(d.referenceCount()).isEqualTo(u.length);
        assertThat(d.currentCount()).isEqualTo(v.length);
        assertThat(d.referenceMissing()).isEqualTo(missing(ref, column, day));
        assertThat(d.currentMissing()).isEqualTo(missing(cur, column, day));
        double w1 = OneDimensional.wasserstein(u, v, 1), w2 = OneDimensional.wasserstein(u, v, 2);
        assertThat(d.w1()).as("w1 of %s, day %s", d.column(), day).isCloseTo(w1, within(1e-12 * w1));
        assertThat(d.w2()).as("w2 of %s, day %s", d.column(), day).isCloseTo(w2, within(1e-12 * w2));
        assertThat(d.meanShift()).isCloseTo(mean(v) - mean(u), within(1e-12 * (1 + Math.abs(mean(u)))));
        double[] qu = OneDimensional.quantiles(u, null, levels), qv = OneDimensional.quantiles(v, null, levels);
        for (int l = 0; l < levels.length; l++) assertThat(d.quantileShift()[l]).as("level %s", levels[l]).isEqualTo(qv[l] - qu[l]);
        assertThat(d.w1Bound()).isZero();
    }

    @Test
    void exactDriftPerGroupEqualsMongeCoreOnTheCollectedValues() {
        List<Row> ref = table(157, 1, 0, 3), cur = table(113, 2, 0.4, 3);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {50, 0, 107});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {113});
        SparkDrift.Result r = MongeSpark.on(TestSpark.session()).drift(a, b, null, "day");
        assertThat(r.exact()).isTrue();
        assertThat(r.groupColumn()).isEqualTo("day");
        assertThat(r.nonNumeric()).containsEntry("s", "string").hasSize(1);
        assertThat(r.groups()).extracting(SparkDrift.GroupDrift::group).containsExactly("0", "1", "2");
        for (SparkDrift.GroupDrift g : r.groups()) {
            int day = Integer.parseInt(g.group());
            assertThat(g.columns()).containsOnlyKeys("a", "b");
            assertEqualsCore(g.columns().get("a"), ref, cur, 1, day, r.levels());
            assertEqualsCore(g.columns().get("b"), ref, cur, 2, day, r.levels());
        }
        SparkDrift.Result whole = SparkDrift.defaults().withLevels(0, 0.1, 0.5, 1).compute(a, b, List.of("b", "a"), null);
        assertThat(whole.groups()).hasSize(1);
        assertThat(whole.groups().get(0).group()).isNull();
        assertThat(whole.groups().get(0).columns()).containsOnlyKeys("b", "a");
        assertEqualsCore(whole.groups().get(0).columns().get("a"), ref, cur, 1, -1, whole.levels());
        assertEqualsCore(whole.groups().get(0).columns().get("b"), ref, cur, 2, -1, whole.levels());
    }

    @Test
    void exactDriftOfAPartitionLongerThanOneChunkEqualsMongeCore() {
        // 160,000 rows (about 144,000 values of a, 152,000 of b) in one partition: they leave it in two pieces (at most 2^17 each)
        List<Row> ref = table(160_000, 9, 0, 1), cur = table(3000, 10, 0.2, 1);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {160_000});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {1000, 2000});
        SparkDrift.Result r = SparkDrift.defaults().compute(a, b, List.of("a", "b"), null);
        assertEqualsCore(r.groups().get(0).columns().get("a"), ref, cur, 1, -1, r.levels());
        assertEqualsCore(r.groups().get(0).columns().get("b"), ref, cur, 2, -1, r.levels());
    }

    @Test
    void sketchedDriftIsWithinItsStatedBound() {
        List<Row> ref = table(3000, 3, 0, 2), cur = table(2500, 4, 0.3, 2);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {1000, 2000});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {2500});
        SparkDrift.Result exact = SparkDrift.defaults().compute(a, b, List.of("a", "b"), "day");
        SparkDrift.Result approx = SparkDrift.defaults().withApproximation(0.01).compute(a, b, List.of("a", "b"), "day");
        assertThat(approx.exact()).isFalse();
        for (int g = 0; g < 2; g++) {
            for (String c : List.of("a", "b")) {
                SparkDrift.ColumnDrift e = exact.groups().get(g).columns().get(c), s = approx.groups().get(g).columns().get(c);
                assertThat(s.w1Bound()).isPositive();
                assertThat(Math.abs(s.w1() - e.w1())).isLessThanOrEqualTo(s.w1Bound());
                assertThat(Math.abs(s.w2() - e.w2())).isLessThanOrEqualTo(s.w2Bound());
                assertThat(s.meanShift()).isCloseTo(e.meanShift(), within(1e-12));
                assertThat(s.referenceMissing()).isEqualTo(e.referenceMissing());
            }
        }
    }

    @Test
    void sketchesOfACachedTableEqualThoseOfTheRowsAndAreWithinTheBound() {
        List<Row> ref = table(4000, 11, 0, 1), cur = table(3000, 12, 0.3, 1);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {1500, 0, 2500});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {3000});
        // the same rows in DataFrames of their own (cache() caches the Dataset it is called on)
        Dataset<Row> ca = TestSpark.partitioned(ref, SCHEMA, new int[] {1500, 0, 2500}).select("a", "b").cache();
        Dataset<Row> cb = TestSpark.partitioned(cur, SCHEMA, new int[] {3000}).select("a", "b").cache();
        ca.count();
        cb.count();
        String[] names = {"a", "b"};
        SparkDrift d = SparkDrift.defaults().withApproximation(0.001);
        SparkDrift.GroupDrift rows = d.compute(a, b, List.of("a", "b"), null).groups().get(0);
        SparkDrift.GroupDrift cached = d.compute(ca, cb, List.of("a", "b"), null).groups().get(0);
        SparkDrift.GroupDrift exact = SparkDrift.defaults().compute(ca, cb, List.of("a", "b"), null).groups().get(0);
        for (String c : names) {
            SparkDrift.ColumnDrift r = rows.columns().get(c), k = cached.columns().get(c), e = exact.columns().get(c);
            assertThat(k.w1()).isEqualTo(r.w1());
            assertThat(k.w2()).isEqualTo(r.w2());
            assertThat(k.quantileShift()).isEqualTo(r.quantileShift());
            assertThat(k.w1Bound()).isEqualTo(r.w1Bound()).isPositive();
            assertThat(List.of(k.referenceCount(), k.currentCount(), k.referenceMissing(), k.currentMissing()))
                    .isEqualTo(List.of(e.referenceCount(), e.currentCount(), e.referenceMissing(), e.currentMissing()));
            assertThat(k.meanShift()).isCloseTo(e.meanShift(), within(1e-12));
            assertThat(Math.abs(k.w1() - e.w1())).isLessThanOrEqualTo(k.w1Bound());
            assertThat(Math.abs(k.w2() - e.w2())).isLessThanOrEqualTo(k.w2Bound());
            for (int l = 0; l < e.quantileShift().length; l++) {
                assertThat(Math.abs(k.quantileShift()[l] - e.quantileShift()[l])).isLessThanOrEqualTo(k.w1Bound());
            }
        }
        ca.unpersist();
        cb.unpersist();
        Dataset<Row> inf = a.withColumn("a", when(col("day").equalTo(0).and(col("b").equalTo(3)), lit(Double.POSITIVE_INFINITY))
                .otherwise(col("a")));
        assertThatThrownBy(() -> d.compute(inf, b, List.of("a"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'a' of the reference table holds Infinity: the sketches (approximation) need finite values");
    }

    @Test
    void jointGaussianW2AndSlicedWEqualMongeCore() {
        List<Row> ref = table(200, 5, 0, 1), cur = table(150, 6, 0.5, 1);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {120, 80});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {150});
        SparkSlicedWasserstein sliced = SparkSlicedWasserstein.defaults().withProjections(20).withSeed(3);
        SparkDrift.Result r = SparkDrift.defaults().withJoint(List.of("a", "b")).withSliced(sliced).compute(a, b, List.of("a"), null);
        assertEqualsCore(r.groups().get(0).joint(), ref, cur, -1, 20, 3);
    }

    /** The joint drift of (a, b) in one group (all rows when day is negative) against monge-core on the collected complete rows. */
    static void assertEqualsCore(SparkDrift.Joint j, List<Row> ref, List<Row> cur, int day, int projections, long seed) {
        double[][] x = complete(ref, day), y = complete(cur, day);
        assertThat(j.columns()).containsExactly("a", "b");
        assertThat(j.referenceRows()).isEqualTo(x.length);
        assertThat(j.currentRows()).isEqualTo(y.length);
        assertThat(j.referenceIncomplete()).isEqualTo(ref.stream().filter(r -> day < 0 || r.getInt(0) == day).count() - x.length);
        assertThat(j.currentIncomplete()).isEqualTo(cur.stream().filter(r -> day < 0 || r.getInt(0) == day).count() - y.length);
        FeatureStatistics sx = SparkFeatureStatisticsTest.core(x), sy = SparkFeatureStatisticsTest.core(y);
        double gw = BuresWasserstein.distance(Gaussian.of(sx.mean(), sx.covariance()), Gaussian.of(sy.mean(), sy.covariance()));
        assertThat(j.gaussianW2()).as("Gaussian W2, day %s", day).isCloseTo(gw, within(1e-12 * gw));
        double sw = SlicedWasserstein.defaults().withProjections(projections).withSeed(seed)
                .distance(DiscreteMeasure.uniform(Matrix.of(x)), DiscreteMeasure.uniform(Matrix.of(y)));
        assertThat(j.slicedW2()).as("sliced W2, day %s", day).isCloseTo(sw, within(1e-12 * sw));
        assertThat(j.slicedBound()).isZero();
    }

    @Test
    void jointDriftPerGroupEqualsMongeCoreAndItsSketchIsWithinItsBound() {
        List<Row> ref = table(900, 15, 0, 3), cur = table(700, 16, 0.5, 3);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {300, 0, 599, 1});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {700});
        SparkSlicedWasserstein sliced = SparkSlicedWasserstein.defaults().withProjections(30).withSeed(5);
        SparkDrift d = SparkDrift.defaults().withJoint(List.of("a", "b")).withSliced(sliced);
        SparkDrift.Result r = d.compute(a, b, List.of("b"), "day");
        assertThat(r.groups()).extracting(SparkDrift.GroupDrift::group).containsExactly("0", "1", "2");
        for (SparkDrift.GroupDrift g : r.groups()) assertEqualsCore(g.joint(), ref, cur, Integer.parseInt(g.group()), 30, 5);

        SparkDrift.Result s = d.withApproximation(0.001).compute(a, b, List.of("b"), "day");
        for (int k = 0; k < 3; k++) {
            SparkDrift.Joint e = r.groups().get(k).joint(), j = s.groups().get(k).joint();
            assertThat(j.slicedBound()).isPositive().isLessThan(0.05);
            assertThat(Math.abs(j.slicedW2() - e.slicedW2())).isLessThanOrEqualTo(j.slicedBound());
            assertThat(j.gaussianW2()).isCloseTo(e.gaussianW2(), within(1e-12 * e.gaussianW2()));
            assertThat(List.of(j.referenceRows(), j.currentRows(), j.referenceIncomplete(), j.currentIncomplete()))
                    .isEqualTo(List.of(e.referenceRows(), e.currentRows(), e.referenceIncomplete(), e.currentIncomplete()));
        }

        // as a table: a row per group and column, then the group's joint row; the same rows as a Dataset
        List<Row> rows = r.rows();
        assertThat(List.of(r.schema().fieldNames())).startsWith("day", "column", "reference_count").endsWith("w2_bound", "gaussian_w2",
                "sliced_w2", "sliced_bound");
        assertThat(rows).hasSize(6);
        Row joint = rows.get(1);
        assertThat(joint.getString(0)).isEqualTo("0");
        assertThat(joint.getString(1)).isEqualTo("a+b");
        assertThat(joint.getLong(2)).isEqualTo(r.groups().get(0).joint().referenceRows());
        assertThat(joint.isNullAt(6)).isTrue();
        assertThat(joint.getDouble(joint.length() - 3)).isEqualTo(r.groups().get(0).joint().gaussianW2());
        assertThat(rows.get(0).getString(1)).isEqualTo("b");
        assertThat(rows.get(0).isNullAt(rows.get(0).length() - 1)).isTrue();
        assertThat(r.toDataset(TestSpark.session()).collectAsList()).isEqualTo(rows);
    }

    @Test
    void jointBadInputIsNamed() {
        List<Row> ref = table(60, 17, 0, 2), cur = table(50, 18, 0, 2);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {60});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {20, 30});
        SparkDrift d = SparkDrift.defaults();
        assertThatThrownBy(() -> d.withJoint(List.of("a", "zz")).compute(a, b, List.of("b"), "day"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'zz' is not in the reference table (columns: day, a, b, s)");
        assertThatThrownBy(() -> d.withJoint(List.of("a", "s")).compute(a, b, List.of("b"), "day"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column 's' of the reference table is not numeric (string)");
        assertThatThrownBy(() -> d.withJoint(List.of("a", "b", "a"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("joint columns name 'a' twice");
        Dataset<Row> noA = a.withColumn("a", when(col("day").equalTo(1), lit(null).cast("double")).otherwise(col("a")));
        assertThatThrownBy(() -> d.withJoint(List.of("a", "b")).compute(noA, b, List.of("b"), "day"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group day=1: the joint columns a, b have 0 complete rows in the reference table "
                        + "(the Gaussian W2 needs at least 2)");
        Dataset<Row> inf = b.withColumn("a", when(col("day").equalTo(0), lit(Double.NEGATIVE_INFINITY)).otherwise(col("a")));
        for (SparkDrift m : List.of(d, d.withApproximation(0.01))) {
            assertThatThrownBy(() -> m.withJoint(List.of("a", "b")).compute(a, inf, List.of("b"), "day"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("joint column 'a' of the current table holds -Infinity: the Gaussian W2 and sliced W need finite values");
        }
    }

    /** Rows of one group (all when day is negative) where a and b both have a value, as (a, b) points. */
    static double[][] complete(List<Row> rows, int day) {
        return rows.stream().filter(r -> day < 0 || r.getInt(0) == day)
                .filter(r -> !r.isNullAt(1) && !r.isNullAt(2) && !Double.isNaN(r.getDouble(1)))
                .map(r -> new double[] {r.getDouble(1), r.getInt(2)}).toArray(double[][]::new);
    }

    @Test
    void badInputIsNamed() {
        List<Row> ref = table(40, 7, 0, 2), cur = table(30, 8, 0, 3);
        Dataset<Row> a = TestSpark.partitioned(ref, SCHEMA, new int[] {40});
        Dataset<Row> b = TestSpark.partitioned(cur, SCHEMA, new int[] {30});
        SparkDrift d = SparkDrift.defaults();
        assertThatThrownBy(() -> d.compute(a, b, List.of("zz"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'zz' is not in the reference table (columns: day, a, b, s)");
        assertThatThrownBy(() -> d.compute(a, b, List.of("s"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 's' of the reference table is not numeric (string)");
        assertThatThrownBy(() -> d.compute(a, b, List.of("a"), "nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("group column 'nope' is not in the reference table");
        // day 2 exists only in the current table
        assertThatThrownBy(() -> d.compute(a, b, List.of("a"), "day")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group day=2: the reference table has no rows");
        Dataset<Row> nulls = a.withColumn("a", a.col("a").multiply(Double.NaN));
        assertThatThrownBy(() -> d.compute(nulls, b, List.of("a"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'a' has no values in the reference table");
        assertThatThrownBy(() -> d.withApproximation(0.7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approximation");
    }
}
