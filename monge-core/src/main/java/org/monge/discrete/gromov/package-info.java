/**
 * Gromov–Wasserstein (GW) transport between measures that live on different spaces, each known
 * only through its matrix of intra-space dissimilarities: GW compares the two matrices, not points
 * across spaces (Mémoli 2011; Peyré, Cuturi &amp; Solomon 2016).
 *
 * <p>Where to start: {@link org.monge.discrete.gromov.GromovWasserstein}, the square-loss GW
 * discrepancy by the conditional-gradient (Frank–Wolfe) method whose linearised problems are
 * solved exactly by {@code org.monge.discrete.exact.NetworkSimplex}; and
 * {@link org.monge.discrete.gromov.EntropicGromovWasserstein}, its entropic regularisation by mirror
 * descent, each step an entropic transport problem solved by {@code org.monge.discrete.entropic.Sinkhorn}. Both take
 * the square or the KL loss ({@link org.monge.discrete.gromov.GromovLoss}) and a feature cost for fused GW; graphs
 * enter through {@link org.monge.discrete.gromov.ShortestPaths}.
 *
 * <p>GW is a quadratic program that is <b>not convex</b>: the solver returns a stationary point
 * (its Frank–Wolfe gap, reported in the result, is the certificate of stationarity), which
 * depends on the starting plan and need not be the global minimum. The result follows the
 * conventions of {@code org.monge.discrete} (a nested {@code Result} record, a {@code Status}
 * with {@code converged()}, argument checks through {@code Checks}).
 */
package org.monge.discrete.gromov;
