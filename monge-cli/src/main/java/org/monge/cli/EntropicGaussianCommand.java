package org.monge.cli;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.EntropicGaussianResult;
import org.monge.gaussian.entropic.ReferenceCoupling;
import org.monge.gaussian.entropic.UnbalancedEntropicGaussian;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code monge entropic-gaussian}: entropic OT between Gaussians with a Gaussian reference coupling, in closed form. */
@Command(name = "entropic-gaussian", mixinStandardHelpOptions = true,
        description = {"Entropic OT between N(mean0, cov0) and N(mean1, cov1), min E|X-Y|² + 2ε KL(π ‖ reference), in closed form.",
                "Keys: cost, w2_squared, bias, cross_covariance, dual_gap, optimality_residual (null where not computable), epsilon, "
                        + "reference.",
                "With --tau (or --tau-a, --tau-b) the unbalanced problem between mass0 N(mean0, cov0) and mass1 N(mean1, cov1): "
                        + "min ∫|x-y|² dπ + 2ε KL(π ‖ α⊗β) + τ_a KL(π_1 ‖ α) + τ_b KL(π_2 ‖ β) over π ≥ 0, product reference only. "
                        + "Keys: cost, mass (of the optimal plan m N(mean, covariance)), mass0, mass1, mean, covariance, "
                        + "cross_covariance, dual_gap, epsilon, tau_a, tau_b."})
public final class EntropicGaussianCommand extends ReportingCommand {
    @Mixin GaussianPairOptions pair;

    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Regularisation ε > 0.")
    double epsilon;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Reference reference;

    @Option(names = "--out-cross-covariance", paramLabel = "FILE",
            description = "Where to write the optimal cross-covariance C (.npy or .csv).")
    Path outCross;

    @Option(names = "--tau", paramLabel = "T",
            description = "Unbalanced OT: penalty τ of KL(π_1 ‖ α) and KL(π_2 ‖ β) (> 0, finite); the inputs may then differ in mass.")
    Double tau;

    @Option(names = "--tau-a", paramLabel = "T", description = "Unbalanced OT: penalty of the first marginal only (overrides --tau).")
    Double tauA;

    @Option(names = "--tau-b", paramLabel = "T", description = "Unbalanced OT: penalty of the second marginal only (overrides --tau).")
    Double tauB;

    @Option(names = "--mass0", paramLabel = "M", description = "Unbalanced OT: mass of the first measure (> 0, default 1).")
    Double mass0;

    @Option(names = "--mass1", paramLabel = "M", description = "Unbalanced OT: mass of the second measure (> 0, default 1).")
    Double mass1;

    static final class Reference {
        @Option(names = "--reference", paramLabel = "product", description = "The product of the marginals (the default).")
        String kind;
        @Option(names = "--correlation", paramLabel = "FILE",
                description = "Correlation matrix R (d×d, ‖R‖₂ < 1): reference with the input marginals.")
        Path correlation;
        @Option(names = "--reference-cov", paramLabel = "FILE", description = "Any positive-definite reference covariance K (2d×2d).")
        Path covariance;
    }

    @Override
    protected Report compute() throws Exception {
        Gaussian p = pair.first(), q = pair.second();
        if (p.dimension() != q.dimension()) {
            throw new IllegalArgumentException("--cov0 and --cov1 differ in dimension: " + p.dimension() + " and " + q.dimension());
        }
        if (tau != null || tauA != null || tauB != null) return unbalanced(p, q);
        if (mass0 != null || mass1 != null) {
            throw new IllegalArgumentException((mass0 != null ? "--mass0" : "--mass1")
                    + ": masses are for the unbalanced problem; add --tau");
        }
        // --epsilon is in range (OptionRules), so building the solver cannot fail
        EntropicGaussian solver = EntropicGaussian.withEpsilon(epsilon);
        if (reference != null && reference.kind != null && !reference.kind.equals("product")) {
            throw new IllegalArgumentException("--reference must be 'product' (use --correlation or --reference-cov for the others), got '"
                    + reference.kind + "'");
        }
        String name = "product", referenceOption = "--cov0/--cov1"; // what else fails is the covariances' scale
        if (reference != null && reference.correlation != null) {
            name = "correlation";
            referenceOption = "--correlation";
            Matrix m = Inputs.matrix(reference.correlation, referenceOption);
            solver = solver.withReference(Options.tag(referenceOption, () -> ReferenceCoupling.correlated(m)));
        } else if (reference != null && reference.covariance != null) {
            name = "covariance";
            referenceOption = "--reference-cov";
            Matrix m = Inputs.matrix(reference.covariance, referenceOption);
            solver = solver.withReference(Options.tag(referenceOption, () -> ReferenceCoupling.covariance(m)));
        }
        EntropicGaussian s = solver;
        EntropicGaussianResult r = Options.tag(Map.of("first covariance", "--cov0", "second covariance", "--cov1", "epsilon", "--epsilon"),
                referenceOption, () -> s.solve(p, q));
        if (outCross != null) outputs.array(outCross, "--out-cross-covariance", NdArray.of(r.crossCovariance()));
        return new Report().put("cost", r.cost()).put("w2_squared", r.w2Squared()).put("bias", r.bias())
                .put("cross_covariance", r.crossCovariance()).put("dual_gap", r.dualGap())
                .put("optimality_residual", residual(r.optimalityResidual())).put("epsilon", epsilon).put("reference", name);
    }

    /** The unbalanced closed form (UnbalancedEntropicGaussian), product reference only. */
    private Report unbalanced(Gaussian p, Gaussian q) throws Exception {
        if (reference != null) {
            throw new IllegalArgumentException("--tau: the unbalanced closed form has the product reference only; drop "
                    + (reference.kind != null ? "--reference" : reference.correlation != null ? "--correlation" : "--reference-cov"));
        }
        finite(tau, "--tau");
        finite(tauA, "--tau-a");
        finite(tauB, "--tau-b");
        if (tau == null && (tauA == null || tauB == null)) {
            throw new IllegalArgumentException((tauA == null ? "--tau-a" : "--tau-b")
                    + ": give both --tau-a and --tau-b, or --tau (an exact marginal is not supported by the closed form)");
        }
        double ta = tauA == null ? tau : tauA, tb = tauB == null ? tau : tauB;
        double ma = mass0 == null ? 1 : mass0, mb = mass1 == null ? 1 : mass1;
        UnbalancedEntropicGaussian solver = UnbalancedEntropicGaussian.withEpsilon(epsilon).withTauA(ta).withTauB(tb);
        UnbalancedEntropicGaussian.Result r = Options.tag(Map.of("covariance", "--cov0/--cov1", "the transported mass", "--mass0/--mass1"),
                "--cov0/--cov1", () -> solver.solve(p, ma, q, mb));
        if (outCross != null) outputs.array(outCross, "--out-cross-covariance", NdArray.of(r.crossCovariance()));
        return new Report().put("cost", r.cost()).put("mass", r.mass()).put("mass0", ma).put("mass1", mb)
                .put("mean", r.plan().mean()).put("covariance", r.plan().covariance()).put("cross_covariance", r.crossCovariance())
                .put("dual_gap", r.dualGap()).put("epsilon", epsilon).put("tau_a", ta).put("tau_b", tb);
    }

    private static void finite(Double t, String option) {
        if (t != null && t.isInfinite()) {
            throw new IllegalArgumentException(option
                    + ": must be finite for the unbalanced closed form (leave --tau out for the balanced one)");
        }
    }

    /** The residual, or null (with a note) where S = B − Cᵀ A^−1 C is not numerically positive definite (extreme ε). */
    private Double residual(double v) {
        if (Double.isFinite(v)) return v;
        err().println("monge entropic-gaussian: the optimality residual is not computable "
                + "(S = B - C^T A^-1 C is not numerically positive definite); optimality_residual is null");
        err().flush();
        return null;
    }
}
