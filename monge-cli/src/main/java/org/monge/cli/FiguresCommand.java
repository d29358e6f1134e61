package org.monge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code monge figures SET --out DIR}: the figure sets that illustrate Monge's closed forms (PNG and SVG). */
@Command(name = "figures", mixinStandardHelpOptions = true, description = "Write a set of figures (PNG and SVG).",
        subcommands = {FiguresCommand.EntropicReference.class, FiguresCommand.ColorTransfer.class})
public final class FiguresCommand extends CommandGroup {

    @Command(name = "entropic-reference", mixinStandardHelpOptions = true,
            description = "Entropic OT N(0,1) → N(0,1) with a correlated reference: plans across ε and ρ, bias against ε and ρ."
                    + " Key: files.")
    static final class EntropicReference extends ReportingCommand {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
        Path out;

        @Override
        protected Report compute() throws Exception {
            List<Path> files = EntropicFigures.write(out);
            return new Report().put("files", files.stream().map(Path::toString).toArray(String[]::new));
        }
    }

    @Command(name = "color-transfer", mixinStandardHelpOptions = true,
            description = "Colour transfer between two generated images by the entropic, exact and linear maps (one PNG panel)."
                    + " Keys: files, mean_colour_distance (of each image's mean colour to the target's).")
    static final class ColorTransfer extends ReportingCommand {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
        Path out;

        @Override
        protected Report compute() throws Exception {
            ColorTransferFigures.Written w = ColorTransferFigures.write(out);
            return new Report().put("files", w.files().stream().map(Path::toString).toArray(String[]::new))
                    .put("mean_colour_distance", w.meanColourDistance());
        }
    }
}
