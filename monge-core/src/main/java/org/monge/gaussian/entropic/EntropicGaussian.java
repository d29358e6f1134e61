package org.monge.gaussian.entropic;

import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Congruence;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SmallKernels;
import org.monge.linalg.SymmetricEigen;

import java.util.Optional;

/**
 * Entropic optimal transport between N(m0, A) and N(m1, B) with a Gaussian reference coupling
 * N((m0, m1), K), in closed form (docs/mathematics.md §2):
 * <pre>
 *   OT_{ε,K} = min_π E_π |X − Y|² + 2ε KL(π ‖ N((m0, m1), K)).
 * </pre>
 * The optimal plan is Gaussian with cross-covariance C = A G Y, where G = I − ε P12 (P = K^−1),
 * W = B^½ Gᵀ A G B^½ and Y = B^½ · 2 (εI + (ε²I + 4W)^½)^−1 · B^½. This form holds for every
 * ε &gt; 0, also where G is singular or indefinite: stationarity of the strictly convex objective,
 * ε A^−1 C S^−1 = G with S = B − Cᵀ A^−1 C, is met with S = εY positive definite. For the product
 * reference it is the closed form of Janati, Muzellec, Peyré &amp; Cuturi (NeurIPS 2020) and
 * Mallasto, Gerolin &amp; Minh (Information Geometry 2022) with σ² = ε; the general reference is
 * this project's derivation, checked numerically.
 *
 * <p>Cost: O(d³): one symmetric eigendecomposition (of W), Cholesky factors (those of A and B come
 * with the {@link Gaussian}s; S for the optimality check; K for an arbitrary reference),
 * triangular inverses and about a dozen d × d products. B^½ is never formed: with B = L Lᵀ,
 * L f(Lᵀ M L) Lᵀ = B^½ f(B^½ M B^½) B^½ for any function f, so the Cholesky factor serves.
 * Numerical precautions: eigenvalues of W are clipped at 0 and 2/(ε + √(ε² + 4w)) is used in
 * place of (√(ε² + 4w) − ε)/(2w), which cancels for small w; log det Σ comes from the same
 * eigenvalues (log det A + log det B + Σ log(2ε/(ε + √(ε² + 4w))), by log1p where the terms are
 * small), never from a determinant, and for the product reference the cost is assembled without
 * cancelling O(1) terms, so it stays accurate from ε = 1e-300 to 1e300;
 * √(ε² + 4w) is a hypot, so huge ε does not overflow. The reported optimality residual is formed
 * from C alone and is ill-conditioned for tiny ε (S = B − Cᵀ A^−1 C is then a small difference
 * of O(1) matrices: expect about 1e-16·‖B‖/ε, e.g. 1e-3 at ε = 1e-12), while C and the cost stay
 * accurate there; it is a diagnostic, not part of the solution. Covariances of extreme magnitude
 * are rescaled by a power of four together with ε (the problem is homogeneous; see {@code rescaled}).
 */
public final class EntropicGaussian {
    /** ε/4^h is kept within 2^±990 when covariances are rescaled (the direct form is accurate for ε from 1e-300 to 1e300). */
    private static final int EPSILON_EXPONENT_RANGE = 990;

    private final double epsilon;
    private final ReferenceCoupling reference;

    private EntropicGaussian(double epsilon, ReferenceCoupling reference) {
        this.epsilon = epsilon;
        this.reference = reference;
    }

    /** The solver for regularisation ε (&gt; 0, finite), with the product reference. */
    public static EntropicGaussian withEpsilon(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        return new EntropicGaussian(epsilon, ReferenceCoupling.product());
    }

    /** The same solver with another reference coupling. */
    public EntropicGaussian withReference(ReferenceCoupling ref) {
        if (ref == null) throw new IllegalArgumentException("reference coupling must not be null");
        return new EntropicGaussian(epsilon, ref);
    }

    public double epsilon() { return epsilon; }

    public ReferenceCoupling reference() { return reference; }

    /** Solves the problem between p = N(m0, A) and q = N(m1, B); A and B must be positive definite. */
    public EntropicGaussianResult solve(Gaussian p, Gaussian q) {
        if (p == null || q == null) throw new IllegalArgumentException("both Gaussians must be given");
        if (p.dimension() != q.dimension()) {
            throw new IllegalArgumentException("entropic OT: dimensions differ, " + p.dimension() + " and " + q.dimension());
        }
        if (!p.isPositiveDefinite()) {
            throw new IllegalArgumentException("first covariance must be positive definite for entropic OT; smallest eigenvalue is "
                    + p.eigen().min());
        }
        if (!q.isPositiveDefinite()) {
            throw new IllegalArgumentException("second covariance must be positive definite for entropic OT; smallest eigenvalue is "
                    + q.eigen().min());
        }
        EntropicGaussianResult r = p.isModerate() && q.isModerate() ? direct(p, q, epsilon, reference) : rescaled(p, q);
        Scaling.requireRepresentable(r.cost(), "the entropic OT cost");
        return r;
    }

    /**
     * Covariances of extreme magnitude: OT_{ε,K}(4^h A, 4^h B) = 4^h OT_{ε/4^h, K/4^h}(A, B) (substitute
     * x = 2^h x' in the objective; the KL term is invariant), with C and the dual constants scaling
     * by 4^h and F, H unchanged. h is the geometric middle of the two magnitudes, moved as far as
     * needed to keep ε/4^h normal; where no h keeps both the covariances and ε/4^h in range, the
     * problem is refused as out of range. Means enter only through |m0 − m1|², added at the end.
     */
    private EntropicGaussianResult rescaled(Gaussian p, Gaussian q) {
        int e = Scaling.exponent(epsilon);
        int h = Math.floorDiv(p.halfExponent() + q.halfExponent(), 2);
        h = Math.max(Math.min(h, Math.floorDiv(e + EPSILON_EXPONENT_RANGE, 2)), -Math.floorDiv(EPSILON_EXPONENT_RANGE - e, 2));
        if (!Scaling.isModerate(Math.scalb(p.magnitude(), -2 * h)) || !Scaling.isModerate(Math.scalb(q.magnitude(), -2 * h))) {
            throw new IllegalArgumentException("epsilon " + epsilon + " is out of range for covariances of magnitudes " + p.magnitude()
                    + " and " + q.magnitude() + ": epsilon and the covariance scale must lie within about 1e200 of each other");
        }
        ReferenceCoupling ref = reference instanceof ReferenceCoupling.Covariance k ? k.scaled(h) : reference;
        EntropicGaussianResult r = direct(p.centredScaled(h), q.centredScaled(h), Math.scalb(epsilon, -2 * h), ref);
        double meanGap = p.meanDistanceSquared(q);
        Matrix a = p.covariance(), b = q.covariance(), c = r.crossCovariance().scalb(2 * h);
        DualPotentials scaled = r.dualPotentials();
        double constant = Math.scalb(scaled.f0() + scaled.g0(), 2 * h) + meanGap;
        DualPotentials duals = new DualPotentials(scaled.f(), scaled.h(), constant / 2, constant / 2, p.mean(), q.mean());
        return new EntropicGaussianResult(epsilon, c, new GaussianCoupling(p.mean(), q.mean(), Blocks.join(a, c, b)),
                Math.scalb(r.cost(), 2 * h) + meanGap, BuresWasserstein.squaredDistance(p, q), duals, duals.value(a, b),
                        r.optimalityResidual());
    }

    /** The closed form at covariances of moderate magnitude (see the class comment): in scratch arrays below {@link SmallKernels#LARGE}. */
    private static EntropicGaussianResult direct(Gaussian p, Gaussian q, double eps, ReferenceCoupling reference) {
        return p.dimension() < SmallKernels.LARGE ? SmallEntropicGaussian.solve(p, q, eps, reference) : matrixForm(p, q, eps, reference);
    }

    /** The closed form with {@link Matrix} operations (native BLAS and LAPACK for large d); package-private for the tests. */
    static EntropicGaussianResult matrixForm(Gaussian p, Gaussian q, double eps, ReferenceCoupling reference) {
        int d = p.dimension();
        Matrix a = p.covariance(), b = q.covariance();
        Matrix la = p.cholesky().orElseThrow(), lb = q.cholesky().orElseThrow();
        double logDetA = Cholesky.logDetFromLower(la), logDetB = Cholesky.logDetFromLower(lb);
        ReferenceCoupling.Precision k = reference.precision(p, q);
        Matrix id = Matrix.identity(d);
        boolean product = reference instanceof ReferenceCoupling.Product; // G = I: skip its products
        Matrix g = product ? id : id.combine(1, k.p12(), -eps);

        // with B = L Lᵀ (Cholesky; any factor gives the same Y as B^½):
        // W = Lᵀ (Gᵀ A G) L = U diag(w) Uᵀ, Y = (L U) diag(mid) (L U)ᵀ, Y^−1 = (L^−ᵀ U) diag(1/mid) (L^−ᵀ U)ᵀ
        Matrix ag = product ? a : a.times(g);
        Matrix gtag = product ? a : g.transpose().times(ag).symmetrize();
        SymmetricEigen ew = SymmetricEigen.of(Congruence.lowerTransposed(lb, gtag));
        // mid_i = 2/(ε + √(ε² + 4w_i)); t_i = −log(ε mid_i) = log((ε + root)/(2ε)) ≥ 0, from log1p where it is small
        double[] mid = new double[d], midInv = new double[d];
        double logRatio = 0; // Σ t_i = log det(A) + log det(B) − log det Σ
        for (int i = 0; i < d; i++) {
            double w = Math.max(ew.eigenvalues()[i], 0.0);
            double root = Math.hypot(eps, 2 * Math.sqrt(w)); // √(ε² + 4w), no overflow
            mid[i] = 2 / (eps + root);
            midInv[i] = (eps + root) / 2;
            logRatio += root < 2 * eps ? Math.log1p(2 * w / (eps * (root + eps))) : Math.log(eps + root) - Math.log(2 * eps);
        }
        Matrix y = congruence(lb.times(ew.eigenvectors()), mid);
        Matrix yInv = congruence(Cholesky.invertLower(lb).transpose().times(ew.eigenvectors()), midInv);
        Matrix c = ag.times(y);

        double[] m0 = p.mean(), m1 = q.mean();
        double meanGap = p.meanDistanceSquared(q);
        // 2 KL(plan ‖ reference) = [2 KL(P ⊗ Q ‖ reference), zero for the product] + 2⟨P12, C⟩ + Σ t_i:
        // for the product reference no O(1) terms cancel, so the cost keeps its relative accuracy for large ε
        double productGap = product ? 0 : k.p11().dot(a) + k.p22().dot(b) - 2 * d + k.logDetK() - logDetA - logDetB;
        double divergence = productGap + 2 * k.p12().dot(c) + logRatio;
        double cost = meanGap + a.trace() + b.trace() - 2 * c.trace() + eps * divergence;
        // for G = I, W = Lᵀ A L has the eigenvalues of A B, i.e. of A^½ B A^½: W2² comes free
        double w2 = product
                ? Math.max(0, meanGap + a.trace() + b.trace() - 2 * SymmetricEigen.traceSqrt(ew.eigenvalues()))
                : BuresWasserstein.squaredDistance(p, q);

        // F = I − ε(A^−1 + G Y Gᵀ/ε − P11), H = I − ε((εY)^−1 − P22); for the product reference P11 = A^−1
        Matrix aInv = product ? k.p11() : Cholesky.inverseFromLower(la);
        Matrix gy = product ? y : g.times(y);
        Matrix gygt = product ? y : gy.times(g.transpose());
        Matrix f = (product ? id.minus(gygt) : id.minus(aInv.scale(eps)).minus(gygt).plus(k.p11().scale(eps))).symmetrize();
        Matrix h = id.minus(yInv).plus(k.p22().scale(eps)).symmetrize();
        // ε(log det K − log det Σ) + |m0 − m1|²
        double constant = eps * ((product ? 0 : k.logDetK() - logDetA - logDetB) + logRatio) + meanGap;
        DualPotentials duals = new DualPotentials(f, h, constant / 2, constant / 2, m0, m1);

        return new EntropicGaussianResult(eps, c, new GaussianCoupling(m0, m1, Blocks.join(a, c, b)), cost,
                w2, duals, duals.value(a, b), optimalityResidual(aInv, b, c, g, eps));
    }

    /** max |G − ε A^−1 C S^−1| = max |ε Δ12 + I| with S = B − Cᵀ A^−1 C formed from C itself; infinite if S is not positive definite. */
    private static double optimalityResidual(Matrix aInv, Matrix b, Matrix c, Matrix g, double eps) {
        Matrix aic = aInv.times(c);
        Optional<Matrix> ls = Cholesky.lower(b.minus(c.transpose().times(aic)).symmetrize());
        if (ls.isEmpty()) return Double.POSITIVE_INFINITY;
        return g.minus(aic.times(Cholesky.inverseFromLower(ls.get())).scale(eps)).maxAbs();
    }

    /** V diag(s) Vᵀ, symmetrised (also used by {@link UnbalancedEntropicGaussian}). */
    static Matrix congruence(Matrix v, double[] s) {
        int d = s.length;
        double[] vs = v.toRowMajor();
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) vs[i * d + j] *= s[j];
        return Matrix.fromRowMajor(d, d, vs).times(v.transpose()).symmetrize();
    }
}
