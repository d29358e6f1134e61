package org.monge.linalg;

/**
 * Per-thread scratch arrays for the small-matrix hot paths (W2 between many small Gaussians), so
 * that a call allocates nothing but its result: on a virtual machine whose fresh heap pages fault
 * in slowly, allocating the temporaries made W2 at d = 16 three times slower (42 µs against 14 µs
 * a pair, measured in docs/benchmarks.md). Arrays only grow; each method that takes them uses them
 * for the length of one call. Owners: slots 0–3 {@link Congruence#traceSqrt}; slots 4–5 and the
 * rows {@link SmallSymmetric}'s eigenvalues, which traceSqrt calls (so the two sets never overlap).
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private final double[][] slots = new double[6][0];
    private double[][] rows = new double[0][0];

    private Workspace() {}

    static Workspace get() {
        return LOCAL.get();
    }

    /** Scratch array number {@code slot} (0–5) with at least {@code size} entries (contents undefined). */
    double[] slot(int slot, int size) {
        double[] a = slots[slot];
        if (a.length < size) {
            a = new double[size];
            slots[slot] = a;
        }
        return a;
    }

    /** At least n scratch rows of at least n entries each (contents undefined). */
    double[][] rows(int n) {
        if (rows.length < n || (n > 0 && rows[0].length < n)) {
            rows = new double[n][n];
        }
        return rows;
    }
}
