package org.monge.gaussian.entropic;

import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;
import org.monge.linalg.SmallKernels;
import org.monge.linalg.SymmetricEigen;

/**
 * The closed form of {@link EntropicGaussian} for small dimensions (d below {@link SmallKernels#LARGE}),
 * computed in per-thread scratch arrays: the same formulas and order of operations as the matrix form,
 * with the temporaries of about twenty d × d products, the library eigen-solver's set-up and the
 * reference's separate inversions replaced by {@link SmallKernels} on arrays that live as long as the
 * thread. For the product reference A^−1 comes from the Cholesky factor the {@link Gaussian} already holds,
 * and B^−1 is never formed: H = I − Y^−1 + ε B^−1 = I − (L_B^−ᵀ U) diag(2w/(ε + √(ε² + 4w))) (L_B^−ᵀ U)ᵀ
 * (U orthogonal), which also avoids the cancellation of Y^−1 against ε B^−1 at large ε. Only the result is
 * allocated.
 * At d = 10 this is what makes a call cost microseconds rather than a library call's set-up
 * (docs/benchmarks.md, "Small problems without overhead").
 */
final class SmallEntropicGaussian {
    private static final int A = 0, B = 1, LA = 2, LB = 3, LB_INV = 4, P11 = 5, P12 = 6, P22 = 7, G = 8, AG = 9, GTAG = 10, W = 11,
            U = 12, V = 13, Y = 14, Y_INV = 15, C = 16, F = 17, H = 18, A_INV = 19, T1 = 20, T2 = 21, COUNT = 22;

    /** Per-thread scratch: COUNT arrays of d² and three of d, reallocated when d changes. */
    private static final class Scratch {
        double[][] m = new double[COUNT][0];
        double[] w = new double[0], rootMid = new double[0], rootInv = new double[0];

        void ensure(int d) {
            if (w.length == d) return;
            for (int i = 0; i < COUNT; i++) m[i] = new double[d * d];
            w = new double[d];
            rootMid = new double[d];
            rootInv = new double[d];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SmallEntropicGaussian() {}

    /** The closed form at covariances of moderate magnitude, d &lt; {@link SmallKernels#LARGE} (see {@link EntropicGaussian}). */
    static EntropicGaussianResult solve(Gaussian p, Gaussian q, double eps, ReferenceCoupling reference) {
        int d = p.dimension(), dd = d * d;
        Scratch s = SCRATCH.get();
        s.ensure(d);
        double[][] m = s.m;
        double[] a = m[A], b = m[B], la = m[LA], lb = m[LB], lbInv = m[LB_INV], p11 = m[P11], p12 = m[P12], p22 = m[P22];
        double[] g = m[G], ag = m[AG], gtag = m[GTAG], u = m[U], v = m[V], y = m[Y], yInv = m[Y_INV], c = m[C];
        double[] f = m[F], h = m[H], aInv = m[A_INV], t1 = m[T1], t2 = m[T2];
        double[] laInv = aInv;
        p.covariance().copyTo(a);
        q.covariance().copyTo(b);
        p.cholesky().orElseThrow().copyTo(la);
        q.cholesky().orElseThrow().copyTo(lb);
        double logDetA = logDetFromLower(la, d), logDetB = logDetFromLower(lb, d);
        boolean product = reference instanceof ReferenceCoupling.Product; // G = I: skip its products
        SmallKernels.invertLower(lb, lbInv, d);
        double logDetK;
        // product: P11 = A^−1 enters only the residual, through L_A^−1 (laInv: the A^−1 slot, unused then); P22 = B^−1 is folded
        // into H below
        if (product) {
            SmallKernels.invertLower(la, laInv, d);
            logDetK = logDetA + logDetB;
        } else {
            ReferenceCoupling.Precision k = reference.precision(p, q);
            k.p11().copyTo(p11);
            k.p12().copyTo(p12);
            k.p22().copyTo(p22);
            logDetK = k.logDetK();
        }
        double[] gtagOrA = a, agOrA = a;
        if (!product) {
            for (int i = 0; i < dd; i++) g[i] = -eps * p12[i];
            for (int i = 0; i < d; i++) g[i * d + i] += 1;
            SmallKernels.multiply(a, g, ag, d);
            SmallKernels.multiplyTransposedLeft(g, ag, gtag, d);
            SmallKernels.symmetrize(gtag, d);
            gtagOrA = gtag;
            agOrA = ag;
        }
        // W = Lᵀ (Gᵀ A G) L = U diag(w) Uᵀ, Y = (L U) diag(mid) (L U)ᵀ, Y^−1 = (L^−ᵀ U) diag(1/mid) (L^−ᵀ U)ᵀ
        // (the factors are split as square roots, Y = (L U √rootMid)(L U √rootMid)ᵀ, so that each is one Gram product)
        double[] wm = m[W], w = s.w, rootMid = s.rootMid, rootInv = s.rootInv;
        SmallKernels.congruence(lb, gtagOrA, wm, t1, d);
        SmallKernels.symmetricEigen(wm, d, w, u, t1);
        double logRatio = 0;
        for (int i = 0; i < d; i++) {
            double wi = Math.max(w[i], 0.0);
            double root = Math.hypot(eps, 2 * Math.sqrt(wi));
            rootMid[i] = Math.sqrt(2 / (eps + root)); // √mid_i, mid_i = 2/(ε + √(ε² + 4w_i))
            // for the product reference H = I − Y^−1 + ε B^−1 = I − (L^−ᵀ U) diag(1/rootMid − ε) (L^−ᵀ U)ᵀ, 1/rootMid − ε = 2w/(ε + root)
            rootInv[i] = Math.sqrt(product ? 2 * wi / (eps + root) : (eps + root) / 2);
            logRatio += root < 2 * eps ? Math.log1p(2 * wi / (eps * (root + eps))) : Math.log(eps + root) - Math.log(2 * eps);
        }
        SmallKernels.lowerTimes(lb, u, v, d);
        SmallKernels.scaleColumns(v, rootMid, d);
        SmallKernels.gramOfRows(v, y, d);
        SmallKernels.lowerTransposedTimes(lbInv, u, v, d);
        SmallKernels.scaleColumns(v, rootInv, d);
        SmallKernels.gramOfRows(v, yInv, d); // for the product reference: Y^−1 − ε B^−1
        SmallKernels.multiply(agOrA, y, c, d);

        double meanGap = p.meanDistanceSquared(q);
        double trA = SmallKernels.trace(a, d), trB = SmallKernels.trace(b, d);
        double productGap = product ? 0 : SmallKernels.dot(p11, a, dd) + SmallKernels.dot(p22, b, dd) - 2 * d + logDetK - logDetA - logDetB;
        double divergence = productGap + (product ? 0 : 2 * SmallKernels.dot(p12, c, dd)) + logRatio;
        double cost = meanGap + trA + trB - 2 * SmallKernels.trace(c, d) + eps * divergence;
        double w2 = product
                ? Math.max(0, meanGap + trA + trB - 2 * SymmetricEigen.traceSqrt(w))
                : BuresWasserstein.squaredDistance(p, q);

        // F = I − ε(A^−1 + G Y Gᵀ/ε − P11), H = I − ε((εY)^−1 − P22); for the product reference P11 = A^−1
        if (product) {
            for (int i = 0; i < dd; i++) f[i] = -y[i];
        } else {
            SmallKernels.invertLower(la, t1, d);
            SmallKernels.inverseFromInvertedLower(t1, aInv, d);
            SmallKernels.multiply(g, y, t1, d);
            SmallKernels.multiplyTransposedRight(t1, g, t2, d);
            for (int i = 0; i < dd; i++) f[i] = -eps * aInv[i] - t2[i] + eps * p11[i];
        }
        if (product) {
            for (int i = 0; i < dd; i++) h[i] = -yInv[i];
        } else {
            for (int i = 0; i < dd; i++) h[i] = -yInv[i] + eps * p22[i];
        }
        for (int i = 0; i < d; i++) {
            f[i * d + i] += 1;
            h[i * d + i] += 1;
        }
        SmallKernels.symmetrize(f, d);
        SmallKernels.symmetrize(h, d);
        // ε(log det K − log det Σ) + |m0 − m1|²
        double constant = eps * ((product ? 0 : logDetK - logDetA - logDetB) + logRatio) + meanGap;
        double dualValue = SmallKernels.dot(f, a, dd) + SmallKernels.dot(h, b, dd) + constant;
        // Cᵀ A^−1 = (A^−1 C)ᵀ, for the product reference as (L_A^−ᵀ (L_A^−1 C))ᵀ: two triangular products, no A^−1
        if (product) {
            SmallKernels.lowerTimes(laInv, c, t2, d);
            SmallKernels.lowerTransposedTimes(laInv, t2, u, d);
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) t1[i * d + j] = u[j * d + i];
        } else {
            SmallKernels.multiplyTransposedLeft(c, aInv, t1, d);
        }
        double residual = optimalityResidual(b, c, product ? null : g, eps, d, s);

        double[] m0 = p.mean(), m1 = q.mean();
        Matrix fm = Matrix.fromRowMajor(d, d, f), hm = Matrix.fromRowMajor(d, d, h);
        DualPotentials duals = new DualPotentials(fm, hm, constant / 2, constant / 2, m0, m1);
        Matrix cm = Matrix.fromRowMajor(d, d, c);
        GaussianCoupling plan = GaussianCoupling.ofSymmetric(m0, m1, joint(a, c, b, d));
        return new EntropicGaussianResult(eps, cm, plan, cost, w2, duals, dualValue, residual);
    }

    /**
     * max |G − ε A^−1 C S^−1| with S = B − Cᵀ A^−1 C formed from C (G = I when g is null); infinite if S is not positive
     * definite. Formed transposed, (A^−1 C S^−1)ᵀ = L_S^−ᵀ (L_S^−1 (Cᵀ A^−1)), so that S^−1 is never formed: two
     * triangular products in place of an inverse and a full product.
     */
    private static double optimalityResidual(double[] b, double[] c, double[] g, double eps, int d, Scratch s) {
        double[] cta = s.m[T1], ls = s.m[T2], lsInv = s.m[U], t = s.m[V], xt = s.m[W]; // cta = Cᵀ A^−1, set by the caller
        SmallKernels.multiply(cta, c, ls, d);
        for (int i = 0; i < d * d; i++) ls[i] = b[i] - ls[i];
        SmallKernels.symmetrize(ls, d);
        if (!SmallKernels.cholesky(ls, d)) return Double.POSITIVE_INFINITY;
        SmallKernels.invertLower(ls, lsInv, d);
        SmallKernels.lowerTimes(lsInv, cta, t, d);
        SmallKernels.lowerTransposedTimes(lsInv, t, xt, d); // (A^−1 C S^−1)ᵀ
        double max = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double gij = g == null ? (i == j ? 1 : 0) : g[i * d + j];
                max = Math.max(max, Math.abs(gij - eps * xt[j * d + i]));
            }
        }
        return max;
    }

    /** [[A, C], [Cᵀ, B]]. */
    private static Matrix joint(double[] a, double[] c, double[] b, int d) {
        int n = 2 * d;
        double[] out = new double[n * n];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a, i * d, out, i * n, d);
            System.arraycopy(c, i * d, out, i * n + d, d);
            System.arraycopy(b, i * d, out, (d + i) * n + d, d);
            for (int j = 0; j < d; j++) out[(d + j) * n + i] = c[i * d + j];
        }
        return Matrix.fromRowMajor(n, n, out);
    }

    private static double logDetFromLower(double[] l, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) s += Math.log(l[i * d + i]);
        return 2 * s;
    }
}
