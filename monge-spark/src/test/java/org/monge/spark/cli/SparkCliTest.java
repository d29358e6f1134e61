package org.monge.spark.cli;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.StreamingStatistics;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.io.NpyRowReader;
import org.monge.io.Npz;
import org.monge.linalg.Matrix;
import org.monge.spark.TestSparkAccess;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

/** {@code monge spark fid} and {@code monge spark w2-pairs}: results equal monge-core's, one-line errors with exit 2. */
class SparkCliTest {
    @TempDir
    static Path dir;
    static Path a, b, stats;
    static FeatureStatistics sa, sb;

    /** The CLI joins the module's shared test session (and so leaves it running). */
    @BeforeAll
    static void files() throws Exception {
        TestSparkAccess.session();
        a = dir.resolve("a.npy");
        b = dir.resolve("b.npy");
        Npy.write(a, features(300, 4, 1));
        Npy.write(b, features(200, 4, 2));
        sa = streamed(a);
        sb = streamed(b);
        stats = dir.resolve("b.npz");
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("mu", NdArray.vector(sb.mean()));
        m.put("sigma", NdArray.of(sb.covariance()));
        Npz.write(stats, m);
    }

    static NdArray features(int n, int d, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * (1 + i % d) + seed;
        return new NdArray(new int[] {n, d}, x);
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE]+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void fidOfTwoFeatureFilesAndOfFeaturesAgainstStatistics() {
        double expected = Fid.between(sa, sb);
        Run r = run("fid", "--master", "local[2]", "--input", a.toString(), "--input", b.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(number(r.out(), "fid")).isCloseTo(expected, within(1e-10 * expected));
        assertThat(number(r.out(), "count_a")).isEqualTo(300);
        assertThat(number(r.out(), "dimension")).isEqualTo(4);
        Run s = run("fid", "--input", a.toString(), "--stats", stats.toString(), "--format", "npy", "--json");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(number(s.out(), "fid")).isCloseTo(expected, within(1e-10 * expected));
    }

    @Test
    void userMistakesAreOneLineAndExitTwo() {
        for (String[] args : List.of(
                new String[] {"fid", "--input", a.toString()},
                new String[] {"fid", "--input", dir.resolve("missing.npy").toString(), "--input", b.toString()},
                new String[] {"fid", "--input", a.toString(), "--input", b.toString(), "--format", "hdf5"},
                new String[] {"fid", "--bogus"},
                new String[] {"w2-pairs"},
                new String[] {"w2-pairs", "--means", a.toString(), "--covariances", a.toString()})) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(SparkMain.USER_ERROR);
            assertThat(r.err().strip()).startsWith("monge: ").doesNotContain("\n");
        }
    }

    /** monge names a missing file as its reader does, after the option: {@code monge: error: OPTION: PATH: file not found}. */
    @Test
    void aMissingInputIsTheSameOneLineAsMongeGivesAndExitsTwo() {
        Path missing = dir.resolve("missing.npy");
        String reader = catchThrowable(() -> ArrayFiles.read(missing)).getMessage();
        assertThat(reader).isEqualTo(missing + ": file not found");
        for (String[] args : List.of(new String[] {"fid", "--input", missing.toString(), "--input", b.toString()},
                new String[] {"fid", "--input", a.toString(), "--stats", missing.toString()},
                new String[] {"w2-pairs", "--input", missing.toString()},
                new String[] {"w2-pairs", "--means", missing.toString(), "--covariances", a.toString()})) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(SparkMain.USER_ERROR);
            String option = args[List.of(args).indexOf(missing.toString()) - 1];
            assertThat(r.err()).isEqualTo("monge: error: " + option + ": " + reader + System.lineSeparator());
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void w2PairsFromArraysAndFromParquetWithBlocks() throws Exception {
        Random rnd = new Random(3);
        int n = 7, d = 2;
        List<Gaussian> gs = new ArrayList<>();
        double[] means = new double[n * d], covs = new double[n * d * d];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] m = {rnd.nextGaussian(), rnd.nextGaussian()};
            double s = 0.5 + rnd.nextDouble(), c = 0.3 * rnd.nextDouble();
            double[] cov = {s, c, c, 1.0};
            gs.add(Gaussian.of(m, Matrix.fromRowMajor(2, 2, cov)));
            System.arraycopy(m, 0, means, i * d, d);
            System.arraycopy(cov, 0, covs, i * d * d, d * d);
            rows.add(RowFactory.create((long) i, m, cov, i % 2));
        }
        Npy.write(dir.resolve("means.npy"), new NdArray(new int[] {n, d}, means));
        Npy.write(dir.resolve("covs.npy"), new NdArray(new int[] {n, d, d}, covs));
        Run r = run("w2-pairs", "--means", dir.resolve("means.npy").toString(), "--covariances", dir.resolve("covs.npy").toString(),
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(number(r.out(), "pairs")).isEqualTo(n * (n - 1) / 2);
        assertThat(r.out()).contains("[0,1," + BuresWasserstein.distance(gs.get(0), gs.get(1)) + "]")
                .contains("[5,6," + BuresWasserstein.distance(gs.get(5), gs.get(6)) + "]");

        SparkSession spark = TestSparkAccess.session();
        StructType schema = new StructType().add("id", DataTypes.LongType).add("mean", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("covariance", DataTypes.createArrayType(DataTypes.DoubleType)).add("group", DataTypes.IntegerType);
        String table = dir.resolve("gaussians.parquet").toString();
        spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(table);
        String outDir = dir.resolve("pairs.parquet").toString();
        Run p = run("w2-pairs", "--input", table, "--block-column", "group", "--output", outDir, "--json");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(number(p.out(), "pairs")).isEqualTo(6 + 3); // C(4,2) evens + C(3,2) odds
        List<Row> written = spark.read().parquet(outDir).collectAsList();
        assertThat(written).hasSize(9);
        for (Row w : written) {
            assertThat(w.getDouble(w.fieldIndex("w2"))).isEqualTo(BuresWasserstein.distance(
                    gs.get((int) w.getLong(w.fieldIndex("id_a"))), gs.get((int) w.getLong(w.fieldIndex("id_b")))));
        }
    }

    /** monge-core's single-machine statistics of a 2-D .npy file, the reference for Spark's. */
    static FeatureStatistics streamed(Path file) throws IOException {
        try (NpyRowReader r = new NpyRowReader(file)) {
            return StreamingStatistics.defaults().compute(r.cols(), r::read, null);
        }
    }
}
