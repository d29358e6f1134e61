/**
 * Exact discrete optimal transport: the Kantorovich linear program and the problems that reduce
 * to it or to its one-dimensional case, solved to optimality (up to rounding) and certified.
 *
 * <p>Where to start: {@link org.monge.discrete.exact.NetworkSimplex} (the balanced Kantorovich LP
 * by the primal network simplex; Kelly &amp; O'Neill 1991, Kovács 2015), whose result comes with an
 * {@link org.monge.discrete.exact.OptimalityCertificate} (LP duality: marginal error, dual
 * feasibility, complementary slackness, duality gap); for point clouds of 10^4 to 10^5 points and more,
 * {@link org.monge.discrete.exact.MultiscaleNetworkSimplex} solves the same problem on a sparse set of
 * pairs refined from coarse clusters and certifies it against every pair (Schmitzer 2016). Then
 * {@link org.monge.discrete.exact.ExactWasserstein} (W_p between point clouds on top of it),
 * {@link org.monge.discrete.exact.LinearAssignment}
 * (Jonker &amp; Volgenant 1987, with duals), {@link org.monge.discrete.exact.OneDimensional} (the
 * quantile coupling on the line, sorted by {@link org.monge.discrete.exact.RadixSort}) and
 * {@link org.monge.discrete.exact.StableMatching} (Gale &amp; Shapley 1962). Built on these:
 * {@link org.monge.discrete.exact.DisplacementInterpolation} (McCann 1997),
 * {@link org.monge.discrete.exact.FreeSupportBarycenter} (Cuturi &amp; Doucet 2014, Algorithm 2),
 * {@link org.monge.discrete.exact.SlicedWasserstein} (1-D problems on random projections; no
 * regularisation, so it belongs here), {@link org.monge.discrete.exact.KMeans} (the W2 projection
 * onto k atoms, whose nearest-centre plan is an exact optimal plan) and
 * {@link org.monge.discrete.exact.CyclicalMonotonicity} (an independent optimality test of a plan's
 * support). Gradients of exact values with respect to points and weights, read off one solution:
 * {@link org.monge.discrete.exact.ExactGradient} (network simplex),
 * {@link org.monge.discrete.exact.OneDimensionalGradient} and {@code SlicedWasserstein.valueAndGradient}.
 *
 * <p>Not here: entropic regularisation (org.monge.discrete.entropic), unbalanced transport
 * (the solvers require equal total masses and say so), and approximate LP solvers: a result that
 * is not provably optimal is reported by its status, never returned as a number.
 */
package org.monge.discrete.exact;
