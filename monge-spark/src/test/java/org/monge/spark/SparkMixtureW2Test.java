package org.monge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.monge.gaussian.Gaussian;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** MW2 on Spark is monge-core's MW2, bit for bit, under every partitioning. */
class SparkMixtureW2Test {
    static final StructType SCHEMA;
    static final SparkMixtureW2.MixtureColumns A = new SparkMixtureW2.MixtureColumns("wa", "ma", "ca");
    static final SparkMixtureW2.MixtureColumns B = new SparkMixtureW2.MixtureColumns("wb", "mb", "cb");

    static {
        StructType s = new StructType().add("id", DataTypes.LongType);
        for (String c : new String[] {"wa", "ma", "ca", "wb", "mb", "cb"}) s = s.add(c, DataTypes.createArrayType(DataTypes.DoubleType));
        SCHEMA = s;
    }

    /** A random mixture of k components in R^d (weights ≥ 0.2 before normalising). */
    static GaussianMixture mixture(Random r, int k, int d) {
        double[] w = new double[k];
        List<Gaussian> comps = SparkGaussianW2Test.gaussians(k, d, r.nextLong());
        double t = 0;
        for (int i = 0; i < k; i++) t += (w[i] = 0.2 + r.nextDouble());
        for (int i = 0; i < k; i++) w[i] /= t;
        return GaussianMixture.of(w, comps);
    }

    static Object[] flat(GaussianMixture m) {
        int k = m.size(), d = m.dimension();
        double[] means = m.means().toRowMajor();
        double[] covs = new double[k * d * d];
        for (int i = 0; i < k; i++) System.arraycopy(m.component(i).covariance().toRowMajor(), 0, covs, i * d * d, d * d);
        return new Object[] {m.weights(), means, covs};
    }

    @Test
    void equalsTheSingleMachineResultUnderEveryPartitioning() {
        Random r = new Random(17);
        List<GaussianMixture[]> pairs = new ArrayList<>();
        List<Object[][]> data = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            int d = 1 + i % 3;
            GaussianMixture a = mixture(r, 1 + r.nextInt(4), d), b = mixture(r, 1 + r.nextInt(4), d);
            pairs.add(new GaussianMixture[] {a, b});
            Object[] fa = flat(a), fb = flat(b);
            data.add(new Object[][] {fa, fb});
            rows.add(RowFactory.create((long) i, fa[0], fa[1], fa[2], fb[0], fb[1], fb[2]));
        }
        for (int[] layout : TestSpark.layouts(rows.size())) {
            Dataset<Row> ds = TestSpark.partitioned(rows, SCHEMA, layout);
            List<Row> out = SparkMixtureW2.pairs(ds, A, B).select("id", "mw2", "mw2_squared").collectAsList();
            assertThat(out).hasSize(pairs.size());
            for (Row row : out) {
                int id = (int) row.getLong(0);
                // the single-machine library on the same data: the arrays the Dataset holds
                Object[][] f = data.get(id);
                MixtureTransport.Result expected = MixtureTransport.solve(
                        SparkMixtureW2.mixture((double[]) f[0][0], (double[]) f[0][1], (double[]) f[0][2], "a"),
                        SparkMixtureW2.mixture((double[]) f[1][0], (double[]) f[1][1], (double[]) f[1][2], "b"));
                assertThat(row.getDouble(2)).isEqualTo(expected.squaredDistance());
                assertThat(row.getDouble(1)).isEqualTo(Math.sqrt(expected.squaredDistance()));
                // and the mixtures before flattening (weights renormalised on the way: rounding only)
                GaussianMixture[] p = pairs.get(id);
                double original = MixtureTransport.solve(p[0], p[1]).squaredDistance();
                assertThat(row.getDouble(2)).isCloseTo(original, within(1e-12 * (1 + original)));
            }
        }
    }

    @Test
    void sqlFunctionAndClearErrors() {
        MongeSpark.on(TestSpark.session()).registerFunctions();
        Random r = new Random(3);
        GaussianMixture a = mixture(r, 2, 2), b = mixture(r, 3, 2);
        Object[] fa = flat(a), fb = flat(b);
        Dataset<Row> ds = TestSpark.partitioned(List.of(RowFactory.create(0L, fa[0], fa[1], fa[2], fb[0], fb[1], fb[2])), SCHEMA,
                new int[] {1});
        ds.createOrReplaceTempView("mixture_pairs");
        double v = TestSpark.session().sql("SELECT mw2_mixture(wa, ma, ca, wb, mb, cb) AS d FROM mixture_pairs").first().getDouble(0);
        assertThat(v).isEqualTo(MixtureTransport.solve(a, b).distance());
        assertThatThrownBy(() -> SparkMixtureW2.mixture(new double[] {0.5, 0.5}, new double[] {0, 1, 2}, new double[8], "first mixture"))
                .hasMessageContaining("first mixture: means have 3 values, not a multiple of the 2 components");
        assertThatThrownBy(() -> SparkMixtureW2.mixture(new double[] {1}, new double[] {0, 1}, new double[3], "second mixture"))
                .hasMessageContaining("covariances have 3 values, expected 1 × 2 × 2");
        assertThatThrownBy(() -> SparkMixtureW2.pairs(ds, new SparkMixtureW2.MixtureColumns("nope", "ma", "ca"), B))
                .hasMessageContaining("nope");
    }

}
