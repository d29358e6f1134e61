package org.monge.discrete.gromov;

import java.util.Locale;

/**
 * The loss L(C1_ik, C2_jl) that GW sums over pairs of pairs, in the separable form of Peyré, Cuturi &amp; Solomon
 * (ICML 2016, Prop. 1), L(x, y) = f1(x) + f2(y) − h1(x) h2(y), which makes the tensor product L ⊗ T a sum of two
 * rank-one terms and one matrix product (see {@link LossTensor}).
 * <ul>
 *   <li>{@link #SQUARE}: L = (x − y)², with f1 = x², f2 = y², h1 = x, h2 = 2y.</li>
 *   <li>{@link #KL}: L = x log(x / y) − x + y, the generalised Kullback–Leibler divergence for non-negative matrices
 *       (Peyré et al. 2016, Sec. 2.2), with f1 = x log x − x, f2 = y, h1 = x, h2 = log y. The logarithms are taken at
 *       x + δ and y + δ with δ = 1e-15, as POT's {@code kl_loss} does, so that the zero diagonal of a distance matrix
 *       gives a large finite loss rather than an infinite one.</li>
 * </ul>
 */
public enum GromovLoss {
    SQUARE {
        @Override double f1(double x) { return x * x; }
        @Override double f2(double y) { return y * y; }
        @Override double h1(double x) { return x; }
        @Override double h2(double y) { return 2 * y; }
    },
    KL {
        @Override double f1(double x) { return x * Math.log(x + FLOOR) - x; }
        @Override double f2(double y) { return y; }
        @Override double h1(double x) { return x; }
        @Override double h2(double y) { return Math.log(y + FLOOR); }
    };

    /** The δ inside the KL loss's logarithms. */
    static final double FLOOR = 1e-15;

    abstract double f1(double x);

    abstract double f2(double y);

    abstract double h1(double x);

    abstract double h2(double y);

    /** The loss by its name: "square" (or "square_loss") or "kl" (or "kl_loss"), as POT names them. */
    public static GromovLoss named(String name) {
        if (name == null) throw new IllegalArgumentException("loss must not be null");
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "square", "square_loss" -> SQUARE;
            case "kl", "kl_loss" -> KL;
            default -> throw new IllegalArgumentException("loss must be square or kl, got " + name);
        };
    }
}
