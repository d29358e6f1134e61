/**
 * Line charts saved as PNG and SVG, for the CLI's figures and demos (gradient flows, entropic bias
 * against ε and the reference correlation). {@link org.monge.cli.plot.Plots} is the only class that
 * touches XChart; callers build a {@link org.monge.cli.plot.Plots.LineChart}, add series and save.
 * Deliberately small: line charts written to files, no interactive display.
 */
package org.monge.cli.plot;
