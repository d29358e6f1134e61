package org.monge.gaussian;

import org.monge.linalg.Matrix;

/**
 * W2²(N0, N1) with its gradients with respect to both means and both covariances.
 * Covariance gradients are with respect to the trace inner product on symmetric matrices.
 */
public record GaussianGradient(double w2Squared, double[] mean0, Matrix covariance0, double[] mean1, Matrix covariance1) {}
