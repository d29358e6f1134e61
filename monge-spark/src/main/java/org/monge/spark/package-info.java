/**
 * monge-core's computations on Spark Datasets, with the same results to rounding. Start with
 * {@link org.monge.spark.MongeSpark}, which wraps the caller's session and delegates each method to
 * one class: {@link org.monge.spark.SparkFeatureStatistics} (FID statistics by a tree aggregation
 * of monge-core MomentAccumulators), {@link org.monge.spark.SparkGaussianW2} (W2 to a query, in
 * blocks, k nearest, and as SQL functions), {@link org.monge.spark.SparkBarycenter} (the Gaussian
 * barycenter fixed point, one distributed sum per iteration), {@link org.monge.spark.SparkMixtureW2}
 * (MW2 for many pairs of mixtures) and {@link org.monge.spark.SparkSlicedWasserstein} (projections in
 * the executors, 1-D problems solved by org.monge.discrete.exact). Feature vectors are read by
 * {@link org.monge.spark.FeatureSources} (Parquet, CSV, {@code .npy} shards) and
 * {@link org.monge.spark.Features}; {@link org.monge.spark.Jobs} turns a user's mistake found in an
 * executor back into the IllegalArgumentException monge-core throws.
 *
 * <p>Spark is a {@code provided} dependency and appears only in this module. Every number is
 * computed by monge-core in an executor: nothing here re-implements an algorithm. Not here:
 * exact or entropic OT between whole distributed point clouds (only the sliced distance scales out).
 */
package org.monge.spark;
