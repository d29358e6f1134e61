package org.monge.bench;

import org.monge.gmm.ExtendedMixtureEnergy;
import org.monge.gmm.ExtendedMixtureFlow;
import org.monge.gmm.MixtureGradientFlow;
import org.monge.gmm.MixtureParameters;
import org.monge.gmm.MixturePotential;
import org.monge.gmm.WassersteinInformation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Timed runs of the Gaussian-mixture hot paths: the information matrix of an N = 50 mixture (weights,
 * unit gaps, σ = 0.1 and 0.02, tolerance 1e-12) and a Fokker–Planck flow of 1000 Dormand–Prince
 * steps with N = 20, and the extended-mixture flow (weights and means) of N = 20 components on [−3, 3],
 * σ = 0.03, V = (x² − 1)²/4, for 1000 ROS2 steps on the limit and on the exact metric (the exact one
 * also as CPU seconds of the running thread, which the machine's load does not inflate). Prints
 * RESULT lines (median seconds, a value to compare runs).
 * Usage: java -cp monge-bench.jar org.monge.bench.GmmTiming [--small]
 */
public final class GmmTiming {
    private GmmTiming() {}

    public static void main(String[] args) throws Exception {
        boolean small = Arrays.asList(args).contains("--small");
        int n = small ? 10 : 50;
        double[] p = new double[n], mu = new double[n];
        for (int k = 0; k < n; k++) { p[k] = 1 + 0.5 * Math.sin(k); mu[k] = k; }
        double tot = Arrays.stream(p).sum();
        for (int k = 0; k < n; k++) p[k] /= tot;
        for (double sigma : new double[] {0.1, 0.02}) {
            double[] s = new double[n];
            Arrays.fill(s, sigma);
            double[] logZ = new double[n - 1];
            double[] holder = new double[1];
            double sec = Timer.medianSeconds(2, 5, () -> {
                WassersteinInformation.Result r = WassersteinInformation.defaults().compute(p, mu, s, MixtureParameters.WEIGHTS, logZ);
                holder[0] = r.matrix().get(0, 0);
                return r;
            });
            Timer.report("info-matrix N=" + n + " sigma=" + sigma, sec, holder[0]);
        }
        int m = small ? 8 : 20;
        double[] q = new double[m], nu = new double[m], sg = new double[m];
        for (int k = 0; k < m; k++) {
            nu[k] = -3 + 6.0 * k / (m - 1);
            q[k] = Math.exp(-(nu[k] - 1) * (nu[k] - 1) / 0.5) + 0.05;
            sg[k] = 3.0 / (m - 1);
        }
        double qt = Arrays.stream(q).sum();
        for (int k = 0; k < m; k++) q[k] /= qt;
        int steps = small ? 100 : 1000;
        MixtureGradientFlow flow = MixtureGradientFlow.of(MixtureGradientFlow.Energy.FOKKER_PLANCK, x -> 0.5 * x * x).withTolerance(1e-12)
                .withMaxSteps(steps);
        int[] taken = new int[1];
        double sec = Timer.medianSeconds(1, 3, () -> {
            MixtureGradientFlow.Result r = flow.run(q, nu, sg, 100);
            taken[0] = r.steps() + r.rejected();
            return r;
        });
        Timer.report("flow N=" + m + " steps=" + steps, sec, taken[0]);
        extendedFlows(m, steps, small);
    }

    private static void extendedFlows(int m, int steps, boolean small) throws Exception {
        double[] q = new double[m], nu = new double[m];
        for (int k = 0; k < m; k++) {
            nu[k] = -3 + 6.0 * k / (m - 1);
            q[k] = Math.exp(-(nu[k] - 1) * (nu[k] - 1) / 0.5) + 0.05;
        }
        double qt = Arrays.stream(q).sum();
        for (int k = 0; k < m; k++) q[k] /= qt;
        ExtendedMixtureEnergy energy = ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.POTENTIAL,
                MixturePotential.DOUBLE_WELL, 0.03);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ExtendedMixtureFlow.Metric metric : ExtendedMixtureFlow.Metric.values()) {
            if (metric == ExtendedMixtureFlow.Metric.SECOND_ORDER) continue;
            ExtendedMixtureFlow flow = ExtendedMixtureFlow.of(energy, metric).withMaxSteps(steps);
            double[] result = new double[2];
            boolean exact = metric == ExtendedMixtureFlow.Metric.EXACT;
            double sec = Timer.medianSeconds(exact ? 0 : 1, exact && !small ? 1 : 3, () -> {
                long cpu = threads.getCurrentThreadCpuTime();
                ExtendedMixtureFlow.Result r = flow.run(q, nu, 100);
                result[0] = (threads.getCurrentThreadCpuTime() - cpu) * 1e-9;
                result[1] = r.finalEnergy();
                return r;
            });
            String name = "extended-flow " + metric.name().toLowerCase(Locale.ROOT) + " N=" + m + " steps=" + steps;
            Timer.report(name, sec, result[1]);
            Timer.report(name + " cpu", result[0], result[1]);
        }
    }
}
