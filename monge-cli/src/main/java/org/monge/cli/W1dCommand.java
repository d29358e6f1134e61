package org.monge.cli;

import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.OneDimensionalGradient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code monge w1d}: W_p between two weighted samples on the line. */
@Command(name = "w1d", mixinStandardHelpOptions = true,
        description = "Wasserstein distance W_p between two weighted empirical measures on the real line (quantile coupling). Keys: "
                + "distance (W_p), cost (W_p^p; null when it is outside the double range though W_p is not).")
public final class W1dCommand extends ReportingCommand {
    @Option(names = "--u", paramLabel = "FILE", required = true, description = "Source points.") Path u;
    @Option(names = "--v", paramLabel = "FILE", required = true, description = "Target points.") Path v;
    @Option(names = "--u-weights", paramLabel = "FILE", description = "Source weights (default: uniform).") Path uw;
    @Option(names = "--v-weights", paramLabel = "FILE", description = "Target weights (default: uniform).") Path vw;
    @Option(names = "--p", defaultValue = "1", description = "Exponent p ≥ 1 (default: ${DEFAULT-VALUE}).") double p;
    @Option(names = "--grad-out", paramLabel = "PREFIX", description = "Gradient of the cost W_p^p: PREFIX_x.npy and PREFIX_y.npy for "
            + "the points --u and --v (vectors), PREFIX_a.npy and PREFIX_b.npy for their weights (centred: the gradient on the simplex "
            + "tangent; a subgradient where two cumulative weights tie).") String gradOut;

    @Override
    protected Report compute() throws Exception {
        double[] x = Inputs.vector(u, "--u"), y = Inputs.vector(v, "--v");
        double[] wx = uw == null ? null : Inputs.vector(uw, "--u-weights"), wy = vw == null ? null : Inputs.vector(vw, "--v-weights");
        OneDimensional.Value w = Options.tag(
                Map.of("p", "--p", "u", "--u", "v", "--v", "u weights", "--u-weights", "v weights", "--v-weights"),
                "--u-weights/--v-weights", () -> OneDimensional.value(x, wx, y, wy, p));
        if (w.distance() == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("--u/--v: W_p exceeds the largest double (1.8e308); rescale the points");
        }
        Double cost = w.cost();
        boolean costInRange = Double.isFinite(w.cost()) && !(w.cost() == 0 && w.distance() > 0);
        if (gradOut != null && !costInRange) {
            throw new IllegalArgumentException("--grad-out: W_p^p is outside the double range; rescale the points");
        }
        if (!costInRange) {
            err().printf(Locale.ROOT, "monge w1d: W_p^p = (%.17g)^p is outside the double range; cost is null%n", w.distance());
            err().flush();
            cost = null;
        }
        if (gradOut != null) {
            GradientFiles.stage(outputs, gradOut, OneDimensionalGradient.valueAndGradient(x, wx, y, wy, p), true);
        }
        return new Report().put("distance", w.distance()).put("cost", cost);
    }
}
