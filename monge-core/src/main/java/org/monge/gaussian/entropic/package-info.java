/**
 * Entropic optimal transport between Gaussians with a Gaussian reference coupling, in closed form:
 * OT_{ε,K} = min_π E_π |X − Y|² + 2ε KL(π ‖ N((m0, m1), K)). Start with
 * {@link org.monge.gaussian.entropic.EntropicGaussian} (the optimal plan, cost, dual potentials and
 * an optimality residual in {@link org.monge.gaussian.entropic.EntropicGaussianResult}); for the
 * product reference it is the closed form of Janati, Muzellec, Peyré &amp; Cuturi (2020) and
 * Mallasto, Gerolin &amp; Minh (2022). The reference is a {@link org.monge.gaussian.entropic.ReferenceCoupling}:
 * the product of the marginals, the marginals with a correlation, or any positive-definite K; its
 * {@code onSamples} turns it into the discrete ReferenceMeasure of org.monge.discrete.entropic, so
 * Sinkhorn on samples can be checked against the closed form. Also: the 1-D form
 * ({@link org.monge.gaussian.entropic.EntropicGaussian1D}), the Sinkhorn divergence
 * ({@link org.monge.gaussian.entropic.EntropicSinkhornDivergence}; Genevay, Peyré &amp; Cuturi 2018)
 * and a search for the reference correlation of least bias
 * ({@link org.monge.gaussian.entropic.ReferenceCorrelationSearch}). The unbalanced problem between
 * unnormalised Gaussians, with KL-relaxed marginals, whose plan is an unnormalised Gaussian, is
 * {@link org.monge.gaussian.entropic.UnbalancedEntropicGaussian} (Janati et al. 2020, Theorem 3).
 *
 * <p>Not here: iterative solvers (the closed forms need none) and non-Gaussian references.
 */
package org.monge.gaussian.entropic;
