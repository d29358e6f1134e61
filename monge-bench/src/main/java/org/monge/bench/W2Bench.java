package org.monge.bench;

import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
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

/** W2 between two Gaussians from raw arrays (validation and factorisation included), d = 2…64. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class W2Bench {
    @Param({"2", "4", "8", "16", "32", "64"})
    int d;
    double[] m0, m1;
    Matrix s0, s1;

    @Setup
    public void setup() {
        Random rnd = new Random(42);
        m0 = new double[d];
        m1 = new double[d];
        s0 = spd(rnd, d);
        s1 = spd(rnd, d);
    }

    static Matrix spd(Random rnd, int d) {
        double[] x = new double[d * d];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        Matrix a = Matrix.fromRowMajor(d, d, x);
        return a.times(a.transpose()).scale(1.0 / d).plus(Matrix.identity(d).scale(0.1)).symmetrize();
    }

    @Benchmark
    public double w2FromArrays() {
        return BuresWasserstein.squaredDistance(Gaussian.of(m0, s0), Gaussian.of(m1, s1));
    }
}
