package org.monge.bench;

import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
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

/** FID from statistics (validation included), d = 512 and 2048; native LAPACK when OpenBLAS is installed. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FidBench {
    @Param({"512", "2048"})
    int d;
    FeatureStatistics a, b;

    @Setup
    public void setup() {
        Random rnd = new Random(1);
        a = new FeatureStatistics(-1, new double[d], W2Bench.spd(rnd, d));
        b = new FeatureStatistics(-1, new double[d], W2Bench.spd(rnd, d));
    }

    @Benchmark
    public double fidFromStatistics() {
        return Fid.between(a, b);
    }
}
