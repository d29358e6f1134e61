package org.monge.bench;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.MultiscaleNetworkSimplex;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.linalg.Matrix;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Exact OT between N and M uniform random points of the unit square, squared Euclidean, uniform weights: the
 * multiscale network simplex, timed as the median wall time of REPEATS solves after WARMUPS, with the mean
 * process CPU time per solve (on a shared machine CPU time is what a quiet one would take, up to the
 * parallel check); with {@code plain}, the plain network simplex on the same problem (costs on the fly),
 * with the same warm-ups and repeats, and the relative difference of the costs. Usage:
 * {@code MultiscaleTiming [N M WARMUPS REPEATS [plain]]}, by default 10000 10000 1 3. Progress of the last
 * solve on stderr. Prints "MULTISCALE n m wall s cpu s pivots arcs rounds cost status" and, with plain,
 * "PLAIN n m wall s cpu s pivots cost rel_diff".
 */
public final class MultiscaleTiming {
    private MultiscaleTiming() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : n;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        boolean plain = args.length > 4 && args[4].equals("plain");
        SplittableRandom rnd = new SplittableRandom(2026);
        Matrix x = square(n, rnd), y = square(m, rnd);
        TransportProblem p = TransportProblem.uniform(CostMatrix.fromPoints(x, y, Metric.SQEUCLIDEAN));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int w = 0; w < warmups; w++) MultiscaleNetworkSimplex.defaults().solve(p);
        MultiscaleNetworkSimplex.Result[] last = new MultiscaleNetworkSimplex.Result[1];
        long cpu0 = os.getProcessCpuTime();
        double[] wall = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            MultiscaleNetworkSimplex solver = MultiscaleNetworkSimplex.defaults();
            if (k == repeats - 1) solver = solver.withProgress(System.err::println);
            MultiscaleNetworkSimplex s = solver;
            wall[k] = Timer.seconds(() -> last[0] = s.solve(p));
        }
        double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9 / repeats;
        MultiscaleNetworkSimplex.Result r = last[0];
        System.out.printf(Locale.ROOT, "MULTISCALE %d %d wall %.3f s (median of %d) cpu %.3f s pivots %d arcs %d rounds %d cost %.17g "
                        + "%s dual_infeasibility %.3g duality_gap %.3g cores %d%n", n, m, Timer.median(wall), repeats, cpu, r.pivots(),
                r.arcs(), r.rounds(), r.cost(), r.status(), r.certificate().dualInfeasibility(), r.certificate().dualityGap(),
                Runtime.getRuntime().availableProcessors());
        if (plain) { // the same warm-ups and repeats as the multiscale solver (both JIT-compiled when timed)
            NetworkSimplex.Result[] q = new NetworkSimplex.Result[1];
            for (int w = 0; w < warmups; w++) q[0] = NetworkSimplex.defaults().solve(p);
            long c0 = os.getProcessCpuTime();
            double[] t = new double[repeats];
            for (int k = 0; k < repeats; k++) t[k] = Timer.seconds(() -> q[0] = NetworkSimplex.defaults().solve(p));
            System.out.printf(Locale.ROOT, "PLAIN %d %d wall %.3f s (median of %d) cpu %.3f s pivots %d cost %.17g %s rel_diff %.3g%n", n,
                    m, Timer.median(t), repeats, (os.getProcessCpuTime() - c0) * 1e-9 / repeats, q[0].iterations(), q[0].cost(),
                    q[0].status(), (r.cost() - q[0].cost()) / q[0].cost());
        }
    }

    /** n points uniform in [0, 1]². */
    private static Matrix square(int n, SplittableRandom rnd) {
        double[] v = new double[2 * n];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextDouble();
        return Matrix.fromRowMajor(n, 2, v);
    }
}
