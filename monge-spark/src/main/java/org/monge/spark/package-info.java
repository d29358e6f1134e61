/**
 * monge-core's computations on Spark Datasets, with the same results to rounding. Start with
 * {@link org.monge.spark.MongeSpark}, which wraps the caller's session and delegates each method to
 * one class: {@link org.monge.spark.SparkFeatureStatistics} (FID statistics by a tree aggregation
 * of monge-core MomentAccumulators), {@link org.monge.spark.SparkGaussianW2} (W2 to a query, in
 * blocks, k nearest, and as SQL functions), {@link org.monge.spark.SparkBarycenter} (the Gaussian
 * barycenter fixed point, one distributed sum per iteration), {@link org.monge.spark.SparkMixtureW2}
 * (MW2 for many pairs of mixtures), {@link org.monge.spark.SparkSlicedWasserstein} (projections in
 * the executors, 1-D problems solved by org.monge.discrete.exact), {@link org.monge.spark.SparkDrift}
 * (per-column drift between two tables, exact by monge-core on each
 * column gathered in one task, or from counts on a fixed grid), {@link org.monge.spark.SparkGroupedTransport} (one OT
 * problem per group, solved by monge-core in the executors) and {@link org.monge.spark.SparkSinkhorn}
 * (Sinkhorn with one cloud distributed and the other broadcast). Feature vectors are read by
 * {@link org.monge.spark.FeatureSources} (Parquet, CSV, {@code .npy} shards) and
 * {@link org.monge.spark.Features}; {@link org.monge.spark.Jobs} turns a user's mistake found in an
 * executor back into the IllegalArgumentException monge-core throws.
 *
 * <p>Spark is a {@code provided} dependency and appears only in this module. Every number is
 * computed by monge-core in an executor, except what has no single-machine form: the distributed
 * grid counts behind approximate drift and the distributed Sinkhorn passes, each checked against monge-core.
 * Not here: exact OT between whole distributed point clouds.
 */
package org.monge.spark;
