package org.monge.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Wall-clock timing for the side-by-side comparisons: warm-up runs, then the median of repeated
 * runs (machines are noisy; medians and ratios are what we quote). JMH classes in this module
 * give the finer-grained numbers.
 */
public final class Timer {
    private Timer() {}

    /** Median seconds of {@code repeats} runs after {@code warmups} unmeasured runs. */
    public static double medianSeconds(int warmups, int repeats, Callable<?> work) throws Exception {
        for (int i = 0; i < warmups; i++) seconds(work);
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) t[i] = seconds(work);
        return median(t);
    }

    /** Seconds of one run of {@code work} (its result is kept alive so the JIT cannot drop the work). */
    public static double seconds(Callable<?> work) throws Exception {
        long s = System.nanoTime();
        Object sink = work.call();
        double t = (System.nanoTime() - s) * 1e-9;
        if (sink == null) System.err.print("");
        return t;
    }

    /** The median of {@code t} (not modified). */
    public static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    /** Prints one result line that the side-by-side scripts parse: "RESULT name seconds value". */
    public static void report(String name, double seconds, double value) {
        System.out.printf(Locale.ROOT, "RESULT %s %.9g %.17g%n", name, seconds, value);
    }
}
