package org.monge.gmm;

/**
 * Which parameters of a 1-D mixture Σ p_k N(μ_k, σ_k²) span the tangent space, in the order
 * they appear in information matrices and gradients.
 *
 * <p>Weights are always first, as N − 1 coordinates of the simplex: {@link WeightCoordinates}
 * says which. Then the N means (for {@link #WEIGHTS_AND_MEANS} and {@link #ALL}), then the N
 * standard deviations (for {@link #ALL}).
 */
public enum MixtureParameters {
    WEIGHTS, WEIGHTS_AND_MEANS, ALL;

    /** Number of parameters for a mixture of n components. */
    public int count(int n) {
        return switch (this) {
            case WEIGHTS -> n - 1;
            case WEIGHTS_AND_MEANS -> 2 * n - 1;
            case ALL -> 3 * n - 1;
        };
    }

    /** Coordinates of the weight simplex. */
    public enum WeightCoordinates {
        /** θ_i = p_{i+1} + … + p_N, i = 1 … N−1 (so ∂_θi F = F_{i+1} − F_i): the lattice coordinates. */
        UPPER_TAIL_SUMS,
        /** p_1 … p_{N−1}, with p_N = 1 − Σ (so ∂_{p_i} F = F_i − F_N). */
        FREE_WEIGHTS;

        /**
         * The (N−1)×(N−1) Jacobian J with ∂_{this, i} = Σ_j J_ij ∂_{θ_j}: the identity for θ, and
         * J_ij = −1 for j ≥ i for free weights (F_i − F_N = −Σ_{j ≥ i} (F_{j+1} − F_j)).
         */
        double[][] fromUpperTailSums(int n) {
            double[][] j = new double[n - 1][n - 1];
            for (int i = 0; i < n - 1; i++) {
                if (this == UPPER_TAIL_SUMS) j[i][i] = 1;
                else for (int c = i; c < n - 1; c++) j[i][c] = -1;
            }
            return j;
        }
    }
}
