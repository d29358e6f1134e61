package org.monge.cli;

import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.entropic.ParticleFlow;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code monge flow}: the Sinkhorn-divergence gradient flow of a point cloud onto a target. */
@Command(name = "flow", mixinStandardHelpOptions = true,
        description = "Moves the points --x (weights --a fixed) down the gradient of the Sinkhorn divergence S_eps(x, y), "
                + "|x-y|^2 cost, with backtracking steps (see ParticleFlow), until S_eps <= --stop-at or --steps steps. "
                + "A line on stderr per step. Keys: status (converged, max_steps, stalled, not_converged_solve), steps, divergence, "
                + "initial_divergence, step_size, losses (S_eps before the first step and after each), frames.")
public final class FlowCommand extends ReportingCommand {
    @Option(names = "--x", required = true, paramLabel = "FILE", description = "Points that move, n×d.") Path x;
    @Option(names = "--y", required = true, paramLabel = "FILE", description = "Target points, m×d.") Path y;
    @Option(names = "--a", paramLabel = "FILE", description = "Weights of --x (default: uniform).") Path a;
    @Option(names = "--b", paramLabel = "FILE", description = "Weights of --y (default: uniform).") Path b;
    @Option(names = "--epsilon", required = true, description = "Regularisation epsilon of S_eps (> 0).") double epsilon;
    @Option(names = "--steps", defaultValue = "200", description = "Largest number of steps (default: ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--step-size", defaultValue = "0.25",
            description = "Initial and largest step size (default: ${DEFAULT-VALUE}; halved while a step does not decrease S_eps).")
    double stepSize;
    @Option(names = "--stop-at", defaultValue = "1e-3",
            description = "Stop once S_eps is at most this (default: ${DEFAULT-VALUE}).") double stopAt;
    @Option(names = "--every", defaultValue = "1", description = "Write a frame every this many steps (default: ${DEFAULT-VALUE}).")
    int every;
    @Option(names = "--out-frames", paramLabel = "DIR",
            description = "Folder for the frames frame_00000.npy, ... (the points at step 0, every --every steps, and at the end).")
    Path outFrames;

    @Override
    protected Report compute() throws Exception {
        if (every < 1) throw new IllegalArgumentException("--every must be at least 1, got " + every);
        DiscreteMeasure alpha = TransportInputs.cloud(x, "--x", a, "--a"), beta = TransportInputs.cloud(y, "--y", b, "--b");
        if (alpha.support().cols() != beta.support().cols()) {
            throw new IllegalArgumentException("--x/--y: point clouds differ in dimension");
        }
        Options.tagVoid("--a/--b", () -> DiscreteMeasure.requireBalanced(alpha, beta));
        if (outFrames != null) Files.createDirectories(outFrames);
        int[] frames = {0};
        int[] lastFrame = {-1};
        if (outFrames != null) frame(alpha.support(), 0, frames, lastFrame);
        PrintWriter err = err();
        long start = System.nanoTime();
        // the numeric options are in range (OptionRules), so configuring the flow cannot fail
        ParticleFlow flow = configured(epsilon, steps, stepSize, stopAt).withListener((step, points, divergence, eta) -> {
            err.printf(Locale.ROOT, "flow: step %d, divergence %.6g, step size %.3g, %.1f s%n", step, divergence, eta,
                    (System.nanoTime() - start) * 1e-9);
            err.flush();
            if (outFrames != null && step % every == 0) frame(points, step, frames, lastFrame);
        });
        ParticleFlow.Result r = Options.tag(Map.of("epsilon", "--epsilon", "points", "--x/--y"), "--x/--y", () -> flow.run(alpha, beta));
        if (outFrames != null && lastFrame[0] != r.steps()) frame(r.points(), r.steps(), frames, lastFrame);
        double[] losses = r.losses();
        if (!r.converged()) {
            err.println("monge flow: stopped with status " + r.status().name().toLowerCase(Locale.ROOT) + " at divergence "
                    + losses[losses.length - 1]);
            err.flush();
        }
        return new Report().put("status", r.status().name().toLowerCase(Locale.ROOT)).put("steps", r.steps())
                .put("divergence", finite(losses[losses.length - 1])).put("initial_divergence", finite(losses[0]))
                .put("step_size", r.stepSize()).put("losses", losses).put("frames", frames[0]);
    }

    /** The flow of {@code monge flow}'s options (shared with the flow figure). */
    static ParticleFlow configured(double epsilon, int steps, double stepSize, double stopAt) {
        return ParticleFlow.withEpsilon(epsilon).withMaxSteps(steps).withStepSize(stepSize).withTolerance(stopAt);
    }

    private void frame(Matrix points, int step, int[] frames, int[] lastFrame) {
        outputs.array(outFrames.resolve(String.format(Locale.ROOT, "frame_%05d.npy", step)), "--out-frames", NdArray.of(points));
        frames[0]++;
        lastFrame[0] = step;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
