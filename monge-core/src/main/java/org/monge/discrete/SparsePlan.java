package org.monge.discrete;

import java.util.Arrays;

/**
 * A transport plan π between m sources and n targets stored as its non-zero entries
 * (source index, target index, mass). Exact solvers return basic plans with at most m + n − 1
 * entries; dense plans (e.g. from entropic solvers) convert with {@link #fromDense}. The record shares its
 * arrays with whoever built it (see the package comment).
 */
public record SparsePlan(int rows, int cols, int[] sources, int[] targets, double[] masses) implements TransportPlan {

    public SparsePlan {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("plan shape must be non-negative, got " + rows + "x" + cols);
        if (sources.length != targets.length || sources.length != masses.length) {
            throw new IllegalArgumentException("plan arrays differ in length: "
                    + sources.length + ", " + targets.length + ", " + masses.length);
        }
        for (int k = 0; k < sources.length; k++) {
            if (sources[k] < 0 || sources[k] >= rows || targets[k] < 0 || targets[k] >= cols) {
                throw new IllegalArgumentException("plan entry " + k + " at (" + sources[k] + ", " + targets[k] + ") is outside "
                        + rows + "x" + cols);
            }
            if (!Double.isFinite(masses[k])) throw new IllegalArgumentException("plan entry " + k + " has a non-finite mass " + masses[k]);
        }
    }

    /** The non-zero entries of a dense row-major m×n plan. */
    public static SparsePlan fromDense(int rows, int cols, double[] rowMajor) {
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("plan has " + rowMajor.length + " entries, expected " + rows + "x" + cols);
        }
        int nz = 0;
        for (double v : rowMajor) if (v != 0) nz++;
        int[] s = new int[nz], t = new int[nz];
        double[] w = new double[nz];
        for (int k = 0, p = 0; k < rowMajor.length; k++) {
            if (rowMajor[k] != 0) {
                s[p] = k / cols;
                t[p] = k % cols;
                w[p++] = rowMajor[k];
            }
        }
        return new SparsePlan(rows, cols, s, t, w);
    }

    public int nonzeros() { return masses.length; }

    /** The stored entries of non-zero mass, in storage order. */
    @Override
    public void forEachNonZero(Entry action) {
        for (int k = 0; k < masses.length; k++) if (masses[k] != 0) action.accept(sources[k], targets[k], masses[k]);
    }

    /** Σ_j π_ij for each i. */
    @Override
    public double[] rowSums() {
        double[] r = new double[rows];
        for (int k = 0; k < masses.length; k++) r[sources[k]] += masses[k];
        return r;
    }

    /** Σ_i π_ij for each j. */
    @Override
    public double[] colSums() {
        double[] r = new double[cols];
        for (int k = 0; k < masses.length; k++) r[targets[k]] += masses[k];
        return r;
    }

    /** Total mass Σ π_ij. */
    public double totalMass() {
        double s = 0;
        for (double v : masses) s += v;
        return s;
    }

    /** Σ π_ij c_ij. */
    @Override
    public double cost(CostMatrix c) {
        Checks.planShape(this, c);
        double s = 0;
        for (int k = 0; k < masses.length; k++) if (masses[k] != 0) s += masses[k] * c.get(sources[k], targets[k]);
        return s;
    }

    /** The plan as a dense row-major m×n array. */
    @Override
    public double[] toDense() {
        double[] d = new double[rows * cols];
        for (int k = 0; k < masses.length; k++) d[sources[k] * cols + targets[k]] += masses[k];
        return d;
    }

    @Override
    public String toString() {
        return "SparsePlan[" + rows + "x" + cols + ", " + masses.length + " non-zeros, mass " + totalMass() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparsePlan p && p.rows == rows && p.cols == cols && Arrays.equals(p.sources, sources)
                && Arrays.equals(p.targets, targets) && Arrays.equals(p.masses, masses);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sources) + Arrays.hashCode(targets)) + Arrays.hashCode(masses);
    }
}
