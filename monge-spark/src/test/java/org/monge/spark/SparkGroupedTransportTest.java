package org.monge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** One OT problem per group on the executors: each equals monge-core's solve of the same group; big or broken groups are reported. */
class SparkGroupedTransportTest {
    static final StructType SCHEMA = new StructType().add("group", DataTypes.StringType).add("side", DataTypes.IntegerType)
            .add("point", DataTypes.createArrayType(DataTypes.DoubleType)).add("weight", DataTypes.DoubleType);

    /** Group g: n sources and m targets in 2-D with random weights. */
    static void group(List<Row> rows, String g, int n, int m, Random r) {
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < (s == 0 ? n : m); i++) {
                rows.add(RowFactory.create(g, s, new double[] {r.nextGaussian() + s, r.nextGaussian() * (1 + s)}, 0.2 + r.nextDouble()));
            }
        }
    }

    /** monge-core's problem for a group, built here independently: points sorted by coordinates then weight, weights normalised. */
    static DiscreteMeasure[] core(List<Row> rows, String g) {
        DiscreteMeasure[] out = new DiscreteMeasure[2];
        for (int s = 0; s < 2; s++) {
            int side = s;
            List<Row> pts = new ArrayList<>(rows.stream().filter(r -> r.getString(0).equals(g) && r.getInt(1) == side).toList());
            pts.sort((p, q) -> {
                int c = Arrays.compare((double[]) p.get(2), (double[]) q.get(2));
                return c != 0 ? c : Double.compare(p.getDouble(3), q.getDouble(3));
            });
            double total = 0;
            for (Row p : pts) total += p.getDouble(3); // in order, as the solver sums (DoubleStream.sum would compensate)
            double[][] x = pts.stream().map(r -> (double[]) r.get(2)).toArray(double[][]::new);
            double[] w = new double[pts.size()];
            for (int i = 0; i < w.length; i++) w[i] = pts.get(i).getDouble(3) / total;
            out[s] = DiscreteMeasure.of(w, Matrix.of(x));
        }
        return out;
    }

    static Map<String, Row> byGroup(Dataset<Row> out) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : out.collectAsList()) m.put(r.getString(0), r);
        return m;
    }

    static List<Row> rows() {
        Random r = new Random(11);
        List<Row> rows = new ArrayList<>();
        group(rows, "a", 7, 5, r);
        group(rows, "b", 12, 12, r);
        group(rows, "c", 1, 9, r);
        group(rows, "d", 20, 15, r);
        group(rows, "big", 40, 41, r);
        group(rows, "sources-only", 4, 0, r);
        Collections.shuffle(rows, new Random(3));
        return rows;
    }

    @Test
    void exactPerGroupEqualsNetworkSimplexWhateverThePartitioning() {
        List<Row> rows = rows();
        for (int[] layout : List.of(new int[] {rows.size()}, new int[] {100, 0, rows.size() - 100})) {
            Dataset<Row> in = TestSpark.partitioned(rows, SCHEMA, layout);
            SparkGroupedTransport solver = SparkGroupedTransport.exact().withMaxCells(40 * 40).withPlans(true);
            Map<String, Row> out = byGroup(MongeSpark.on(TestSpark.session())
                    .solveGroups(in, SparkGroupedTransport.Columns.defaults(), solver));
            assertThat(out).containsOnlyKeys("a", "b", "c", "d", "big", "sources-only");
            for (String g : List.of("a", "b", "c", "d")) {
                DiscreteMeasure[] ab = core(rows, g);
                CostMatrix c = CostMatrix.fromPoints(ab[0].support(), ab[1].support(), Metric.SQEUCLIDEAN);
                NetworkSimplex.Result expected = NetworkSimplex.defaults().solve(ab[0], ab[1], c);
                Row r = out.get(g);
                assertThat(r.getInt(1)).isEqualTo(ab[0].size());
                assertThat(r.getInt(2)).isEqualTo(ab[1].size());
                assertThat(r.getDouble(3)).as(g).isEqualTo(expected.cost());
                assertThat(r.getString(4)).isEqualTo("optimal");
                assertThat(r.getInt(5)).isEqualTo(expected.iterations());
                double mass = 0, cost = 0;
                for (Row e : r.<Row>getList(7)) {
                    double[] x = toArray(e.getList(0)), y = toArray(e.getList(1));
                    mass += e.getDouble(2);
                    cost += e.getDouble(2) * Metric.SQEUCLIDEAN.cost(x, y);
                }
                assertThat(mass).isCloseTo(1, within(1e-12));
                assertThat(cost).isCloseTo(expected.cost(), within(1e-12 * expected.cost()));
            }
            assertThat(out.get("big").getString(4)).isEqualTo(SparkGroupedTransport.TOO_LARGE);
            assertThat(out.get("big").isNullAt(3)).isTrue();
            assertThat(out.get("big").getString(6)).isEqualTo("40 × 41 = 1640 cells exceed the limit of 1600");
            assertThat(out.get("sources-only").getString(4)).isEqualTo(SparkGroupedTransport.INVALID);
            assertThat(out.get("sources-only").getString(6)).isEqualTo("no target points (side 1)");
        }
    }

    static double[] toArray(List<Object> l) {
        return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    @Test
    void sinkhornAndDivergencePerGroupEqualMongeCore() {
        List<Row> rows = rows();
        Dataset<Row> in = TestSpark.partitioned(rows, SCHEMA, new int[] {50, rows.size() - 50});
        SparkGroupedTransport sinkhorn = SparkGroupedTransport.sinkhorn(0.5);
        SparkGroupedTransport divergence = SparkGroupedTransport.divergence(0.5).withMetric("euclidean");
        Map<String, Row> s = byGroup(sinkhorn.solve(in, SparkGroupedTransport.Columns.defaults()));
        Map<String, Row> d = byGroup(divergence.solve(in, SparkGroupedTransport.Columns.defaults()));
        for (String g : List.of("a", "b", "c", "d", "big")) {
            DiscreteMeasure[] ab = core(rows, g);
            Sinkhorn.Result e = Sinkhorn.withEpsilon(0.5).solve(ab[0], ab[1],
                    CostMatrix.fromPoints(ab[0].support(), ab[1].support(), Metric.SQEUCLIDEAN));
            assertThat(s.get(g).getDouble(3)).as(g).isCloseTo(e.cost(), within(1e-12 * e.cost()));
            assertThat(s.get(g).getString(4)).isEqualTo("converged");
            assertThat(s.get(g).getInt(5)).isEqualTo(e.iterations());
            SinkhornDivergence.Result sd = SinkhornDivergence.between(ab[0], ab[1], Metric.EUCLIDEAN, Sinkhorn.withEpsilon(0.5));
            assertThat(d.get(g).getDouble(3)).as(g).isCloseTo(sd.divergence(), within(1e-12 * Math.abs(sd.divergence())));
            assertThat(d.get(g).getInt(5)).isEqualTo(sd.xy().iterations() + sd.xx().iterations() + sd.yy().iterations());
        }
    }

    @Test
    void badInputIsNamed() {
        Dataset<Row> in = TestSpark.partitioned(rows(), SCHEMA, new int[] {rows().size()});
        assertThatThrownBy(() -> SparkGroupedTransport.exact().solve(in, new SparkGroupedTransport.Columns("g", "side", "point", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("column 'g' is not in the table");
        SparkGroupedTransport.Columns weightAsPoint = new SparkGroupedTransport.Columns("group", "side", "weight", null);
        assertThatThrownBy(() -> SparkGroupedTransport.exact().solve(in, weightAsPoint)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'weight' must be an array of numbers");
        assertThatThrownBy(() -> SparkGroupedTransport.exact().withMetric("cosine")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric");
        List<Row> negative = new ArrayList<>(rows());
        negative.add(RowFactory.create("a", 0, new double[] {0, 0}, -1.0));
        Map<String, Row> out = byGroup(SparkGroupedTransport.exact().solve(
                TestSpark.partitioned(negative, SCHEMA, new int[] {negative.size()}), SparkGroupedTransport.Columns.defaults()));
        assertThat(out.get("a").getString(4)).isEqualTo(SparkGroupedTransport.INVALID);
        assertThat(out.get("a").getString(6)).contains("weight").contains("-1.0");
        assertThat(out.get("b").getString(4)).isEqualTo("optimal");
    }
}
