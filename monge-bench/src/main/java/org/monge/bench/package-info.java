/**
 * Benchmarks of monge-core, two kinds. JMH benchmarks ({@code *Bench}: e.g.
 * {@link org.monge.bench.DiscreteBench}, {@link org.monge.bench.SinkhornBench},
 * {@link org.monge.bench.W2Bench}) measure hot paths in isolation. Timing mains ({@code *Timing},
 * with {@link org.monge.bench.Timer}: warm-up, then the median of repeated runs) are the Java side
 * of the side-by-side scripts in monge-bench/side-by-side, which run the same inputs through
 * NumPy, SciPy and POT and compare values and times; results and the commands that produced them
 * are in docs/benchmarks.md.
 *
 * <p>Not part of the library: nothing depends on this module, and it tests no correctness (the
 * values it prints are for comparing runs, the tests live with the code).
 */
package org.monge.bench;
