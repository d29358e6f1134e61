package org.monge.gmm;

import org.monge.discrete.exact.OneDimensional;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Runs a {@link MixtureGradientFlow} of the Fokker–Planck energy (or entropy) side by side with the
 * reference {@link FokkerPlanck1D} solver started from the same density (cell masses of the initial
 * mixture, exact CDF differences) and reports the exact 1-D W2 between the two at snapshot times.
 * W2 is computed between the two sets of cell masses as weighted samples at the cell centres
 * ({@link OneDimensional}, quantile merge), so the spatial discretisation is the same on both sides.
 * The PDE steps exactly to each snapshot time (the last step of a segment shortened); runs needing
 * more than {@value #MAX_PDE_STEPS} steps in all are refused before any work.
 */
public final class FlowComparison {
    /** The most PDE time steps a run may take: more is hours of work even on few cells, or a mistaken time step. */
    public static final long MAX_PDE_STEPS = 100_000_000L;

    private FlowComparison() {}

    /** Which of the two solutions is advancing (each segment runs the mixture flow, then the PDE). */
    public enum Stage { MIXTURE, PDE }

    /** Called often with the solution advancing and the fraction of the end time it has reached; must be cheap. */
    @FunctionalInterface
    public interface Progress {
        void done(Stage stage, double fraction);
    }

    /** The number of PDE steps a run takes: steps of dt to each equally spaced snapshot time (a double: absurd counts do not overflow). */
    public static double pdeSteps(double tEnd, int snapshots, double dt) {
        double total = 0;
        for (int s = 1; s <= snapshots; s++) {
            total += FokkerPlanck1D.steps(snapshotTime(tEnd, s, snapshots) - snapshotTime(tEnd, s - 1, snapshots), dt);
        }
        return total;
    }

    private static double snapshotTime(double tEnd, int s, int snapshots) {
        double t = tEnd * s / snapshots;
        return Double.isFinite(t) ? t : tEnd / snapshots * s;
    }

    /**
     * Snapshots at times[s]: mixture weights, mixture and PDE cell masses, W2 between them.
     * {@code status} is the mixture flow's status of the last segment.
     */
    public record Result(double[] times, double[][] weights, double[][] mixtureMasses, double[][] pdeMasses, double[] w2,
                         double[] centres, MixtureGradientFlow.Status status) {
        /** The mixture's density at the cell centres at snapshot s: its cell masses over the (uniform) cell width. */
        public double[] mixtureDensity(int s) {
            return perWidth(mixtureMasses[s]);
        }

        /** The PDE's density at the cell centres at snapshot s. */
        public double[] pdeDensity(int s) {
            return perWidth(pdeMasses[s]);
        }

        private double[] perWidth(double[] masses) {
            double h = centres[1] - centres[0];
            double[] d = new double[masses.length];
            for (int j = 0; j < d.length; j++) d[j] = masses[j] / h;
            return d;
        }
    }

    /**
     * @param snapshots number of equal time segments (snapshots + 1 records, time 0 included)
     * @param cells     PDE cells on [lo, hi]; the PDE time step is dt
     */
    public static Result run(MixtureGradientFlow flow, DoubleUnaryOperator potential, double[] p0, double[] means, double[] sigmas,
                             double tEnd, int snapshots, double lo, double hi, int cells, double dt) {
        return run(flow, potential, p0, means, sigmas, tEnd, snapshots, lo, hi, cells, dt, null);
    }

    /** As above, reporting the fraction of the end time done to {@code progress} (null for none). */
    public static Result run(MixtureGradientFlow flow, DoubleUnaryOperator potential, double[] p0, double[] means, double[] sigmas,
                             double tEnd, int snapshots, double lo, double hi, int cells, double dt, Progress progress) {
        if (snapshots < 1) throw new IllegalArgumentException("snapshots must be at least 1, got " + snapshots);
        if (!(tEnd > 0) || !Double.isFinite(tEnd)) throw new IllegalArgumentException("end time must be positive and finite, got " + tEnd);
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("dt must be positive and finite, got " + dt);
        double steps = pdeSteps(tEnd, snapshots, dt);
        if (steps > MAX_PDE_STEPS) {
            throw new IllegalArgumentException(String.format("dt = %s needs %.3g PDE steps to reach time %s, more than %d", dt, steps,
                    tEnd, MAX_PDE_STEPS));
        }
        FokkerPlanck1D pde = FokkerPlanck1D.on(lo, hi, cells, potential, dt);
        double[] edges = pde.edges(), centres = pde.centres();
        double[] times = new double[snapshots + 1], w2 = new double[snapshots + 1];
        double[][] ws = new double[snapshots + 1][], mix = new double[snapshots + 1][], ref = new double[snapshots + 1][];
        ws[0] = p0.clone();
        mix[0] = MixtureGradientFlow.cellMasses(p0, means, sigmas, edges);
        ref[0] = mix[0].clone();
        MixtureGradientFlow.Status status = MixtureGradientFlow.Status.REACHED_END;
        for (int s = 1; s <= snapshots; s++) {
            times[s] = snapshotTime(tEnd, s, snapshots);
            if (status == MixtureGradientFlow.Status.REACHED_END) {
                // components emptied by an earlier segment stay out (the flow continues on that face)
                double[] prev = ws[s - 1];
                int[] active = IntStream.range(0, prev.length).filter(k -> prev[k] > 0).toArray();
                double[] pa = new double[active.length], ma = new double[active.length], sa = new double[active.length];
                for (int j = 0; j < active.length; j++) { pa[j] = prev[active[j]]; ma[j] = means[active[j]]; sa[j] = sigmas[active[j]]; }
                double from = times[s - 1];
                MixtureGradientFlow segment = progress == null ? flow
                        : flow.withProgress(t -> progress.done(Stage.MIXTURE, (from + t) / tEnd));
                MixtureGradientFlow.Result r = segment.run(pa, ma, sa, times[s] - times[s - 1]);
                status = r.status();
                ws[s] = new double[prev.length];
                double[] fin = r.finalWeights();
                for (int j = 0; j < active.length; j++) ws[s][active[j]] = fin[j];
            } else {
                ws[s] = ws[s - 1].clone();
            }
            double start = times[s - 1];
            FokkerPlanck1D.Progress pp = progress == null ? null : t -> progress.done(Stage.PDE, (start + t) / tEnd);
            ref[s] = pde.advanceBy(ref[s - 1], times[s] - times[s - 1], pp);
            mix[s] = MixtureGradientFlow.cellMasses(ws[s], means, sigmas, edges);
            // both are probability vectors up to rounding: compare them as such
            w2[s] = OneDimensional.wasserstein(centres, normalised(mix[s]), centres, normalised(ref[s]), 2);
        }
        return new Result(times, ws, mix, ref, w2, centres, status);
    }

    private static double[] normalised(double[] m) {
        double t = 0;
        for (double v : m) t += v;
        double[] out = m.clone();
        for (int j = 0; j < out.length; j++) out[j] /= t;
        return out;
    }
}
