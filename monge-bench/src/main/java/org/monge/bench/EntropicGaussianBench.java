package org.monge.bench;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.EntropicGaussianResult;
import org.monge.gaussian.entropic.ReferenceCoupling;
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
 * Entropic Gaussian OT in closed form from raw covariance arrays: validation, factorisations of A
 * and B, the reference's precision blocks, the plan (C and Σ), the cost, the dual potentials and
 * the optimality check, for the three kinds of reference. Target: d = 100 under 50 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EntropicGaussianBench {
    @Param({"100", "1000"})
    int d;
    @Param({"product", "correlated", "covariance"})
    String reference;
    double[] m0, m1;
    Matrix s0, s1;
    EntropicGaussian solver;

    @Setup
    public void setup() {
        Random rnd = new Random(42);
        m0 = new double[d];
        m1 = new double[d];
        for (int i = 0; i < d; i++) m1[i] = rnd.nextGaussian();
        s0 = W2Bench.spd(rnd, d);
        s1 = W2Bench.spd(rnd, d);
        ReferenceCoupling ref = switch (reference) {
            case "product" -> ReferenceCoupling.product();
            case "correlated" -> ReferenceCoupling.correlated(0.7, d);
            default -> ReferenceCoupling.covariance(W2Bench.spd(rnd, 2 * d));
        };
        solver = EntropicGaussian.withEpsilon(0.5).withReference(ref);
    }

    @Benchmark
    public double solve() {
        EntropicGaussianResult r = solver.solve(Gaussian.of(m0, s0), Gaussian.of(m1, s1));
        return r.cost() + r.dualValue() + r.crossCovariance().get(0, 0);
    }
}
