package org.monge.bench;

import org.monge.gmm.MixtureParameters;
import org.monge.gmm.WassersteinInformation;
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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** The Wasserstein information matrix of an N-component 1-D mixture (weights, unit gaps), tolerance 1e-12. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GmmBench {
    @Param({"10", "50"})
    int n;
    @Param({"0.1", "0.02"})
    double sigma;
    double[] p, mu, s;

    @Setup
    public void setup() {
        p = new double[n];
        mu = new double[n];
        s = new double[n];
        for (int k = 0; k < n; k++) { p[k] = 1 + 0.5 * Math.sin(k); mu[k] = k; s[k] = sigma; }
        double tot = Arrays.stream(p).sum();
        for (int k = 0; k < n; k++) p[k] /= tot;
    }

    @Benchmark
    public Object informationMatrix() {
        return WassersteinInformation.defaults().compute(p, mu, s, MixtureParameters.WEIGHTS).matrix();
    }
}
