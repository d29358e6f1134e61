/**
 * Gaussian mixtures: fitting, transport between them, and Wasserstein geometry on their
 * parameters. Start with {@link org.monge.gmm.GaussianMixture} and
 * {@link org.monge.gmm.ExpectationMaximization} (EM with k-means++ starts and restarts; Dempster,
 * Laird &amp; Rubin 1977). {@link org.monge.gmm.MixtureTransport} computes MW2 (Delon &amp; Desolneux
 * 2020): an exact discrete problem between the components with Bures–Wasserstein costs, solved by
 * org.monge.discrete.exact's network simplex. The information-geometry part follows Li &amp; Zhao
 * (2019) and Chen &amp; Li (2020): {@link org.monge.gmm.WassersteinInformation} (the Wasserstein
 * information matrix of a 1-D mixture), {@link org.monge.gmm.LatticeLimit} (its small-variance
 * limits), {@link org.monge.gmm.GaussianFamilyMetric} (the Gaussian family in any dimension),
 * {@link org.monge.gmm.MixtureGradientFlow} and {@link org.monge.gmm.LatticeFlow} (gradient flows on
 * the weights, integrated by {@link org.monge.gmm.AdaptiveRungeKutta}), checked against the
 * finite-volume {@link org.monge.gmm.FokkerPlanck1D} by {@link org.monge.gmm.FlowComparison};
 * {@link org.monge.gmm.ExtendedMixtureFlow} (flows of weights and means on the exact, limit or
 * second-order metric, energies in {@link org.monge.gmm.ExtendedMixtureEnergy}, integrated by the
 * linearly implicit {@link org.monge.gmm.LinearlyImplicitRosenbrock}); {@link org.monge.gmm.GridHeatFlow}
 * (the lattice heat flow on 1-D and 2-D grids against finite volumes and the exact heat equation);
 * {@link org.monge.gmm.MixtureBarycenter} (MW2 barycenters by the fixed-point method of Delon &amp;
 * Desolneux);
 * derivations in docs/gmm-information-matrix.md.
 *
 * <p>Not here: W2 between mixtures as measures (MW2 restricts couplings to mixtures and is an
 * upper bound), and information matrices or flows of mixtures in more than one dimension.
 */
package org.monge.gmm;
