package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.unbalanced.PartialTransport;
import org.monge.discrete.unbalanced.UnbalancedSinkhorn;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our side of monge-bench/side-by-side/unbalanced.sh. Modes:
 * <pre>
 *   unbalanced DIR NAME EPS TAU TOL [once] [tv]  dense cost |x−y|²/max from DIR/x.npy, DIR/y.npy (weights below),
 *                                     UnbalancedSinkhorn to the tolerance; value: the objective ("once": one timed run;
 *                                     "tv": total-variation penalties ρ = TAU instead of KL; "plain": no over-relaxation;
 *                                     "noanderson": no Anderson acceleration)
 *   balanced DIR NAME EPS TOL         the same problem with exact marginals: balanced log-domain Sinkhorn
 *                                     (dense) to the same tolerance; value: the objective
 *   clouds DIR NAME EPS TAU TOL [tv] [plain] [noanderson]  point clouds scaled so that costs lie in [0, 1], costs on the fly
 *                                     (multiscale start); one run; value: the objective
 *   partial DIR NAME MASS             exact partial OT of the dense cost |x−y|²/max; value: the cost
 * </pre>
 * Weights: DIR/a.npy and DIR/b.npy where present, else uniform.
 * Prints "RESULT name seconds value" (median of three runs after one warm-up, clouds: one run); details on stderr.
 */
public final class UnbalancedTiming {
    private UnbalancedTiming() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String name = args[2];
        Matrix x = Npy.read(dir.resolve("x.npy")).toMatrix("x"), y = Npy.read(dir.resolve("y.npy")).toMatrix("y");
        DiscreteMeasure a = weights(dir.resolve("a.npy"), x.rows()), b = weights(dir.resolve("b.npy"), y.rows());
        switch (args[0]) {
            case "unbalanced" -> {
                double eps = Double.parseDouble(args[3]), tau = Double.parseDouble(args[4]), tol = Double.parseDouble(args[5]);
                TransportProblem p = TransportProblem.of(a, b, normalisedCost(x, y));
                UnbalancedSinkhorn s = penalties(UnbalancedSinkhorn.withEpsilon(eps), tau, args).withTolerance(tol)
                        .withMaxIterations(1000000);
                UnbalancedSinkhorn.Result[] last = new UnbalancedSinkhorn.Result[1];
                boolean once = List.of(args).subList(6, args.length).contains("once");
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                if (!once) s.solve(p);
                int runs = once ? 1 : 3;
                double[] wall = new double[runs], cpu = new double[runs];
                for (int k = 0; k < runs; k++) {
                    long c0 = os.getProcessCpuTime();
                    wall[k] = Timer.seconds(() -> last[0] = s.solve(p));
                    cpu[k] = (os.getProcessCpuTime() - c0) * 1e-9;
                }
                double t = Timer.median(wall);
                UnbalancedSinkhorn.Result r = last[0];
                System.err.printf("%s: %d iterations, status %s, mass %.12g, marginal change %.3g, dual gap %.3g, CPU %.3f s (median)%n",
                        name, r.iterations(), r.status(), r.transportedMass(), r.marginalChange(),
                        Math.abs(r.objective() - r.dualObjective()), Timer.median(cpu));
                Timer.report(name, t, r.objective());
            }
            case "balanced" -> {
                double eps = Double.parseDouble(args[3]), tol = Double.parseDouble(args[4]);
                CostMatrix c = normalisedCost(x, y);
                Sinkhorn s = Sinkhorn.withEpsilon(eps).withTolerance(tol).withMaxIterations(100000).withStorage(Sinkhorn.Storage.DENSE);
                Sinkhorn.Result[] last = new Sinkhorn.Result[1];
                double t = Timer.medianSeconds(1, 3, () -> last[0] = s.solve(a, b, c));
                System.err.printf("%s: %d iterations, status %s, L1 marginal error %.3g%n", name, last[0].iterations(), last[0].status(),
                        last[0].marginalError());
                Timer.report(name, t, last[0].objective());
            }
            case "clouds" -> {
                double eps = Double.parseDouble(args[3]), tau = Double.parseDouble(args[4]), tol = Double.parseDouble(args[5]);
                Matrix xs = x.scale(Math.sqrt(0.5)), ys = y.scale(Math.sqrt(0.5)); // unit square → costs in [0, 1]
                CostMatrix c = CostMatrix.fromPoints(xs, ys, Metric.SQEUCLIDEAN);
                long start = System.nanoTime();
                UnbalancedSinkhorn.Result r = penalties(UnbalancedSinkhorn.withEpsilon(eps), tau, args).withTolerance(tol)
                        .withMaxIterations(100000).solve(TransportProblem.of(a, b, c));
                double t = (System.nanoTime() - start) * 1e-9;
                System.err.printf("%s: %d iterations, status %s, mass %.9g, marginal change %.3g, %.1f s%n", name, r.iterations(),
                        r.status(), r.transportedMass(), r.marginalChange(), t);
                Timer.report(name, t, r.objective());
            }
            case "partial" -> {
                double mass = Double.parseDouble(args[3]);
                CostMatrix c = normalisedCost(x, y);
                PartialTransport.Result[] last = new PartialTransport.Result[1];
                double t = Timer.medianSeconds(1, 3, () -> last[0] = PartialTransport.defaults().solve(a, b, c, mass));
                System.err.printf("%s: status %s, %d pivots, duality gap %.3g%n", name, last[0].status(), last[0].iterations(),
                        last[0].certificate().dualityGap());
                Timer.report(name, t, last[0].cost());
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** The weights in the file, or n uniform weights if there is none. */
    private static DiscreteMeasure weights(Path file, int n) throws Exception {
        return Files.exists(file) ? DiscreteMeasure.of(Npy.read(file).data()) : DiscreteMeasure.uniform(n);
    }

    /** KL penalties τ, or TV penalties ρ = τ when the words after the sixth argument include "tv"; "plain": ω = 1; "noanderson". */
    private static UnbalancedSinkhorn penalties(UnbalancedSinkhorn s, double tau, String[] args) {
        List<String> words = List.of(args).subList(Math.min(6, args.length), args.length);
        UnbalancedSinkhorn t = words.contains("tv") ? s.withTv(tau) : s.withTau(tau);
        UnbalancedSinkhorn u = words.contains("noanderson") ? t.withAnderson(0) : t;
        return words.contains("plain") ? u.withOverRelaxation(1) : u;
    }

    /** The dense squared-Euclidean cost divided by its largest entry, as POT's examples do (M /= M.max()). */
    static CostMatrix normalisedCost(Matrix x, Matrix y) {
        double[] c = CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN).toRowMajor();
        double mx = 0;
        for (double v : c) mx = Math.max(mx, v);
        for (int k = 0; k < c.length; k++) c[k] /= mx;
        return CostMatrix.dense(x.rows(), y.rows(), c);
    }
}
