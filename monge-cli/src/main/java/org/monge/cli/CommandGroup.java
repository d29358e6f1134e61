package org.monge.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Base of commands that only group subcommands: called alone, they name the choices (exit 2). */
public abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand (one of " + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
