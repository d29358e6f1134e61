package org.monge.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * OneDimensional of two or more builds side by side in one JVM, for checking that a change costs no time: each jar
 * (a benchmarks.jar, e.g. one built from `git archive main` and one from a branch) in its own class loader, the calls
 * of the builds alternating within every round and their order reversed every other round (A B, B A, ...), so that
 * the load of a shared machine falls on all of them alike. Times are this thread's CPU time (the work is
 * single-threaded; other processes' load does not stretch it as it stretches wall time). Cases: compare (W1, W2 and
 * five quantiles) of 10^6 against 9·10^5 and 10^6 points, uniform and weighted, and value (W_2) weighted at 10^5 and
 * uniform at 10^6. Prints per case the median of each build and its ratio to the first, and says where a build's
 * results differ from the first's in any bit.
 *
 * <p>Usage: OneDimensionalJarTiming ROUNDS BASE.jar OTHER.jar [MORE.jar ...]
 */
public final class OneDimensionalJarTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @FunctionalInterface
    private interface Work {
        Object run() throws Throwable;
    }

    private OneDimensionalJarTiming() {}

    public static void main(String[] args) throws Throwable {
        int rounds = Integer.parseInt(args[0]), builds = args.length - 1;
        MethodHandle[] compare = new MethodHandle[builds], value = new MethodHandle[builds];
        for (int k = 0; k < builds; k++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[k + 1]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> c = Class.forName("org.monge.discrete.exact.OneDimensional", true, loader);
            Class<?> comparison = Class.forName("org.monge.discrete.exact.OneDimensional$Comparison", true, loader);
            Class<?> result = Class.forName("org.monge.discrete.exact.OneDimensional$Value", true, loader);
            MethodType arrays = MethodType.methodType(comparison, double[].class, double[].class, double[].class, double[].class,
                    double[].class);
            compare[k] = MethodHandles.publicLookup().findStatic(c, "compare", arrays);
            value[k] = MethodHandles.publicLookup().findStatic(c, "value",
                    MethodType.methodType(result, double[].class, double[].class, double[].class, double[].class, double.class));
        }
        double[] levels = {0.05, 0.25, 0.5, 0.75, 0.95};
        Random r = new Random(3);
        double[] u = gaussian(r, 1_000_000, 0, 1), v9 = gaussian(r, 900_000, 0.2, 1.1), v10 = gaussian(r, 1_000_000, 0.2, 1.1);
        double[] uw = weights(r, u.length), v9w = weights(r, v9.length);
        double[] su = uniform(r, 100_000), sv = uniform(r, 100_000), suw = weights(r, su.length), svw = weights(r, sv.length);
        String[] names = {"compare uniform 1e6 x 9e5", "compare uniform 1e6 x 1e6", "compare weighted 1e6 x 9e5",
            "value p=2 weighted 1e5 x 1e5", "value p=2 uniform 1e6 x 9e5"};
        for (int c = 0; c < names.length; c++) {
            Work[] w = new Work[builds];
            for (int k = 0; k < builds; k++) {
                MethodHandle cm = compare[k], vm = value[k];
                w[k] = switch (c) {
                    case 0 -> () -> cm.invoke(u, null, v9, null, levels);
                    case 1 -> () -> cm.invoke(u, null, v10, null, levels);
                    case 2 -> () -> cm.invoke(u, uw, v9, v9w, levels);
                    case 3 -> () -> vm.invoke(su, suw, sv, svw, 2.0);
                    default -> () -> vm.invoke(u, null, v9, null, 2.0);
                };
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s", names[c]));
            for (int k = 1; k < builds; k++) if (!sameBits(w[0].run(), w[k].run())) line.append(" build ").append(k).append(" DIFFERS;");
            for (int i = 0; i < 5; i++) for (Work x : w) cpuSeconds(x);
            double[][] t = new double[builds][rounds];
            for (int i = 0; i < rounds; i++) {
                for (int k = 0; k < builds; k++) {
                    int q = i % 2 == 0 ? k : builds - 1 - k;
                    t[q][i] = cpuSeconds(w[q]);
                }
            }
            double base = Timer.median(t[0]);
            line.append(String.format(Locale.ROOT, " base %.4f s", base));
            for (int k = 1; k < builds; k++) {
                double m = Timer.median(t[k]);
                line.append(String.format(Locale.ROOT, "  build %d %.4f s (x%.3f)", k, m, m / base));
            }
            System.out.println(line + "  [medians of " + rounds + ", thread CPU time]");
        }
    }

    /** Records compared component by component: doubles by their bits, double arrays entry by entry. */
    private static boolean sameBits(Object a, Object b) throws Exception {
        if (a.getClass().isRecord()) {
            RecordComponent[] ca = a.getClass().getRecordComponents(), cb = b.getClass().getRecordComponents();
            for (int i = 0; i < ca.length; i++) {
                if (!sameBits(ca[i].getAccessor().invoke(a), cb[i].getAccessor().invoke(b))) return false;
            }
            return true;
        }
        if (a instanceof double[] x) return Arrays.equals(x, (double[]) b);
        if (a instanceof Double x) return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits((Double) b);
        return a.equals(b);
    }

    private static double cpuSeconds(Work w) throws Throwable {
        long s = THREADS.getCurrentThreadCpuTime();
        Object o = w.run();
        double t = (THREADS.getCurrentThreadCpuTime() - s) * 1e-9;
        if (o == null) System.err.print("");
        return t;
    }

    private static double[] gaussian(Random r, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = mean + sd * r.nextGaussian();
        return x;
    }

    private static double[] uniform(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble();
        return x;
    }

    /** n positive weights, 0.5 + U[0, 1) each, normalised to total 1. */
    private static double[] weights(Random r, int n) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 0.5 + r.nextDouble();
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }
}
