package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.gmm.ExtendedMixtureEnergy;
import org.monge.gmm.ExtendedMixtureFlow;
import org.monge.gmm.GridHeatFlow;
import org.monge.gmm.LatticeLimit;
import org.monge.gmm.MixturePotential;
import org.monge.gmm.WassersteinInformation;
import org.monge.linalg.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code gmm-flows} figure set: the numerical experiments on the Wasserstein geometry of
 * Gaussian mixtures (Li &amp; Zhao, scaling limits of the Wasserstein information matrix;
 * docs/gmm-information-matrix.md), each computed when the command runs: (1) the 1-D lattice heat
 * flow against the finite-volume heat equation and the exact solution, W2 over time; (2) its 2-D
 * analogue; (3) an extended mixture under V = sin x; (4) the same under entropy + V = sin 2πx;
 * (5) the first- and second-order small-variance metrics against the exact matrix over σ. Every
 * figure's numbers are also written as CSV.
 */
final class GmmFlowFigures {
    private GmmFlowFigures() {}

    /**
     * The settings of a run: the paper's (full) or a small version of each experiment for tests. The
     * exact 2-D W2 is computed at every {@code w2Every}-th of the 10 snapshots of the 2-D flow (full: at
     * t = 0.005 and 0.01 only, about 6.5 s CPU per solve between two 40 000-cell grids).
     */
    record Settings(double gap1, double dt1, double time1, double gap2, double dt2, double time2, int w2Every, double sinTime,
                    double fpTime, double[] sigmas) {
        static Settings full() {
            return new Settings(0.01, 5e-6, 0.05, 0.01, 2.5e-6, 0.01, 5, 20, 20_000, new double[] {0.1, 0.07, 0.05, 0.035, 0.025});
        }

        static Settings small() {
            return new Settings(0.1, 1e-3, 0.02, 0.2, 4e-3, 0.04, 1, 2, 20, new double[] {0.2, 0.14});
        }
    }

    /** Floor added to the initial density 1 on [−½, ½]: the lattice flux √(p_a p_b) keeps empty cells empty. */
    static final double FLOOR = 1e-2;
    static final double[] WEIGHTS = {0.2, 0.5, 0.3}, MEANS = {-1, 0, 1};
    static final double SIGMA = 0.1;

    /**
     * Writes the figures (PNG, SVG, CSV) into {@code out}; returns the PNG paths. {@code notes} receives
     * one line per extended-mixture run: its metric, status and reason (removed components included).
     */
    static List<Path> write(Path out, Settings s, List<String> notes) throws IOException {
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        files.addAll(lattice1d(out, s));
        files.addAll(lattice2d(out, s));
        files.addAll(sinFlow(out, s, notes));
        files.addAll(fokkerPlanckFlow(out, s, notes));
        files.add(secondOrder(out, s));
        return files;
    }

    private static double[] initial1d(int n, double gap) {
        double[] m = GridHeatFlow.indicatorMasses(-0.5, 0.5, 1, -1, n, gap);
        for (int c = 0; c < n; c++) m[c] += FLOOR * gap;
        return m;
    }

    private static double[] exact1d(int n, double gap, double t) {
        double[] m = GridHeatFlow.exactHeatMasses(-0.5, 0.5, 1, 1, n, t);
        for (int c = 0; c < n; c++) m[c] += FLOOR * gap;
        return m;
    }

    static List<Path> lattice1d(Path out, Settings s) throws IOException {
        int n = (int) Math.round(2 / s.gap1());
        GridHeatFlow lat = GridHeatFlow.line(n, s.gap1(), GridHeatFlow.Flux.LATTICE);
        GridHeatFlow fv = GridHeatFlow.line(n, s.gap1(), GridHeatFlow.Flux.FINITE_VOLUME);
        double[] c = GridHeatFlow.centres(-1, n, s.gap1());
        int snaps = 20;
        long per = Math.max(1, Math.round(s.time1() / s.dt1() / snaps));
        double[] p = GridHeatFlow.normalised(initial1d(n, s.gap1())), q = p.clone();
        double[] t = new double[snaps], w2fv = new double[snaps], w2ex = new double[snaps];
        Plots.LineChart dens = Plots.lineChart(String.format(Locale.ROOT,
                "1-D heat flow, gap %s: lattice (lines), FV (dashed)", s.gap1()), "x", "density");
        StringBuilder csv = new StringBuilder("time,w2_lattice_fv,w2_lattice_exact\n");
        for (int k = 0; k < snaps; k++) {
            p = lat.advance(p, s.dt1(), per);
            q = fv.advance(q, s.dt1(), per);
            t[k] = (k + 1) * per * s.dt1();
            w2fv[k] = lat.w2(p, q, -1);
            w2ex[k] = lat.w2(p, exact1d(n, s.gap1(), t[k]), -1);
            csv.append(String.format(Locale.ROOT, "%.6g,%.6g,%.6g%n", t[k], w2fv[k], w2ex[k]));
            if (k == 0 || k == 4 || k == snaps - 1) {
                dens.line(String.format(Locale.ROOT, "lattice t = %.3g", t[k]), c, scale(p, 1 / s.gap1()), k, snaps);
                dens.dashedLine(String.format(Locale.ROOT, "FV t = %.3g", t[k]), c, scale(q, 1 / s.gap1()), k, snaps);
            }
        }
        writeCsv(out.resolve("gmm_lattice1d_w2.csv"), csv);
        Plots.LineChart w = Plots.lineChart("1-D lattice heat flow: W2 to finite volume and exact", "time", "W2");
        w.line("W2(lattice, finite volume)", t, w2fv).line("W2(lattice, exact)", t, w2ex)
                .range(0, t[t.length - 1], 0, 1.2 * Math.max(max(w2fv), max(w2ex)));
        return List.of(dens.save(out, "gmm_lattice1d_density"), w.save(out, "gmm_lattice1d_w2"));
    }

    /**
     * The 2-D lattice flow against the finite-volume scheme and the exact (separable) heat solution:
     * the exact 2-D W2 between the cell masses (multiscale network simplex) at every {@code w2Every}-th
     * of the 10 snapshots, and W2 of the x-marginals at every snapshot. The 2-D value is at least √2
     * times the marginal one (a plan projects onto each axis; the two marginals are equal by symmetry),
     * with equality for product densities; forward Euler keeps the product initial density a product
     * only up to a dt² cross term per step.
     */
    static List<Path> lattice2d(Path out, Settings s) throws IOException {
        int n = (int) Math.round(2 / s.gap2());
        GridHeatFlow lat = GridHeatFlow.grid(n, n, s.gap2(), GridHeatFlow.Flux.LATTICE);
        GridHeatFlow fv = GridHeatFlow.grid(n, n, s.gap2(), GridHeatFlow.Flux.FINITE_VOLUME);
        GridHeatFlow line = GridHeatFlow.line(n, s.gap2(), GridHeatFlow.Flux.LATTICE);
        double[] a = initial1d(n, s.gap2());
        double[] p = GridHeatFlow.normalised(GridHeatFlow.product(a, a)), q = p.clone();
        int snaps = 10;
        long per = Math.max(1, Math.round(s.time2() / s.dt2() / snaps));
        double[] t = new double[snaps], w2fv = new double[snaps], w2ex = new double[snaps];
        List<Double> tt = new ArrayList<>(), fv2 = new ArrayList<>(), ex2 = new ArrayList<>();
        StringBuilder csv = new StringBuilder("time,w2_lattice_fv,w2_lattice_exact,w2_x_marginal_lattice_fv,w2_x_marginal_lattice_exact\n");
        for (int k = 0; k < snaps; k++) {
            p = lat.advance(p, s.dt2(), per);
            q = fv.advance(q, s.dt2(), per);
            t[k] = (k + 1) * per * s.dt2();
            double[] e1 = exact1d(n, s.gap2(), t[k]);
            w2fv[k] = line.w2(marginal(p, n), marginal(q, n), -1);
            w2ex[k] = line.w2(marginal(p, n), e1, -1);
            String full = ",,";
            if ((k + 1) % s.w2Every() == 0) {
                tt.add(t[k]);
                fv2.add(lat.w2(p, q, -1));
                ex2.add(lat.w2(p, GridHeatFlow.product(e1, e1), -1));
                full = String.format(Locale.ROOT, ",%.6g,%.6g", fv2.get(fv2.size() - 1), ex2.get(ex2.size() - 1));
            }
            csv.append(String.format(Locale.ROOT, "%.6g%s,%.6g,%.6g%n", t[k], full, w2fv[k], w2ex[k]));
        }
        writeCsv(out.resolve("gmm_lattice2d_w2.csv"), csv);
        Plots.LineChart w = Plots.lineChart(String.format(Locale.ROOT,
                "2-D heat flow, gap %s: W2 (lines), of x-marginals (dashed)", s.gap2()),
                "time", "W2");
        double[] ts = unbox(tt), f2 = unbox(fv2), x2 = unbox(ex2);
        w.line("W2(lattice, finite volume)", ts, f2, 0, 2).line("W2(lattice, exact)", ts, x2, 1, 2)
                .dashedLine("x-marginals: W2(lattice, finite volume)", t, w2fv, 0, 2)
                .dashedLine("x-marginals: W2(lattice, exact)", t, w2ex, 1, 2)
                .range(0, t[t.length - 1], 0, 1.2 * Math.max(max(f2), max(x2)));
        double[] c = GridHeatFlow.centres(-1, n, s.gap2());
        double[] mid = new double[n], midq = new double[n];
        for (int i = 0; i < n; i++) {
            mid[i] = p[i * n + n / 2] / (s.gap2() * s.gap2());
            midq[i] = q[i * n + n / 2] / (s.gap2() * s.gap2());
        }
        Plots.LineChart prof = Plots.lineChart(String.format(Locale.ROOT, "2-D heat flow at t = %.3g: density along y = %.3g", t[snaps - 1],
                c[n / 2]), "x", "density");
        prof.line("lattice", c, mid).dashedLine("finite volume", c, midq);
        return List.of(w.save(out, "gmm_lattice2d_w2"), prof.save(out, "gmm_lattice2d_profile"));
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static double[] marginal(double[] p, int n) {
        double[] m = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i] += p[i * n + j];
        return m;
    }

    /**
     * The mixture under V = sin x on the exact information matrix at σ = 0.1 (the paper's setting) and on
     * its limit, means in one figure and weights in another (exact: lines, limit: dashed).
     */
    static List<Path> sinFlow(Path out, Settings s, List<String> notes) throws IOException {
        ExtendedMixtureEnergy en = ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.POTENTIAL, MixturePotential.SIN, SIGMA);
        ExtendedMixtureFlow.Result ex = ExtendedMixtureFlow.of(en, ExtendedMixtureFlow.Metric.EXACT).run(WEIGHTS, MEANS, s.sinTime());
        ExtendedMixtureFlow.Result lim = ExtendedMixtureFlow.of(en, ExtendedMixtureFlow.Metric.LIMIT).run(WEIGHTS, MEANS, s.sinTime());
        writeTrajectory(out.resolve("gmm_extended_sin_exact.csv"), ex);
        writeTrajectory(out.resolve("gmm_extended_sin_limit.csv"), lim);
        notes.add(note("sin x, exact metric", ex));
        notes.add(note("sin x, limit metric", lim));
        Plots.LineChart means = Plots.lineChart("V = sin x, σ = 0.1: means (exact lines, limit dashed)", "time", "means");
        Plots.LineChart weights = Plots.lineChart("V = sin x, σ = 0.1: weights (exact lines, limit dashed)", "time",
                "weights");
        trajectory(means, weights, ex, false);
        trajectory(means, weights, lim, true);
        means.dashedLine("−π/2", new double[] {0, ex.finalTime()}, new double[] {-Math.PI / 2, -Math.PI / 2});
        return List.of(means.save(out, "gmm_extended_sin"), weights.save(out, "gmm_extended_sin_weights"));
    }

    /** The same mixture under entropy + V = sin 2πx, exact metric and limit, on a log time axis. */
    static List<Path> fokkerPlanckFlow(Path out, Settings s, List<String> notes) throws IOException {
        ExtendedMixtureEnergy en = ExtendedMixtureEnergy.of(ExtendedMixtureEnergy.Kind.FOKKER_PLANCK, MixturePotential.SIN_2PI, SIGMA);
        ExtendedMixtureFlow.Result ex = ExtendedMixtureFlow.of(en, ExtendedMixtureFlow.Metric.EXACT).withTolerance(1e-5, 1e-8)
                .run(WEIGHTS, MEANS, s.fpTime());
        ExtendedMixtureFlow.Result lim = ExtendedMixtureFlow.of(en, ExtendedMixtureFlow.Metric.LIMIT).withTolerance(1e-5, 1e-8)
                .run(WEIGHTS, MEANS, s.fpTime());
        writeTrajectory(out.resolve("gmm_extended_entropy_sin2pi_exact.csv"), ex);
        writeTrajectory(out.resolve("gmm_extended_entropy_sin2pi_limit.csv"), lim);
        notes.add(note("entropy + sin 2πx, exact metric", ex));
        notes.add(note("entropy + sin 2πx, limit metric", lim));
        Plots.LineChart means = Plots.lineChart("Entropy + sin 2πx: means (exact lines, limit dashed)",
                "time (log scale)", "means").logX();
        Plots.LineChart weights = Plots.lineChart("Entropy + sin 2πx: weights (exact lines, limit dashed)",
                "time (log scale)", "weights").logX();
        trajectory(means, weights, ex, false);
        trajectory(means, weights, lim, true);
        return List.of(means.save(out, "gmm_extended_entropy_sin2pi"), weights.save(out, "gmm_extended_entropy_sin2pi_weights"));
    }

    private static String note(String what, ExtendedMixtureFlow.Result r) {
        return String.format(Locale.ROOT, "%s: %s at t = %.6g after %d steps, energy %.9g -> %.9g; %s", what,
                r.status().name().toLowerCase(Locale.ROOT), r.finalTime(), r.steps(), r.energies()[0], r.finalEnergy(), r.reason());
    }

    /**
     * Means into {@code means} and weights into {@code weights}, lines or dashed lines, at most about 300
     * of the recorded steps (the first point is skipped: it would sit at 0 on a log time axis; the CSV
     * has every step). A removed component's curves end at its removal, which its legend entries give
     * (with the weight it had left), as they give a merge that ended the run.
     */
    private static void trajectory(Plots.LineChart means, Plots.LineChart weights, ExtendedMixtureFlow.Result r, boolean dashed) {
        int all = r.times().length - 1, stride = Math.max(1, all / 300);
        String metric = dashed ? "limit" : "exact";
        String ended = r.status().converged() ? "" : String.format(Locale.ROOT, ", %s t = %.3g",
                r.status() == ExtendedMixtureFlow.Status.COMPONENTS_MERGED ? "merged" : "stopped", r.finalTime());
        for (int k = 0; k < WEIGHTS.length; k++) {
            String tag = " (" + metric + ended + ")", weightTag = tag;
            for (ExtendedMixtureFlow.Removal x : r.removals()) {
                if (x.component() != k) continue;
                tag = String.format(Locale.ROOT, " (%s, removed t = %.3g)", metric, x.time());
                weightTag = String.format(Locale.ROOT, " (%s, %.0e removed t = %.3g)", metric, x.weight(), x.time());
            }
            int last = all;
            while (last > 1 && Double.isNaN(r.means()[last][k])) last--;
            int m = (last - 1) / stride + 1;
            double[] t = new double[m + 1], mu = new double[m + 1], w = new double[m + 1];
            for (int i = 0; i <= m; i++) {
                int j = i == m ? last : 1 + i * stride;
                t[i] = r.times()[j];
                mu[i] = r.means()[j][k];
                w[i] = r.weights()[j][k];
            }
            if (dashed) {
                means.dashedLine("mean " + (k + 1) + tag, t, mu, k, 4);
                weights.dashedLine("weight " + (k + 1) + weightTag, t, w, k, 4);
            } else {
                means.line("mean " + (k + 1) + tag, t, mu, k, 4);
                weights.line("weight " + (k + 1) + weightTag, t, w, k, 4);
            }
        }
    }

    static Path secondOrder(Path out, Settings s) throws IOException {
        double[] p = {0.1, 0.25, 0.3, 0.2, 0.15}, mu = {0, 1, 2, 3, 4};
        double[] sg = s.sigmas(), e1 = new double[sg.length], e2 = new double[sg.length];
        StringBuilder csv = new StringBuilder("sigma,error_first_order,error_second_order\n");
        for (int i = 0; i < sg.length; i++) {
            Matrix g = WassersteinInformation.defaults().renormalisedWeightMatrix(p, mu, sg[i]).matrix();
            e1[i] = diagonalError(g, LatticeLimit.renormalisedLimit(p));
            e2[i] = diagonalError(g, LatticeLimit.renormalisedSecondOrder(p, mu, sg[i]));
            csv.append(String.format(Locale.ROOT, "%.6g,%.6g,%.6g%n", sg[i], e1[i], e2[i]));
        }
        writeCsv(out.resolve("gmm_second_order.csv"), csv);
        Plots.LineChart ch = Plots.lineChart("G/Z, N = 5: relative error of the small-σ limits", "σ (log scale)",
                "max relative error (log scale)").logX().logY();
        ch.line("first order (slope " + fmtSlope(sg, e1) + ")", sg, e1).line("second order (slope " + fmtSlope(sg, e2) + ")", sg, e2);
        double[] r2 = new double[sg.length], r4 = new double[sg.length];
        for (int i = 0; i < sg.length; i++) {
            r2[i] = e1[0] * Math.pow(sg[i] / sg[0], 2);
            r4[i] = e2[0] * Math.pow(sg[i] / sg[0], 4);
        }
        ch.dashedLine("slope 2", sg, r2, 2, 4).dashedLine("slope 4", sg, r4, 3, 4);
        return ch.save(out, "gmm_second_order");
    }

    private static double diagonalError(Matrix g, Matrix approx) {
        double e = 0;
        for (int i = 0; i < g.rows(); i++) e = Math.max(e, Math.abs(g.get(i, i) / approx.get(i, i) - 1));
        return e;
    }

    private static String fmtSlope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += Math.log(x[i]) / n; my += Math.log(y[i]) / n; }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) { sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my); sxx += Math.pow(Math.log(x[i]) - mx, 2); }
        return String.format(Locale.ROOT, "%.2f", sxy / sxx);
    }

    private static double[] scale(double[] v, double f) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i] * f;
        return r;
    }

    private static void writeTrajectory(Path file, ExtendedMixtureFlow.Result r) throws IOException {
        StringBuilder csv = new StringBuilder("time,energy");
        int n = r.weights()[0].length;
        for (int k = 0; k < n; k++) csv.append(",weight_").append(k + 1);
        for (int k = 0; k < n; k++) csv.append(",mean_").append(k + 1);
        csv.append('\n');
        for (int i = 0; i < r.times().length; i++) {
            csv.append(String.format(Locale.ROOT, "%.9g,%.12g", r.times()[i], r.energies()[i]));
            for (int k = 0; k < n; k++) csv.append(String.format(Locale.ROOT, ",%.12g", r.weights()[i][k]));
            for (int k = 0; k < n; k++) csv.append(String.format(Locale.ROOT, ",%.12g", r.means()[i][k]));
            csv.append('\n');
        }
        writeCsv(file, csv);
    }

    private static void writeCsv(Path file, CharSequence text) throws IOException {
        Outputs.write(file, "--out", tmp -> Files.writeString(tmp, text));
    }
}
