package org.monge.gaussian;

import org.monge.linalg.Congruence;
import org.monge.linalg.Matrix;
import org.monge.linalg.Scaling;
import org.monge.linalg.SymmetricEigen;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The 2-Wasserstein (Bures–Wasserstein) distance between Gaussians in closed form:
 * W2² = |m0 − m1|² + tr S0 + tr S1 − 2 tr (S0^½ S1 S0^½)^½ (Dowson &amp; Landau 1982; Givens &amp; Shortt 1984).
 *
 * <p>The trace term is Σ √λ_i over the eigenvalues of the symmetric matrix Lᵀ S1 L with S0 = L Lᵀ
 * (the Cholesky factor; S0^½ S1 S0^½ when S0 is singular: same eigenvalues); no general square root of the
 * non-symmetric product S0 S1 is ever taken. Cost: one O(d³) product and one symmetric
 * eigenvalue computation per pair; the factors are computed once per Gaussian and reused in the
 * batch and pairwise forms, which run on all cores.
 */
public final class BuresWasserstein {
    private BuresWasserstein() {}

    /**
     * W2²(p, q), clamped at 0 against rounding. Covariances of extreme magnitude are rescaled (see
     * {@link Gaussian#centredUnitScale()}); a W2² beyond the largest double is refused as out of range.
     */
    public static double squaredDistance(Gaussian p, Gaussian q) {
        return squaredDistance(p, q, null, 0);
    }

    /**
     * {@link #squaredDistance(Gaussian, Gaussian)}, and, where its fidelity came from the congruence Lᵀ S_q L of p's
     * Cholesky factor (p positive definite, both covariances of moderate magnitude), that congruence's eigenvalues in no
     * particular order into eigenvalues[from, from + d) unless that is null; those entries are NaN where it did not.
     */
    public static double squaredDistance(Gaussian p, Gaussian q, double[] eigenvalues, int from) {
        p.requireSameDimension(q, "W2");
        double v = p.meanDistanceSquared(q) + covarianceTerm(p, q, eigenvalues, from);
        return Math.max(Scaling.requireRepresentable(v, "W2²"), 0.0);
    }

    /**
     * W2(p, q). Where W2² leaves the double range but W2 does not (means or covariances beyond about
     * 1e154), both terms are summed divided by a common power of four and the root is scaled back.
     */
    public static double distance(Gaussian p, Gaussian q) {
        p.requireSameDimension(q, "W2");
        double v = p.meanDistanceSquared(q) + covarianceTerm(p, q, null, 0);
        if (Double.isFinite(v)) return Math.sqrt(Math.max(v, 0.0));
        double[] m0 = p.mean(), m1 = q.mean();
        double largest = 0;
        for (int i = 0; i < m0.length; i++) largest = Math.max(largest, Math.abs(m0[i] / 2 - m1[i] / 2));
        int h = Math.max(Scaling.exponent(largest) + 1, Math.max(p.halfExponent(), q.halfExponent()));
        double means = 0;
        for (int i = 0; i < m0.length; i++) {
            double d = Math.scalb(m0[i], -h) - Math.scalb(m1[i], -h);
            means += d * d;
        }
        double scaled = means + scaledCovarianceTerm(p, q, h);
        return Scaling.requireRepresentable(Math.scalb(Math.sqrt(Math.max(scaled, 0.0)), h), "W2");
    }

    /**
     * tr S0 + tr S1 − 2 tr (S0^½ S1 S0^½)^½. With S_i = 4^h_i S_i' (S_i' of magnitude about 1) the fidelity
     * is 2^(h0+h1) times that of S0', S1'; the three terms are combined at the larger scale 4^h, so that
     * neither the traces nor the products overflow or underflow.
     */
    static double covarianceTerm(Gaussian p, Gaussian q, double[] eigenvalues, int from) {
        if (p.isModerate() && q.isModerate()) {
            return p.covariance().trace() + q.covariance().trace() - 2 * traceSqrtOfProduct(p, q, eigenvalues, from);
        }
        if (eigenvalues != null) Arrays.fill(eigenvalues, from, from + p.dimension(), Double.NaN);
        int h = Math.max(p.halfExponent(), q.halfExponent());
        return Math.scalb(scaledCovarianceTerm(p, q, h), 2 * h);
    }

    /** The covariance term divided by 4^h, for an h at least the larger of the two half exponents. */
    private static double scaledCovarianceTerm(Gaussian p, Gaussian q, int h) {
        int hp = p.halfExponent(), hq = q.halfExponent();
        Gaussian a = p.centredUnitScale(), b = q.centredUnitScale();
        return Math.scalb(a.covariance().trace(), 2 * (hp - h)) + Math.scalb(b.covariance().trace(), 2 * (hq - h))
                - 2 * Math.scalb(traceSqrtOfProduct(a, b, null, 0), hp + hq - 2 * h);
    }

    /** tr (S0^½ S1 S0^½)^½, the fidelity term (for covariances of moderate magnitude). */
    static double traceSqrtOfProduct(Gaussian p, Gaussian q, double[] eigenvalues, int from) {
        if (p.isPositiveDefinite()) return Congruence.traceSqrt(p.cholesky().get(), q.covariance(), eigenvalues, from);
        if (eigenvalues != null) Arrays.fill(eigenvalues, from, from + p.dimension(), Double.NaN);
        Matrix r = p.covarianceSqrt();
        return SymmetricEigen.traceSqrt(SymmetricEigen.eigenvalues(r.times(q.covariance()).times(r)));
    }

    /** W2² for each pair (a_i, b_i), in parallel. */
    public static double[] squaredDistances(List<Gaussian> a, List<Gaussian> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("batch lists differ in length: " + a.size() + " and " + b.size());
        return IntStream.range(0, a.size()).parallel().mapToDouble(i -> squaredDistance(a.get(i), b.get(i))).toArray();
    }

    /** The symmetric N×N matrix of W2² among the given Gaussians, in parallel. */
    public static Matrix pairwiseSquared(List<Gaussian> gs) {
        int n = gs.size();
        double[][] out = new double[n][n];
        gs.parallelStream().forEach(Gaussian::prepareFactors); // warm the per-Gaussian factors once
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = i + 1; j < n; j++) out[i][j] = squaredDistance(gs.get(i), gs.get(j));
        });
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) out[i][j] = out[j][i];
        return Matrix.of(out);
    }
}
