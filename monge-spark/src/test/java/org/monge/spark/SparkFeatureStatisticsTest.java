package org.monge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.gaussian.MomentAccumulator;
import org.monge.gaussian.StreamingStatistics;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.NpyRowReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** FID statistics on Spark equal monge-core's single-machine statistics, whatever the partitioning. */
public class SparkFeatureStatisticsTest {
    private static final StructType DOUBLES = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType));

    /** Correlated features with a large common offset (the case where naive Σxxᵀ − n x̄x̄ᵀ loses digits). */
    static double[][] features(int n, int d, long seed, double offset) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double prev = 0;
            for (int j = 0; j < d; j++) {
                double z = r.nextGaussian();
                x[i][j] = offset + z + 0.6 * prev + 0.1 * j;
                prev = z;
            }
        }
        return x;
    }

    /** Mean and unbiased covariance of the points by monge-core, in one block (also the drift CLI test's reference). */
    public static FeatureStatistics core(double[][] x) {
        int d = x[0].length;
        double[] block = new double[x.length * d];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, block, i * d, d);
        MomentAccumulator acc = new MomentAccumulator(d);
        acc.addBlock(block, x.length);
        return acc.statistics();
    }

    static List<Row> rows(double[][] x) {
        List<Row> rows = new ArrayList<>();
        for (double[] v : x) rows.add(RowFactory.create((Object) v));
        return rows;
    }

    static void assertSame(FeatureStatistics actual, FeatureStatistics expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        double[] m = actual.mean(), e = expected.mean();
        for (int j = 0; j < e.length; j++) assertThat(m[j]).isCloseTo(e[j], within(1e-12 * Math.max(1, Math.abs(e[j]))));
        double scale = expected.covariance().maxAbs();
        assertThat(actual.covariance().minus(expected.covariance()).maxAbs()).isLessThanOrEqualTo(1e-12 * scale);
    }

    @Test
    void statisticsAndFidEqualCoreUnderEveryPartitioning() {
        double[][] a = features(57, 6, 1, 100.0);
        double[][] b = features(43, 6, 2, 100.5);
        FeatureStatistics ca = core(a), cb = core(b);
        double fid = Fid.between(ca, cb);
        MongeSpark monge = MongeSpark.on(TestSpark.session());
        Dataset<Row> whole = TestSpark.partitioned(rows(b), DOUBLES, new int[] {b.length});
        for (int[] layout : TestSpark.layouts(a.length)) {
            Dataset<Row> ds = TestSpark.partitioned(rows(a), DOUBLES, layout);
            assertThat(ds.javaRDD().getNumPartitions()).isEqualTo(layout.length);
            assertSame(monge.featureStatistics(ds, "features"), ca);
            assertThat(monge.fid(ds, whole, null)).isCloseTo(fid, within(1e-10 * fid));
            assertThat(monge.fid(ds, null, cb)).isCloseTo(fid, within(1e-10 * fid));
        }
    }

    @Test
    void tinyBlocksMergeExactlyToo() {
        double[][] a = features(31, 4, 3, -5.0);
        Dataset<Row> ds = TestSpark.partitioned(rows(a), DOUBLES, new int[] {10, 0, 21});
        FeatureStatistics s = SparkFeatureStatistics.defaults().withBlockRows(3).withTreeDepth(3).compute(ds, "features");
        assertSame(s, core(a));
        // the route of vector columns: an RDD of double[] rows
        assertSame(SparkFeatureStatistics.defaults().withBlockRows(3).compute(Features.vectors(ds, "features")), core(a));
    }

    @Test
    void floatArraysAndNumericColumnsAreFeaturesToo() {
        double[][] a = features(20, 3, 4, 0);
        List<Row> floats = new ArrayList<>();
        List<Row> columns = new ArrayList<>();
        double[][] rounded = new double[a.length][3];
        for (int i = 0; i < a.length; i++) {
            float[] f = new float[3];
            for (int j = 0; j < 3; j++) {
                f[j] = (float) a[i][j];
                rounded[i][j] = f[j];
            }
            floats.add(RowFactory.create((Object) f));
            columns.add(RowFactory.create(a[i][0], a[i][1], a[i][2]));
        }
        StructType floatSchema = new StructType().add("emb", DataTypes.createArrayType(DataTypes.FloatType));
        StructType colSchema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("z", DataTypes.DoubleType);
        MongeSpark monge = MongeSpark.on(TestSpark.session());
        assertSame(monge.featureStatistics(TestSpark.partitioned(floats, floatSchema, new int[] {7, 13}), null), core(rounded));
        assertSame(monge.featureStatistics(TestSpark.partitioned(columns, colSchema, new int[] {20}), null), core(a));
    }

    @Test
    void npyShardsAndCsvReadAsCoreReadsThem(@TempDir Path dir) throws Exception {
        double[][] a = features(50, 5, 5, 3.0);
        double[] all = new double[50 * 5];
        for (int i = 0; i < 50; i++) System.arraycopy(a[i], 0, all, i * 5, 5);
        Path shards = Files.createDirectories(dir.resolve("shards"));
        Npy.write(shards.resolve("part-0.npy"), new NdArray(new int[] {30, 5}, Arrays.copyOfRange(all, 0, 150)));
        Npy.write(shards.resolve("part-1.npy"), new NdArray(new int[] {20, 5}, Arrays.copyOfRange(all, 150, 250)));
        Npy.write(dir.resolve("all.npy"), new NdArray(new int[] {50, 5}, all));
        FeatureStatistics expected = streamed(dir.resolve("all.npy"));
        MongeSpark monge = MongeSpark.on(TestSpark.session());
        Dataset<Row> npy = monge.readFeatures(FeatureSources.Format.NPY, List.of(shards.toString()), null);
        assertThat(npy.javaRDD().getNumPartitions()).isEqualTo(2);
        assertSame(monge.featureStatistics(npy, null), expected);

        StringBuilder csv = new StringBuilder();
        for (double[] v : a) csv.append(String.join(",", Arrays.stream(v).mapToObj(Double::toString).toArray(String[]::new))).append('\n');
        Files.writeString(dir.resolve("a.csv"), csv);
        Dataset<Row> c = monge.readFeatures(FeatureSources.format(null, List.of(dir.resolve("a.csv").toString())),
                List.of(dir.resolve("a.csv").toString()), null);
        assertSame(monge.featureStatistics(c, null), expected);
    }

    @Test
    void aLargeNpyFileIsReadInRowRanges(@TempDir Path dir) throws Exception {
        int n = FeatureSources.SPLIT_ROWS + 1000, d = 2;
        double[] x = new double[n * d];
        Random r = new Random(9);
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() + (i % d);
        Path f = dir.resolve("big.npy");
        Npy.write(f, new NdArray(new int[] {n, d}, x));
        MongeSpark monge = MongeSpark.on(TestSpark.session());
        Dataset<Row> ds = monge.readFeatures(FeatureSources.Format.NPY, List.of(f.toString()), null);
        assertThat(ds.javaRDD().getNumPartitions()).isEqualTo(2);
        assertSame(monge.featureStatistics(ds, null), streamed(f));
    }

    @Test
    void badInputIsAnIllegalArgumentNamingTheProblem() {
        MongeSpark monge = MongeSpark.on(TestSpark.session());
        List<Row> ragged = List.of(RowFactory.create((Object) new double[] {1, 2}), RowFactory.create((Object) new double[] {1, 2, 3}));
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(ragged, DOUBLES, new int[] {2}), "features"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(ragged, DOUBLES, new int[] {1, 1}), "features"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(ragged, DOUBLES, new int[] {2}), "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'nope' not found");
        List<Row> nan = List.of(RowFactory.create((Object) new double[] {1, Double.NaN}), RowFactory.create((Object) new double[] {1, 2}));
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(nan, DOUBLES, new int[] {2}), "features"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(List.of(), DOUBLES, new int[] {0, 0}), "features"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        // array columns are read from Spark's internal rows: a null vector or a null entry is named
        List<Row> holes = List.of(RowFactory.create((Object) new Double[] {1.0, 2.0}),
                RowFactory.create((Object) new Double[] {3.0, null}));
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(holes, DOUBLES, new int[] {2}), "features"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'features' has a null entry in a feature vector (entry 1 of row 1 of a partition)");
        List<Row> none = new ArrayList<>(List.of(RowFactory.create((Object) new double[] {1, 2})));
        none.add(RowFactory.create((Object) null));
        assertThatThrownBy(() -> monge.featureStatistics(TestSpark.partitioned(none, DOUBLES, new int[] {1, 1}), "features"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column 'features' has a null feature vector");
    }

    /** monge-core's single-machine statistics of a 2-D .npy file, the reference for Spark's. */
    static FeatureStatistics streamed(Path file) throws IOException {
        try (NpyRowReader r = new NpyRowReader(file)) {
            return StreamingStatistics.defaults().compute(r.cols(), r::read, null);
        }
    }
}
