package org.monge.cli;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.EntropicGaussianResult;
import org.monge.gaussian.entropic.ReferenceCoupling;
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
                        + "reference."})
public final class EntropicGaussianCommand extends ReportingCommand {
    @Mixin GaussianPairOptions pair;

    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Regularisation ε > 0.")
    double epsilon;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Reference reference;

    @Option(names = "--out-cross-covariance", paramLabel = "FILE",
            description = "Where to write the optimal cross-covariance C (.npy or .csv).")
    Path outCross;

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

    /** The residual, or null (with a note) where S = B − Cᵀ A^−1 C is not numerically positive definite (extreme ε). */
    private Double residual(double v) {
        if (Double.isFinite(v)) return v;
        err().println("monge entropic-gaussian: the optimality residual is not computable "
                + "(S = B - C^T A^-1 C is not numerically positive definite); optimality_residual is null");
        err().flush();
        return null;
    }
}
