/**
 * {@code monge spark ...}: the Spark subcommands (FID between feature sets, W2 between all pairs of
 * Gaussians), started by bin/monge with Spark on the class path; the main monge jar carries no
 * Spark. Start with {@link org.monge.spark.cli.SparkMain}: same conventions as the main CLI (a
 * user's mistake is one line on stderr and exit 2, an internal failure one line and exit 1).
 * Output is written by hand in {@link org.monge.spark.cli.Output}: the only JSON library on this
 * class path is Spark's own Jackson, which is not ours to depend on.
 */
package org.monge.spark.cli;
