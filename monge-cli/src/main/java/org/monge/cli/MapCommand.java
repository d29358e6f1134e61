package org.monge.cli;

import org.monge.discrete.entropic.Sinkhorn;
import org.monge.io.NdArray;
import org.monge.io.TransportMapFiles;
import org.monge.linalg.Matrix;
import org.monge.maps.EmdTransport;
import org.monge.maps.EntropicMap;
import org.monge.maps.LinearMap;
import org.monge.maps.MixtureMap;
import org.monge.maps.MonotoneMap;
import org.monge.maps.SinkhornL1l2Transport;
import org.monge.maps.SinkhornLpl1Transport;
import org.monge.maps.SinkhornTransport;
import org.monge.maps.TransportMap;
import org.monge.maps.UnbalancedSinkhornTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code monge map fit|apply}: transport maps fitted to two samples, saved as .npz, applied to new points. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Transport maps: fit one between two samples and save it (.npz), apply a saved one to new points.",
        subcommands = {MapCommand.Fit.class, MapCommand.Apply.class})
public final class MapCommand extends CommandGroup {

    /** The methods of {@code map fit}. */
    enum Method {
        ENTROPIC, SINKHORN, UNBALANCED, SINKHORN_LPL1, SINKHORN_L1L2, EXACT, LINEAR, GAUSSIAN, MONOTONE, MIXTURE;

        /** The name on the command line: lower case, words joined by '-'. */
        String option() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        /** Whether the method takes source labels (--labels, --eta, --outer-iter). */
        boolean classRegularised() { return this == SINKHORN_LPL1 || this == SINKHORN_L1L2; }
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Fit a transport map from the points --x to the points --y (uniform weights). Methods: entropic (the "
                    + "entropic map of Pooladian & Niles-Weed from Sinkhorn's potential, smooth on new points; needs --epsilon), "
                    + "sinkhorn and unbalanced (barycentric projection of the entropic or unbalanced plan, POT's ot.da rule for new "
                    + "points; --epsilon, and --tau for unbalanced), sinkhorn-lpl1 and sinkhorn-l1l2 (the class-regularised plans of "
                    + "POT's SinkhornLpl1Transport and SinkhornL1l2Transport, group lasso with source --labels and weight --eta; "
                    + "--epsilon), exact (barycentric projection of the exact plan), linear or "
                    + "gaussian (the Brenier map between Gaussian fits, covariances + --reg·I), monotone (1-D quantile map), "
                    + "mixture (between --k-component Gaussian mixtures fitted by EM). Keys: kind, method, dimension, converged, "
                    + "iterations, out.")
    static final class Fit extends ReportingCommand {
        @Option(names = "--x", paramLabel = "FILE", required = true, description = "Source points, n×d (.npy or .csv).") Path x;
        @Option(names = "--y", paramLabel = "FILE", required = true, description = "Target points, m×d (.npy or .csv).") Path y;
        @Option(names = "--method", required = true, description = "entropic, sinkhorn, unbalanced, sinkhorn-lpl1, sinkhorn-l1l2, "
                + "exact, linear, gaussian, monotone or mixture.") String method;
        @Option(names = "--epsilon", description = "Entropic regularisation ε (entropic, sinkhorn, unbalanced, sinkhorn-lpl1, "
                + "sinkhorn-l1l2).") Double epsilon;
        @Option(names = "--tau", defaultValue = "1", description = "Marginal penalty τ of unbalanced (default: ${DEFAULT-VALUE}).")
        double tau;
        @Option(names = "--labels", paramLabel = "FILE", description = "Class labels of the --x points, n integers (.npy or .csv; "
                + "sinkhorn-lpl1, sinkhorn-l1l2).") Path labels;
        @Option(names = "--eta", description = "Weight η of the class term (POT's reg_cl; sinkhorn-lpl1, sinkhorn-l1l2; default 0.1, "
                + "POT's).") Double eta;
        @Option(names = "--outer-iter", description = "Majorisation or conditional-gradient steps (POT's max_iter; sinkhorn-lpl1, "
                + "sinkhorn-l1l2; default 10, POT's); --tol and --max-iter apply to each inner Sinkhorn solve.") Integer outerIter;
        @Option(names = "--reg", defaultValue = "1e-8", description = "Covariance regularisation of linear/gaussian "
                + "(default: ${DEFAULT-VALUE}, POT's).") double reg;
        @Option(names = "--k", defaultValue = "2", description = "Mixture components a side (default: ${DEFAULT-VALUE}).") int k;
        @Option(names = "--seed", defaultValue = "0", description = "Seed of EM (default: ${DEFAULT-VALUE}).") long seed;
        @Option(names = "--tol", defaultValue = "1e-9", description = "Sinkhorn's marginal tolerance (default: ${DEFAULT-VALUE}).")
        double tol;
        @Option(names = "--max-iter", defaultValue = "100000", description = "Iteration limit (default: ${DEFAULT-VALUE}).") int maxIter;
        @Option(names = "--out", paramLabel = "MODEL.npz", required = true, description = "Where to write the map (.npz).") Path out;

        @Override
        protected Report compute() throws Exception {
            Method m = method(method);
            Matrix xs = Inputs.points(x, "--x"), xt = Inputs.points(y, "--y");
            if (xs.cols() != xt.cols()) {
                throw new IllegalArgumentException("--y " + y + ": points of dimension " + xt.cols()
                        + ", but --x has dimension " + xs.cols());
            }
            boolean entropic = m == Method.ENTROPIC || m == Method.SINKHORN || m == Method.UNBALANCED || m.classRegularised();
            if (entropic && epsilon == null) throw new IllegalArgumentException("--epsilon is required by --method " + method);
            if (!entropic && epsilon != null) throw new IllegalArgumentException("--epsilon is not used by --method " + method);
            if (m.classRegularised() && labels == null) throw new IllegalArgumentException("--labels is required by --method " + method);
            if (!m.classRegularised()) {
                Map<String, Object> given = new LinkedHashMap<>();
                given.put("--labels", labels);
                given.put("--eta", eta);
                given.put("--outer-iter", outerIter);
                given.forEach((option, value) -> {
                    if (value != null) throw new IllegalArgumentException(option + " is not used by --method " + method);
                });
            }
            int[] ys = m.classRegularised() ? labels(labels, xs.rows()) : null;
            double classWeight = eta == null ? 0.1 : eta;
            int outer = outerIter == null ? 10 : outerIter;
            Map<String, String> optionOf = Map.of("epsilon", "--epsilon", "eta", "--eta", "outerIterations", "--outer-iter",
                    "tolerance", "--tol", "maxIterations", "--max-iter", "ys", "--labels");
            GmmCommand.ProgressLine line = new GmmCommand.ProgressLine(err(), "map fit", System::nanoTime);
            Sinkhorn.Progress progress = (it, eps, error) -> line.offer(() -> String.format(Locale.ROOT,
                    "Sinkhorn iteration %d at ε %.3g, marginal error %.3g", it, eps, error));
            TransportMap map;
            boolean converged = true;
            int iterations = 0;
            switch (m) {
                case ENTROPIC -> {
                    EntropicMap.Fit f = Options.tag("--x/--y", () -> EntropicMap.fit(xs, xt, Sinkhorn.withEpsilon(epsilon)
                            .withTolerance(tol).withMaxIterations(maxIter).withProgress(progress)));
                    map = f.map();
                    converged = f.result().converged();
                    iterations = f.result().iterations();
                }
                case SINKHORN -> {
                    SinkhornTransport.Result r = Options.tag("--x/--y", () -> SinkhornTransport.withEpsilon(epsilon).withTolerance(tol)
                            .withMaxIterations(maxIter).fit(xs, xt));
                    map = r.map();
                    converged = r.converged();
                    iterations = r.solution().iterations();
                }
                case UNBALANCED -> {
                    UnbalancedSinkhornTransport.Result r = Options.tag("--x/--y", () -> UnbalancedSinkhornTransport.of(epsilon, tau)
                            .withTolerance(tol).withMaxIterations(maxIter).fit(xs, xt));
                    map = r.map();
                    converged = r.converged();
                    iterations = r.solution().iterations();
                }
                case SINKHORN_LPL1 -> {
                    SinkhornLpl1Transport.Result r = Options.tag(optionOf, "--x/--y", () -> SinkhornLpl1Transport.of(epsilon, classWeight)
                            .withOuterIterations(outer).withTolerance(tol).withMaxIterations(maxIter).fit(xs, ys, xt));
                    map = r.map();
                    converged = r.converged();
                    iterations = r.outerIterations();
                }
                case SINKHORN_L1L2 -> {
                    SinkhornL1l2Transport.Result r = Options.tag(optionOf, "--x/--y", () -> SinkhornL1l2Transport.of(epsilon, classWeight)
                            .withOuterIterations(outer).withTolerance(tol).withMaxIterations(maxIter).fit(xs, ys, xt));
                    map = r.map();
                    converged = r.converged();
                    iterations = r.outerIterations();
                }
                case EXACT -> {
                    EmdTransport.Result r = Options.tag("--x/--y", () -> EmdTransport.defaults().withMaxIterations(maxIter).fit(xs, xt));
                    map = r.map();
                    converged = r.converged();
                    iterations = r.solution().iterations();
                }
                case LINEAR, GAUSSIAN -> map = Options.tag("--x/--y", () -> LinearMap.fit(xs, xt, reg));
                case MONOTONE -> {
                    if (xs.cols() != 1) {
                        throw new IllegalArgumentException("--method monotone needs 1-D points, --x has dimension " + xs.cols());
                    }
                    map = Options.tag("--x/--y", () -> MonotoneMap.fit(xs.toRowMajor(), null, xt.toRowMajor(), null));
                }
                case MIXTURE -> map = Options.tag("--x/--y", () -> MixtureMap.fit(xs, xt, k, k, seed));
                default -> throw new IllegalStateException(m.toString());
            }
            if (!converged && m.classRegularised()) {
                throw new IllegalArgumentException("--method " + method + ": an inner Sinkhorn solve did not reach --tol in --max-iter "
                        + maxIter + " iterations (raise --max-iter, --tol or --epsilon); no model written");
            }
            if (!converged) {
                throw new IllegalArgumentException("--method " + method + ": the solver did not converge in " + iterations
                        + " iterations (raise --max-iter, --tol or --epsilon); no model written");
            }
            TransportMap fitted = map;
            outputs.file(out, "--out", tmp -> TransportMapFiles.write(tmp, fitted));
            return new Report().put("kind", map.kind()).put("method", m.option()).put("dimension", map.dimension())
                    .put("converged", converged).put("iterations", iterations).put("out", out.toString());
        }

        private static Method method(String s) {
            for (Method m : Method.values()) if (m.option().equals(s.toLowerCase(Locale.ROOT))) return m;
            throw new IllegalArgumentException("--method must be one of " + String.join(", ",
                    Arrays.stream(Method.values()).map(Method::option).toList()) + "; got " + s);
        }

        /** The --labels file as n integer class labels. */
        private int[] labels(Path file, int n) throws IOException {
            double[] v = Inputs.vector(file, "--labels");
            if (v.length != n) {
                throw new IllegalArgumentException("--labels " + file + ": " + v.length + " labels, but --x has " + n + " points");
            }
            int[] ys = new int[n];
            for (int i = 0; i < n; i++) {
                if (!(v[i] == Math.rint(v[i]) && Math.abs(v[i]) <= Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException("--labels " + file + ": entry " + i + " is " + v[i]
                            + ", not an integer class label");
                }
                ys[i] = (int) v[i];
            }
            return ys;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Apply a map saved by `map fit` to new points. Keys: kind, points, dimension, out.")
    static final class Apply extends ReportingCommand {
        @Option(names = "--model", paramLabel = "MODEL.npz", required = true, description = "A map written by `monge map fit`.")
        Path model;
        @Option(names = "--x", paramLabel = "FILE", required = true, description = "New points, n×d (.npy or .csv).") Path x;
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write their images (n×d).") Path out;

        @Override
        protected Report compute() throws Exception {
            TransportMap map = read(model);
            Matrix pts = Inputs.points(x, "--x");
            if (pts.cols() != map.dimension()) {
                throw new IllegalArgumentException("--x " + x + ": points of dimension " + pts.cols()
                        + ", but the --model map takes dimension " + map.dimension());
            }
            Matrix images = Options.tag("--x " + x, () -> map.apply(pts));
            outputs.array(out, "--out", NdArray.of(images));
            return new Report().put("kind", map.kind()).put("points", pts.rows()).put("dimension", map.dimension())
                    .put("out", out.toString());
        }

        static TransportMap read(Path p) throws IOException {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--model: no such file " + p);
            try {
                return TransportMapFiles.read(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model " + e.getMessage(), e);
            }
        }
    }
}
