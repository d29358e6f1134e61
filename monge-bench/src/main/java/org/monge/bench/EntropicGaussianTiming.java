package org.monge.bench;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.ReferenceCoupling;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Java side of {@code side-by-side/entropic_gaussian.sh}: times the closed-form entropic Gaussian OT
 * (plan, cost, duals, from raw covariance arrays) on the files the script wrote, for the product reference
 * and an arbitrary K. Per-call figures: after two seconds of this thread's CPU time in warm-up calls (the JIT compiles the path;
 * the reference side has no JIT to wait for), the median over 7 batches of calls, each batch about 0.2 s,
 * as wall time (RESULT) and as this thread's CPU time (CPU lines).
 * Usage: {@code DIR D EPSILON}; reads DIR/ent_D_{a,b,k}.npy.
 */
public final class EntropicGaussianTiming {
    private EntropicGaussianTiming() {}

    public static void main(String[] args) throws Exception {
        System.err.println("linear algebra: " + MatrixFunctions.backendDescription());
        Path dir = Path.of(args[0]);
        int d = Integer.parseInt(args[1]);
        double eps = Double.parseDouble(args[2]);
        Matrix a = Npy.read(dir.resolve("ent_" + d + "_a.npy")).toMatrix("a");
        Matrix b = Npy.read(dir.resolve("ent_" + d + "_b.npy")).toMatrix("b");
        Matrix k = Npy.read(dir.resolve("ent_" + d + "_k.npy")).toMatrix("k");
        double[] zero = new double[d];
        for (String name : new String[] {"product", "covariance"}) {
            EntropicGaussian solver = EntropicGaussian.withEpsilon(eps)
                    .withReference(name.equals("product") ? ReferenceCoupling.product() : ReferenceCoupling.covariance(k));
            double[] v = new double[1];
            double[] perCall = perCall(d >= 500 ? 0.2 : 2.0, () -> v[0] = solver.solve(Gaussian.of(zero, a), Gaussian.of(zero, b)).cost());
            Timer.report("entropic_" + name + "_d" + d, perCall[0], v[0]);
            System.out.printf(Locale.ROOT, "CPU %s %.9g%n", "entropic_" + name + "_d" + d, perCall[1]);
        }
    }

    /** {wall, thread CPU} seconds per call: median of 7 batches of about 0.2 s after {@code warmSeconds} of calls. */
    static double[] perCall(double warmSeconds, Runnable call) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // warm-up by this thread's CPU time, not wall time: on a loaded machine a second of wall time may be a
        // fifth of a second of running, too little for the JIT to finish
        long start = System.nanoTime(), cpuStart = mx.getCurrentThreadCpuTime();
        int calls = 0;
        while (calls < 3 || mx.getCurrentThreadCpuTime() - cpuStart < warmSeconds * 1e9) {
            call.run();
            calls++;
        }
        double each = (System.nanoTime() - start) * 1e-9 / calls;
        int batch = (int) Math.max(1, Math.min(1_000_000, 0.2 / each));
        double[] wall = new double[7], cpu = new double[7];
        for (int r = 0; r < wall.length; r++) {
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) call.run();
            wall[r] = (System.nanoTime() - t0) * 1e-9 / batch;
            cpu[r] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9 / batch;
        }
        return new double[] {Timer.median(wall), Timer.median(cpu)};
    }
}
