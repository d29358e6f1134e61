package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.exact.CyclicalMonotonicity;
import org.monge.discrete.exact.DisplacementInterpolation;
import org.monge.discrete.exact.LinearAssignment;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OneDimensional;
import org.monge.discrete.exact.OptimalityCertificate;
import org.monge.discrete.exact.StableMatching;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The demo's exact discrete part: network simplex between a ring and two blobs with its
 * certificate, displacement interpolation (plotted), assignment, stable matching, 1-D W2.
 */
final class DiscreteDemo implements DemoCommand.DemoSection {
    @Override
    public String name() { return "discrete"; }

    @Override
    public Report run(Path out, PrintWriter say) throws Exception {
        say.println("== Exact discrete optimal transport");
        int n = 80;
        Random r = new Random(2026);
        double[][] x = new double[n][2], y = new double[n][2];
        for (int i = 0; i < n; i++) {
            double th = 2 * Math.PI * i / n;
            x[i][0] = Math.cos(th) + 0.05 * r.nextGaussian();
            x[i][1] = Math.sin(th) + 0.05 * r.nextGaussian();
            double cx = i % 2 == 0 ? 2.5 : 3.5;
            y[i][0] = cx + 0.25 * r.nextGaussian();
            y[i][1] = (i % 2 == 0 ? 0.8 : -0.8) + 0.25 * r.nextGaussian();
        }
        Matrix px = Matrix.of(x), py = Matrix.of(y);
        DiscreteMeasure a = DiscreteMeasure.uniform(px), b = DiscreteMeasure.uniform(py);
        CostMatrix c = CostMatrix.fromPoints(px, py, Metric.SQEUCLIDEAN);
        NetworkSimplex.Result emd = NetworkSimplex.defaults().solve(a, b, c);
        OptimalityCertificate cert = OptimalityCertificate.of(a, b, c, emd);
        boolean monotone = CyclicalMonotonicity.isCyclicallyMonotone(c, emd.plan());
        say.printf("Network simplex, %d ring points -> %d blob points: W2² = %.10f (%s, %d pivots, %d non-zeros)%n",
                n, n, emd.cost(), emd.status(), emd.iterations(), emd.plan().nonzeros());
        say.printf("Certificate: marginal error %.1e, dual infeasibility %.1e, duality gap %.1e; c-cyclically monotone: %s%n",
                cert.marginalError(), cert.dualInfeasibility(), cert.dualityGap(), monotone);
        Outputs.writeArray(out.resolve("emd_plan.npy"), "--out", NdArray.of(Matrix.fromRowMajor(n, n, emd.plan().toDense())));

        DisplacementInterpolation path = DisplacementInterpolation.of(px, py, emd.plan());
        Plots.LineChart chart = Plots.lineChart("Displacement interpolation ring → two blobs (optimal plan)", "x₁", "x₂");
        for (int k = 0; k < emd.plan().nonzeros(); k++) {
            int i = emd.plan().sources()[k], j = emd.plan().targets()[k];
            chart.unlabeledLine(new double[] {x[i][0], y[j][0]}, new double[] {x[i][1], y[j][1]});
        }
        for (double t : new double[] {0, 0.5, 1}) {
            Matrix s = path.at(t).support();
            double[] sx = new double[s.rows()], sy = new double[s.rows()];
            for (int k = 0; k < s.rows(); k++) {
                sx[k] = s.get(k, 0);
                sy[k] = s.get(k, 1);
            }
            chart.scatter(String.format("t = %.1f", t), sx, sy);
        }
        Path plot = chart.save(out, "displacement_interpolation");
        say.println("Displacement interpolation plotted -> " + plot);

        LinearAssignment.Result asg = LinearAssignment.defaults().solve(c);
        say.printf("Assignment (Jonker–Volgenant) on the same costs: total %.10f = n × W2² (%.10f)%n", asg.cost(), n * emd.cost());

        StableMatching.Result sm = StableMatching.solve(StableMatching.rowPreferences(c), StableMatching.columnPreferences(c));
        double smCost = 0;
        for (int i = 0; i < n; i++) smCost += c.get(i, sm.proposerToReviewer()[i]);
        boolean stable = StableMatching.isStable(StableMatching.rowPreferences(c), StableMatching.columnPreferences(c), null,
                sm.proposerToReviewer());
        say.printf("Stable matching with distance preferences: stable = %s, total cost %.4f "
                + "(vs optimal %.4f: stability is not optimality)%n",
                stable, smCost, asg.cost());

        double[] u = new double[5000], v = new double[4000];
        for (int i = 0; i < u.length; i++) u[i] = r.nextGaussian();
        for (int i = 0; i < v.length; i++) v[i] = 1 + 2 * r.nextGaussian();
        double w2 = OneDimensional.wasserstein(u, v, 2);
        say.printf("1-D W2 between samples of N(0,1) and N(1,4): %.4f (exact for the Gaussians: √2 = %.4f)%n", w2, Math.sqrt(2));
        return new Report().put("emd_cost", emd.cost()).put("emd_status", emd.status().name().toLowerCase(Locale.ROOT))
                .put("duality_gap", cert.dualityGap()).put("cyclically_monotone", monotone).put("assignment_cost", asg.cost())
                .put("stable", stable).put("w2_1d", w2);
    }
}
