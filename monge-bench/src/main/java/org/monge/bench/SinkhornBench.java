package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.linalg.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Sinkhorn hot paths: 100 iterations of the fused scaling pass, of the log-stabilised form
 * and of on-the-fly log-sum-exp (uniform 2-D points, |x − y|²/2, ε = 0.01), and sliced W2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SinkhornBench {
    @Param({"1000", "2000"})
    int n;
    CostMatrix dense, points;
    DiscreteMeasure a, b, xa, yb;
    Sinkhorn fixed;

    @Setup
    public void setup() {
        Random r = new Random(1);
        double[][] x = new double[n][2], y = new double[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble() * Math.sqrt(0.5); x[i][1] = r.nextDouble() * Math.sqrt(0.5);
            y[i][0] = r.nextDouble() * Math.sqrt(0.5); y[i][1] = r.nextDouble() * Math.sqrt(0.5);
        }
        points = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN);
        dense = CostMatrix.dense(points.toMatrix());
        a = DiscreteMeasure.uniform(n);
        b = DiscreteMeasure.uniform(n);
        xa = DiscreteMeasure.uniform(Matrix.of(x));
        yb = DiscreteMeasure.uniform(Matrix.of(y));
        fixed = Sinkhorn.withEpsilon(0.01).withTolerance(0).withMaxIterations(100).withEpsilonScaling(0);
    }

    @Benchmark
    public double scaling() { return fixed.withLogDomain(false).solve(a, b, dense).cost(); }

    @Benchmark
    public double logStabilised() { return fixed.withStorage(Sinkhorn.Storage.DENSE).solve(a, b, dense).cost(); }

    @Benchmark
    public double onTheFly() { return fixed.withStorage(Sinkhorn.Storage.ON_THE_FLY).solve(a, b, points).cost(); }

    @Benchmark
    public double sliced() { return SlicedWasserstein.defaults().withProjections(200).distance(xa, yb); }
}
