/**
 * Unbalanced optimal transport: the marginal constraints of OT relaxed by divergence penalties, so
 * that mass may be created or destroyed and measures of unequal total mass can be compared.
 *
 * <p>Where to start: {@link org.monge.discrete.unbalanced.UnbalancedSinkhorn}, entropic OT with
 * KL-relaxed marginals, min ⟨π, C⟩ + ε KL(π ‖ a⊗b) + τ_a KL(π1 ‖ a) + τ_b KL(πᵀ1 ‖ b), by the
 * scaling iterations of Chizat, Peyré, Schmitzer &amp; Vialard, "Scaling algorithms for unbalanced
 * optimal transport problems" (Math. Comp. 2018) in the log domain of Séjourné, Feydy, Vialard,
 * Trouvé &amp; Peyré, "Sinkhorn divergences for unbalanced optimal transport" (2019). A penalty
 * τ = +∞ makes that side an exact constraint (semi-unbalanced; both +∞ is balanced Sinkhorn).
 * Either side may instead take a total-variation penalty ρ Σ|π1 − a| ({@link org.monge.discrete.unbalanced.MarginalPenalty}):
 * mass created or destroyed at the price ρ, the balanced update clamped to [−ρ, ρ].
 *
 * <p>{@link org.monge.discrete.unbalanced.UnbalancedSinkhornDivergence} debiases it:
 * OT(α, β) − ½ OT(α, α) − ½ OT(β, β) + (ε/2)(m(α) − m(β))², non-negative and zero only at α = β
 * (Séjourné et al. 2019).
 *
 * <p>{@link org.monge.discrete.unbalanced.PartialTransport} moves a prescribed mass m ≤ min(Σa, Σb)
 * exactly and at least cost, by the network simplex on a problem with one dummy point a side
 * (Chapel, Alaya &amp; Gasso 2020), with duals and the optimality certificate;
 * {@link org.monge.discrete.unbalanced.EntropicPartialTransport} solves its entropic counterpart by the
 * iterated Bregman projections of Benamou, Carlier, Cuturi, Nenna &amp; Peyré (2015), POT's
 * {@code entropic_partial_wasserstein}, in the log domain.
 *
 * <p>{@link org.monge.discrete.unbalanced.MajorizationMinimization} solves the non-entropic problem
 * min ⟨π, C⟩ + τ D(π1, a) + τ D(πᵀ1, b), D the generalised KL or ½‖·‖², by the multiplicative
 * updates of Chapel, Flamary, Wu, Févotte &amp; Gasso (NeurIPS 2021), POT's {@code mm_unbalanced}.
 *
 * <p>{@link org.monge.discrete.unbalanced.UnbalancedBarycenter} is the barycenter of histograms of any masses
 * on a fixed support with KL-relaxed marginals (Chizat et al. 2018), POT's {@code barycenter_unbalanced}, or with
 * total-variation penalties (the clamped updates, one block of potentials a support point).
 *
 * <p>It takes the shared types of org.monge.discrete ({@code TransportProblem}, whose masses need not
 * agree here) and follows that package's conventions (nested {@code Result}, potentials f and g, a
 * {@code Status} with {@code converged()}). UnbalancedSinkhorn runs on the kernels of
 * org.monge.discrete.entropic (through its KernelRows): a dense stabilised kernel, or costs computed on
 * the fly for large point clouds with ε-scaling, the multiscale start and Anderson acceleration. Not yet here: range
 * constraints; the other solvers of this package still materialise costs from points as a dense matrix.
 */
package org.monge.discrete.unbalanced;
