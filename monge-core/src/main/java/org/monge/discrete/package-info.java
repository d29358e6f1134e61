/**
 * The shared vocabulary of discrete optimal transport: {@link org.monge.discrete.DiscreteMeasure}
 * (weights Σ a_i δ_{x_i}, optionally with support points), {@link org.monge.discrete.CostMatrix}
 * (dense, or computed on the fly from two point clouds), {@link org.monge.discrete.Metric} (the
 * ground cost between two points), {@link org.monge.discrete.TransportProblem} (a, b and a cost,
 * validated once), {@link org.monge.discrete.TransportPlan} (any solver's plan: the sparse
 * {@link org.monge.discrete.SparsePlan} of the exact solvers or the lazy plan of the entropic ones)
 * and {@link org.monge.discrete.Checks} (the argument checks every solver uses, one wording each);
 * {@link org.monge.discrete.ValueAndGradient} (a value with its gradients in the points and weights, the
 * result of every {@code valueAndGradient}) and {@link org.monge.discrete.CostGradient} (∇_x c of the named costs).
 * Start with DiscreteMeasure, CostMatrix and TransportProblem: every solver of the families below
 * takes them.
 *
 * <p>The solvers live in sibling packages, one per family: {@code org.monge.discrete.exact}
 * (linear-programming exact OT and what builds on it) and {@code org.monge.discrete.entropic}
 * (Sinkhorn and what builds on it); a new family (unbalanced, Gromov–Wasserstein) becomes another
 * sibling that takes these same types (docs/architecture.md). Formulations follow Peyré &amp;
 * Cuturi, "Computational Optimal Transport" (2019), Ch. 2.
 *
 * <p>Conventions every discrete solver follows:
 * <ul>
 * <li><b>Arguments.</b> A solver accepts a {@code TransportProblem} ({@code solve(problem)}); the
 *   older {@code solve(a, b, c)} forms build one and delegate. Solvers that need equal masses call
 *   {@link org.monge.discrete.TransportProblem#requireBalanced}. Every other check goes through
 *   {@code Checks}, so one mistake has one message wherever it is made. Solvers that work on the
 *   points rather than the costs (1-D, sliced, the Sinkhorn divergence) take a problem whose cost is
 *   computed from points ({@link org.monge.discrete.TransportProblem#pointCost}); the assignment takes
 *   one with uniform weights.</li>
 * <li><b>Results</b> are records nested in the solver, {@code X.Result}. Dual potentials are called
 *   f (sources, rows) and g (targets, columns) in every result.</li>
 * <li><b>Convergence.</b> An iterative solver's result has {@code status()}, a nested enum
 *   {@code X.Status} whose {@code converged()} says whether the stopping rule was met (OPTIMAL for
 *   the network simplex, CONVERGED elsewhere), and {@code converged()} on the result as a shortcut.
 *   Non-convergence is reported there, never thrown and never hidden.</li>
 * <li><b>Arrays.</b> Value types ({@code DiscreteMeasure}, {@code CostMatrix}) copy arrays in and
 *   out and never change. Result records and {@code SparsePlan} share their arrays: a solver fills
 *   fresh arrays for each result and never touches them again, so the accessor returns that array
 *   itself (no copy) and the caller owns it.</li>
 * </ul>
 *
 * <p>This package solves nothing and depends on no solver package. The solvers read CostMatrix's
 * storage without a copy through {@code org.monge.discrete.internal}, not through public methods.
 */
package org.monge.discrete;
