package org.monge.discrete;

import org.monge.linalg.Matrix;

/**
 * An optimal-transport value and its gradient with respect to the inputs, as every
 * {@code valueAndGradient} method returns it: {@code x} (n×d, row i is ∂V/∂x_i) and {@code a} (∂V/∂a_i)
 * for the source points and weights, {@code y} and {@code b} for the target side. A field is null
 * where that input was not given in that form (weights only, with a dense cost: no points).
 *
 * <p>Weights of a balanced problem live on a simplex (equal total masses), where only directions v with
 * Σ v_i = 0 are allowed: for those the weight gradient is the one on the simplex tangent, the potential
 * minus its arithmetic mean ({@link #tangent}), so that ⟨a, v⟩ is the directional derivative along v
 * and the potentials' free additive constant drops out. Unbalanced values take any positive weights and
 * their weight gradients are the full ones. Each class that computes one says where it is a gradient and
 * where only a sub- or supergradient (exact OT, whose plan or potentials need not be unique).
 */
public record ValueAndGradient(double value, Matrix x, double[] a, Matrix y, double[] b) {

    /** v − mean(v): the projection of v onto the tangent {w : Σ w_i = 0} of the simplex (a new array). */
    public static double[] tangent(double[] v) {
        double s = 0;
        for (double t : v) s += t;
        double mean = s / v.length;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] - mean;
        return out;
    }
}
