package org.monge.linalg;

/**
 * Exact rescaling by powers of two for homogeneous formulas. The closed forms of Gaussian optimal
 * transport multiply covariances together (S0^½ S1 S0^½, Lᵀ S L), so entries beyond about 1e±154
 * overflow or underflow although the answer is representable. Dividing such inputs by a power of
 * two near their magnitude, solving, and multiplying the result back is exact (no rounding) and
 * keeps every intermediate near 1. Inputs of moderate magnitude are left alone, so the usual case
 * costs one comparison.
 */
public final class Scaling {
    /** Magnitudes in [1e-100, 1e100] (or 0) are computed as they are: their products of two or three stay normal. */
    private static final double LOW = 1e-100;
    private static final double HIGH = 1e100;

    private Scaling() {}

    /** True for 0 and magnitudes in [1e-100, 1e100]; false also for NaN and infinity. */
    public static boolean isModerate(double magnitude) {
        return magnitude == 0 || (magnitude >= LOW && magnitude <= HIGH);
    }

    /** The binary exponent of |x| (floor of log2), also for subnormal x; 0 for 0 and for non-finite x. */
    public static int exponent(double x) {
        if (x == 0 || !Double.isFinite(x)) return 0;
        int e = Math.getExponent(x);
        return e >= Double.MIN_EXPONENT ? e : Math.getExponent(x * 0x1.0p54) - 54;
    }

    /** The h with magnitude·2^(−2h) in [1, 4): dividing a covariance by 4^h, its square roots and means by 2^h. */
    public static int halfExponent(double magnitude) {
        return Math.floorDiv(exponent(magnitude), 2);
    }

    /** v·2^exponent, entry by entry (a new array). */
    public static double[] scalb(double[] v, int exponent) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.scalb(v[i], exponent);
        return out;
    }

    /** v itself when finite; otherwise the range error: {@code what} is out of range (its magnitude exceeds the largest double). */
    public static double requireRepresentable(double v, String what) {
        if (Double.isFinite(v)) return v;
        throw new IllegalArgumentException(what + " is out of range: its magnitude exceeds the largest double (about 1.8e308); "
                + "the inputs are too large in scale");
    }
}
