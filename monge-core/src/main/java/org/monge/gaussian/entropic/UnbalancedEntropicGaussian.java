package org.monge.gaussian.entropic;

import org.monge.discrete.Checks;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Cholesky;
import org.monge.linalg.Congruence;
import org.monge.linalg.Matrix;
import org.monge.linalg.SymmetricEigen;

/**
 * Unbalanced entropic optimal transport between unnormalised Gaussian measures α = m_a N(a, A) and
 * β = m_b N(b, B), in closed form (docs/mathematics.md §7):
 * <pre>
 *   UOT = min_{π ≥ 0} ∫ |x − y|² dπ + 2ε KL(π ‖ α⊗β) + τ_a KL(π_1 ‖ α) + τ_b KL(π_2 ‖ β),
 * </pre>
 * with the generalised KL(μ ‖ ν) = ∫ log(dμ/dν) dμ − μ(R^d) + ν(R^d). The optimum is an unnormalised Gaussian
 * m N(μ, Σ) on R^d × R^d (Janati, Muzellec, Peyré &amp; Cuturi, "Entropic optimal transport between unbalanced
 * Gaussian measures has a closed form", NeurIPS 2020, Theorem 3, there with σ² = ε and τ_a = τ_b = γ). This
 * class derives it afresh, also for τ_a ≠ τ_b: the precision of Σ is [[U, −I/ε], [−I/ε, V]]; with
 * λ = ε + τ/2, κ = τ/(2ε + τ), Â^−1 = A^−1 + I/λ_a, B̂^−1 = B^−1 + I/λ_b and c = κ/ε², the two marginal
 * conditions f = −τ_a log(dπ_1/dα), g = −τ_b log(dπ_2/dβ) become U − c_a V^−1 = Â^−1, V − c_b U^−1 = B̂^−1,
 * solved by U = B̂^½ z(Q) B̂^½ with Q = B̂^−½ Â^−1 B̂^−½ and z(q) the positive root of
 * z² + (c_b − c_a − q) z − c_b q = 0. The plan mean solves a d × d positive-definite system and the mass
 * follows from the constant terms of the same conditions. As τ_a, τ_b → ∞ this is {@link EntropicGaussian} with
 * the product reference and masses 1.
 *
 * <p>Cost: O(d³): Cholesky factors and inverses of d × d and one 2d × 2d matrix, one symmetric eigendecomposition.
 * Numerical precautions: B̂^½ is never formed (with B̂^−1 = R Rᵀ, B̂^½ z(Q) B̂^½ = (R^−ᵀ E) diag(z) (R^−ᵀ E)ᵀ
 * where Rᵀ Â^−1 R = E diag(q) Eᵀ), z(q) is evaluated without cancellation, everything is referred to the
 * source mean (the cost is translation invariant) and the mass is formed from logarithms. The cost is the
 * primal objective at the plan; the dual value τ_a (m_a − m) + τ_b (m_b − m) + 2ε (m_a m_b − m) is computed
 * alongside as a certificate (their gap is zero at the optimum). Penalties are finite: τ = ∞ is the balanced
 * {@link EntropicGaussian}. Covariances are taken at moderate magnitude (no rescaling as in
 * {@link EntropicGaussian}). Hand-written: no library returns the plan of this problem.
 */
public final class UnbalancedEntropicGaussian {

    /** An unnormalised Gaussian measure mass · N(mean, covariance), the covariance positive definite. */
    public record Measure(double mass, Gaussian gaussian) {
        public Measure {
            Checks.positiveFinite(mass, "mass");
            if (gaussian == null) throw new IllegalArgumentException("gaussian must not be null");
            if (!gaussian.isPositiveDefinite()) {
                throw new IllegalArgumentException("covariance must be positive definite for unbalanced entropic OT; smallest eigenvalue "
                        + "is " + gaussian.eigen().min());
            }
        }

        public int dimension() { return gaussian.dimension(); }
    }

    /**
     * The solution: the optimal plan is {@code mass} · {@code plan}, with {@code plan} the normalised Gaussian
     * N((μ_x, μ_y), [[X, C], [Cᵀ, Y]]); both marginals of the optimal plan have the mass {@code mass}.
     *
     * @param cost      the primal objective at the plan
     * @param dualValue τ_a (m_a − m) + τ_b (m_b − m) + 2ε (m_a m_b − m), equal to the cost at the optimum
     */
    public record Result(double epsilon, double tauA, double tauB, Measure source, Measure target, double mass,
                         GaussianCoupling plan, double cost, double dualValue) {

        public int dimension() { return plan.dimension(); }

        /** The cross-covariance C of the normalised plan. */
        public Matrix crossCovariance() { return Blocks.block(plan.covariance(), 0, dimension(), dimension()); }

        /** The covariance X of the plan's first marginal (transported mass m N(μ_x, X)). */
        public Matrix sourceCovariance() { return Blocks.block(plan.covariance(), 0, 0, dimension()); }

        /** The covariance Y of the plan's second marginal. */
        public Matrix targetCovariance() { return Blocks.block(plan.covariance(), dimension(), dimension(), dimension()); }

        /** |dual value − cost|. */
        public double dualGap() { return Math.abs(dualValue - cost); }

        /** The dual potential f(x) = −τ_a log(dπ_1/dα)(x). */
        public double potentialF(double[] x) { return -tauA * logMarginalRatio(x, 0, source.gaussian()); }

        /** The dual potential g(y) = −τ_b log(dπ_2/dβ)(y). */
        public double potentialG(double[] y) { return -tauB * logMarginalRatio(y, dimension(), target.gaussian()); }

        /** log of the density of the plan's marginal (at offset 0 or d) relative to the input measure at z. */
        private double logMarginalRatio(double[] z, int offset, Gaussian input) {
            int d = dimension();
            if (z.length != d) throw new IllegalArgumentException("point has dimension " + z.length + ", expected " + d);
            double[] mu = plan.mean(), mean = new double[d];
            System.arraycopy(mu, offset, mean, 0, d);
            Measure in = offset == 0 ? source : target;
            return Math.log(mass / in.mass()) + logDensity(Gaussian.of(mean, Blocks.block(plan.covariance(), offset, offset, d)), z)
                    - logDensity(input, z);
        }

        /** log of the density of g at z. */
        static double logDensity(Gaussian g, double[] z) {
            Matrix l = g.cholesky().orElseThrow();
            double[] m = g.mean(), diff = new double[z.length];
            for (int i = 0; i < z.length; i++) diff[i] = z[i] - m[i];
            double[] w = Cholesky.invertLower(l).times(diff);
            double q = 0;
            for (double v : w) q += v * v;
            return -0.5 * (q + Cholesky.logDetFromLower(l) + z.length * Math.log(2 * Math.PI));
        }
    }

    private final double epsilon, tauA, tauB;

    private UnbalancedEntropicGaussian(double epsilon, double tauA, double tauB) {
        this.epsilon = Checks.positiveFinite(epsilon, "epsilon");
        this.tauA = penalty(tauA, "tauA");
        this.tauB = penalty(tauB, "tauB");
    }

    private static double penalty(double tau, String name) {
        if (tau == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be finite here; an infinite penalty is the balanced EntropicGaussian");
        }
        return Checks.positiveFinite(tau, name);
    }

    /** The solver at ε (positive, finite) with τ_a = τ_b = 1. */
    public static UnbalancedEntropicGaussian withEpsilon(double epsilon) {
        return new UnbalancedEntropicGaussian(epsilon, 1, 1);
    }

    /** τ_a = τ_b = tau (positive, finite). */
    public UnbalancedEntropicGaussian withTau(double tau) { return new UnbalancedEntropicGaussian(epsilon, tau, tau); }

    /** The penalty τ_a of the source marginal (positive, finite). */
    public UnbalancedEntropicGaussian withTauA(double tau) { return new UnbalancedEntropicGaussian(epsilon, tau, tauB); }

    /** The penalty τ_b of the target marginal (positive, finite). */
    public UnbalancedEntropicGaussian withTauB(double tau) { return new UnbalancedEntropicGaussian(epsilon, tauA, tau); }

    public double epsilon() { return epsilon; }

    public double tauA() { return tauA; }

    public double tauB() { return tauB; }

    /** Solves the problem between massA · p and massB · q. */
    public Result solve(Gaussian p, double massA, Gaussian q, double massB) {
        return solve(new Measure(massA, p), new Measure(massB, q));
    }

    /** Solves the problem between α and β (same dimension). */
    public Result solve(Measure alpha, Measure beta) {
        if (alpha == null || beta == null) throw new IllegalArgumentException("both measures must be given");
        int d = alpha.dimension();
        if (beta.dimension() != d) {
            throw new IllegalArgumentException("unbalanced entropic OT: dimensions differ, " + d + " and " + beta.dimension());
        }
        double eps = epsilon;
        double lambdaA = eps + tauA / 2, lambdaB = eps + tauB / 2;
        double kappaA = tauA / (2 * eps + tauA), kappaB = tauB / (2 * eps + tauB);
        double ca = kappaA / (eps * eps), cb = kappaB / (eps * eps);
        Matrix id = Matrix.identity(d);
        Matrix la = alpha.gaussian().cholesky().orElseThrow(), lb = beta.gaussian().cholesky().orElseThrow();
        Matrix aInv = Cholesky.inverseFromLower(la), bInv = Cholesky.inverseFromLower(lb);
        Matrix aHatInv = aInv.plus(id.scale(1 / lambdaA)), bHatInv = bInv.plus(id.scale(1 / lambdaB));

        // U = B̂^½ z(Q) B̂^½, Q = B̂^−½ Â^−1 B̂^−½, through B̂^−1 = R Rᵀ: Rᵀ Â^−1 R = E diag(q) Eᵀ
        Matrix r = Cholesky.lowerOrThrow(bHatInv, "B^-1 + I/lambda_b");
        SymmetricEigen eq = SymmetricEigen.of(Congruence.lowerTransposed(r, aHatInv));
        double[] z = new double[d], zInv = new double[d];
        for (int i = 0; i < d; i++) {
            double qi = Math.max(eq.eigenvalues()[i], 0.0);
            double s = qi + ca - cb, root = Math.sqrt(s * s + 4 * cb * qi);
            // positive root of z² − s z − c_b q = 0, without cancellation when s < 0
            z[i] = s >= 0 ? (s + root) / 2 : 2 * cb * qi / (root - s);
            zInv[i] = 1 / z[i];
        }
        Matrix u = EntropicGaussian.congruence(Cholesky.invertLower(r).transpose().times(eq.eigenvectors()), z);
        Matrix uInv = EntropicGaussian.congruence(r.times(eq.eigenvectors()), zInv);
        Matrix v = bHatInv.plus(uInv.scale(cb)).symmetrize();

        // normalised plan: precision [[U, −I/ε], [−I/ε, V]]
        Matrix cross = id.scale(-1 / eps);
        Matrix precision = Blocks.join(u, cross, v);
        Matrix lp = Cholesky.lowerOrThrow(precision, "the plan's precision");
        Matrix sigma = Cholesky.inverseFromLower(lp);
        double logDetSigma = -Cholesky.logDetFromLower(lp);
        Matrix x = Blocks.block(sigma, 0, 0, d), y = Blocks.block(sigma, d, d, d), c = Blocks.block(sigma, 0, d, d);
        double logDetX = Cholesky.logDetFromLower(Cholesky.lowerOrThrow(x, "the plan's first marginal covariance"));
        double logDetY = Cholesky.logDetFromLower(Cholesky.lowerOrThrow(y, "the plan's second marginal covariance"));

        // plan mean, with the origin at the source mean a (δ = b − a): the information vector h solves
        // h_x = −(κ_a/ε) V^−1 h_y, h_y = B^−1 δ − (κ_b/ε) U^−1 h_x, i.e. (B̂^−1 + κ_b(1 − κ_a)/ε² U^−1) h_x = −(κ_a/ε) B^−1 δ
        double[] a = alpha.gaussian().mean(), b = beta.gaussian().mean(), delta = new double[d];
        for (int i = 0; i < d; i++) delta[i] = b[i] - a[i];
        double[] bDelta = bInv.times(delta);
        Matrix t = bHatInv.plus(uInv.scale(kappaB * (1 - kappaA) / (eps * eps))).symmetrize();
        double[] hx = Cholesky.inverseFromLower(Cholesky.lowerOrThrow(t, "the mean system")).times(scaled(bDelta, -kappaA / eps));
        double[] uhx = uInv.times(hx), h = new double[2 * d];
        for (int i = 0; i < d; i++) {
            h[i] = hx[i];
            h[d + i] = bDelta[i] - kappaB / eps * uhx[i];
        }
        double[] mu = sigma.times(h); // relative to (a, a)
        double[] da = new double[d], db = new double[d], mx = new double[d], my = new double[d];
        double gap = 0;
        for (int i = 0; i < d; i++) {
            da[i] = mu[i];
            db[i] = mu[d + i] - delta[i];
            mx[i] = mu[i] + a[i];
            my[i] = mu[d + i] + a[i];
            gap += (mu[i] - mu[d + i]) * (mu[i] - mu[d + i]);
        }

        // the mass, from the constant terms of the marginal conditions evaluated at the plan mean
        double logDetA = Cholesky.logDetFromLower(la), logDetB = Cholesky.logDetFromLower(lb);
        double ma = alpha.mass(), mb = beta.mass();
        double qa = quadratic(aInv, da), qb = quadratic(bInv, db);
        double ellA = Math.log(ma) - 0.5 * logDetA - 0.5 * qa, ellB = Math.log(mb) - 0.5 * logDetB - 0.5 * qb;
        double logMass = (eps * logDetSigma + (2 * eps + tauA) * ellA + (2 * eps + tauB) * ellB - gap
                + tauA / 2 * logDetX + tauB / 2 * logDetY) / (2 * eps + tauA + tauB);
        double m = Math.exp(logMass);
        if (!(m > 0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException("the transported mass is not representable (log mass " + logMass + ")");
        }

        // primal objective: transport, 2ε KL(π ‖ α⊗β), τ_a KL(π_1 ‖ α), τ_b KL(π_2 ‖ β)
        double transport = m * (gap + x.trace() + y.trace() - 2 * c.trace());
        double klX = 0.5 * (aInv.dot(x) - d + qa + logDetA - logDetX);
        double klY = 0.5 * (bInv.dot(y) - d + qb + logDetB - logDetY);
        double klPlan = 0.5 * (aInv.dot(x) + bInv.dot(y) - 2 * d + qa + qb + logDetA + logDetB - logDetSigma);
        double cost = transport + 2 * eps * (m * klPlan + massDivergence(m, ma * mb))
                + tauA * (m * klX + massDivergence(m, ma)) + tauB * (m * klY + massDivergence(m, mb));
        double dual = tauA * (ma - m) + tauB * (mb - m) + 2 * eps * (ma * mb - m);
        GaussianCoupling plan = new GaussianCoupling(mx, my, sigma);
        return new Result(eps, tauA, tauB, alpha, beta, m, plan, cost, dual);
    }

    /** m log(m/n) − m + n ≥ 0, the KL divergence between the masses, without cancellation near m = n. */
    static double massDivergence(double m, double n) {
        double t = (m - n) / n;
        return Math.abs(t) < 0.5 ? n * ((1 + t) * Math.log1p(t) - t) : m * Math.log(m / n) - m + n;
    }

    private static double quadratic(Matrix s, double[] v) {
        double[] sv = s.times(v);
        double q = 0;
        for (int i = 0; i < v.length; i++) q += v[i] * sv[i];
        return q;
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * s;
        return out;
    }
}
