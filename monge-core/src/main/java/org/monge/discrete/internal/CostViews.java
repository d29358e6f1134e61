package org.monge.discrete.internal;

import org.monge.discrete.CostMatrix;

import java.util.function.Function;

/**
 * Read-only views of a {@link CostMatrix}'s storage for the solvers of org.monge.discrete.exact and
 * org.monge.discrete.entropic, which live outside CostMatrix's package. CostMatrix registers the
 * accessors in its static initialiser, so its arrays are shared without a copy and without
 * becoming public API. Not for users: the package is internal and callers must not modify what
 * these methods return.
 */
public final class CostViews {
    private record Views(Function<CostMatrix, double[]> rowMajor, Function<CostMatrix.FromPoints, double[][]> sources,
                         Function<CostMatrix.FromPoints, double[][]> targets) {}

    private static volatile Views views;

    private CostViews() {}

    /** Called once, by CostMatrix's static initialiser. */
    public static synchronized void register(Function<CostMatrix, double[]> rowMajor, Function<CostMatrix.FromPoints, double[][]> sources,
                                             Function<CostMatrix.FromPoints, double[][]> targets) {
        if (views != null) throw new IllegalStateException("the cost views are registered already");
        views = new Views(rowMajor, sources, targets);
    }

    /** The row-major entries, without a copy for dense storage (a fresh array for point clouds). */
    public static double[] rowMajor(CostMatrix c) { return views.rowMajor().apply(c); }

    /** The source points, one a row, without a copy. */
    public static double[][] sourcePoints(CostMatrix.FromPoints c) { return views.sources().apply(c); }

    /** The target points, one a row, without a copy. */
    public static double[][] targetPoints(CostMatrix.FromPoints c) { return views.targets().apply(c); }
}
