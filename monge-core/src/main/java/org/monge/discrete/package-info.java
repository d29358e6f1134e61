/**
 * The shared vocabulary of discrete optimal transport: {@link org.monge.discrete.DiscreteMeasure}
 * (weights Σ a_i δ_{x_i}, optionally with support points), {@link org.monge.discrete.CostMatrix}
 * (dense, or computed on the fly from two point clouds), {@link org.monge.discrete.Metric} (the
 * ground cost between two points) and {@link org.monge.discrete.SparsePlan} (a plan as its
 * non-zero entries). Start with DiscreteMeasure and CostMatrix: every solver of the families
 * below takes them.
 *
 * <p>The solvers live in sibling packages, one per family: {@code org.monge.discrete.exact}
 * (linear-programming exact OT and what builds on it) and {@code org.monge.discrete.entropic}
 * (Sinkhorn and what builds on it); a new family (unbalanced, Gromov–Wasserstein) becomes another
 * sibling that takes these same types (docs/architecture.md). Formulations follow Peyré &amp;
 * Cuturi, "Computational Optimal Transport" (2019), Ch. 2.
 *
 * <p>This package solves nothing and depends on no solver package. The solvers read CostMatrix's
 * storage without a copy through {@code org.monge.discrete.internal}, not through public methods.
 */
package org.monge.discrete;
