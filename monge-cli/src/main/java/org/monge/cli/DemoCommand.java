package org.monge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code monge demo}: a short tour of Monge on bundled example data. Each subject contributes
 * one {@link DemoSection}; outputs (arrays, statistics, plots) go to the folder named on stdout.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A short tour on bundled example data; writes outputs and plots to a folder.")
public final class DemoCommand extends ReportingCommand {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "monge-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    /** The tour, in order. */
    static List<DemoSection> sections() {
        return List.of(new GaussianDemo(), new EntropicDemo(), new DiscreteDemo(), new SinkhornDemo(), new GmmDemo());
    }

    @Override
    protected Report compute() throws Exception {
        Files.createDirectories(out);
        PrintWriter w = spec.commandLine().getOut();
        if (!json) w.println("Monge demo: outputs go to " + out.toAbsolutePath());
        Report all = new Report();
        for (DemoSection s : sections()) {
            if (!json) w.println();
            Report r = s.run(out, json ? new PrintWriter(Writer.nullWriter()) : w);
            all.put(s.name(), r.asMap());
        }
        if (!json) {
            w.println();
            w.println("Done. Look at " + out.toAbsolutePath() + " (PNG and SVG plots, .npy/.npz arrays).");
            w.flush();
            return new Report().put("output", out.toAbsolutePath().toString());
        }
        all.put("output", out.toAbsolutePath().toString());
        return all;
    }

    /** One subject's part of the tour. */
    public interface DemoSection {
        String name();

        /** Runs the section, narrating to {@code say}; returns its key results. */
        Report run(Path out, PrintWriter say) throws Exception;
    }

    /** Copies a bundled example file to the output folder and returns its path there. */
    static Path example(Path out, String name) throws IOException {
        Path dir = out.resolve("inputs");
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        try (var in = DemoCommand.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) throw new IllegalStateException("bundled example " + name + " is missing from the jar");
            Outputs.write(target, "--out", tmp -> Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING));
        }
        return target;
    }
}
