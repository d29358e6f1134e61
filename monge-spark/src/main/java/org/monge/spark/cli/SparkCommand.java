package org.monge.spark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code monge spark}: the Spark subcommands. */
@Command(name = "monge spark", mixinStandardHelpOptions = true, version = "monge-spark 0.1.0",
        description = "Monge's computations on Apache Spark (local mode by default; --master for a cluster).",
        subcommands = {SparkFidCommand.class, SparkW2PairsCommand.class, SparkDriftCommand.class})
public final class SparkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
