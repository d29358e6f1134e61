package org.monge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code monge figures SET --out DIR}: the figure sets that illustrate Monge's closed forms (PNG and SVG). */
@Command(name = "figures", mixinStandardHelpOptions = true, description = "Write a set of figures (PNG and SVG).",
        subcommands = {FiguresCommand.EntropicReference.class, FiguresCommand.Flow.class, FiguresCommand.GmmFlows.class,
                FiguresCommand.ColorTransfer.class})
public final class FiguresCommand extends CommandGroup {

    /** One figure set: {@code --out DIR}, and the files written as the key {@code files} (first in the JSON). */
    abstract static class FigureSet extends ReportingCommand {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
        Path out;

        /** Writes the figures into {@link #out} and returns the files; other keys go into {@code report}. */
        protected abstract List<Path> write(Report report) throws Exception;

        @Override
        protected final Report compute() throws Exception {
            Report extra = new Report();
            List<Path> files = write(extra);
            return new Report().put("files", files.stream().map(Path::toString).toArray(String[]::new)).putAll(extra);
        }
    }

    @Command(name = "entropic-reference", mixinStandardHelpOptions = true,
            description = "Entropic OT N(0,1) → N(0,1) with a correlated reference: plans across ε and ρ, bias against ε and ρ."
                    + " Key: files.")
    static final class EntropicReference extends FigureSet {
        @Override
        protected List<Path> write(Report report) throws Exception {
            return EntropicFigures.write(out);
        }
    }

    @Command(name = "flow", mixinStandardHelpOptions = true,
            description = "The Sinkhorn-divergence gradient flow of a blob onto a ring (200 points, eps = 0.01): frames, a panel of "
                    + "six snapshots and the divergence per step. Key: files.")
    static final class Flow extends FigureSet {
        @Override
        protected List<Path> write(Report report) throws Exception {
            return FlowFigures.write(out);
        }
    }

    @Command(name = "gmm-flows", mixinStandardHelpOptions = true,
            description = "Gradient flows on Gaussian mixtures: 1-D and 2-D lattice heat flows against the heat equation, extended "
                    + "mixtures under sin x and entropy + sin 2πx on the exact metric and its limit, first- vs second-order metric "
                    + "over σ (PNG, SVG, CSV). Keys: files, notes (each extended run's status and reason, removed components included).")
    static final class GmmFlows extends FigureSet {
        @Option(names = "--small", description = "A small, fast version of each experiment (coarser grids, shorter times).")
        boolean small;

        @Override
        protected List<Path> write(Report report) throws Exception {
            List<String> notes = new ArrayList<>();
            List<Path> files = GmmFlowFigures.write(out, small ? GmmFlowFigures.Settings.small() : GmmFlowFigures.Settings.full(), notes);
            report.put("notes", notes);
            return files;
        }
    }

    @Command(name = "color-transfer", mixinStandardHelpOptions = true,
            description = "Colour transfer between two generated images by the entropic, exact and linear maps (one PNG panel)."
                    + " Keys: files, mean_colour_distance (of each image's mean colour to the target's).")
    static final class ColorTransfer extends FigureSet {
        @Override
        protected List<Path> write(Report report) throws Exception {
            ColorTransferFigures.Written w = ColorTransferFigures.write(out);
            report.put("mean_colour_distance", w.meanColourDistance());
            return w.files();
        }
    }
}
