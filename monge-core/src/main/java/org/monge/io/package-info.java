/**
 * Arrays in and out of files: NumPy {@code .npy} (any byte order, C or Fortran order; float32/float64,
 * integer and boolean types, read as doubles) and {@code .npz} archives, and numeric CSV, chosen by extension
 * in {@link org.monge.io.ArrayFiles}, the place to start. {@link org.monge.io.NpyRowReader} streams
 * the rows of a 2-D {@code .npy} file larger than memory in blocks. Every format is read by hand
 * ({@link org.monge.io.NpyHeader} says why), so that each error names the file and the problem,
 * and {@link org.monge.io.Sources} refuses an input whose array would not fit in the heap before
 * allocating it.
 *
 * <p>Not here: object (pickled), complex, string, float16 and uint64 element types, and any tabular
 * format beyond numeric CSV (Parquet is read by monge-spark through Spark).
 */
package org.monge.io;
