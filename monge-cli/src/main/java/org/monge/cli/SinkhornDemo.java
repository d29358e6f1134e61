package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.entropic.EntropicBarycenter;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.entropic.SinkhornDivergence;
import org.monge.discrete.exact.KMeans;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.SlicedWasserstein;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** The demo's entropic part: Sinkhorn as ε shrinks (plotted), divergence, sliced W, k-means, barycenter. */
final class SinkhornDemo implements DemoCommand.DemoSection {
    @Override
    public String name() { return "sinkhorn"; }

    @Override
    public Report run(Path out, PrintWriter say) throws Exception {
        say.println("== Entropic OT: Sinkhorn, divergences, sliced W, k-means, barycenters");
        Random r = new Random(7);
        int n = 300;
        double[][] x = new double[n][2], y = new double[n][2];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * r.nextDouble();
            x[i][0] = r.nextGaussian() * 0.3; x[i][1] = r.nextGaussian() * 0.3;
            y[i][0] = 1.5 + Math.cos(t) + 0.05 * r.nextGaussian(); y[i][1] = Math.sin(t) + 0.05 * r.nextGaussian();
        }
        Matrix xm = Matrix.of(x), ym = Matrix.of(y);
        Outputs.writeArray(out.resolve("entropic_x.npy"), "--out", NdArray.of(xm));
        Outputs.writeArray(out.resolve("entropic_y.npy"), "--out", NdArray.of(ym));
        DiscreteMeasure a = DiscreteMeasure.uniform(xm), b = DiscreteMeasure.uniform(ym);
        CostMatrix c = CostMatrix.fromPoints(xm, ym, Metric.SQEUCLIDEAN);
        double exact = NetworkSimplex.defaults().solve(a, b, c).cost();
        say.printf("exact W2² (network simplex) = %.6f%n", exact);
        double[] eps = {1, 0.3, 0.1, 0.03, 0.01, 0.003};
        double[] costs = new double[eps.length], logEps = new double[eps.length], gap = new double[eps.length];
        for (int k = 0; k < eps.length; k++) {
            Sinkhorn.Result s = Sinkhorn.withEpsilon(eps[k]).withMaxIterations(5000).solve(a, b, c);
            costs[k] = s.cost();
            logEps[k] = Math.log10(eps[k]);
            gap[k] = Math.max(s.cost() - exact, 1e-12);
            say.printf("  ε = %-6g ⟨π, C⟩ = %.6f  objective = %.6f  %d iterations, %s%n",
                    eps[k], s.cost(), s.objective(), s.iterations(), s.status());
        }
        Path plot = Plots.lineChart("Sinkhorn cost minus exact W2² as ε shrinks", "log10 ε", "⟨π, C⟩ − W2²").logY()
                .line("entropic gap", logEps, gap).save(out, "sinkhorn_epsilon");
        say.println("  plotted -> " + plot);
        double div = SinkhornDivergence.between(a, b, Metric.SQEUCLIDEAN, Sinkhorn.withEpsilon(0.01)).divergence();
        say.printf("Sinkhorn divergence S_0.01 = %.6f (debiased; close to W2²)%n", div);
        double sw = SlicedWasserstein.defaults().withProjections(200).withSeed(1).distance(a, b);
        say.printf("sliced W2 (200 directions) = %.6f  (≤ W2 = %.6f)%n", sw, Math.sqrt(exact));
        KMeans.Result km = KMeans.withK(8).withSeed(1).fit(b);
        Outputs.writeArray(out.resolve("kmeans_centers.npy"), "--out", NdArray.of(km.centers()));
        say.printf("k-means (k = 8) of the ring: W2²(projection, data) = %.6f -> kmeans_centers.npy%n", km.w2Squared());
        int g = 60;
        double[] grid = new double[g];
        for (int i = 0; i < g; i++) grid[i] = i / (g - 1.0);
        double[] h1 = new double[g], h2 = new double[g];
        for (int i = 0; i < g; i++) {
            h1[i] = Math.exp(-Math.pow((grid[i] - 0.2) / 0.05, 2));
            h2[i] = Math.exp(-Math.pow((grid[i] - 0.75) / 0.08, 2));
        }
        EntropicBarycenter.Result bc = EntropicBarycenter.withEpsilon(1e-3).solve(List.of(h1, h2), new double[] {1, 1},
                CostMatrix.fromPoints(Matrix.column(grid), Matrix.column(grid), Metric.SQEUCLIDEAN));
        Path bplot = Plots.lineChart("Entropic W2 barycenter of two bumps", "x", "mass")
                .line("bump 1", grid, DiscreteMeasure.of(h1).normalized().weights())
                .line("bump 2", grid, DiscreteMeasure.of(h2).normalized().weights())
                .line("barycenter", grid, bc.barycenter()).save(out, "entropic_barycenter");
        say.println("barycenter of two bumps (" + bc.iterations() + " iterations) -> " + bplot);
        say.flush();
        return new Report().put("exact_w2_squared", exact).put("sinkhorn_cost_eps_0.01", costs[4]).put("sinkhorn_divergence", div)
                .put("sliced_w2", sw).put("kmeans_w2_squared", km.w2Squared());
    }
}
