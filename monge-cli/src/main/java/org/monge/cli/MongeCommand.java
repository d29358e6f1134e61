package org.monge.cli;

import picocli.CommandLine.Command;

/** The top-level {@code monge} command; each task is a subcommand. */
@Command(name = "monge", mixinStandardHelpOptions = true, version = MongeCommand.VERSION,
        description = "Optimal transport for the JVM: Gaussian, discrete and mixture OT.",
        footer = {"", "On Apache Spark (the monge-spark module, built on first use by bin/monge):",
                "  monge spark fid | w2-pairs ...   see 'bin/monge spark --help'"},
        subcommands = {
                DemoCommand.class,
                GaussianCommand.class,
                StatsCommand.class,
                FidCommand.class,
                EmdCommand.class,
                PartialCommand.class,
                GromovCommand.class,
                GromovBarycenterCommand.class,
                AssignCommand.class,
                MatchCommand.class,
                W1dCommand.class,
                SinkhornCommand.class,
                SinkhornDivergenceCommand.class,
                SlicedCommand.class,
                KMeansCommand.class,
                BarycenterCommand.class,
                EntropicGaussianCommand.class,
                FiguresCommand.class,
                GmmCommand.class,
                FlowCommand.class,
                MapCommand.class,
        })
public final class MongeCommand extends CommandGroup {
    /** What -V and --version print. */
    public static final String VERSION = "monge 0.1.0";
}
