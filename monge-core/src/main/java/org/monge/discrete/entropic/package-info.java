/**
 * Entropic optimal transport, min ⟨π, C⟩ + ε KL(π ‖ R) over couplings π of a and b, and what is
 * built on it.
 *
 * <p>Where to start: {@link org.monge.discrete.entropic.Sinkhorn} (Sinkhorn 1967; Cuturi 2013;
 * log-stabilised with ε-scaling after Schmitzer 2019; costs on the fly from point clouds with a
 * multiscale warm start after Feydy 2020). Its result holds the potentials and an
 * {@link org.monge.discrete.entropic.EntropicPlan} computed from them row by row. The reference
 * measure R is a⊗b by default or any {@link org.monge.discrete.entropic.ReferenceMeasure} (a log
 * matrix or a log density of the two points). Built on Sinkhorn:
 * {@link org.monge.discrete.entropic.SinkhornDivergence} (the debiased S_ε; Ramdas, García Trillos
 * &amp; Cuturi 2017, Feydy et al. 2019). On the same kernels:
 * {@link org.monge.discrete.entropic.EntropicBarycenter} (fixed-support barycenters by iterative
 * Bregman projections; Benamou et al. 2015). Gradients of OT_ε and S_ε with respect to points and
 * weights from one solution: {@link org.monge.discrete.entropic.EntropicGradient} and
 * {@code SinkhornDivergence.valueAndGradient}; the particle flow of S_ε built on them:
 * {@link org.monge.discrete.entropic.ParticleFlow} (Feydy et al. 2019), whose self terms come from the
 * package-private {@code SymmetricSinkhorn} (the averaged symmetric fixed point). The parts
 * behind them are package-private: {@code LogKernel} (log-sum-exp rows of the Gibbs kernel, dense
 * or on the fly), {@code ScalingKernel} (the dense kernel and fused pass of the scaling iterations),
 * {@code OverRelaxation} (the safe adaptive over-relaxation factor of the balanced engines),
 * {@code EpsilonSchedule} (the ε-scaling stages), {@code MultiscaleStart} (the warm start from
 * clustered clouds), {@code FastExp} (a vectorisable e^x) and {@code GridCoarsening} (the clustering
 * of the multiscale start). {@link org.monge.discrete.entropic.KernelRows} opens the kernel rows, the
 * ε-scaling stages and the clustering to the unbalanced solvers (not for users).
 *
 * <p>Not here: unregularised OT (org.monge.discrete.exact; Sinkhorn's tests compare against it as
 * ε → 0), unbalanced OT (here the marginals are hard constraints and unequal masses are refused;
 * relaxed marginals are org.monge.discrete.unbalanced), and
 * Gaussian closed forms (org.monge.gaussian.entropic, whose ReferenceCoupling is the Gaussian
 * counterpart of ReferenceMeasure). Non-convergence is reported in the result's status (see org.monge.discrete), not thrown.
 */
package org.monge.discrete.entropic;
