package org.monge.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.spark.SparkFeatureStatisticsTest;
import org.monge.spark.TestSparkAccess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code monge spark drift}: per group and column the W1 and W2 of monge-core on the same values; user mistakes are one line, exit 2. */
class SparkDriftCliTest {
    @TempDir
    static Path dir;
    static Path ref, cur, curMissingDay;
    /** Values of column a (0) and b (1) per day (0, 1) and side (0 reference, 1 current), nulls left out. */
    static final List<List<List<List<Double>>>> VALUES = new ArrayList<>();
    /** Rows with both a and b per day and side, as (a, b). */
    static final List<List<List<double[]>>> PAIRS = List.of(List.of(new ArrayList<>(), new ArrayList<>()),
            List.of(new ArrayList<>(), new ArrayList<>()));

    @BeforeAll
    static void files() throws Exception {
        TestSparkAccess.session();
        ref = dir.resolve("ref.csv");
        cur = dir.resolve("cur.csv");
        curMissingDay = dir.resolve("cur1.csv");
        for (int c = 0; c < 2; c++) {
            List<List<List<Double>>> perDay = new ArrayList<>();
            for (int d = 0; d < 2; d++) perDay.add(List.of(new ArrayList<>(), new ArrayList<>()));
            VALUES.add(perDay);
        }
        write(ref, 0, 90, 1, 0, 2);
        write(cur, 1, 70, 2, 0.5, 2);
        write(curMissingDay, 2, 20, 3, 0.5, 1);
    }

    /** day,a,b,s rows; every 11th a is empty (null); records the values under the given side. */
    static void write(Path file, int side, int n, long seed, double shift, int days) throws Exception {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("day,a,b,s\n");
        for (int i = 0; i < n; i++) {
            int day = i % days;
            double a = shift + r.nextGaussian();
            int v = r.nextInt(7);
            boolean nullA = i % 11 == 4;
            b.append(day).append(',').append(nullA ? "" : Double.toString(a)).append(',').append(v).append(",x").append(i % 3).append('\n');
            if (side < 2) {
                if (!nullA) VALUES.get(0).get(day).get(side).add(a);
                VALUES.get(1).get(day).get(side).add((double) v);
                if (!nullA) PAIRS.get(day).get(side).add(new double[] {a, v});
            }
        }
        Files.writeString(file, b.toString());
    }

    static double[] values(int column, int day, int side) {
        return VALUES.get(column).get(day).get(side).stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void jsonAndCsvPerGroupEqualMongeCore() throws Exception {
        Path out = dir.resolve("drift.csv");
        SparkCliTest.Run r = SparkCliTest.run("drift", "--reference", ref.toString(), "--current", cur.toString(), "--by", "day",
                "--joint", "a,b", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("by").asText()).isEqualTo("day");
        assertThat(json.get("non_numeric").get("s").asText()).isEqualTo("string");
        for (int day = 0; day < 2; day++) {
            for (int c = 0; c < 2; c++) {
                JsonNode d = json.get("groups").get(Integer.toString(day)).get("columns").get(c == 0 ? "a" : "b");
                double[] u = values(c, day, 0), v = values(c, day, 1);
                double w1 = OneDimensional.wasserstein(u, v, 1), w2 = OneDimensional.wasserstein(u, v, 2);
                assertThat(d.get("w1").asDouble()).isCloseTo(w1, within(1e-12 * w1));
                assertThat(d.get("w2").asDouble()).isCloseTo(w2, within(1e-12 * w2));
                assertThat(d.get("reference_count").asLong()).isEqualTo(u.length);
                assertThat(d.get("reference_missing").asLong()).isEqualTo(c == 0 ? 45 - u.length : 0);
            }
            JsonNode j = json.get("groups").get(Integer.toString(day)).get("joint");
            double[][] x = PAIRS.get(day).get(0).toArray(double[][]::new), y = PAIRS.get(day).get(1).toArray(double[][]::new);
            FeatureStatistics sx = SparkFeatureStatisticsTest.core(x), sy = SparkFeatureStatisticsTest.core(y);
            double gw = BuresWasserstein.distance(Gaussian.of(sx.mean(), sx.covariance()), Gaussian.of(sy.mean(), sy.covariance()));
            double sw = SlicedWasserstein.defaults().distance(DiscreteMeasure.uniform(Matrix.of(x)), DiscreteMeasure.uniform(Matrix.of(y)));
            assertThat(j.get("reference_rows").asLong()).isEqualTo(x.length);
            assertThat(j.get("current_incomplete").asLong()).isEqualTo(35 - y.length);
            assertThat(j.get("gaussian_w2").asDouble()).isCloseTo(gw, within(1e-12 * gw));
            assertThat(j.get("sliced_w2").asDouble()).isCloseTo(sw, within(1e-12 * sw));
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("day,column,reference_count,current_count,reference_missing,current_missing,w1,w2,mean_shift,");
        assertThat(lines.get(0)).endsWith(",w1_bound,w2_bound,gaussian_w2,sliced_w2,sliced_bound");
        assertThat(lines).hasSize(1 + 2 * 3);
        assertThat(lines.get(1)).startsWith("0,a,");
        String w1 = lines.get(1).split(",")[6];
        assertThat(Double.parseDouble(w1)).isEqualTo(json.get("groups").get("0").get("columns").get("a").get("w1").asDouble());
        String[] joint = lines.get(3).split(",", -1);
        assertThat(joint[1]).isEqualTo("a+b");
        assertThat(joint[6]).isEmpty();
        assertThat(Double.parseDouble(joint[joint.length - 3]))
                .isEqualTo(json.get("groups").get("0").get("joint").get("gaussian_w2").asDouble());

        SparkCliTest.Run whole = SparkCliTest.run("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--columns", "a", "--approx", "0.01", "--json");
        assertThat(whole.code()).as(whole.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(whole.out()).get("columns").get("a");
        assertThat(a.get("w1_bound").asDouble()).isPositive();
        assertThat(new ObjectMapper().readTree(whole.out()).get("exact").asBoolean()).isFalse();
    }

    @Test
    void userMistakesAreOneLineAndExitTwo() {
        String rf = ref.toString(), cf = cur.toString();
        String[][] cases = {
            {"--columns", "zz"}, {"--columns", "s"}, {"--by", "nope"}, {"--approx", "0.7"}, {"--out", dir.resolve("x.txt").toString()},
            {"--format", "orc"}, {"--levels", "1.5"}, {"--joint", "a,s"}, {"--joint", "a,a"}, {"--joint", "a,zz"},
        };
        List<String[]> all = new ArrayList<>();
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("drift", "--reference", rf, "--current", cf));
            args.addAll(List.of(c));
            all.add(args.toArray(String[]::new));
        }
        all.add(new String[] {"drift", "--reference", rf, "--current", curMissingDay.toString(), "--by", "day"});
        all.add(new String[] {"drift", "--reference", dir.resolve("missing.csv").toString(), "--current", cf});
        all.add(new String[] {"drift", "--reference", rf});
        for (String[] args : all) {
            SparkCliTest.Run r = SparkCliTest.run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(SparkMain.USER_ERROR);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("monge: ").doesNotContain("\n");
        }
        SparkCliTest.Run empty = SparkCliTest.run(all.get(cases.length));
        assertThat(empty.err()).isEqualTo("monge: error: group day=1: the current table has no rows" + System.lineSeparator());
    }
}
