package org.monge.cli;

import org.monge.gaussian.AffineMap;
import org.monge.gaussian.BrenierMap;
import org.monge.gaussian.BuresGradient;
import org.monge.gaussian.BuresWasserstein;
import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.gaussian.Gaussian;
import org.monge.gaussian.GaussianBarycenter;
import org.monge.gaussian.GaussianGradient;
import org.monge.gaussian.KnotheRosenblattMap;
import org.monge.gaussian.McCannInterpolation;
import org.monge.io.NdArray;
import org.monge.io.Npy;
import org.monge.linalg.Matrix;
import org.monge.linalg.MatrixFunctions;
import org.monge.cli.plot.Plots;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's Gaussian part: W2, gradient, maps, McCann interpolation (plotted), barycenter, FID. */
final class GaussianDemo implements DemoCommand.DemoSection {
    @Override
    public String name() { return "gaussian"; }

    @Override
    public Report run(Path out, PrintWriter say) throws Exception {
        say.println("== Gaussian optimal transport in closed form");
        Gaussian p = example(out, 0), q = example(out, 1);
        double w2sq = BuresWasserstein.squaredDistance(p, q);
        say.printf("W2(N0, N1) = %.6f   (W2² = %.12f)%n", Math.sqrt(w2sq), w2sq);
        GaussianGradient g = BuresGradient.of(p, q);
        Outputs.writeArray(out.resolve("grad_mean1.npy"), "--out", NdArray.vector(g.mean1()));
        Outputs.writeArray(out.resolve("grad_cov1.npy"), "--out", NdArray.of(g.covariance1()));
        say.println("∂W2²/∂S1 = " + Arrays.deepToString(g.covariance1().toArray()) + "  -> grad_cov1.npy");
        AffineMap brenier = BrenierMap.between(p, q);
        AffineMap kr = KnotheRosenblattMap.between(p, q);
        Outputs.writeArray(out.resolve("brenier_matrix.npy"), "--out", NdArray.of(brenier.matrix()));
        Outputs.writeArray(out.resolve("knothe_rosenblatt_matrix.npy"), "--out", NdArray.of(kr.matrix()));
        say.println("Brenier A = " + Arrays.deepToString(brenier.matrix().toArray()) + " (symmetric PD)");
        say.println("Knothe–Rosenblatt A = " + Arrays.deepToString(kr.matrix().toArray()) + " (lower triangular)");

        McCannInterpolation path = new McCannInterpolation(p, q);
        Plots.LineChart chart = Plots.lineChart("McCann interpolation N0 → N1 (1-σ ellipses)", "x₁", "x₂");
        for (int k = 0; k <= 5; k++) {
            double t = k / 5.0;
            double[][] e = ellipse(path.at(t));
            chart.line(String.format("t = %.1f", t), e[0], e[1]);
        }
        Path mccann = chart.save(out, "mccann_interpolation");
        say.println("McCann interpolation plotted -> " + mccann);

        NdArray bm = Npy.read(DemoCommand.example(out, "bary_means.npy"));
        NdArray bc = Npy.read(DemoCommand.example(out, "bary_covs.npy"));
        List<Gaussian> gs = new ArrayList<>();
        for (int i = 0; i < bm.shape()[0]; i++) gs.add(Gaussian.of(bm.toMatrix("means").row(i), bc.slice(i, "covs")));
        GaussianBarycenter.Result bary = GaussianBarycenter.defaults().solve(gs);
        say.printf("Barycenter of %d Gaussians: %d iterations, residual %.2e, covariance %s%n", gs.size(), bary.iterations(),
                bary.residual(), Arrays.deepToString(bary.barycenter().covariance().toArray()));
        Plots.LineChart bchart = Plots.lineChart("W2 barycenter of three Gaussians (1-σ ellipses)", "x₁", "x₂");
        for (int i = 0; i < gs.size(); i++) {
            double[][] e = ellipse(gs.get(i));
            bchart.line("input " + (i + 1), e[0], e[1]);
        }
        double[][] be = ellipse(bary.barycenter());
        bchart.line("barycenter", be[0], be[1]);
        bchart.save(out, "gaussian_barycenter");

        FeatureStatistics sa = StatsCommand.statistics(DemoCommand.example(out, "features_a.npy"), say);
        FeatureStatistics sb = StatsCommand.statistics(DemoCommand.example(out, "features_b.npy"), say);
        Map<String, NdArray> stats = new LinkedHashMap<>();
        stats.put("mu", NdArray.vector(sa.mean()));
        stats.put("sigma", NdArray.of(sa.covariance()));
        Outputs.writeNpz(out.resolve("features_a_stats.npz"), "--out", stats);
        double fid = Fid.between(sa, sb);
        say.printf("FID between two bundled feature sets (%d and %d rows, d = %d) = %.6f; statistics -> features_a_stats.npz%n",
                sa.count(), sb.count(), sa.dimension(), fid);
        return new Report().put("w2", Math.sqrt(w2sq)).put("w2_squared", w2sq).put("barycenter_iterations", bary.iterations())
                .put("barycenter_residual", bary.residual()).put("fid", fid);
    }

    /** The bundled example Gaussian N(mean{i}, cov{i}), i = 0 or 1 (copied to the output folder). */
    static Gaussian example(Path out, int i) throws IOException {
        return Inputs.gaussian(DemoCommand.example(out, "mean" + i + ".csv"), DemoCommand.example(out, "cov" + i + ".csv"), "mean" + i,
                "cov" + i);
    }

    /** Points of the 1-σ ellipse m + S^½ (cos θ, sin θ) of a 2-D Gaussian. */
    static double[][] ellipse(Gaussian g) {
        Matrix r = MatrixFunctions.sqrt(g.covariance());
        double[] m = g.mean();
        int n = 121;
        double[][] xy = new double[2][n];
        for (int k = 0; k < n; k++) {
            double th = 2 * Math.PI * k / (n - 1);
            double c = Math.cos(th), s = Math.sin(th);
            xy[0][k] = m[0] + r.get(0, 0) * c + r.get(0, 1) * s;
            xy[1][k] = m[1] + r.get(1, 0) * c + r.get(1, 1) * s;
        }
        return xy;
    }
}
