package org.monge.discrete.entropic;

import org.monge.linalg.Matrix;

/**
 * The reference measure R of entropic OT, min ⟨π, C⟩ + ε KL(π ‖ R) over couplings of a and b,
 * with the generalised KL(π ‖ R) = Σ π_ij log(π_ij / R_ij) − Σ π_ij + Σ R_ij. The classic choice
 * is the product a⊗b; any positive R may be given instead, as log R_ij (a matrix) or as a
 * function (x_i, y_j) ↦ log r(x_i, y_j) of the two support points (then the costs must come from
 * point clouds). R need not be a product and need not have marginals a, b.
 */
public sealed interface ReferenceMeasure {

    /** log r(x, y) for a source point x and a target point y; −∞ forbids the pair. */
    @FunctionalInterface
    interface LogDensity {
        double logR(double[] x, double[] y);
    }

    /** R = a⊗b (the default). */
    static ReferenceMeasure product() { return Product.INSTANCE; }

    /** R given by its logarithm, entry by entry (NaN and +∞ are rejected). */
    static ReferenceMeasure logMatrix(Matrix logR) {
        double[] d = logR.toRowMajor();
        for (int k = 0; k < d.length; k++) {
            if (Double.isNaN(d[k]) || d[k] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logR has an invalid entry at ("
                        + k / logR.cols() + ", " + k % logR.cols() + "): " + d[k]);
            }
        }
        return new LogMatrix(logR.rows(), logR.cols(), d);
    }

    /** R given as a function of the two points (evaluated on the fly, memory O(n + m)). */
    static ReferenceMeasure logDensity(LogDensity f) {
        if (f == null) throw new IllegalArgumentException("logDensity must not be null");
        return new Function(f);
    }

    /** The product reference a⊗b. */
    enum Product implements ReferenceMeasure { INSTANCE }

    /** A reference stored as log R, row-major. */
    record LogMatrix(int rows, int cols, double[] logR) implements ReferenceMeasure {}

    /** A reference given as a function of the points. */
    record Function(LogDensity density) implements ReferenceMeasure {}
}
