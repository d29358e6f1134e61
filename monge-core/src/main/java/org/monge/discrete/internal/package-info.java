/**
 * Hooks between the discrete packages, not part of Monge's API: {@link
 * org.monge.discrete.internal.CostViews} hands the solvers of org.monge.discrete.exact and
 * org.monge.discrete.entropic a CostMatrix's arrays without a copy. CostMatrix registers the
 * accessors in its static initialiser, so its storage stays package-private rather than public.
 * {@link org.monge.discrete.internal.AndersonAcceleration} is the Anderson extrapolation shared by
 * Sinkhorn (on its potentials) and the on-the-fly entropic GW iteration (on its moments).
 * Nothing here is stable; users should never call it, and nothing may write to what it returns.
 */
package org.monge.discrete.internal;
