package org.monge.cli;

import org.monge.gmm.ExpectationMaximization;
import org.monge.gmm.FlowComparison;
import org.monge.gmm.GaussianMixture;
import org.monge.gmm.LatticeLimit;
import org.monge.gmm.LatticeProblem;
import org.monge.gmm.MixtureGradientFlow;
import org.monge.gmm.MixtureTransport;
import org.monge.gmm.WassersteinInformation;
import org.monge.cli.plot.Plots;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** The demo's mixture part: EM, MW2, the information matrix against its limit, a gradient flow against the PDE (plotted). */
final class GmmDemo implements DemoCommand.DemoSection {
    @Override
    public String name() { return "gmm"; }

    @Override
    public Report run(Path out, PrintWriter say) throws Exception {
        say.println("== Gaussian mixtures");
        GaussianMixture truth = GaussianMixture.of(new double[] {0.3, 0.7}, Matrix.of(new double[][] {{-3, 0}, {2, 1}}),
                List.of(Matrix.identity(2), Matrix.of(new double[][] {{1, .4}, {.4, .6}})));
        ExpectationMaximization.Result fit = ExpectationMaximization.withComponents(2).withSeed(1).fit(truth.sample(3000, 1));
        MixtureTransport.Result mw2 = MixtureTransport.solve(truth, fit.mixture());
        GmmCommand.writeMixture(out.resolve("gmm_fit.npz"), fit.mixture());
        say.printf("EM on 3000 points: log-likelihood %.2f, BIC %.2f, %d iterations; MW2(truth, fit) = %.4f -> gmm_fit.npz%n",
                fit.logLikelihood(), fit.bic(), fit.iterations(), mw2.distance());
        double[] p = {0.1, 0.3, 0.45, 0.15}, mu = {0, 1, 2, 3};
        Matrix g = WassersteinInformation.defaults().renormalisedWeightMatrix(p, mu, 0.1).matrix();
        say.println("Information matrix / Z(σ) at σ = 0.1, diagonal " + Arrays.toString(g.diag())
                + "; limit " + Arrays.toString(LatticeLimit.renormalisedLimit(p).diag()));
        int n = 15;
        double[] nu = LatticeProblem.means(n, 3), q = LatticeProblem.bumpWeights(nu, 1), sg = new double[n];
        Arrays.fill(sg, LatticeProblem.gap(n, 3) / 2);
        DoubleUnaryOperator v = LatticeProblem.Potential.DOUBLE_WELL;
        FlowComparison.Result r = FlowComparison.run(MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, v), v, q, nu, sg, 1,
                4, -7, 7, 1400, 1e-3);
        Plots.LineChart chart = Plots.lineChart("Fokker–Planck flow in a double well: mixture (lines) vs PDE (dashed)", "x", "density")
                .xRange(-4.5, 4.5);
        for (int t = 0; t < r.times().length; t++) {
            chart.line(String.format("mixture t = %.2f", r.times()[t]), r.centres(), r.mixtureDensity(t), t, r.times().length);
            chart.dashedLine(String.format("PDE t = %.2f", r.times()[t]), r.centres(), r.pdeDensity(t), t, r.times().length);
        }
        Path png = chart.save(out, "gmm_flow");
        say.printf("Mixture gradient flow (N = %d) vs finite-volume PDE: W2 at t = 1 is %.4f -> %s%n", n, r.w2()[r.w2().length - 1], png);
        return new Report().put("em_log_likelihood", fit.logLikelihood()).put("mw2_truth_fit", mw2.distance())
                .put("info_matrix_diag_over_z", g.diag()).put("flow_w2_to_pde", r.w2()[r.w2().length - 1]);
    }
}
