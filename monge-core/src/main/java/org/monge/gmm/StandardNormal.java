package org.monge.gmm;

/**
 * The standard normal distribution with tails computed to full relative precision: log φ, log Φ,
 * log Q (Q = 1 − Φ, the upper tail) and log(Φ(b) − Φ(a)) without cancellation.
 *
 * <p>Written by hand because no small, well-kept JVM library gives relative accuracy deep in the
 * tails (the information-matrix quadrature needs Φ near 1e-300). Method: Q(z) = φ(z) R(z) for z ≥ 0,
 * R the Mills ratio (R(z) = √(π/2) erfcx(z/√2), an entire function), from three Chebyshev series
 * evaluated by Clenshaw's recurrence: R on [0, 2.5] (degree 22) and on [2.5, 5] (degree 19), and z R(z)
 * in u = 25/z² on z ≥ 5 (degree 16; smooth at u = 0, the coefficients fall geometrically). The
 * coefficients are Chebyshev interpolants of mpmath's erfc at 40 digits, cut below 2e-18 of the
 * function (monge-core/tools/mills_ratio_chebyshev.py prints them). So log Q(z) = log φ(z) + log R(z)
 * never underflows and has no cancellation; Q(z) for z &lt; 0 is 1 − Q(−z) with Q(−z) ≤ ½.
 * Relative error of R below 3e-16 (about 1.3 units in the last place) on [0, ∞) (StandardNormalTest,
 * against 50-digit BigDecimal references). Cost: one series of at most 23 terms (the continued fraction
 * it replaces took up to ~100 Lentz steps near z = 2.5, the erf series below it up to ~40 terms).
 */
public final class StandardNormal {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Chebyshev coefficients (first term halved): R on [0, 2.5], R on [2.5, 5], z R(z) in u = 25/z² ∈ (0, 1]. */
private static final double[] LOW = {0.68517321704921439323, -0.42130691766362304302, 0.11244630896242476378, -0.026960958172740007523,
            0.0059294132290479249039, -0.0012129674302261074955, 0.00023313601194621270843, -0.000042420631642407190309,
            7.3504883866970921949e-6, -1.2186640751394126646e-6, 1.9407465212070498704e-7, -2.9783882042348101532e-8,
            4.4169062129154004900e-9, -6.3446501131095231874e-10, 8.8459197869585565182e-11, -1.1992435827978514385e-11,
            1.5834103035062251837e-12, -2.0390038441868635081e-13, 2.5640950850925587732e-14, -3.1523927666852058089e-15,
            3.7930499157181100674e-16, -4.4708528410386819980e-17, 5.1668058992262092120e-18};
    private static final double[] MID = {0.26194090033876544880, -0.079132873574391687565, 0.011384451906039229080,
            -0.0015686245949989562410, 0.00020791304225365676936, -0.000026603502086269767986, 3.2957958856649239909e-6,
            -3.9629008675213859823e-7, 4.6345452737760534830e-8, -5.2811341084635690673e-9, 5.8729773353806257893e-10,
            -6.3826867803133410740e-11, 6.7873152235188698562e-12, -7.0700124006996646259e-13, 7.2210493182231282553e-14,
            -7.2381515850954229288e-15, 7.1261695847445154845e-16, -6.8961859761236094042e-17, 6.5642111126261202292e-18,
            -6.1496411547554681231e-19};
    private static final double[] TAIL = {0.98155627071198089792, -0.017960879166851127591, 0.00046297205405012376267,
            -0.000018791552086025748245, 1.0137956784657837841e-6, -6.7033863521046757846e-8, 5.1818621784495364679e-9,
            -4.5414948736222370922e-10, 4.4170701970442757848e-11, -4.6932013301480881005e-12, 5.3827654318024095787e-13,
            -6.6018526389683265278e-14, 8.5936259633028438091e-15, -1.1799338708868937344e-15, 1.7001245484905802009e-16,
            -2.5595671082176911418e-17, 4.0115479021435834044e-18};

    private StandardNormal() {}

    public static double logPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    public static double pdf(double z) {
        return Math.exp(logPdf(z));
    }

    /** Φ(z). */
    public static double cdf(double z) {
        return Math.exp(logCdf(z));
    }

    /** log Φ(z), accurate in relative terms for every z (including z → −∞). */
    public static double logCdf(double z) {
        return logSurvival(-z);
    }

    /** log Q(z) = log(1 − Φ(z)), accurate in relative terms for every z. */
    public static double logSurvival(double z) {
        if (Double.isNaN(z)) throw new IllegalArgumentException("z must not be NaN");
        if (z >= 0) return logPdf(z) + Math.log(millsRatio(z));
        return Math.log1p(-Math.exp(logPdf(z)) * millsRatio(-z));
    }

    /** log(Φ(b) − Φ(a)) for a ≤ b (−∞ when a = b), without cancellation. */
    public static double logCdfDifference(double a, double b) {
        if (a > b) throw new IllegalArgumentException("logCdfDifference needs a <= b, got a = " + a + ", b = " + b);
        if (a == b) return Double.NEGATIVE_INFINITY;
        return logCdfDifference(a, b, logSmallerTail(a), logSmallerTail(b));
    }

    /** log min(Φ(z), Q(z)) = log Q(|z|), the tail on the side of z. */
    public static double logSmallerTail(double z) {
        return logSurvival(Math.abs(z));
    }

    /**
     * log(Φ(b) − Φ(a)) for a &lt; b from the endpoints' smaller tails ({@link #logSmallerTail}), so
     * that callers sharing an endpoint between differences compute its tail once.
     */
    static double logCdfDifference(double a, double b, double tailA, double tailB) {
        if (a >= 0) return tailA + log1mExp(tailB - tailA); // both upper tails: Q(a) − Q(b)
        if (b <= 0) return tailB + log1mExp(tailA - tailB); // both lower tails: Φ(b) − Φ(a)
        return log1mX(Math.exp(tailA) + Math.exp(tailB)); // a < 0 < b: 1 − Φ(a) − Q(b), each at most ½
    }

    /** log(1 − e^d) for d ≤ 0. */
    private static double log1mExp(double d) {
        return d < -0.6931471805599453 ? log1mX(Math.exp(d)) : Math.log(-Math.expm1(d));
    }

    /**
     * log(1 − x) for 0 ≤ x &lt; 1 without Math.log1p (not an intrinsic, and the quadrature calls this at
     * every node): below 2^-10 the series −Σ x^k/k to k = 7 (truncation below 2e-19 relative); above,
     * log y − ((y − 1) + x)/y with y = 1 − x rounded (y − 1 is exact there), the first-order correction
     * of the rounding of y.
     */
    static double log1mX(double x) {
        if (x >= 0x1p-10) {
            double y = 1 - x;
            return Math.log(y) - ((y - 1) + x) / y;
        }
        return -x * (1 + x * (1.0 / 2 + x * (1.0 / 3 + x * (1.0 / 4 + x * (1.0 / 5 + x * (1.0 / 6 + x / 7))))));
    }

    /** The Mills ratio Q(z)/φ(z) for z ≥ 0 (0 at +∞). */
    static double millsRatio(double z) {
        if (z <= 2.5) return clenshaw(LOW, 0.8 * z - 1);
        if (z <= 5) return clenshaw(MID, 0.8 * z - 3);
        double u = 25 / (z * z);
        return clenshaw(TAIL, 2 * u - 1) / z;
    }

    /** Σ' c_k T_k(x) (first term halved in the stored coefficients) by Clenshaw's recurrence. */
    private static double clenshaw(double[] c, double x) {
        double b1 = 0, b2 = 0, x2 = 2 * x;
        for (int k = c.length - 1; k >= 1; k--) {
            double b = x2 * b1 - b2 + c[k];
            b2 = b1;
            b1 = b;
        }
        return x * b1 - b2 + c[0];
    }
}
