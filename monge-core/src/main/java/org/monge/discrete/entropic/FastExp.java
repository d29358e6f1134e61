package org.monge.discrete.entropic;

/**
 * e^x in a form HotSpot's C2 compiles to SIMD code inside a counted loop, for the on-the-fly
 * log-sum-exp of the point-cloud Sinkhorn, where one exponential per pair of points is the whole
 * cost. {@link Math#exp} is an intrinsic call that C2 cannot vectorise (3.5 ns a call on the
 * reference machine); this one is straight-line arithmetic (0.85 ns in a loop).
 *
 * <p>Method: e^x = (e^(x/128))^128, the inner exponential by its Taylor polynomial of degree 16
 * in Horner form with fused multiply-adds (|x/128| ≤ ½: truncation error below 2e-20), then
 * seven squarings, which are exact up to rounding but multiply the polynomial's relative error by
 * 128. Relative error below 3e-14 for x in [−64, 64] (measured against {@link StrictMath#exp} on
 * 10^6 points, and checked in FastExpTest). Written by hand because no library offers a
 * vectorisable exponential on JDK 17 without incubator modules. Arguments are clamped to
 * [−64, 64]: callers treat e^−64 ≈ 1.6e-28 as negligible and e^64 ≈ 6.2e27 as "out of range".
 */
public final class FastExp {
    public static final double LIMIT = 64;

    private FastExp() {}

    /** e^x for x in [−64, 64] within 3e-14 relative; clamped outside. */
    public static double exp(double x) {
        double r = Math.max(Math.min(x, LIMIT), -LIMIT) * 0x1p-7;
        double p = 1.0 / 20922789888000.0; // 1/16!
        p = Math.fma(p, r, 1.0 / 1307674368000.0);
        p = Math.fma(p, r, 1.0 / 87178291200.0);
        p = Math.fma(p, r, 1.0 / 6227020800.0);
        p = Math.fma(p, r, 1.0 / 479001600.0);
        p = Math.fma(p, r, 1.0 / 39916800.0);
        p = Math.fma(p, r, 1.0 / 3628800.0);
        p = Math.fma(p, r, 1.0 / 362880.0);
        p = Math.fma(p, r, 1.0 / 40320.0);
        p = Math.fma(p, r, 1.0 / 5040.0);
        p = Math.fma(p, r, 1.0 / 720.0);
        p = Math.fma(p, r, 1.0 / 120.0);
        p = Math.fma(p, r, 1.0 / 24.0);
        p = Math.fma(p, r, 1.0 / 6.0);
        p = Math.fma(p, r, 0.5);
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p * p;
    }
}
