/**
 * Optimal transport between Gaussian measures in closed form. Start with
 * {@link org.monge.gaussian.Gaussian} (validated N(m, S), its factorisations cached) and
 * {@link org.monge.gaussian.BuresWasserstein} (W2² = |m0 − m1|² + tr S0 + tr S1 − 2 tr (S0^½ S1 S0^½)^½;
 * Dowson &amp; Landau 1982, Givens &amp; Shortt 1984, computed from symmetric eigenvalues only). Around
 * it: the {@link org.monge.gaussian.BrenierMap} (Knott &amp; Smith 1984) and the
 * {@link org.monge.gaussian.KnotheRosenblattMap}, {@link org.monge.gaussian.McCannInterpolation}
 * (McCann 1997), exact gradients ({@link org.monge.gaussian.BuresGradient}), the barycenter
 * fixed point ({@link org.monge.gaussian.GaussianBarycenter}; Álvarez-Esteban et al. 2016), and FID
 * ({@link org.monge.gaussian.Fid}; Heusel et al. 2017) from {@link org.monge.gaussian.FeatureStatistics}
 * computed in one streamed pass ({@link org.monge.gaussian.StreamingStatistics},
 * {@link org.monge.gaussian.MomentAccumulator}; Chan, Golub &amp; LeVeque).
 *
 * <p>Gromov–Wasserstein between Gaussians of possibly different dimensions, in closed form with its map:
 * {@link org.monge.gaussian.GaussianGromovWasserstein}.
 *
 * <p>Entropic OT between Gaussians is the sub-package org.monge.gaussian.entropic. Not here:
 * samples or non-Gaussian measures (org.monge.discrete), and any general matrix square root of
 * the non-symmetric product S0 S1.
 */
package org.monge.gaussian;
