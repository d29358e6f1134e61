package org.monge.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.linalg.Matrix;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Sliced W_p on Spark: exact mode equals the single-machine computation; the sketch stays within its stated bound. */
class SparkSlicedWassersteinTest {
    private static final StructType POINTS = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType));

    /** SW_p on one machine: the same directions, projections and monge-core 1-D distances. */
    static double reference(double[][] x, double[][] y, Matrix theta, double p) {
        int l = theta.rows(), d = theta.cols();
        double[] t = theta.toRowMajor();
        double total = 0;
        for (int k = 0; k < l; k++) {
            double[] u = new double[x.length], v = new double[y.length];
            for (int i = 0; i < x.length; i++) u[i] = SparkSlicedWasserstein.project(t, d, x[i])[k];
            for (int i = 0; i < y.length; i++) v[i] = SparkSlicedWasserstein.project(t, d, y[i])[k];
            total += OneDimensional.wassersteinCost(u, null, v, null, p);
        }
        return Math.pow(total / l, 1 / p);
    }

    @Test
    void exactModeEqualsSingleMachineUnderEveryPartitioning() {
        double[][] x = SparkFeatureStatisticsTest.features(40, 3, 8, 0);
        double[][] y = SparkFeatureStatisticsTest.features(27, 3, 9, 0.7);
        Dataset<Row> b = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(y), POINTS, new int[] {20, 0, 7});
        for (double p : new double[] {1, 2}) {
            SparkSlicedWasserstein sw = SparkSlicedWasserstein.defaults().withProjections(12).withSeed(5).withP(p);
            double expected = reference(x, y, sw.directions(3), p);
            for (int[] layout : TestSpark.layouts(x.length)) {
                Dataset<Row> a = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(x), POINTS, layout);
                SparkSlicedWasserstein.Result r = sw.between(a, b, null);
                assertThat(r.exact()).isTrue();
                assertThat(r.distance()).isCloseTo(expected, within(1e-12 * expected));
                assertThat(r.directions()).isEqualTo(sw.directions(3));
            }
        }
    }

    @Test
    void exactModeEqualsMongeCoreForTheSameSeed() {
        double[][] x = SparkFeatureStatisticsTest.features(33, 3, 12, 0);
        double[][] y = SparkFeatureStatisticsTest.features(21, 3, 13, 0.4);
        Dataset<Row> a = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(x), POINTS, new int[] {10, 23});
        Dataset<Row> b = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(y), POINTS, new int[] {21});
        for (double p : new double[] {1, 2, 3}) {
            for (long seed : new long[] {0, 7}) {
                double core = SlicedWasserstein.defaults().withSeed(seed).withP(p)
                        .distance(DiscreteMeasure.uniform(Matrix.of(x)), DiscreteMeasure.uniform(Matrix.of(y)));
                SparkSlicedWasserstein.Result spark = SparkSlicedWasserstein.defaults().withSeed(seed).withP(p).between(a, b, null);
                assertThat(spark.directions()).isEqualTo(SlicedWasserstein.defaults().withSeed(seed).directions(3));
                assertThat(spark.distance()).as("p = %s, seed %s", p, seed).isCloseTo(core, within(1e-13 * core));
            }
        }
    }

    /** The exact mode sorts on the executors: the task results reaching the driver are far smaller than the projections. */
    @Test
    void exactModeDoesNotCollectTheProjections() throws Exception {
        double[][] x = SparkFeatureStatisticsTest.features(2000, 3, 14, 0);
        double[][] y = SparkFeatureStatisticsTest.features(1500, 3, 15, 0.3);
        Dataset<Row> a = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(x), POINTS, new int[] {1000, 1000});
        Dataset<Row> b = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(y), POINTS, new int[] {1500});
        SparkSlicedWasserstein sw = SparkSlicedWasserstein.defaults().withProjections(50).withSeed(2);
        AtomicLong resultBytes = new AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) resultBytes.addAndGet(end.taskMetrics().resultSize());
            }
        };
        TestSpark.session().sparkContext().addSparkListener(listener);
        SparkSlicedWasserstein.Result r;
        try {
            r = sw.between(a, b, null);
        } finally {
            TestSpark.session().sparkContext().listenerBus().waitUntilEmpty();
            TestSpark.session().sparkContext().removeSparkListener(listener);
        }
        double expected = reference(x, y, sw.directions(3), 2);
        assertThat(r.distance()).isCloseTo(expected, within(1e-12 * expected));
        long projections = 8L * 50 * (2000 + 1500);
        assertThat(resultBytes.get()).as("bytes of task results").isPositive().isLessThan(projections / 5);
    }

    @Test
    void sketchIsWithinItsStatedBound() {
        double[][] x = SparkFeatureStatisticsTest.features(600, 4, 10, 0);
        double[][] y = SparkFeatureStatisticsTest.features(500, 4, 11, 0.5);
        Dataset<Row> a = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(x), POINTS, new int[] {100, 0, 500});
        Dataset<Row> b = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(y), POINTS, new int[] {250, 250});
        SparkSlicedWasserstein sw = SparkSlicedWasserstein.defaults().withProjections(8).withSeed(1);
        double exact = sw.between(a, b, null).distance();
        SparkSlicedWasserstein.Result coarse = sw.withQuantiles(50, 0.01).between(a, b, null);
        SparkSlicedWasserstein.Result fine = sw.withQuantiles(400, 0.001).between(a, b, null);
        assertThat(coarse.exact()).isFalse();
        assertThat(Math.abs(coarse.distance() - exact)).isLessThanOrEqualTo(coarse.errorBound());
        assertThat(Math.abs(fine.distance() - exact)).isLessThanOrEqualTo(fine.errorBound());
        assertThat(fine.errorBound()).isLessThan(coarse.errorBound());
        assertThat(Math.abs(fine.distance() - exact)).isLessThan(0.05 * exact);
    }

    @Test
    void badInputIsNamed() {
        Dataset<Row> a = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(new double[][] {{1, 2}, {3, 4}}), POINTS, new int[] {2});
        Dataset<Row> b = TestSpark.partitioned(SparkFeatureStatisticsTest.rows(new double[][] {{1, 2, 3}}), POINTS, new int[] {1});
        assertThatThrownBy(() -> SparkSlicedWasserstein.defaults().between(a, b, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in dimension");
        assertThatThrownBy(() -> SparkSlicedWasserstein.defaults().withQuantiles(10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative error");
    }
}
