package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.LinearAssignment;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
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
 * The exact discrete solvers' hot paths: network simplex on random 2-D points (squared
 * Euclidean, uniform weights), assignment on uniform random costs, 1-D W2 with uniform weights.
 * Run e.g. {@code java -jar benchmarks.jar DiscreteBench -p n=500}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DiscreteBench {
    @Param({"500", "1000"})
    int n;
    CostMatrix points;
    double[] uniformCost;
    double[] u, v;
    DiscreteMeasure a;

    @Setup
    public void setup() {
        Random r = new Random(7);
        double[][] x = new double[n][2], y = new double[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble(); x[i][1] = r.nextDouble();
            y[i][0] = r.nextDouble(); y[i][1] = r.nextDouble();
        }
        CostMatrix c = CostMatrix.fromPoints(Matrix.of(x), Matrix.of(y), Metric.SQEUCLIDEAN);
        points = CostMatrix.dense(n, n, c.toRowMajor());
        a = DiscreteMeasure.uniform(n);
        uniformCost = new double[n * n];
        for (int k = 0; k < uniformCost.length; k++) uniformCost[k] = r.nextDouble();
        u = new double[1000 * n];
        v = new double[1000 * n];
        for (int k = 0; k < u.length; k++) { u[k] = r.nextGaussian(); v[k] = 2 * r.nextGaussian() + 1; }
    }

    @Benchmark
    public double networkSimplex() {
        return NetworkSimplex.defaults().solve(a, a, points).cost();
    }

    @Benchmark
    public double assignment() {
        return LinearAssignment.defaults().solve(n, n, uniformCost).cost();
    }

    /** 1000·n points on each side. */
    @Benchmark
    public double oneDimensionalW2() {
        return OneDimensional.wassersteinCost(u, null, v, null, 2);
    }
}
