package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Our side of monge-bench/side-by-side/entropic.sh. Modes:
 * <pre>
 *   sinkhorn DIR NAME EPS ITERS scaling|log   dense cost |x−y|²/max from DIR/x.npy, DIR/y.npy; ITERS
 *                                             iterations exactly (tolerance 0), no ε-scaling, as POT;
 *                                             ITERS = tol=T instead: stop at the L1 marginal error T
 *                                             (rows and columns; the error POT's plan reached)
 *   clouds DIR NAME EPS TOL MAXITER [cold]    point clouds, costs on the fly (|x−y|², points scaled
 *                                             so costs lie in [0, 1]), log domain: multiscale warm
 *                                             start, or with "cold" ε-scaling from scratch; one run
 *   sliced DIR NAME L SEED                    sliced W2 with L directions
 *   bandwidth DIR NAME                        the dense scaling form's bytes per second (the kernel
 *                                             streamed once an iteration: the time of 200 − 100 plain
 *                                             iterations) against a copy kernel over arrays of the
 *                                             kernel's size (bytes read + written), same run
 * </pre>
 * Prints "RESULT name seconds value" (value: ⟨π, C⟩ or the distance); details on stderr.
 */
public final class EntropicTiming {
    private EntropicTiming() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String name = args[2];
        Matrix x = Npy.read(dir.resolve("x.npy")).toMatrix("x"), y = Npy.read(dir.resolve("y.npy")).toMatrix("y");
        switch (args[0]) {
            case "sinkhorn" -> {
                double eps = Double.parseDouble(args[3]);
                boolean byError = args[4].startsWith("tol=");
                double tol = byError ? Double.parseDouble(args[4].substring(4)) : 0;
                int iters = byError ? 100_000 : Integer.parseInt(args[4]);
                boolean log = args[5].equals("log");
                CostMatrix pts = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN);
                double[] c = pts.toRowMajor();
                double mx = 0;
                for (double v : c) mx = Math.max(mx, v);
                for (int k = 0; k < c.length; k++) c[k] /= mx;
                CostMatrix cm = CostMatrix.dense(x.rows(), y.rows(), c);
                DiscreteMeasure a = DiscreteMeasure.uniform(x.rows()), b = DiscreteMeasure.uniform(y.rows());
                Sinkhorn s = Sinkhorn.withEpsilon(eps).withTolerance(tol).withMaxIterations(iters).withLogDomain(log)
                        .withEpsilonScaling(0).withStorage(Sinkhorn.Storage.DENSE);
                Sinkhorn.Result[] last = new Sinkhorn.Result[1];
                double t = Timer.medianSeconds(1, 3, () -> last[0] = s.solve(a, b, cm));
                System.err.printf("%s: %d iterations, L1 marginal error %.3g, status %s%n", name, last[0].iterations(),
                        last[0].marginalError(), last[0].status());
                Timer.report(name, t, last[0].cost());
            }
            case "clouds" -> {
                double eps = Double.parseDouble(args[3]), tol = Double.parseDouble(args[4]);
                int maxIter = Integer.parseInt(args[5]);
                Matrix xs = x.scale(Math.sqrt(0.5)), ys = y.scale(Math.sqrt(0.5)); // unit square → costs in [0, 1]
                CostMatrix c = CostMatrix.fromPoints(xs, ys, Metric.SQEUCLIDEAN);
                long start = System.nanoTime();
                boolean cold = args.length > 6 && args[6].equals("cold");
                Sinkhorn.Result r = Sinkhorn.withEpsilon(eps).withTolerance(tol).withMaxIterations(maxIter)
                        .withStorage(Sinkhorn.Storage.ON_THE_FLY).withMultiscale(!cold)
                        .withProgress((it, e, err) -> System.err.printf("  iteration %d eps %.3g error %.3g at %.1f s%n",
                                it, e, err, (System.nanoTime() - start) * 1e-9))
                        .solve(DiscreteMeasure.uniform(x.rows()), DiscreteMeasure.uniform(y.rows()), c);
                double t = (System.nanoTime() - start) * 1e-9;
                System.err.printf("%s: %d iterations, L1 marginal error %.3g, status %s, %.2f s per iteration%n", name, r.iterations(),
                        r.marginalError(), r.status(), t / Math.max(1, r.iterations()));
                Timer.report(name, t, r.cost());
            }
            case "bandwidth" -> {
                int n = x.rows(), m = y.rows();
                CostMatrix cm = CostMatrix.dense(n, m, CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN).toRowMajor());
                DiscreteMeasure a = DiscreteMeasure.uniform(n), b = DiscreteMeasure.uniform(m);
                Sinkhorn plain = Sinkhorn.withEpsilon(0.01).withTolerance(0).withLogDomain(false).withOverRelaxation(1).withAnderson(0)
                        .withStorage(Sinkhorn.Storage.DENSE);
                double t100 = Timer.medianSeconds(1, 3, () -> plain.withMaxIterations(100).solve(a, b, cm));
                double t200 = Timer.medianSeconds(1, 3, () -> plain.withMaxIterations(200).solve(a, b, cm));
                double bytes = 8.0 * n * m, perIteration = (t200 - t100) / 100;
                double[][] src = new double[n][m], dst = new double[n][m];
                for (double[] r : src) Arrays.fill(r, 1.0);
                double tc = Timer.medianSeconds(3, 9, () -> {
                    IntStream.range(0, n).parallel().forEach(i -> System.arraycopy(src[i], 0, dst[i], 0, m));
                    return dst;
                });
                double sinkhornRate = bytes / perIteration, copyRate = 2 * bytes / tc;
                System.err.printf("%s: %.2f ms an iteration, %.1f GB/s; copy %.1f GB/s; fraction %.2f%n", name, 1e3 * perIteration,
                        sinkhornRate / 1e9, copyRate / 1e9, sinkhornRate / copyRate);
                Timer.report(name, perIteration, sinkhornRate / copyRate);
            }
            case "sliced" -> {
                int l = Integer.parseInt(args[3]);
                long seed = Long.parseLong(args[4]);
                DiscreteMeasure a = DiscreteMeasure.uniform(x), b = DiscreteMeasure.uniform(y);
                SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(l).withSeed(seed);
                double[] d = new double[1];
                double t = Timer.medianSeconds(2, 5, () -> d[0] = sw.distance(a, b));
                Timer.report(name, t, d[0]);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
