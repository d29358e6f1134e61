package org.monge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The distributed barycenter iteration reaches monge-core's barycenter under every partitioning. */
class SparkBarycenterTest {
    private final MongeSpark monge = MongeSpark.on(TestSpark.session());

    static void assertSame(GaussianBarycenter.Result actual, GaussianBarycenter.Result expected) {
        assertThat(actual.converged()).isTrue();
        assertThat(actual.iterations()).isBetween(expected.iterations() - 1, expected.iterations() + 1);
        double[] m = actual.barycenter().mean(), e = expected.barycenter().mean();
        for (int j = 0; j < e.length; j++) assertThat(m[j]).isCloseTo(e[j], within(1e-12 * Math.max(1, Math.abs(e[j]))));
        double scale = expected.barycenter().covariance().maxAbs();
        assertThat(actual.barycenter().covariance().minus(expected.barycenter().covariance()).maxAbs()).isLessThanOrEqualTo(1e-10 * scale);
    }

    @Test
    void weightedAndEqualWeightBarycentersEqualCore() {
        List<Gaussian> gs = SparkGaussianW2Test.gaussians(17, 3, 21);
        double[] w = SparkGaussianW2Test.weights(17, 22);
        GaussianBarycenter.Result weighted = GaussianBarycenter.defaults().solve(gs, w);
        GaussianBarycenter.Result equal = GaussianBarycenter.defaults().solve(gs);
        for (int[] layout : TestSpark.layouts(gs.size())) {
            Dataset<Row> ds = TestSpark.partitioned(SparkGaussianW2Test.rows(gs, w), SparkGaussianW2Test.FLAT, layout);
            assertSame(monge.barycenter(ds, "weight"), weighted);
            assertSame(monge.barycenter(ds, null), equal);
        }
    }

    @Test
    void iterationLimitAndBadWeightsAreReported() {
        List<Gaussian> gs = SparkGaussianW2Test.gaussians(6, 2, 5);
        double[] w = SparkGaussianW2Test.weights(6, 6);
        Dataset<Row> ds = TestSpark.partitioned(SparkGaussianW2Test.rows(gs, w), SparkGaussianW2Test.FLAT, new int[] {3, 3});
        GaussianBarycenter.Result one = monge.withBarycenter(SparkBarycenter.defaults()
                .withSolver(GaussianBarycenter.defaults().withMaxIterations(1)))
                .barycenter(ds, "weight");
        assertThat(one.iterations()).isEqualTo(1);
        assertThat(one.converged()).isFalse();
        assertThat(one.residual()).isGreaterThan(0);
        w[4] = -1;
        Dataset<Row> bad = TestSpark.partitioned(SparkGaussianW2Test.rows(gs, w), SparkGaussianW2Test.FLAT, new int[] {3, 3});
        assertThatThrownBy(() -> monge.barycenter(bad, "weight")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Gaussian 4 has weight -1");
        Dataset<Row> empty = TestSpark.partitioned(List.of(), SparkGaussianW2Test.FLAT, new int[] {0, 0});
        assertThatThrownBy(() -> monge.barycenter(empty, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one Gaussian");
    }
}
