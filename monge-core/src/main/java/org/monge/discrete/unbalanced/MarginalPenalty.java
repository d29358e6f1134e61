package org.monge.discrete.unbalanced;

import org.monge.discrete.entropic.KernelRows;

/**
 * How one marginal of {@link UnbalancedSinkhorn} is relaxed: the term D(π1 ‖ a) of the objective.
 * <ul>
 *   <li>{@link #kl KL}(τ): τ KL(p ‖ q) = τ Σ (p log(p/q) − p + q), mass created or destroyed at a price that grows
 *   with the relative change (Chizat, Peyré, Schmitzer &amp; Vialard 2018);</li>
 *   <li>{@link #tv TV}(ρ): ρ Σ |p − q|, mass created or destroyed at the fixed price ρ a unit (the same paper, and
 *   Séjourné, Feydy, Vialard, Trouvé &amp; Peyré 2019);</li>
 *   <li>{@link #exact() EXACT}: the constraint p = q (either kind with weight +∞).</li>
 * </ul>
 * Each enters the dual through the conjugate of its entropy function, which fixes the potential's update from the
 * log-sum-exp ℓ = LSE_j(log b_j + (g_j − c_ij)/ε): KL: f = −(τ/(τ + ε)) ε ℓ; TV: the balanced update −ε ℓ clamped to
 * [−ρ, ρ]; EXACT: −ε ℓ (docs/mathematics.md §6).
 */
public record MarginalPenalty(Kind kind, double weight) {
    public enum Kind { KL, TV, EXACT }

    private static final MarginalPenalty EXACT = new MarginalPenalty(Kind.EXACT, Double.POSITIVE_INFINITY);

    public MarginalPenalty {
        if (kind == null) throw new IllegalArgumentException("penalty kind must not be null");
        if (kind == Kind.EXACT ? weight != Double.POSITIVE_INFINITY : !(weight > 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("penalty weight of " + kind + " must be " + (kind == Kind.EXACT ? "+infinity"
                    : "positive and finite") + ", got " + weight);
        }
    }

    /** τ KL(π1 ‖ a); τ = +∞ is {@link #exact()}. */
    public static MarginalPenalty kl(double tau) {
        return of(Kind.KL, tau, "tau");
    }

    /** ρ TV(π1, a) = ρ Σ |π1 − a|; ρ = +∞ is {@link #exact()}. */
    public static MarginalPenalty tv(double rho) {
        return of(Kind.TV, rho, "rho");
    }

    /** The exact marginal constraint. */
    public static MarginalPenalty exact() {
        return EXACT;
    }

    private static MarginalPenalty of(Kind kind, double w, String name) {
        if (!(w > 0)) throw new IllegalArgumentException(name + " must be positive (or +infinity), got " + w);
        return w == Double.POSITIVE_INFINITY ? EXACT : new MarginalPenalty(kind, w);
    }

    public boolean isExact() { return kind == Kind.EXACT; }

    /** The potential that maximises the dual in it given the log-sum-exp ℓ of its row at ε. */
    double update(double lse, double eps) {
        return switch (kind) {
            case KL -> -weight / (weight + eps) * eps * lse;
            case TV -> Math.max(-weight, Math.min(weight, -eps * lse));
            case EXACT -> -eps * lse;
        };
    }

    /**
     * The potential moved ω' times as far as the plain update, from cur towards plain, with ω' = ω where that keeps
     * at least {@link KernelRows.Relaxation#KAPPA} of the plain step's increase of this coordinate's dual, else 1
     * (the safeguard of the balanced engines, written for this penalty's dual). For KL, with u = plain − cur and
     * the dual τ(1 − e^{−f/τ}) − ε S e^{f/ε} per unit of a (plain its maximiser), a step t·u raises it by A·G(t),
     * G(t) = −τ expm1(−t u/τ) − ε e^{−u/τ − u/ε} expm1(t u/ε), A = e^{−cur/τ} &gt; 0; near u = 0, G(t) ∝ t − t²/2.
     * An exact side is the balanced case; a TV side is not relaxed (its update is a clamp: beyond it lies the
     * edge of the dual's domain).
     */
    double relax(double cur, double plain, double omega, double eps) {
        if (omega == 1 || !Double.isFinite(cur) || !Double.isFinite(plain)) return plain;
        double u = plain - cur;
        double t = switch (kind) {
            case TV -> 1;
            case EXACT -> KernelRows.Relaxation.safe(omega, u / eps);
            case KL -> {
                double y = Math.abs(u) * (1 / weight + 1 / eps);
                if (y < 1e-3) yield omega * (2 - omega) >= KernelRows.Relaxation.KAPPA * (1 + y) ? omega : 1;
                double damp = Math.exp(-u / weight - u / eps);
                double gain1 = -weight * Math.expm1(-u / weight) - eps * damp * Math.expm1(u / eps);
                double gainW = -weight * Math.expm1(-omega * u / weight) - eps * damp * Math.expm1(omega * u / eps);
                yield gainW >= KernelRows.Relaxation.KAPPA * gain1 ? omega : 1;
            }
        };
        return t == 1 ? plain : cur + t * u;
    }

    /** The factor κ of the unclamped update f = −κ ε ℓ: τ/(τ + ε) for KL, 1 otherwise. */
    double kappa(double eps) {
        return kind == Kind.KL ? weight / (weight + eps) : 1;
    }

    /** The primal term D(p ‖ q); 0 for an exact marginal (a constraint). */
    double primal(double[] p, double[] q) {
        double s = 0;
        switch (kind) {
            case KL -> {
                for (int i = 0; i < p.length; i++) {
                    s += q[i] - p[i];
                    if (p[i] > 0) s += p[i] * Math.log(p[i] / q[i]);
                }
            }
            case TV -> {
                for (int i = 0; i < p.length; i++) s += Math.abs(p[i] - q[i]);
            }
            case EXACT -> { return 0; }
        }
        return weight * s;
    }

    /**
     * The dual term −⟨q, φ*(−h)⟩: −τ ⟨q, e^{−h/τ} − 1⟩ for KL, ⟨q, min(h, ρ)⟩ for TV (−∞ where h_i &lt; −ρ, outside
     * its domain, up to rounding), ⟨q, h⟩ for an exact marginal. Entries with q_i = 0 contribute nothing.
     */
    double dual(double[] q, double[] h) {
        double s = 0;
        for (int i = 0; i < q.length; i++) {
            if (q[i] == 0) continue;
            s += switch (kind) {
                case KL -> -weight * q[i] * Math.expm1(-h[i] / weight);
                case TV -> h[i] < -weight * (1 + 1e-12) ? Double.NEGATIVE_INFINITY : q[i] * Math.min(h[i], weight);
                case EXACT -> q[i] * h[i];
            };
        }
        return s;
    }

    /** The derivative in λ of {@link #dual}(q, h + λ): from the right or the left (they differ at a kink of TV). */
    double slope(double[] q, double[] h, double lambda, boolean right) {
        double s = 0;
        for (int i = 0; i < q.length; i++) {
            if (q[i] == 0) continue;
            s += switch (kind) {
                case KL -> q[i] * Math.exp(-(h[i] + lambda) / weight);
                case TV -> h[i] + lambda < weight || !right && h[i] + lambda == weight ? q[i] : 0;
                case EXACT -> q[i];
            };
        }
        return s;
    }

    /** The smallest λ with h + λ in the dual's domain: −ρ − min h for TV, −∞ otherwise. */
    double lowest(double[] q, double[] h) {
        if (kind != Kind.TV) return Double.NEGATIVE_INFINITY;
        double mn = Double.POSITIVE_INFINITY;
        for (int i = 0; i < q.length; i++) if (q[i] != 0) mn = Math.min(mn, h[i]);
        return -weight - mn;
    }

    @Override
    public String toString() {
        return kind == Kind.EXACT ? "EXACT" : kind + "(" + weight + ")";
    }
}
