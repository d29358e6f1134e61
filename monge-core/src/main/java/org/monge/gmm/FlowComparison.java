package org.monge.gmm;

import org.monge.discrete.OneDimensional;

import java.util.function.DoubleUnaryOperator;

/**
 * Runs a {@link MixtureGradientFlow} of the Fokker–Planck energy (or entropy) side by side with the
 * reference {@link FokkerPlanck1D} solver started from the same density (cell masses of the initial
 * mixture, exact CDF differences) and reports the exact 1-D W2 between the two at snapshot times.
 * W2 is computed between the two sets of cell masses as weighted samples at the cell centres
 * ({@link OneDimensional}, quantile merge), so the spatial discretisation is the same on both sides.
 */
public final class FlowComparison {
    private FlowComparison() {}

    /**
     * Snapshots at times[s]: mixture weights, mixture and PDE cell masses, W2 between them.
     * {@code status} is the mixture flow's status of the last segment.
     */
    public record Result(double[] times, double[][] weights, double[][] mixtureMasses, double[][] pdeMasses, double[] w2,
                         double[] centres, MixtureGradientFlow.Status status) {}

    /**
     * @param snapshots number of equal time segments (snapshots + 1 records, time 0 included)
     * @param cells     PDE cells on [lo, hi]; the PDE time step is dt
     */
    public static Result run(MixtureGradientFlow flow, DoubleUnaryOperator potential, double[] p0, double[] means, double[] sigmas,
                             double tEnd, int snapshots, double lo, double hi, int cells, double dt) {
        if (snapshots < 1) throw new IllegalArgumentException("snapshots must be at least 1, got " + snapshots);
        FokkerPlanck1D pde = FokkerPlanck1D.on(lo, hi, cells, potential, dt);
        double[] edges = pde.edges(), centres = pde.centres();
        double[] times = new double[snapshots + 1], w2 = new double[snapshots + 1];
        double[][] ws = new double[snapshots + 1][], mix = new double[snapshots + 1][], ref = new double[snapshots + 1][];
        ws[0] = p0.clone();
        mix[0] = MixtureGradientFlow.cellMasses(p0, means, sigmas, edges);
        ref[0] = mix[0].clone();
        MixtureGradientFlow.Status status = MixtureGradientFlow.Status.REACHED_END;
        int pdeSteps = 0;
        for (int s = 1; s <= snapshots; s++) {
            times[s] = tEnd * s / snapshots;
            if (status == MixtureGradientFlow.Status.REACHED_END) {
                // components emptied by an earlier segment stay out (the flow continues on that face)
                double[] prev = ws[s - 1];
                int[] active = java.util.stream.IntStream.range(0, prev.length).filter(k -> prev[k] > 0).toArray();
                double[] pa = new double[active.length], ma = new double[active.length], sa = new double[active.length];
                for (int j = 0; j < active.length; j++) { pa[j] = prev[active[j]]; ma[j] = means[active[j]]; sa[j] = sigmas[active[j]]; }
                MixtureGradientFlow.Result r = flow.run(pa, ma, sa, times[s] - times[s - 1]);
                status = r.status();
                ws[s] = new double[prev.length];
                double[] fin = r.finalWeights();
                for (int j = 0; j < active.length; j++) ws[s][active[j]] = fin[j];
            } else {
                ws[s] = ws[s - 1].clone();
            }
            int target = (int) Math.round(times[s] / dt);
            ref[s] = pde.advance(ref[s - 1], target - pdeSteps);
            pdeSteps = target;
            mix[s] = MixtureGradientFlow.cellMasses(ws[s], means, sigmas, edges);
            w2[s] = OneDimensional.wasserstein(centres, mix[s], centres, ref[s], 2);
        }
        return new Result(times, ws, mix, ref, w2, centres, status);
    }
}
