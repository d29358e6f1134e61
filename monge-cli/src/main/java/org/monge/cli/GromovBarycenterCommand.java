package org.monge.cli;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.gromov.GromovBarycenter;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** {@code monge gromov-barycenter}: the square-loss GW or fused-GW barycenter of several spaces. */
@Command(name = "gromov-barycenter", mixinStandardHelpOptions = true,
        description = "Square-loss Gromov–Wasserstein barycenter of S spaces (--c once per space, each n_s×n_s, symmetric): the "
                + "N×N structure C on uniform weights minimising Σ λ_s GW(C, C_s), by alternating GW solves and the closed-form "
                + "update C = Σ λ_s T_sᵀ C_s T_s / (p pᵀ), as POT's gromov_barycenters. With --features (once per space, n_s×d): "
                + "the fused-GW barycenter (C, X) of Vayer et al. 2019 at --alpha, as POT's fgw_barycenters, from the plans "
                + "p q_sᵀ; --fixed-structure or --fixed-features hold C or X. Not convex: a fixed point of the alternation. "
                + "Keys: cost (Σ λ_s (F)GW at the final plans), iterations, status (converged or max_iterations), change "
                + "(Frobenius change of C and X in the last round).")
public final class GromovBarycenterCommand extends ReportingCommand {
    @Option(names = "--c", paramLabel = "FILE", required = true, description = "A space's dissimilarity matrix (repeat per space).")
    List<Path> cs;
    @Option(names = "--q", paramLabel = "FILE", description = "A space's weights, in the order of --c (default: uniform).") List<Path> qs;
    @Option(names = "--lambdas", paramLabel = "FILE", description = "The spaces' weights λ (default: equal).") Path lambdas;
    @Option(names = "--size", required = true, paramLabel = "N", description = "Number of points of the barycenter.") int size;
    @Option(names = "--init", paramLabel = "FILE",
            description = "GW: the N×N start structure (default: squared distances of N standard normal 2-D points from --seed).")
    Path init;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the default start (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--features", paramLabel = "FILE", description = "A space's n_s×d features, in the order of --c: fused GW.")
    List<Path> features;
    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.5",
            description = "Fused GW's weight of the structure, in [0, 1] (default: ${DEFAULT-VALUE}).") double alpha;
    @Option(names = "--fixed-structure", paramLabel = "FILE", description = "Fused: hold C at this N×N matrix.") Path fixedStructure;
    @Option(names = "--fixed-features", paramLabel = "FILE", description = "Fused: hold X at this N×d matrix.") Path fixedFeatures;
    @Option(names = "--max-iter", defaultValue = "1000", description = "Round limit (default: ${DEFAULT-VALUE}).") int maxIter;
    @Option(names = "--tol", defaultValue = "1e-9",
            description = "Stop when C (and X) change by at most this in a round (default: ${DEFAULT-VALUE}).") double tol;
    @Option(names = "--out", paramLabel = "FILE", description = "Write the N×N structure C here.") Path out;
    @Option(names = "--features-out", paramLabel = "FILE", description = "Fused: write the N×d features X here.") Path featuresOut;

    @Override
    protected Report compute() throws Exception {
        if (size < 1) throw new IllegalArgumentException("--size: must be at least 1, got " + size);
        if (qs != null && qs.size() != cs.size()) throw new IllegalArgumentException("--q: give one per --c, or none");
        boolean fused = features != null;
        if (fused && features.size() != cs.size()) throw new IllegalArgumentException("--features: give one per --c");
        if (!fused && (fixedStructure != null || fixedFeatures != null || featuresOut != null)) {
            throw new IllegalArgumentException("--features: --fixed-structure, --fixed-features and --features-out need --features");
        }
        if (fused && init != null) {
            throw new IllegalArgumentException("--init: GW only; fused GW starts from its plans (see --fixed-structure)");
        }
        List<Matrix> spaces = new ArrayList<>();
        List<DiscreteMeasure> measures = new ArrayList<>();
        for (int s = 0; s < cs.size(); s++) {
            Matrix c = Inputs.matrix(cs.get(s), "--c");
            if (!c.isSquare()) throw new IllegalArgumentException("--c: must be square, got " + c.rows() + "×" + c.cols() + " in "
                    + cs.get(s));
            if (!c.allFinite()) throw new IllegalArgumentException("--c: must have finite entries, in " + cs.get(s));
            if (c.asymmetry() > 1e-12 * c.maxAbs()) throw new IllegalArgumentException("--c: must be symmetric, in " + cs.get(s));
            spaces.add(c);
            measures.add(TransportInputs.weights(qs == null ? null : qs.get(s), "--q", c.rows()));
        }
        double[] weights = lambdas == null ? equal(cs.size()) : Inputs.vector(lambdas, "--lambdas");
        if (weights.length != cs.size()) throw new IllegalArgumentException("--lambdas: has " + weights.length + " weights, expected "
                + cs.size());
        DiscreteMeasure p = DiscreteMeasure.uniform(size);
        GromovBarycenter solver = Options.tag(Map.of("tolerance", "--tol", "maxIterations", "--max-iter"), "--tol",
                () -> GromovBarycenter.defaults().withTolerance(tol).withMaxIterations(maxIter));
        Map<String, String> inputOf = Map.of("the weights λ", "--lambdas", "alpha", "--alpha", "start", "--init",
                "fixed structure", "--fixed-structure", "fixed features", "--fixed-features", "features", "--features",
                "source and target masses", "--q");
        GromovBarycenter.Result r;
        if (fused) {
            List<Matrix> ys = new ArrayList<>();
            for (Path f : features) ys.add(Inputs.points(f, "--features"));
            Matrix fs = fixedStructure == null ? null : Inputs.matrix(fixedStructure, "--fixed-structure");
            Matrix fx = fixedFeatures == null ? null : Inputs.points(fixedFeatures, "--fixed-features");
            try (Heartbeat h = Heartbeat.start("gromov-barycenter", err())) {
                r = Options.tag(inputOf, "--c", () -> solver.solveFused(ys, spaces, measures, weights, alpha, p, fs, fx));
            }
        } else {
            Matrix start = init != null ? Inputs.matrix(init, "--init") : randomStart();
            try (Heartbeat h = Heartbeat.start("gromov-barycenter", err())) {
                r = Options.tag(inputOf, "--c", () -> solver.solve(spaces, measures, weights, p, start));
            }
        }
        if (!r.converged()) {
            err().println("monge gromov-barycenter: not converged within --max-iter; the values are those of the last round");
            err().flush();
        }
        if (out != null) outputs.array(out, "--out", NdArray.of(r.structure()));
        if (featuresOut != null) outputs.array(featuresOut, "--features-out", NdArray.of(r.features()));
        return new Report().put("cost", r.cost()).put("iterations", r.iterations())
                .put("status", r.status().name().toLowerCase(Locale.ROOT)).put("change", r.change());
    }

    private static double[] equal(int s) {
        double[] w = new double[s];
        Arrays.fill(w, 1.0 / s);
        return w;
    }

    /** POT's default start: the squared distances of N standard normal points in the plane. */
    private Matrix randomStart() {
        Random rnd = new Random(seed);
        double[] x = new double[2 * size];
        for (int k = 0; k < x.length; k++) x[k] = rnd.nextGaussian();
        Matrix pts = Matrix.fromRowMajor(size, 2, x);
        return CostMatrix.fromPoints(pts, pts, Metric.SQEUCLIDEAN).toMatrix();
    }
}
