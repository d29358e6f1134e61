package org.monge.bench;

import org.monge.discrete.entropic.Sinkhorn;
import org.monge.linalg.Matrix;
import org.monge.maps.EntropicMap;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Applying a fitted entropic map to new points: the map is fitted by Sinkhorn between M and M uniform points in the unit
 * square at ε (costs on the fly), then applied to N new points from the same square; the median wall time of REPEATS
 * applications after one warm-up is printed with their mean process CPU time (on a shared machine the CPU time
 * divided by the cores is what an idle machine would take), and the fit's time and status. Usage: {@code MapTiming [N M EPS REPEATS]},
 * by default 100000 10000 0.01 5. Prints "MAP apply n m eps seconds" and "MAP fit m eps seconds iterations status".
 */
public final class MapTiming {
    private MapTiming() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        double eps = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        SplittableRandom rnd = new SplittableRandom(1);
        Matrix x = square(m, rnd, 0), y = square(m, rnd, 0.3), fresh = square(n, rnd, 0);
        long s = System.nanoTime();
        EntropicMap.Fit fit = EntropicMap.fit(x, y, Sinkhorn.withEpsilon(eps).withTolerance(1e-4).withMaxIterations(10_000));
        double fitSeconds = (System.nanoTime() - s) * 1e-9;
        System.out.printf(Locale.ROOT, "MAP fit %d %g %.3f %d %s%n", m, eps, fitSeconds, fit.result().iterations(),
                fit.result().status());
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        fit.map().apply(fresh); // warm-up
        long cpu0 = os.getProcessCpuTime();
        double t = Timer.medianSeconds(0, repeats, () -> fit.map().apply(fresh));
        double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9 / repeats;
        System.out.printf(Locale.ROOT, "MAP apply %d %d %g wall %.3f s (median), CPU %.3f s per application (mean), cores %d%n",
                n, m, eps, t, cpu, Runtime.getRuntime().availableProcessors());
    }

    /** n points uniform in [shift, 1 + shift]². */
    private static Matrix square(int n, SplittableRandom rnd, double shift) {
        double[] v = new double[2 * n];
        for (int i = 0; i < v.length; i++) v[i] = shift + rnd.nextDouble();
        return Matrix.fromRowMajor(n, 2, v);
    }
}
