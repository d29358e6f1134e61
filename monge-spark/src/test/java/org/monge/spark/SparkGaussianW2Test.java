package org.monge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** W2 on Spark is monge-core's W2, bit for bit, under every partitioning. */
class SparkGaussianW2Test {
    static final StructType FLAT = new StructType().add("id", DataTypes.LongType)
            .add("mean", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("covariance", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("block", DataTypes.IntegerType)
            .add("weight", DataTypes.DoubleType);
    static final StructType NESTED = new StructType().add("key", DataTypes.IntegerType)
            .add("mu", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("sigma", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));

    /** Random Gaussians: means N(0, 4 I), covariances A Aᵀ + 0.1 I with A standard normal. */
    static List<Gaussian> gaussians(int n, int d, long seed) {
        Random r = new Random(seed);
        List<Gaussian> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] m = new double[d];
            double[][] a = new double[d][d];
            for (int j = 0; j < d; j++) {
                m[j] = 2 * r.nextGaussian();
                for (int k = 0; k < d; k++) a[j][k] = r.nextGaussian();
            }
            Matrix am = Matrix.of(a);
            out.add(Gaussian.of(m, am.times(am.transpose()).plus(Matrix.identity(d).scale(0.1))));
        }
        return out;
    }

    static double[] weights(int n, long seed) {
        Random r = new Random(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.2 + r.nextDouble();
        return w;
    }

    static List<Row> rows(List<Gaussian> gs, double[] w) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < gs.size(); i++) {
            Gaussian g = gs.get(i);
            rows.add(RowFactory.create((long) i, g.mean(), g.covariance().toRowMajor(), i % 3, w[i]));
        }
        return rows;
    }

    static List<Row> nested(List<Gaussian> gs) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < gs.size(); i++) rows.add(RowFactory.create(i, gs.get(i).mean(), gs.get(i).covariance().toArray()));
        return rows;
    }

    private final List<Gaussian> gs = gaussians(13, 3, 7);
    private final MongeSpark monge = MongeSpark.on(TestSpark.session());

    @Test
    void distanceToQueryIsCoresDistance() {
        Gaussian query = gaussians(1, 3, 99).get(0);
        for (int[] layout : TestSpark.layouts(gs.size())) {
            Dataset<Row> ds = TestSpark.partitioned(rows(gs, weights(gs.size(), 1)), FLAT, layout);
            List<Row> out = monge.w2ToQuery(ds, query).collectAsList();
            assertThat(out).hasSize(gs.size());
            for (Row r : out) {
                int id = (int) r.getLong(r.fieldIndex("id"));
                assertThat(r.getDouble(r.fieldIndex("w2"))).isEqualTo(BuresWasserstein.distance(gs.get(id), query));
            }
        }
    }

    @Test
    void pairsWithinBlocksAreCoresDistances() {
        for (int[] layout : TestSpark.layouts(gs.size())) {
            Dataset<Row> ds = TestSpark.partitioned(rows(gs, weights(gs.size(), 1)), FLAT, layout);
            List<Row> blocked = monge.w2PairsWithinBlocks(ds, "block").collectAsList();
            int expected = 0;
            for (int b = 0; b < 3; b++) {
                int size = (gs.size() - b + 2) / 3;
                expected += size * (size - 1) / 2;
            }
            assertThat(blocked).hasSize(expected);
            for (Row r : blocked) {
                int a = (int) r.getLong(1), b = (int) r.getLong(2);
                assertThat(a).isLessThan(b);
                assertThat(a % 3).isEqualTo(b % 3).isEqualTo(r.getInt(0));
                assertThat(r.getDouble(3)).isEqualTo(BuresWasserstein.distance(gs.get(a), gs.get(b)));
            }
        }
        Dataset<Row> unnamed = TestSpark.partitioned(nested(gs), NESTED, new int[] {4, 0, 9});
        assertThatThrownBy(() -> monge.w2PairsWithinBlocks(unnamed, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'id' not found");
    }

    @Test
    void nestedCovariancesAndOtherColumnNames() {
        MongeSpark named = monge.withW2(SparkGaussianW2.defaults().withColumns(new GaussianColumns("key", "mu", "sigma")));
        Dataset<Row> ds = TestSpark.partitioned(nested(gs), NESTED, new int[] {4, 0, 9});
        List<Row> all = named.w2PairsWithinBlocks(ds, null).collectAsList();
        assertThat(all).hasSize(gs.size() * (gs.size() - 1) / 2);
        for (Row r : all) {
            assertThat(r.getDouble(2)).isEqualTo(BuresWasserstein.distance(gs.get((int) r.getLong(0)), gs.get((int) r.getLong(1))));
        }
    }

    @Test
    void nearestNeighboursAreCoresBruteForce() {
        List<Gaussian> queries = gaussians(5, 3, 11);
        List<Row> qrows = rows(queries, weights(5, 2));
        for (int[] layout : List.of(new int[] {13}, new int[] {0, 6, 0, 7}, new int[] {1, 1, 1, 1, 1, 1, 7})) {
            Dataset<Row> cat = TestSpark.partitioned(rows(gs, weights(gs.size(), 1)), FLAT, layout);
            Dataset<Row> q = TestSpark.partitioned(qrows, FLAT, new int[] {2, 3});
            Map<Long, List<Row>> got = byQuery(monge.w2Nearest(q, cat, 4, false).collectAsList());
            assertThat(got).hasSize(5);
            for (int i = 0; i < queries.size(); i++) {
                Gaussian query = queries.get(i);
                List<Integer> order = new ArrayList<>();
                for (int j = 0; j < gs.size(); j++) order.add(j);
                order.sort(Comparator.comparingDouble((Integer j) -> BuresWasserstein.distance(query, gs.get(j))).thenComparing(j -> j));
                List<Row> k = got.get((long) i);
                assertThat(k).hasSize(4);
                for (int rank = 0; rank < 4; rank++) {
                    assertThat(k.get(rank).getInt(1)).isEqualTo(rank + 1);
                    assertThat(k.get(rank).getLong(2)).isEqualTo(order.get(rank).longValue());
                    assertThat(k.get(rank).getDouble(3)).isEqualTo(BuresWasserstein.distance(query, gs.get(order.get(rank))));
                }
            }
            // kNN within one Dataset skips each Gaussian itself
            Map<Long, List<Row>> self = byQuery(monge.w2Nearest(cat, cat, 2, true).collectAsList());
            assertThat(self).hasSize(gs.size());
            self.forEach((id, k) -> assertThat(k).extracting(r -> r.getLong(2)).doesNotContain(id).hasSize(2));
        }
    }

    private static Map<Long, List<Row>> byQuery(List<Row> rows) {
        Map<Long, List<Row>> m = new HashMap<>();
        for (Row r : rows) m.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(r);
        m.values().forEach(l -> l.sort(Comparator.comparingInt(r -> r.getInt(1))));
        return m;
    }

    @Test
    void sqlFunctionIsCoresDistance() {
        monge.registerFunctions();
        TestSpark.partitioned(rows(gs, weights(gs.size(), 1)), FLAT, new int[] {3, 0, 10}).createOrReplaceTempView("gaussians");
        List<Row> out = TestSpark.session().sql("SELECT a.id, b.id, w2_gaussian(a.mean, a.covariance, b.mean, b.covariance), "
                + "w2_gaussian_squared(a.mean, a.covariance, b.mean, b.covariance) FROM gaussians a JOIN gaussians b ON a.id <> b.id")
                .collectAsList();
        assertThat(out).hasSize(gs.size() * (gs.size() - 1));
        for (Row r : out) {
            Gaussian a = gs.get((int) r.getLong(0)), b = gs.get((int) r.getLong(1));
            assertThat(r.getDouble(2)).isEqualTo(BuresWasserstein.distance(a, b));
            assertThat(r.getDouble(3)).isEqualTo(BuresWasserstein.squaredDistance(a, b));
        }
    }

    @Test
    void invalidGaussiansAreNamedByTheirId() {
        List<Row> bad = new ArrayList<>(rows(gs.subList(0, 3), weights(3, 1)));
        bad.add(RowFactory.create(7L, new double[] {0, 0}, new double[] {1, 2, 0, 1}, 0, 1.0));
        Dataset<Row> ds = TestSpark.partitioned(bad, FLAT, new int[] {2, 2});
        assertThatThrownBy(() -> monge.w2PairsWithinBlocks(ds, null).collectAsList()).hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> monge.w2ToQuery(ds.withColumnRenamed("mean", "m"), gs.get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'mean' not found");
        assertThatThrownBy(() -> monge.w2Nearest(ds, ds, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be");
    }
}
