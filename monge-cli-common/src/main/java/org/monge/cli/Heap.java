package org.monge.cli;

import java.util.Locale;

/**
 * The Java heap as the user sees it: refuses work whose size is known to exceed it before any time is
 * spent, and words the out-of-memory message. bin/monge passes MONGE_JAVA_OPTS to java (for
 * {@code monge spark} too), so {@code MONGE_JAVA_OPTS=-Xmx16g} raises the limit.
 */
public final class Heap {
    /** The most entries one Java array can hold. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Heap() {}

    /**
     * Refuses, naming the option, when {@code entries} doubles in one array exceed what Java allows or
     * {@code bytes} exceed the heap that is still free (after a collection, if needed).
     */
    public static void require(String option, String what, long entries, long bytes) {
        if (entries > MAX_ARRAY) {
            throw new IllegalArgumentException(option + ": " + what + " has " + entries + " entries, more than one Java array holds ("
                    + MAX_ARRAY + ")");
        }
        if (bytes <= free()) return;
        System.gc();
        long free = free();
        if (bytes > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: %s needs %d bytes (%s) but only %s of the Java heap (maximum %s) is free; %s",
                    option, what, bytes, size(bytes), size(free), size(Runtime.getRuntime().maxMemory()), RAISE));
        }
    }

    /** The one line printed when the heap ran out anyway. */
    public static String outOfMemoryMessage() {
        return "monge: error: out of memory: the Java heap (maximum " + size(Runtime.getRuntime().maxMemory())
                + ") is too small for this input; " + RAISE;
    }

    private static final String RAISE = "raise the limit with MONGE_JAVA_OPTS=-Xmx<size> (e.g. MONGE_JAVA_OPTS=-Xmx16g bin/monge ...)";

    private static long free() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
