package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.entropic.ParticleFlow;
import org.monge.linalg.Matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The {@code flow} figure set: a Gaussian blob of 200 points flows onto a ring of 200 points by the
 * Sinkhorn-divergence gradient flow ({@link ParticleFlow}, ε = 0.01, |x − y|²) until S_ε ≤ 1e-3:
 * (1) one frame per snapshot, (2) a panel of six snapshots, (3) the divergence against the step (log scale).
 */
final class FlowFigures {
    static final int POINTS = 200, SNAPSHOTS = 6;
    static final double EPSILON = 0.01;

    private FlowFigures() {}

    /** The source blob (seeded): N((−1, 0), 0.25² I). */
    static Matrix blob(Random r) {
        double[] p = new double[POINTS * 2];
        for (int i = 0; i < POINTS; i++) {
            p[2 * i] = -1 + 0.25 * r.nextGaussian();
            p[2 * i + 1] = 0.25 * r.nextGaussian();
        }
        return Matrix.fromRowMajor(POINTS, 2, p);
    }

    /** The target (seeded): a ring of radius 0.8 around (1, 0), radial noise 0.05. */
    static Matrix ring(Random r) {
        double[] p = new double[POINTS * 2];
        for (int i = 0; i < POINTS; i++) {
            double t = 2 * Math.PI * r.nextDouble(), rad = 0.8 + 0.05 * r.nextGaussian();
            p[2 * i] = 1 + rad * Math.cos(t);
            p[2 * i + 1] = rad * Math.sin(t);
        }
        return Matrix.fromRowMajor(POINTS, 2, p);
    }

    /** Runs the flow and writes the figures into {@code out}; returns the PNG paths (frames, panel, loss). */
    static List<Path> write(Path out) throws IOException {
        Random r = new Random(2019);
        Matrix x = blob(r), y = ring(r);
        List<Matrix> path = new ArrayList<>(List.of(x));
        ParticleFlow.Result res = FlowCommand.configured(EPSILON, 500, 0.25, 1e-3)
                .withListener((step, points, divergence, eta) -> path.add(points))
                .run(DiscreteMeasure.uniform(x), DiscreteMeasure.uniform(y));
        List<Path> files = new ArrayList<>();
        List<Plots.LineChart> charts = new ArrayList<>();
        double[] loss = res.losses();
        for (int k = 0; k < SNAPSHOTS; k++) {
            int step = (int) Math.round((double) k * res.steps() / (SNAPSHOTS - 1));
            Plots.LineChart c = frame(path.get(step), y, step, loss[step]);
            files.add(c.save(out, String.format(Locale.ROOT, "flow_frame_%03d.png", step)));
            charts.add(frame(path.get(step), y, step, loss[step]));
        }
        files.add(Plots.panel(charts, 3, out, "flow_panel"));
        double[] steps = new double[loss.length];
        for (int k = 0; k < steps.length; k++) steps[k] = k;
        files.add(Plots.lineChart("Sinkhorn-divergence flow, ε = " + EPSILON + ": " + res.status().name().toLowerCase(Locale.ROOT)
                + " after " + res.steps() + " steps", "step", "S_ε (log scale)").logY().line("S_ε(α_t, β)", steps, loss)
                .save(out, "flow_divergence.png"));
        return files;
    }

    private static Plots.LineChart frame(Matrix points, Matrix target, int step, double divergence) {
        return Plots.lineChart(String.format(Locale.ROOT, "step %d, S_ε = %.3g", step, divergence), "x", "y", 560, 480)
                .range(-2, 2.2, -1.6, 1.6)
                .scatter("target", column(target, 0), column(target, 1))
                .scatter("moving points", column(points, 0), column(points, 1));
    }

    private static double[] column(Matrix m, int k) {
        double[] c = new double[m.rows()];
        for (int i = 0; i < c.length; i++) c[i] = m.get(i, k);
        return c;
    }
}
