package org.monge.bench;

import org.monge.discrete.CostGradient;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.exact.ExactGradient;
import org.monge.discrete.exact.ExactWasserstein;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.OneDimensionalGradient;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureGradient;
import org.monge.gmm.MixtureTransport;
import org.monge.linalg.Matrix;

import java.util.ArrayList;
import java.util.List;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The cost of a gradient against the value alone, run side by side in one JVM: value and value-and-gradient
 * alternate (after a warm-up of each, in batches of calls: see compare), and the medians of each and their ratio
 * are printed. Modes:
 * <pre>
 *   divergence N EPS TOL REPEATS   Sinkhorn divergence, N against N uniform points in the square of side 1/√2
 *                                  (costs |x − y|² in [0, 1]), tolerance TOL (L1 marginal error)
 *   exact N REPEATS                exact W_2² (network simplex), N against N points in 2-D
 *   w1d N REPEATS                  W_2² on the line, N against N weighted points
 *   sliced N L REPEATS             sliced W_2², N against N points in 3-D, L directions
 *   mixture K D REPEATS            MW2² between two mixtures of K Gaussians in R^D (random weights, means, covariances)
 * </pre>
 * Prints "RATIO mode n value_s gradient_s ratio"; the divergence mode also "PASSES divergence n seconds", the time of
 * the gradient alone from a solution (the part the ratio adds), which is steadier than the ratio on a busy machine.
 */
public final class GradientTiming {
    /** Seconds of one timed sample (a batch of calls) and of the warm-up of each side. */
    private static final double SAMPLE_S = 0.05, WARMUP_S = 1;

    private GradientTiming() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        SplittableRandom r = new SplittableRandom(n);
        switch (args[0]) {
            case "divergence" -> {
                double eps = Double.parseDouble(args[2]), tol = Double.parseDouble(args[3]);
                DiscreteMeasure a = DiscreteMeasure.uniform(square(n, 2, r)), b = DiscreteMeasure.uniform(square(n, 2, r));
                Sinkhorn s = Sinkhorn.withEpsilon(eps).withTolerance(tol);
                compare("divergence", n, Integer.parseInt(args[4]), () -> SinkhornDivergence.between(a, b, Metric.SQEUCLIDEAN, s),
                        () -> SinkhornDivergence.valueAndGradient(a, b, Metric.SQEUCLIDEAN, s));
                // the gradient's own work, from one solution: the three plan passes, timed alone
                SinkhornDivergence.Result res = SinkhornDivergence.between(a, b, Metric.SQEUCLIDEAN, s);
                double[] tp = new double[Integer.parseInt(args[4])];
                for (int k = 0; k < tp.length; k++) tp[k] = Timer.seconds(() -> SinkhornDivergence.gradient(a, b, Metric.SQEUCLIDEAN, res));
                System.out.printf(Locale.ROOT, "PASSES divergence %d %.4f (the gradient from a solution; %s)%n", n, Timer.median(tp),
                        res.converged() ? "converged" : "not converged");
            }
            case "exact" -> {
                DiscreteMeasure a = DiscreteMeasure.uniform(square(n, 2, r)), b = DiscreteMeasure.uniform(square(n, 2, r));
                compare("exact", n, Integer.parseInt(args[2]),
                        () -> ExactWasserstein.solve(TransportProblem.of(a, b,
                                CostMatrix.fromPoints(a.support(), b.support(), Metric.SQEUCLIDEAN))),
                        () -> ExactGradient.valueAndGradient(a, b, CostGradient.wassersteinCost(2)));
            }
            case "w1d" -> {
                double[] u = new double[n], v = new double[n], uw = new double[n], vw = new double[n];
                for (int i = 0; i < n; i++) {
                    u[i] = r.nextDouble();
                    v[i] = r.nextDouble();
                    uw[i] = 0.5 + r.nextDouble();
                    vw[i] = 0.5 + r.nextDouble();
                }
                double su = Arrays.stream(uw).sum(), sv = Arrays.stream(vw).sum();
                for (int i = 0; i < n; i++) {
                    uw[i] /= su;
                    vw[i] /= sv;
                }
                compare("w1d", n, Integer.parseInt(args[2]), () -> OneDimensional.value(u, uw, v, vw, 2),
                        () -> OneDimensionalGradient.valueAndGradient(u, uw, v, vw, 2));
            }
            case "sliced" -> {
                DiscreteMeasure a = DiscreteMeasure.uniform(square(n, 3, r)), b = DiscreteMeasure.uniform(square(n, 3, r));
                SlicedWasserstein sw = SlicedWasserstein.defaults().withProjections(Integer.parseInt(args[2]));
                compare("sliced", n, Integer.parseInt(args[3]), () -> sw.distance(a, b), () -> sw.valueAndGradient(a, b));
            }
            case "mixture" -> {
                int d = Integer.parseInt(args[2]);
                GaussianMixture a = mixture(n, d, r), b = mixture(n, d, r);
                compare("mixture", n, Integer.parseInt(args[3]), () -> MixtureTransport.solve(a, b),
                        () -> MixtureGradient.valueAndGradient(a, b));
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static GaussianMixture mixture(int k, int d, SplittableRandom r) {
        double[] w = new double[k], m = new double[k * d];
        List<Matrix> covs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            w[i] = 0.5 + r.nextDouble();
            Matrix g = square(d, d, r);
            covs.add(g.times(g.transpose()).plus(Matrix.identity(d).scale(0.1)).symmetrize());
        }
        for (int t = 0; t < m.length; t++) m[t] = r.nextDouble();
        double s = Arrays.stream(w).sum();
        for (int i = 0; i < k; i++) w[i] /= s;
        return GaussianMixture.of(w, Matrix.fromRowMajor(k, d, m), covs);
    }

    static Matrix square(int n, int d, SplittableRandom r) {
        double[] p = new double[n * d];
        for (int k = 0; k < p.length; k++) p[k] = r.nextDouble() * Math.sqrt(0.5);
        return Matrix.fromRowMajor(n, d, p);
    }

    /**
     * Value and value-and-gradient alternate, each sample a batch of calls long enough (at least {@link #SAMPLE_S}
     * seconds) that calls of a fraction of a millisecond are timed compiled and above the clock's resolution; the
     * warm-up runs each side for at least {@link #WARMUP_S} seconds.
     */
    private static void compare(String mode, int n, int repeats, Callable<?> value, Callable<?> gradient) throws Exception {
        int bv = batch(value), bg = batch(gradient);
        double[] tv = new double[repeats], tg = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            tv[k] = perCall(value, bv);
            tg[k] = perCall(gradient, bg);
        }
        double mv = Timer.median(tv), mg = Timer.median(tg);
        System.out.printf(Locale.ROOT, "RATIO %s %d %.6f %.6f %.3f (batches of %d and %d calls)%n", mode, n, mv, mg, mg / mv, bv, bg);
    }

    /** Runs {@code work} for the warm-up and returns how many calls make one sample. */
    private static int batch(Callable<?> work) throws Exception {
        double spent = 0, fastest = Double.POSITIVE_INFINITY;
        while (spent < WARMUP_S) {
            double t = Timer.seconds(work);
            spent += t;
            fastest = Math.min(fastest, t); // a busy machine stretches single calls, never shortens them
        }
        return (int) Math.max(1, Math.ceil(SAMPLE_S / Math.max(fastest, 1e-9)));
    }

    /** Seconds a call, over a batch of {@code calls}. */
    private static double perCall(Callable<?> work, int calls) throws Exception {
        double t = 0;
        for (int c = 0; c < calls; c++) t += Timer.seconds(work);
        return t / calls;
    }
}
