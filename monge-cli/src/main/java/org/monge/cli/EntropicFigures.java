package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.gaussian.entropic.EntropicGaussian1D;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code entropic-reference} figure set: entropic OT from N(0,1) to N(0,1) with a reference
 * coupling of correlation ρ (ρ = 0: the product reference), from the 1-D closed forms.
 * (1) plan contours for several ε, product reference; (2) plan contours for several ρ at ε = 1;
 * (3) bias against ε for several ρ; (4) bias against ρ for several ε.
 */
final class EntropicFigures {
    private EntropicFigures() {}

    static final double[] PLAN_EPSILONS = {0.05, 0.25, 1, 4};
    static final double[] PLAN_RHOS = {-0.5, 0, 0.5, 0.9};
    static final double PLAN_RHO_EPSILON = 1;
    static final double[] BIAS_RHOS = {0, 0.5, 0.9, 0.99};
    static final double[] BIAS_EPSILONS = {0.1, 0.5, 1, 2};
    /** The density contour that holds this much of the plan's mass. */
    static final double MASS = 0.9;

    /** Writes the four figures (PNG and SVG) into {@code out}; returns the PNG paths. */
    static List<Path> write(Path out) throws IOException {
        return List.of(plansAcrossEpsilon(out), plansAcrossRho(out), biasAgainstEpsilon(out), biasAgainstRho(out));
    }

    static Path plansAcrossEpsilon(Path out) throws IOException {
        Plots.LineChart chart = planChart("Entropic plan N(0,1) → N(0,1), product reference: " + percent() + " density contours");
        for (double eps : PLAN_EPSILONS) {
            double[][] e = contour(EntropicGaussian1D.crossCovariance(1, 1, 0, eps));
            chart.line(String.format("ε = %s (C = %.3f)", fmt(eps), EntropicGaussian1D.crossCovariance(1, 1, 0, eps)), e[0], e[1]);
        }
        return chart.save(out, "entropic_plan_vs_epsilon");
    }

    static Path plansAcrossRho(Path out) throws IOException {
        Plots.LineChart chart = planChart("Entropic plan N(0,1) → N(0,1) at ε = " + fmt(PLAN_RHO_EPSILON)
                + ", reference correlation ρ: " + percent() + " contours");
        for (double rho : PLAN_RHOS) {
            double c = EntropicGaussian1D.crossCovariance(1, 1, rho, PLAN_RHO_EPSILON);
            double[][] e = contour(c);
            chart.line(String.format("ρ = %s (C = %.3f)", fmt(rho), c), e[0], e[1]);
        }
        return chart.save(out, "entropic_plan_vs_rho");
    }

    static Path biasAgainstEpsilon(Path out) throws IOException {
        Plots.LineChart chart = Plots.lineChart("Entropic bias OT(ε,ρ) − W2² for N(0,1) → N(0,1)", "ε (log scale)", "bias (log scale)")
                .logX().logY();
        int n = 121;
        for (double rho : BIAS_RHOS) {
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.pow(10, -3 + 4.0 * i / (n - 1));
                y[i] = EntropicGaussian1D.bias(1, 1, rho, x[i]);
            }
            chart.line(rho == 0 ? "ρ = 0 (product)" : "ρ = " + fmt(rho), x, y);
        }
        return chart.save(out, "entropic_bias_vs_epsilon");
    }

    static Path biasAgainstRho(Path out) throws IOException {
        Plots.LineChart chart = Plots.lineChart("Entropic bias OT(ε,ρ) − W2² for N(0,1) → N(0,1)", "reference correlation ρ",
                "bias (log scale)").logY().xRange(-1, 1);
        int n = 400;
        for (double eps : BIAS_EPSILONS) {
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = -0.95 + 1.945 * i / (n - 1);
                y[i] = EntropicGaussian1D.bias(1, 1, x[i], eps);
            }
            chart.line("ε = " + fmt(eps), x, y);
        }
        return chart.save(out, "entropic_bias_vs_rho");
    }

    private static Plots.LineChart planChart(String title) {
        Plots.LineChart chart = Plots.lineChart(title, "x (source)", "y (target)", 980, 760).range(-3, 3, -3, 3);
        chart.dashedLine("y = x (ε → 0: Brenier map)", new double[] {-3, 3}, new double[] {-3, 3});
        return chart;
    }

    /** The contour of N(0, [[1, c], [c, 1]]) that holds {@link #MASS} of the mass: z = Σ^½ r (cos θ, sin θ), r² = −2 log(1 − mass). */
    static double[][] contour(double c) {
        double r = Math.sqrt(-2 * Math.log(1 - MASS));
        // Σ = Q diag(1 + c, 1 − c) Qᵀ with Q the 45° rotation
        double s1 = Math.sqrt(1 + c), s2 = Math.sqrt(1 - c), h = Math.sqrt(0.5);
        int n = 181;
        double[][] xy = new double[2][n];
        for (int k = 0; k < n; k++) {
            double th = 2 * Math.PI * k / (n - 1);
            double u = r * s1 * Math.cos(th), v = r * s2 * Math.sin(th);
            xy[0][k] = h * (u - v);
            xy[1][k] = h * (u + v);
        }
        return xy;
    }

    private static String percent() {
        return Math.round(100 * MASS) + " %";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
