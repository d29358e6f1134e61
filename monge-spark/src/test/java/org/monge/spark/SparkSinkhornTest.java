package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sinkhorn with x distributed and y broadcast: the potentials equal monge-core's on-the-fly log-domain Sinkhorn. */
class SparkSinkhornTest {
    static double[][] cloud(int n, long seed, double shift) {
        Random r = new Random(seed);
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = r.nextDouble() + shift;
            p[1] = r.nextDouble();
        }
        return x;
    }

    static double[] weights(int n, long seed) {
        Random r = new Random(seed);
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.5 + r.nextDouble();
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    /**
     * Distributed against core on n × m points; returns the largest potential difference. SparkSinkhorn makes
     * plain alternating updates, so core is pinned to them ({@code omega = 1}, no Anderson acceleration) and the
     * iterates agree exactly; with core's over-relaxed and Anderson-accelerated default the potentials agree only up
     * to the constant (f + c, g - c).
     */
    static double compare(int n, int m, double eps, int partitions, double omega) {
        return compare(n, m, eps, partitions, omega, false);
    }

    /** As above; {@code sorted}: x in the order of its first coordinate, so that each partition is a strip of the square. */
    static double compare(int n, int m, double eps, int partitions, double omega, boolean sorted) {
        double[][] x = cloud(n, 1, 0), y = cloud(m, 2, 0.3);
        if (sorted) Arrays.sort(x, Comparator.comparingDouble(p -> p[0]));
        double[] a = weights(n, 3), b = weights(m, 4);
        List<SparkSinkhorn.WeightedPoint> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) pts.add(new SparkSinkhorn.WeightedPoint(x[i], a[i]));
        JavaRDD<SparkSinkhorn.WeightedPoint> rdd = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext())
                .parallelize(pts, partitions);
        SparkSinkhorn.Result s = SparkSinkhorn.withEpsilon(eps).withTolerance(1e-12).solve(rdd, y, b);
        Sinkhorn.Result c = Sinkhorn.withEpsilon(eps).withTolerance(1e-12).withEpsilonScaling(0).withMultiscale(false)
                .withStorage(Sinkhorn.Storage.ON_THE_FLY).withOverRelaxation(omega)
                .withAnderson(omega == 1 ? 0 : Sinkhorn.Options.DEFAULT_ANDERSON)
                .solve(DiscreteMeasure.of(a, Matrix.of(x)), DiscreteMeasure.of(b, Matrix.of(y)),
                        CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN));
        assertThat(s.converged()).isTrue();
        assertThat(c.converged()).isTrue();
        assertThat(s.marginalError()).isLessThanOrEqualTo(1e-12);
        double shift = omega == 1 ? 0 : c.f()[0] - s.f()[0];
        double diff = 0;
        for (int i = 0; i < n; i++) diff = Math.max(diff, Math.abs(s.f()[i] + shift - c.f()[i]));
        for (int j = 0; j < m; j++) diff = Math.max(diff, Math.abs(s.g()[j] - shift - c.g()[j]));
        return diff;
    }

    @Test
    void potentialsEqualMongeCore() {
        assertThat(compare(300, 200, 0.05, 3, 1)).isLessThan(1e-10);
    }

    /**
     * Partitions that are strips of x far from some y_j (the strip [0, 0.2] against y_j near 1.3): their terms for
     * those columns lie far below the shift −g_j/ε, so those column blocks are summed from their own maxima.
     */
    @Test
    void potentialsEqualMongeCoreWhenPartitionsAreFarFromSomePoints() {
        assertThat(compare(300, 200, 0.05, 5, 1, true)).isLessThan(1e-10);
    }

    @Test
    void potentialsEqualOverRelaxedCoreUpToTheirConstant() {
        assertThat(compare(300, 200, 0.05, 3, Sinkhorn.Options.DEFAULT_OVER_RELAXATION)).isLessThan(1e-9);
    }

    /** The size: 10^4 points a side (a few minutes on two cores). */
    @Test
    @Tag("slow")
    void potentialsEqualMongeCoreAtTenThousandPoints() {
        assertThat(compare(10_000, 10_000, 0.05, 4, 1)).isLessThan(1e-10);
    }

    @Test
    void badInputIsNamed() {
        JavaRDD<SparkSinkhorn.WeightedPoint> rdd = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext())
                .parallelize(List.of(new SparkSinkhorn.WeightedPoint(new double[] {0, 0}, 1.0)), 1);
        assertThatThrownBy(() -> SparkSinkhorn.withEpsilon(0.1).solve(rdd, new double[][] {{0, 0}}, new double[] {0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the weights of x sum to 1.0 and those of y to 0.5");
        assertThatThrownBy(() -> SparkSinkhorn.withEpsilon(0.1).solve(rdd, new double[][] {{0, 0, 1}}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in dimension");
        assertThatThrownBy(() -> SparkSinkhorn.withEpsilon(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon");
    }
}
