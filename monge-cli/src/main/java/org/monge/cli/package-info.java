/**
 * The {@code monge} command line: one picocli subcommand per computation of monge-core, reading
 * arrays through org.monge.io and printing either "key: value" lines or one JSON object
 * ({@code --json}, written with Jackson in {@link org.monge.cli.Report}). Start with
 * {@link org.monge.cli.Main} (exit codes: a user's mistake is one line on stderr naming the option
 * or file, exit 2; an internal failure one line, exit 1) and {@link org.monge.cli.MongeCommand}
 * (the list of subcommands); each command extends {@link org.monge.cli.ReportingCommand}, and the
 * discrete ones read their measures and costs through {@link org.monge.cli.TransportInputs}.
 *
 * <p>picocli, Jackson and the progress bar are used only in this module (the plotting library only
 * in org.monge.cli.plot), so monge-core stays free of them. Commands compute nothing themselves:
 * every number comes from monge-core, and non-convergence is reported in the output, not hidden.
 */
package org.monge.cli;
