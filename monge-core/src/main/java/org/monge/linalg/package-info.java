/**
 * Dense linear algebra for the rest of Monge, and the one seam to the matrix libraries: only this
 * package imports EJML (small matrices, lowest per-call overhead) and dev.ludovic.netlib
 * (BLAS/LAPACK, native OpenBLAS when the system has it); every other package works with
 * {@link org.monge.linalg.Matrix}, so the library behind it can change without touching them.
 *
 * <p>Where to start: {@link org.monge.linalg.Matrix} (row-major, immutable from outside), then
 * {@link org.monge.linalg.Backend} (which library gets which size), {@link org.monge.linalg.SymmetricEigen},
 * {@link org.monge.linalg.Cholesky} and {@link org.monge.linalg.MatrixFunctions} (square roots and
 * their derivative, always through a symmetric eigendecomposition). Hot paths have hand-written
 * kernels: {@link org.monge.linalg.SmallSymmetric} (eigenvalues as LAPACK's dsytd2 + dsterf, for
 * W2 between many small Gaussians), {@link org.monge.linalg.Congruence}, {@link org.monge.linalg.Gram}
 * and per-thread scratch space in {@link org.monge.linalg.Workspace}; timings in docs/benchmarks.md.
 * {@link org.monge.linalg.Scaling} rescales by exact powers of two so homogeneous formulas neither
 * overflow nor underflow.
 *
 * <p>Deliberately not a general linear-algebra library: double precision only, dense only, no
 * general non-symmetric eigenproblems or matrix square roots of non-symmetric products.
 */
package org.monge.linalg;
