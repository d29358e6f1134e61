package org.monge.discrete;

/**
 * A transport plan π between m sources and n targets, whatever its storage: the sparse basic plan
 * of an exact solver ({@link SparsePlan}) or the lazily computed plan of an entropic solver. Code
 * that only reads a plan (marginals, certificates, costs) takes this type.
 */
public interface TransportPlan {

    /** Receives one entry (i, j, π_ij) of a plan. */
    @FunctionalInterface
    interface Entry {
        void accept(int i, int j, double mass);
    }

    /** Number of sources m. */
    int rows();

    /** Number of targets n. */
    int cols();

    /** Σ_j π_ij for each i. */
    double[] rowSums();

    /** Σ_i π_ij for each j. */
    double[] colSums();

    /** The plan as a dense row-major m×n array (a new array). */
    double[] toDense();

    /** Calls action for every entry with π_ij ≠ 0, in an order fixed by the plan. */
    void forEachNonZero(Entry action);

    /** Σ π_ij c_ij over the non-zero entries. */
    default double cost(CostMatrix c) {
        Checks.planShape(this, c);
        double[] s = {0};
        forEachNonZero((i, j, mass) -> s[0] += mass * c.get(i, j));
        return s[0];
    }
}
