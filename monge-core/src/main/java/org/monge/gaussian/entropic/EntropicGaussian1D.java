package org.monge.gaussian.entropic;

import org.monge.linalg.Scaling;

/**
 * Entropic OT between N(m0, a²) and N(m1, b²) on the line with the reference that has these
 * marginals and correlation ρ (ρ = 0: the product reference), in closed form (docs/mathematics.md §2):
 * <pre>
 *   G = 1 + ερ/((1 − ρ²) a b),   C = 2 a² b² G / (ε + √(ε² + 4 a² b² G²)),
 *   OT = (m0 − m1)² + a² + b² − 2C
 *        + ε [ 2/(1 − ρ²) − 2ρC/((1 − ρ²) a b) − 2 + log(a² b² (1 − ρ²)) − log(a² b² − C²) ].
 * </pre>
 * O(1) per evaluation, for plotting and searches over ε and ρ. Numerical precautions: with u = C/(ab)
 * the bracket is 2ρ(ρ − u)/(1 − ρ²) + log(1 − ρ²) − log(1 − u²), so no O(1) terms cancel for the
 * product reference at large ε (log1p(−u²)), and 1 − u² is formed as (ab − C)(ab + C)/(ab)² as
 * ε → 0 where C → ab; √(ε² + 4a²b²G²) is a hypot. Standard deviations outside [1e-50, 1e50] (a²b² would
 * leave the normal range) are divided by a power of two 2^k together with ε by 4^k, the problem being
 * homogeneous (C and the cost scale by 4^k); where no k keeps both in range, they are refused as out of range.
 */
public final class EntropicGaussian1D {
    private EntropicGaussian1D() {}

    private static final double LOW = 1e-50;
    private static final double HIGH = 1e50;
    /** ε/4^k is kept within 2^±990 when a and b are rescaled. */
    private static final int EPSILON_EXPONENT_RANGE = 990;

    /** The optimal cross-covariance C. */
    public static double crossCovariance(double a, double b, double rho, double epsilon) {
        check(a, b, rho, epsilon);
        if (moderate(a, b)) return crossCovarianceDirect(a, b, rho, epsilon);
        int k = rescaling(a, b, epsilon);
        return Math.scalb(crossCovarianceDirect(Math.scalb(a, -k), Math.scalb(b, -k), rho, Math.scalb(epsilon, -2 * k)), 2 * k);
    }

    private static double crossCovarianceDirect(double a, double b, double rho, double epsilon) {
        double g = 1 + epsilon * rho / ((1 - rho * rho) * a * b);
        return 2 * a * a * b * b * g / (epsilon + Math.hypot(epsilon, 2 * a * b * g));
    }

    /** OT_{ε,ρ} between centred N(0, a²) and N(0, b²). */
    public static double cost(double a, double b, double rho, double epsilon) {
        check(a, b, rho, epsilon);
        if (moderate(a, b)) return costDirect(a, b, rho, epsilon);
        int k = rescaling(a, b, epsilon);
        return Math.scalb(costDirect(Math.scalb(a, -k), Math.scalb(b, -k), rho, Math.scalb(epsilon, -2 * k)), 2 * k);
    }

    private static double costDirect(double a, double b, double rho, double epsilon) {
        double c = crossCovarianceDirect(a, b, rho, epsilon);
        double ab = a * b, u = c / ab, s = 1 - rho * rho;
        // the bracket rewritten with u = C/(ab): 2ρ(ρ − u)/(1 − ρ²) + log(1 − ρ²) − log(1 − u²), the last by
        // log1p for small u (large ε) and as log((ab − C)(ab + C)/(ab)²) for u near 1 (small ε)
        double logOneMinusU2 = Math.abs(u) < 0.5 ? Math.log1p(-u * u) : Math.log((ab - c) / ab) + Math.log1p(u);
        return a * a + b * b - 2 * c + epsilon * (2 * rho * (rho - u) / s + Math.log1p(-rho * rho) - logOneMinusU2);
    }

    /** OT_{ε,ρ} − W2² = OT_{ε,ρ} − (a − b)² (means do not change the bias). */
    public static double bias(double a, double b, double rho, double epsilon) {
        return cost(a, b, rho, epsilon) - (a - b) * (a - b);
    }

    private static boolean moderate(double a, double b) {
        return a >= LOW && a <= HIGH && b >= LOW && b <= HIGH;
    }

    /** The k for which a/2^k, b/2^k and ε/4^k are all in range: the geometric middle of a and b, moved to keep ε/4^k normal. */
    private static int rescaling(double a, double b, double epsilon) {
        int e = Scaling.exponent(epsilon);
        int k = Math.floorDiv(Scaling.exponent(a) + Scaling.exponent(b), 2);
        k = Math.max(Math.min(k, Math.floorDiv(e + EPSILON_EXPONENT_RANGE, 2)), -Math.floorDiv(EPSILON_EXPONENT_RANGE - e, 2));
        if (!moderate(Math.scalb(a, -k), Math.scalb(b, -k))) {
            throw new IllegalArgumentException("standard deviations " + a + " and " + b + " with epsilon " + epsilon
                    + " are out of range: a and b must lie within about 1e100 of each other and epsilon within about 1e200 of a·b");
        }
        return k;
    }

    private static void check(double a, double b, double rho, double epsilon) {
        if (!(a > 0) || !Double.isFinite(a)) {
            throw new IllegalArgumentException("standard deviation a must be positive and finite, got " + a);
        }
        if (!(b > 0) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("standard deviation b must be positive and finite, got " + b);
        }
        if (!(Math.abs(rho) < 1)) throw new IllegalArgumentException("correlation rho must lie in (-1, 1), got " + rho);
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
    }
}
