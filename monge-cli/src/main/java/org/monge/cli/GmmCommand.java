package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.gaussian.Gaussian;
import org.monge.gmm.ExpectationMaximization;
import org.monge.gmm.ExtendedMixtureEnergy;
import org.monge.gmm.ExtendedMixtureFlow;
import org.monge.gmm.FlowComparison;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.MixtureBarycenter;
import org.monge.gmm.LatticeLimit;
import org.monge.gmm.LatticeProblem;
import org.monge.gmm.MixtureGradientFlow;
import org.monge.gmm.MixtureParameters;
import org.monge.gmm.MixtureGradient;
import org.monge.gmm.MixturePotential;
import org.monge.gmm.MixtureTransport;
import org.monge.gmm.WassersteinInformation;
import org.monge.io.NdArray;
import org.monge.io.Npz;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** {@code monge gmm ...}: Gaussian mixtures — EM fitting, MW2, the Wasserstein information matrix, gradient flows. */
@Command(name = "gmm", mixinStandardHelpOptions = true,
        description = "Gaussian mixtures: EM fit, OT between mixtures (MW2), the Wasserstein information matrix, gradient flows.",
        subcommands = {GmmCommand.Fit.class, GmmCommand.W2.class, GmmCommand.InfoMatrix.class, GmmCommand.Flow.class,
                GmmCommand.Barycenter.class})
public final class GmmCommand extends CommandGroup {

    /** Reads a mixture from an .npz with arrays weights (K), means (K×d or K), covs (K×d×d, or K variances in 1-D). */
    static GaussianMixture readMixture(Path p, String option) throws IOException {
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException(option + ": no such file " + p);
        Map<String, NdArray> a;
        try {
            a = Npz.read(p, "weights", "means", "covs");
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException(option + " " + p + ": cannot read it as .npz: " + e.getMessage(), e);
        }
        return Options.tag(option + " " + p, () -> mixture(a, p));
    }

    /** The mixture of the arrays weights, means and covs of an .npz. */
    private static GaussianMixture mixture(Map<String, NdArray> a, Path p) {
        double[] w = Npz.require(a, "weights", p).toVector("weights");
        NdArray m = Npz.require(a, "means", p), c = Npz.require(a, "covs", p);
        int k = w.length;
        if (m.rank() < 1 || m.rank() > 2) {
            throw new IllegalArgumentException("means must be K×d or K, got shape " + Arrays.toString(m.shape()));
        }
        if (m.shape()[0] != k) {
            throw new IllegalArgumentException(k + " weights but " + m.shape()[0] + " means (one row per component)");
        }
        Matrix means = m.rank() == 1 ? Matrix.fromRowMajor(k, 1, m.data()) : m.toMatrix("means");
        int d = means.cols();
        if (d == 1 && c.rank() == 1) {
            if (c.shape()[0] != k) throw new IllegalArgumentException(k + " weights but " + c.shape()[0] + " variances in covs");
        } else if (c.rank() != 3 || c.shape()[0] != k || c.shape()[1] != d || c.shape()[2] != d) {
            throw new IllegalArgumentException("covs must have shape [" + k + ", " + d + ", " + d
                    + "] (one d×d covariance per component), got " + Arrays.toString(c.shape()));
        }
        List<Matrix> covs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            covs.add(c.rank() == 1 ? Matrix.of(new double[][] {{c.data()[i]}}) : c.slice(i, "covs"));
        }
        return GaussianMixture.of(w, means, covs);
    }

    static void writeMixture(Path p, GaussianMixture g) throws IOException {
        int k = g.size(), d = g.dimension();
        double[] covs = new double[k * d * d];
        for (int i = 0; i < k; i++) System.arraycopy(g.component(i).covariance().toRowMajor(), 0, covs, i * d * d, d * d);
        Map<String, NdArray> a = new LinkedHashMap<>();
        a.put("weights", NdArray.vector(g.weights()));
        a.put("means", NdArray.of(g.means()));
        a.put("covs", new NdArray(new int[] {k, d, d}, covs));
        Outputs.writeNpz(p, "--out", a);
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "EM fit of a K-component mixture to the rows of --x. Keys: log_likelihood, bic, iterations, converged.")
    static final class Fit extends ReportingCommand {
        /** The most EM iterations per restart. */
        static final int MAX_ITERATIONS = 1_000_000;

        @Option(names = "--x", paramLabel = "FILE", required = true, description = "n×d data (.npy or .csv).") Path x;
        @Option(names = "--k", required = true, description = "Number of components.") int k;
        @Option(names = "--seed", defaultValue = "0", description = "Seed for the starts (default: ${DEFAULT-VALUE}).") long seed;
        @Option(names = "--restarts", defaultValue = "5", description = "EM restarts (default: ${DEFAULT-VALUE}).") int restarts;
        @Option(names = "--max-iter", defaultValue = "500",
                description = "Iterations per restart (default: ${DEFAULT-VALUE}).") int maxIter;
        @Option(names = "--reg", defaultValue = "1e-6",
                description = "Covariance regularisation relative to the data variance (default: ${DEFAULT-VALUE}).") double reg;
        @Option(names = "--out", paramLabel = "FILE", required = true,
                description = "Where to write the mixture (.npz: weights, means, covs).") Path out;

        @Override
        protected Report compute() throws Exception {
            if (k < 1) throw new IllegalArgumentException("--k must be at least 1, got " + k);
            if (restarts < 1 || restarts > ExpectationMaximization.MAX_RESTARTS) {
                throw new IllegalArgumentException("--restarts must be between 1 and " + ExpectationMaximization.MAX_RESTARTS + ", got "
                        + restarts);
            }
            if (maxIter < 1 || maxIter > MAX_ITERATIONS) {
                throw new IllegalArgumentException("--max-iter must be between 1 and " + MAX_ITERATIONS + ", got " + maxIter);
            }
            if (!(reg >= 0) || !Double.isFinite(reg)) {
                throw new IllegalArgumentException("--reg must be finite and non-negative, got " + reg);
            }
            Matrix data = Inputs.points(x, "--x");
            if (data.rows() < k) {
                throw new IllegalArgumentException("--x " + x + ": " + data.rows() + " rows, fewer than the --k " + k + " components");
            }
            ProgressLine line = new ProgressLine(err(), "gmm fit", System::nanoTime);
            ExpectationMaximization.Result r = Options.tag("--x " + x, () -> ExpectationMaximization.withComponents(k).withSeed(seed)
                    .withRestarts(restarts).withMaxIterations(maxIter).withRegularization(reg)
                    .withProgress((done, total) -> line.offer(() -> done + " of " + total + " restarts done")).fit(data));
            writeMixture(out, r.mixture());
            return new Report().put("log_likelihood", r.logLikelihood()).put("bic", r.bic()).put("iterations", r.iterations())
                    .put("converged", r.converged()).put("failed_restarts", r.failedRestarts()).put("out", out.toString());
        }
    }

    @Command(name = "w2", mixinStandardHelpOptions = true,
            description = "MW2 between two mixtures (.npz: weights, means, covs). Keys: mw2, mw2_squared, coupling.")
    static final class W2 extends ReportingCommand {
        @Parameters(index = "0", paramLabel = "A.npz") Path a;
        @Parameters(index = "1", paramLabel = "B.npz") Path b;
        @Option(names = "--grad-out", paramLabel = "PREFIX", description = "Gradient of MW2^2 to PREFIX_a.npz and PREFIX_b.npz (.npz "
                + "in the layout of the inputs: weights, centred on the simplex tangent; means; covs, trace inner product). "
                + "Covariances must be positive definite.") String gradOut;

        @Override
        protected Report compute() throws Exception {
            GaussianMixture ga = readMixture(a, "A.npz"), gb = readMixture(b, "B.npz");
            if (ga.dimension() != gb.dimension()) {
                throw new IllegalArgumentException("B.npz " + b + ": components of dimension " + gb.dimension() + ", but A.npz " + a
                        + " has dimension " + ga.dimension());
            }
            MixtureTransport.Result r = MixtureTransport.solve(ga, gb);
            if (gradOut != null) {
                GradientFiles.stage(outputs, gradOut, Options.tag("A.npz/B.npz", () -> MixtureGradient.valueAndGradient(ga, gb)));
            }
            return new Report().put("mw2", r.distance()).put("mw2_squared", r.squaredDistance()).put("coupling", r.coupling())
                    .put("status", r.status().name().toLowerCase(Locale.ROOT));
        }
    }

    @Command(name = "info-matrix", mixinStandardHelpOptions = true,
            description = "Wasserstein information matrix of the 1-D mixture Σ p_k N(μ_k, σ²). Weights in coordinates p_1 … p_{N−1} (p_N "
                    + "= 1 − Σ), then means, then standard deviations. Keys: matrix, limit_matrix, relative_error.")
    static final class InfoMatrix extends ReportingCommand {
        @Option(names = "--weights", paramLabel = "FILE", required = true, description = "N weights summing to 1.") Path weights;
        @Option(names = "--means", paramLabel = "FILE", required = true,
                description = "N means (strictly increasing for the limit).") Path means;
        @Option(names = "--sigma", required = true, description = "Common standard deviation.") double sigma;
        @Option(names = "--parameters", defaultValue = "weights",
                description = "weights or all (weights, means, standard deviations; default: ${DEFAULT-VALUE}).") String parameters;

        @Override
        protected Report compute() throws Exception {
            double[] p = Inputs.vector(weights, "--weights"), mu = Inputs.vector(means, "--means");
            if (!(sigma > 0) || !Double.isFinite(sigma)) throw new IllegalArgumentException("--sigma must be positive and finite, got "
                    + sigma);
            if (p.length != mu.length) {
                throw new IllegalArgumentException("--weights " + weights + ": " + p.length + " weights for " + mu.length
                        + " components (--means " + means + ")");
            }
            if (p.length < 2) {
                throw new IllegalArgumentException("--weights " + weights
                        + ": the information matrix needs at least 2 components, got " + p.length);
            }
            double total = 0;
            for (int k = 0; k < p.length; k++) {
                if (!(p[k] > 0) || !Double.isFinite(p[k])) {
                    throw new IllegalArgumentException("--weights " + weights + ": weight " + k + " is " + p[k] + ", must be positive");
                }
                if (!Double.isFinite(mu[k])) {
                    throw new IllegalArgumentException("--means " + means + ": mean " + k + " is " + mu[k] + ", must be finite");
                }
                if (k > 0 && !(mu[k] > mu[k - 1])) {
                    throw new IllegalArgumentException("--means " + means + ": means must be strictly increasing, mean " + k + " = "
                            + mu[k] + " after " + mu[k - 1]);
                }
                total += p[k];
            }
            if (Math.abs(total - 1) > 1e-9) {
                throw new IllegalArgumentException("--weights " + weights + ": the weights sum to " + total + ", not 1");
            }
            MixtureParameters which = switch (parameters) {
                case "weights" -> MixtureParameters.WEIGHTS;
                case "all" -> MixtureParameters.ALL;
                default -> throw new IllegalArgumentException("--parameters must be weights or all, got '" + parameters + "'");
            };
            double[] s = new double[p.length];
            Arrays.fill(s, sigma);
            Map<String, String> optionByParameter = Map.of("means/sigma", "--means " + means + "/--sigma " + sigma,
                    "sigma", "--sigma " + sigma, "means", "--means " + means, "weights", "--weights " + weights);
            String all = "--weights " + weights + "/--means " + means + "/--sigma " + sigma;
            WassersteinInformation.Result r = Options.tag(optionByParameter, all, () -> WassersteinInformation.defaults()
                    .withWeightCoordinates(MixtureParameters.WeightCoordinates.FREE_WEIGHTS).compute(p, mu, s, which));
            if (!r.converged()) {
                err().println("monge gmm info-matrix: the quadrature stopped at its subdivision limit with relative error "
                        + r.relativeError() + " (converged: false)");
            }
            Matrix limit = Options.tag(optionByParameter, all, () -> LatticeLimit.leadingOrderInFreeWeights(p, mu, sigma));
            return new Report().put("matrix", r.matrix()).put("relative_error", r.relativeError()).put("converged", r.converged())
                    .put("limit_matrix", limit);
        }
    }

    @Command(name = "flow", mixinStandardHelpOptions = true,
            description = "Wasserstein gradient flow of a 1-D mixture's weights (means on a lattice, fixed widths) against a "
                    + "finite-volume PDE solution; plots densities over time. Keys: w2_to_pde, w2_over_time, times, status.")
    static final class Flow extends ReportingCommand {
        /** Sizes beyond which a run is refused before any work (N = 100 takes about two minutes and 1 GB: G is (N−1)² per node). */
        static final int MAX_COMPONENTS = 100;
        static final int MAX_SNAPSHOTS = 10_000;
        static final int MAX_CELLS = 1_000_000;
        /** PDE cell updates (steps × cells) beyond which a run is refused: at 1e7 to 1e8 updates a second, up to half an hour. */
        static final double MAX_WORK = 2e10;

        @Option(names = "--energy", defaultValue = "fokker-planck",
                description = "fokker-planck or entropy (default: ${DEFAULT-VALUE}).") String energy;
        @Option(names = "--potential", defaultValue = "quadratic",
                description = "quadratic (x²/2) or double-well ((x²−1)²/4) (default: ${DEFAULT-VALUE}).") String potential;
        @Option(names = "--components", defaultValue = "15",
                description = "Number of lattice components N (default: ${DEFAULT-VALUE}).") int components;
        @Option(names = "--range", defaultValue = "3",
                description = "Means on the lattice [−L, L] (default: ${DEFAULT-VALUE}).") double range;
        @Option(names = "--sigma", description = "Component standard deviation (default: half the lattice gap).") Double sigma;
        @Option(names = "--center", defaultValue = "1",
                description = "Centre of the initial bump of weights (default: ${DEFAULT-VALUE}).") double center;
        @Option(names = "--time", defaultValue = "1", description = "End time (default: ${DEFAULT-VALUE}).") double time;
        @Option(names = "--snapshots", defaultValue = "5",
                description = "Recorded times after 0 (default: ${DEFAULT-VALUE}).") int snapshots;
        @Option(names = "--cells", defaultValue = "1400", description = "PDE cells on [−L−4, L+4] (default: ${DEFAULT-VALUE}).") int cells;
        @Option(names = "--dt", defaultValue = "1e-3", description = "PDE time step (default: ${DEFAULT-VALUE}).") double dt;
        @Option(names = "--plot", paramLabel = "FILE.png", description = "Where to write the plot of densities over time.") Path plot;
        @Option(names = "--extended", description = "Flow the weights and the means of the mixture given by --weights, --means, "
                + "--sigma (energies potential, interaction, entropy, fokker-planck; potentials sin, sin2pi, double-well, quadratic). "
                + "Keys: energy_initial, energy_final, steps, rejected, status, reason, final_weights, final_means (null for a removed "
                + "component), removed_components (component, time, weight, to_component, energy_change; 0-based).")
        boolean extended;
        @Option(names = "--weights", paramLabel = "FILE", description = "With --extended: N weights summing to 1.") Path weights;
        @Option(names = "--means", paramLabel = "FILE", description = "With --extended: N strictly increasing means.") Path means;
        @Option(names = "--metric", defaultValue = "exact",
                description = "With --extended: exact, limit or second-order (default: ${DEFAULT-VALUE}).") String metric;
        @Option(names = "--out", paramLabel = "FILE.npz",
                description = "With --extended: the trajectory (times, weights, means, energy), one row per accepted step.") Path out;

        @Override
        protected Report compute() throws Exception {
            if (extended) return extendedFlow();
            DoubleUnaryOperator v = switch (potential) {
                case "quadratic" -> LatticeProblem.Potential.QUADRATIC;
                case "double-well" -> LatticeProblem.Potential.DOUBLE_WELL;
                default -> throw new IllegalArgumentException("--potential must be quadratic or double-well, got '" + potential + "'");
            };
            MixtureGradientFlow.Energy e = switch (energy) {
                case "fokker-planck" -> MixtureGradientFlow.Energy.FOKKER_PLANCK;
                case "entropy" -> MixtureGradientFlow.Energy.ENTROPY;
                default -> throw new IllegalArgumentException("--energy must be fokker-planck or entropy, got '" + energy + "'");
            };
            MixtureGradientFlow flow = MixtureGradientFlow.of(e, v);
            DoubleUnaryOperator pdePotential = flow.potential();
            if (components < 2 || components > MAX_COMPONENTS) {
                throw new IllegalArgumentException("--components must be between 2 and " + MAX_COMPONENTS + ", got " + components);
            }
            if (!(range > 0) || !Double.isFinite(range)) {
                throw new IllegalArgumentException("--range must be positive and finite, got " + range);
            }
            double lo = -range - 4, hi = range + 4;
            if (!Double.isFinite(pdePotential.applyAsDouble(lo)) || !Double.isFinite(pdePotential.applyAsDouble(hi))) {
                throw new IllegalArgumentException("--range " + range + ": the " + potential
                        + " potential overflows at the domain ends ±" + hi);
            }
            if (!Double.isFinite(center)) throw new IllegalArgumentException("--center must be finite, got " + center);
            if (!(time > 0) || !Double.isFinite(time)) {
                throw new IllegalArgumentException("--time must be positive and finite, got " + time);
            }
            if (snapshots < 1 || snapshots > MAX_SNAPSHOTS) {
                throw new IllegalArgumentException("--snapshots must be between 1 and " + MAX_SNAPSHOTS + ", got " + snapshots);
            }
            if (cells < 2 || cells > MAX_CELLS) {
                throw new IllegalArgumentException("--cells must be between 2 and " + MAX_CELLS + ", got " + cells);
            }
            if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("--dt must be positive and finite, got " + dt);
            double steps = FlowComparison.pdeSteps(time, snapshots, dt);
            if (steps > FlowComparison.MAX_PDE_STEPS) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--dt/--time: --dt %s needs %.3g PDE steps to reach --time %s, more than %d; raise --dt or lower --time",
                        dt, steps, time, FlowComparison.MAX_PDE_STEPS));
            }
            if (steps * cells > MAX_WORK) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--dt/--time/--cells: %.3g PDE steps on %d cells is %.3g cell updates, more than %.0e; "
                                + "raise --dt, lower --time or --cells",
                        steps, cells, steps * cells, MAX_WORK));
            }
            double gap = LatticeProblem.gap(components, range);
            double s = sigma == null ? gap / 2 : sigma;
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("--sigma must be positive and finite, got " + s);
            double[] mu = LatticeProblem.means(components, range), p = LatticeProblem.bumpWeights(mu, center);
            double[] sg = new double[components];
            Arrays.fill(sg, s);
            String sigmaOption = "--sigma " + s + " (lattice gap " + gap + ")";
            Options.tagVoid(Map.of("sigma", sigmaOption), sigmaOption, () -> WassersteinInformation.requireInRange(p, mu, sg, true));
            ProgressLine line = new ProgressLine(err(), "gmm flow", System::nanoTime);
            FlowComparison.Result r;
            try {
                r = FlowComparison.run(flow, pdePotential, p, mu, sg, time, snapshots, lo, hi, cells, dt,
                        (stage, f) -> line.offer(() -> String.format(Locale.ROOT, "%s at %.1f%% of --time",
                                stage == FlowComparison.Stage.PDE ? "PDE" : "mixture flow", 100 * f)));
            } catch (IllegalArgumentException | ArithmeticException ex) { // every input was checked above: the computation failed
                String hint = String.valueOf(ex.getMessage()).contains("positive definite")
                        ? String.format(Locale.ROOT, " (components of width %.3g over a lattice gap of %.3g are nearly indistinguishable; "
                                + "a smaller --sigma keeps the information matrix invertible)", s, gap) : "";
                throw new IllegalStateException("the flow comparison failed: " + ex.getMessage() + hint, ex);
            }
            boolean reached = r.status() == MixtureGradientFlow.Status.REACHED_END;
            if (!reached) {
                err().println("monge gmm flow: the mixture flow stopped early (" + r.status().name().toLowerCase(Locale.ROOT)
                        + "); the snapshots after that keep its last weights and w2_to_pde is null");
            }
            Report rep = new Report().put("w2_to_pde", reached ? r.w2()[snapshots] : null)
                    .put("w2_over_time", r.w2()).put("times", r.times())
                    .put("status", r.status().name().toLowerCase(Locale.ROOT)).put("final_weights", r.weights()[snapshots]);
            if (plot != null) {
                Plots.LineChart chart = Plots.lineChart("Mixture gradient flow (lines) vs finite-volume PDE (dashed), N = " + components,
                        "x", "density")
                        .xRange(-range - 1.5, range + 1.5);
                for (int t = 0; t <= snapshots; t++) {
                    chart.line(String.format("mixture t = %.3g", r.times()[t]), r.centres(), r.mixtureDensity(t), t, snapshots + 1);
                    chart.dashedLine(String.format("PDE t = %.3g", r.times()[t]), r.centres(), r.pdeDensity(t), t, snapshots + 1);
                }
                Path dir = plot.toAbsolutePath().getParent();
                String base = plot.getFileName().toString().replaceFirst("\\.png$", "");
                rep.put("plot", chart.save(dir, base).toString());
            }
            return rep;
        }

        /** {@code --extended}: the flow of weights and means (ExtendedMixtureFlow), trajectory to --out. */
        private Report extendedFlow() throws IOException {
            if (weights == null || means == null || sigma == null) {
                throw new IllegalArgumentException("--extended needs --weights, --means and --sigma");
            }
            ExtendedMixtureEnergy.Kind kind = switch (energy) {
                case "potential" -> ExtendedMixtureEnergy.Kind.POTENTIAL;
                case "interaction" -> ExtendedMixtureEnergy.Kind.INTERACTION;
                case "entropy" -> ExtendedMixtureEnergy.Kind.ENTROPY;
                case "fokker-planck" -> ExtendedMixtureEnergy.Kind.FOKKER_PLANCK;
                default -> throw new IllegalArgumentException("--energy must be potential, interaction, entropy or fokker-planck, got '"
                        + energy + "'");
            };
            MixturePotential v = switch (potential) {
                case "sin" -> MixturePotential.SIN;
                case "sin2pi" -> MixturePotential.SIN_2PI;
                case "double-well" -> MixturePotential.DOUBLE_WELL;
                case "quadratic" -> MixturePotential.QUADRATIC;
                default -> throw new IllegalArgumentException("--potential must be sin, sin2pi, double-well or quadratic, got '"
                        + potential + "'");
            };
            ExtendedMixtureFlow.Metric m = switch (metric) {
                case "exact" -> ExtendedMixtureFlow.Metric.EXACT;
                case "limit" -> ExtendedMixtureFlow.Metric.LIMIT;
                case "second-order" -> ExtendedMixtureFlow.Metric.SECOND_ORDER;
                default -> throw new IllegalArgumentException("--metric must be exact, limit or second-order, got '" + metric + "'");
            };
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("--sigma must be positive and finite, got " + sigma);
            }
            if (!(time > 0) || !Double.isFinite(time)) {
                throw new IllegalArgumentException("--time must be positive and finite, got " + time);
            }
            if (kind == ExtendedMixtureEnergy.Kind.INTERACTION && !v.even()) {
                throw new IllegalArgumentException("--potential " + potential
                        + ": the interaction kernel must be even (quadratic or double-well)");
            }
            double[] p = Inputs.vector(weights, "--weights"), mu = Inputs.vector(means, "--means");
            if (p.length != mu.length) {
                throw new IllegalArgumentException("--weights " + weights + ": " + p.length + " weights for " + mu.length
                        + " means (--means " + means + ")");
            }
            Map<String, String> byParameter = Map.of("weights", "--weights " + weights, "means", "--means " + means,
                    "sigma", "--sigma " + sigma, "means/sigma", "--means " + means + "/--sigma " + sigma,
                    "weights/means", "--weights " + weights + "/--means " + means);
            String all = "--weights " + weights + "/--means " + means + "/--sigma " + sigma;
            Options.tagVoid(byParameter, all, () -> ExtendedMixtureFlow.validate(p, mu));
            ExtendedMixtureFlow flow = ExtendedMixtureFlow.of(ExtendedMixtureEnergy.of(kind, v, sigma), m);
            ProgressLine line = new ProgressLine(err(), "gmm flow", System::nanoTime);
            ExtendedMixtureFlow.Result r = Options.tag(byParameter, all, () -> flow.withProgress(t -> line.offer(
                    () -> String.format(Locale.ROOT, "extended flow at %.1f%% of --time", 100 * t / time))).run(p, mu, time));
            if (!r.status().converged()) {
                err().println("monge gmm flow: the extended flow stopped early at t = " + r.finalTime() + ": " + r.reason());
            } else if (!r.removals().isEmpty()) {
                err().println("monge gmm flow: " + r.reason());
            }
            if (out != null) {
                Map<String, NdArray> a = new LinkedHashMap<>();
                a.put("times", NdArray.vector(r.times()));
                a.put("weights", NdArray.of(Matrix.of(r.weights())));
                a.put("means", NdArray.of(Matrix.of(r.means())));
                a.put("energy", NdArray.vector(r.energies()));
                Outputs.writeNpz(out, "--out", a);
            }
            List<Object> finalMeans = new ArrayList<>(); // a removed component has no mean: null
            for (double mean : r.finalMeans()) finalMeans.add(Double.isNaN(mean) ? null : mean);
            List<Map<String, Object>> removed = new ArrayList<>();
            for (ExtendedMixtureFlow.Removal x : r.removals()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("component", x.component());
                o.put("time", x.time());
                o.put("weight", x.weight());
                o.put("to_component", x.receiver());
                o.put("energy_change", x.energyChange());
                removed.add(o);
            }
            return new Report().put("energy_initial", r.energies()[0]).put("energy_final", r.finalEnergy())
                    .put("steps", r.steps()).put("rejected", r.rejected()).put("time_reached", r.finalTime())
                    .put("status", r.status().name().toLowerCase(Locale.ROOT)).put("reason", r.reason())
                    .put("final_weights", r.finalWeights()).put("final_means", finalMeans).put("removed_components", removed);
        }
    }

    @Command(name = "barycenter", mixinStandardHelpOptions = true,
            description = "MW2 barycenter of mixtures (.npz: weights, means, covs) by the fixed-point method of Delon & Desolneux, "
                    + "started from the first mixture (its weights stay). Keys: objective, objectives, iterations, converged.")
    static final class Barycenter extends ReportingCommand {
        @Parameters(arity = "2..*", paramLabel = "MIXTURE.npz") List<Path> inputs;
        @Option(names = "--lambdas", split = ",", paramLabel = "L1,L2,...",
                description = "Weights of the mixtures (default: equal).") double[] lambdas;
        @Option(names = "--max-iter", defaultValue = "100", description = "Iterations (default: ${DEFAULT-VALUE}).") int maxIter;
        @Option(names = "--out", paramLabel = "FILE.npz", required = true, description = "The barycenter (weights, means, covs).") Path out;

        @Override
        protected Report compute() throws Exception {
            List<GaussianMixture> ms = new ArrayList<>();
            for (int j = 0; j < inputs.size(); j++) {
                GaussianMixture g = readMixture(inputs.get(j), "MIXTURE.npz");
                if (j > 0 && g.dimension() != ms.get(0).dimension()) {
                    throw new IllegalArgumentException("MIXTURE.npz " + inputs.get(j) + ": components of dimension " + g.dimension()
                            + ", but " + inputs.get(0) + " has dimension " + ms.get(0).dimension());
                }
                ms.add(g);
            }
            double[] lam = lambdas;
            if (lam == null) {
                lam = new double[ms.size()];
                Arrays.fill(lam, 1.0 / ms.size());
            }
            if (lam.length != ms.size()) {
                throw new IllegalArgumentException("--lambdas: " + lam.length + " weights for " + ms.size() + " mixtures");
            }
            double[] l = lam;
            MixtureBarycenter.Result r = Options.tag(Map.of("lambdas", "--lambdas", "maxIterations", "--max-iter"), "MIXTURE.npz",
                    () -> MixtureBarycenter.defaults().withMaxIterations(maxIter).solve(ms, l, ms.get(0)));
            writeMixture(out, r.barycenter());
            if (!r.converged()) err().println("monge gmm barycenter: not converged after " + r.iterations() + " iterations (--max-iter)");
            return new Report().put("objective", r.objective()).put("objectives", r.objectives()).put("iterations", r.iterations())
                    .put("converged", r.converged());
        }
    }

    /** Prints "monge WHAT: TEXT" on stderr at most once a second, the first after a second, so that short runs print nothing. */
    static final class ProgressLine {
        private static final long INTERVAL_NANOS = 1_000_000_000L;
        private final PrintWriter err;
        private final String what;
        private final LongSupplier nanoClock;
        private long next;

        ProgressLine(PrintWriter err, String what, LongSupplier nanoClock) {
            this.err = err;
            this.what = what;
            this.nanoClock = nanoClock;
            this.next = nanoClock.getAsLong() + INTERVAL_NANOS;
        }

        void offer(Supplier<String> text) {
            long now = nanoClock.getAsLong();
            if (now - next < 0) return;
            err.println("monge " + what + ": " + text.get());
            err.flush();
            next = now + INTERVAL_NANOS;
        }
    }
}
