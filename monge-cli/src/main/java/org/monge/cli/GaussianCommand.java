package org.monge.cli;

import org.monge.gaussian.AffineMap;
import org.monge.gaussian.BrenierMap;
import org.monge.gaussian.BuresGradient;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;
import org.monge.gaussian.GaussianGradient;
import org.monge.gaussian.GaussianGromovWasserstein;
import org.monge.gaussian.KnotheRosenblattMap;
import org.monge.io.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code monge gaussian ...}: closed-form OT between Gaussians. */
@Command(name = "gaussian", mixinStandardHelpOptions = true,
        description = "Closed-form optimal transport between Gaussians (Bures–Wasserstein).",
        subcommands = {GaussianCommand.W2.class, GaussianCommand.Grad.class, GaussianCommand.MapCmd.class,
                GaussianCommand.Barycenter.class, GaussianCommand.Gw.class})
public final class GaussianCommand extends CommandGroup {

    @Command(name = "w2", mixinStandardHelpOptions = true,
            description = "W2 distance between N(mean0, cov0) and N(mean1, cov1). Keys: w2, w2_squared "
                    + "(null when W2 is representable but its square is not).")
    static final class W2 extends ReportingCommand {
        @Mixin GaussianPairOptions pair;

        @Override
        protected Report compute() throws Exception {
            Gaussian p = pair.first(), q = pair.second();
            double w2 = Options.tag("--mean0/--cov0/--mean1/--cov1", () -> BuresWasserstein.distance(p, q));
            double w2sq = w2 * w2;
            if (Double.isInfinite(w2sq)) {
                err().println("monge gaussian w2: W2² = " + w2 + "² is beyond the largest double; w2_squared is null");
                err().flush();
                return new Report().put("w2", w2).put("w2_squared", null);
            }
            return new Report().put("w2", w2).put("w2_squared", BuresWasserstein.squaredDistance(p, q));
        }
    }

    @Command(name = "grad", mixinStandardHelpOptions = true,
            description = "Gradients of W2² with respect to mean1 and cov1, written as .npy. Key: w2_squared.")
    static final class Grad extends ReportingCommand {
        @Mixin GaussianPairOptions pair;
        @Option(names = "--out-mean", paramLabel = "FILE", required = true, description = "Where to write ∂W2²/∂mean1.")
        Path outMean;
        @Option(names = "--out-cov", paramLabel = "FILE", required = true, description = "Where to write ∂W2²/∂cov1.")
        Path outCov;

        @Override
        protected Report compute() throws Exception {
            GaussianGradient g = BuresGradient.of(pair.first(), pair.second());
            outputs.array(outMean, "--out-mean", NdArray.vector(g.mean1()));
            outputs.array(outCov, "--out-cov", NdArray.of(g.covariance1()));
            return new Report().put("w2_squared", g.w2Squared()).put("out_mean", outMean.toString()).put("out_cov", outCov.toString());
        }
    }

    @Command(name = "map", mixinStandardHelpOptions = true,
            description = "The affine transport map T(x) = A x + b from N0 to N1. Keys: kind, matrix, shift.")
    static final class MapCmd extends ReportingCommand {
        @Mixin GaussianPairOptions pair;
        @Option(names = "--kind", defaultValue = "brenier", description = "brenier or knothe-rosenblatt (default: ${DEFAULT-VALUE}).")
        String kind;
        @Option(names = "--out-matrix", paramLabel = "FILE", required = true, description = "Where to write A.")
        Path outMatrix;
        @Option(names = "--out-shift", paramLabel = "FILE", required = true, description = "Where to write b.")
        Path outShift;

        @Override
        protected Report compute() throws Exception {
            Gaussian p = pair.first(), q = pair.second();
            AffineMap t = switch (kind) {
                case "brenier" -> BrenierMap.between(p, q);
                case "knothe-rosenblatt" -> KnotheRosenblattMap.between(p, q);
                default -> throw new IllegalArgumentException("--kind must be brenier or knothe-rosenblatt, got '" + kind + "'");
            };
            outputs.array(outMatrix, "--out-matrix", NdArray.of(t.matrix()));
            outputs.array(outShift, "--out-shift", NdArray.vector(t.shift()));
            return new Report().put("kind", kind).put("matrix", t.matrix()).put("shift", t.shift());
        }
    }

    @Command(name = "gw", mixinStandardHelpOptions = true,
            description = "Gromov–Wasserstein between N(mean0, cov0) on R^p and N(mean1, cov1) on R^q in closed form (Delon, "
                    + "Desolneux & Salmona 2022), as the sum ∫∫ (c(x, x') − c(y, y'))² dπ dπ: --cost inner-product (on the centred "
                    + "measures, exact over all couplings) or squared-distance (over Gaussian couplings). Keys: gw, cost, map "
                    + "(whether the map T(x) = A x + b pushing N0 onto N1 exists: needs q ≤ p and cov0 non-singular on its top q "
                    + "eigenvectors), cross_covariance (the optimal plan's K).")
    static final class Gw extends ReportingCommand {
        @Mixin GaussianPairOptions pair;
        @Option(names = "--cost", defaultValue = "inner-product",
                description = "inner-product or squared-distance (default: ${DEFAULT-VALUE}).") String cost;
        @Option(names = "--out-matrix", paramLabel = "FILE", description = "Where to write the map's q×p matrix A.") Path outMatrix;
        @Option(names = "--out-shift", paramLabel = "FILE", description = "Where to write the map's shift b.") Path outShift;

        @Override
        protected Report compute() throws Exception {
            Gaussian p = pair.first(), q = pair.second();
            GaussianGromovWasserstein.Result r = switch (cost) {
                case "inner-product" -> Options.tag("--cov0/--cov1", () -> GaussianGromovWasserstein.innerProduct(p, q));
                case "squared-distance" -> Options.tag("--cov0/--cov1", () -> GaussianGromovWasserstein.squaredDistance(p, q));
                default -> throw new IllegalArgumentException("--cost: must be inner-product or squared-distance, got '" + cost + "'");
            };
            boolean map = r.mapMatrix() != null;
            if (!map && (outMatrix != null || outShift != null)) {
                throw new IllegalArgumentException("--out-matrix: no map from N0 onto N1 (its dimension is smaller, or cov0 is singular)");
            }
            if (outMatrix != null) outputs.array(outMatrix, "--out-matrix", NdArray.of(r.mapMatrix()));
            if (outShift != null) outputs.array(outShift, "--out-shift", NdArray.vector(r.mapShift()));
            return new Report().put("gw", r.value()).put("cost", cost).put("map", map).put("cross_covariance", r.crossCovariance());
        }
    }

    @Command(name = "barycenter", mixinStandardHelpOptions = true,
            description = "W2 barycenter of N Gaussians (fixed point). Keys: iterations, residual, converged.")
    static final class Barycenter extends ReportingCommand {
        @Option(names = "--means", paramLabel = "FILE", required = true, description = "N×d means.")
        Path means;
        @Option(names = "--covs", paramLabel = "FILE", required = true, description = "N×d×d covariances (.npy).")
        Path covs;
        @Option(names = "--weights", paramLabel = "FILE", description = "N weights (default: equal).")
        Path weights;
        @Option(names = "--out-mean", paramLabel = "FILE", required = true) Path outMean;
        @Option(names = "--out-cov", paramLabel = "FILE", required = true) Path outCov;
        @Option(names = "--tol", defaultValue = "1e-12",
                description = "Relative change at which to stop (default: ${DEFAULT-VALUE}).") double tol;
        @Option(names = "--max-iter", defaultValue = "1000", description = "Iteration limit (default: ${DEFAULT-VALUE}).") int maxIter;

        @Override
        protected Report compute() throws Exception {
            var m = Inputs.matrix(means, "--means");
            NdArray c = Inputs.array(covs, "--covs");
            int[] s = c.shape();
            if (s.length == 2 && m.rows() == 1) c = new NdArray(new int[] {1, s[0], s[1]}, c.data());
            s = c.shape();
            if (s.length != 3 || s[0] != m.rows() || s[1] != m.cols() || s[2] != m.cols()) {
                throw new IllegalArgumentException("--covs must have shape (N, d, d) = (" + m.rows() + ", " + m.cols() + ", " + m.cols()
                        + ") to match --means, got " + Arrays.toString(s));
            }
            List<Gaussian> gs = new ArrayList<>();
            for (int i = 0; i < m.rows(); i++) gs.add(Gaussian.of(m.row(i), c.slice(i, "--covs"), "--covs[" + i + "]"));
            GaussianBarycenter solver = GaussianBarycenter.defaults().withTolerance(tol).withMaxIterations(maxIter);
            GaussianBarycenter.Result r = weights == null ? solver.solve(gs) : solver.solve(gs, Inputs.vector(weights, "--weights"));
            outputs.array(outMean, "--out-mean", NdArray.vector(r.barycenter().mean()));
            outputs.array(outCov, "--out-cov", NdArray.of(r.barycenter().covariance()));
            return new Report().put("iterations", r.iterations()).put("residual", r.residual()).put("converged", r.converged());
        }
    }
}
