package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.CostViews;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The exact Kantorovich problem between two point clouds with the squared Euclidean or Euclidean cost,
 * solved by the network simplex on a sparse set of candidate pairs and certified optimal on the complete
 * problem (Schmitzer, "A sparse multiscale algorithm for dense optimal transport", J. Math. Imaging Vis.
 * 2016; the candidate set refined from the coarse support as in Oberman &amp; Ruan 2015).
 *
 * <p>Method. Both clouds are put in balanced k-d trees ({@code PointTree}); the nodes of one depth are
 * the clusters of a level (weighted centroids, total weights), levels four times coarser each, down to
 * a coarsest problem of at most {@link #COARSEST_PAIRS} pairs, solved on all its pairs. At each finer
 * level the candidate pairs are the children of the coarser optimal plan's support (every child of the
 * source cluster with every child of the target cluster), plus the most negative few of each row under
 * the coarse potentials handed down to the children. The network simplex solves the problem on the
 * candidates; then every pair of the level is checked against the potentials: pairs of reduced cost
 * c_ij + π_i − π_j below the pricing tolerance are found through the target tree's boxes (a node whose
 * box distance minus its largest target potential cannot give a negative reduced cost is skipped), the
 * most negative few of each row are added, and the solve resumes warm from its tree. A level ends when
 * no pair of it prices negative, so the final plan meets the same optimality condition as the plain
 * {@link NetworkSimplex} on the complete graph (same tolerance, same artificial cost).
 *
 * <p>Certificate. The result carries an {@link OptimalityCertificate} whose dual infeasibility
 * max (f_i + g_j − c_ij)⁺ is computed over all m·n pairs by the same pruned search (pairs skipped
 * have a non-negative reduced cost up to rounding of the box bound); OPTIMAL is reported only when it
 * passes the network simplex's own test (duality gap and infeasibility within 1e-9 of the cost).
 * Memory is O((m + n)·d + arcs), the arcs a small multiple of m + n.
 */
public final class MultiscaleNetworkSimplex {
    /** The coarsest level is solved on all its pairs once it has at most this many. */
    public static final long COARSEST_PAIRS = 1L << 17;
    /** At most this many violating pairs of a row are added per check. */
    private static final int PER_ROW = 8;

    /** How the solve ended. */
    public enum Status {
        /** No pair of the complete problem prices negative and the certificate holds: the plan is optimal. */
        OPTIMAL,
        /** The pivot limit stopped a solve: no certified plan. */
        ITERATION_LIMIT,
        /** Pivoting ended but the certificate fails to the tolerance (costs too wide a range for the potentials). */
        UNCERTIFIED;

        /** Whether the plan is certified optimal (the one converged status). */
        public boolean converged() { return this == OPTIMAL; }
    }

    /**
     * The result: the cost Σ π_ij c_ij, the sparse plan, potentials f (sources) and g (targets), the
     * certificate against the complete problem, the pivots of all levels, the number of candidate arcs
     * at the finest level, the number of check-and-resolve rounds of all levels, and the status. Stopped by
     * the pivot limit there is no certificate (null), and stopped before the finest level no plan either:
     * the plan is empty, the potentials zero and the cost NaN.
     */
    public record Result(double cost, SparsePlan plan, double[] f, double[] g, OptimalityCertificate certificate, long pivots,
                         int arcs, int rounds, Status status) {
        /** Whether the plan is certified optimal. */
        public boolean converged() { return status.converged(); }
    }

    private final long maxPivots;
    private final long coarsestPairs;
    private final Consumer<String> progress;

    private MultiscaleNetworkSimplex(long maxPivots, long coarsestPairs, Consumer<String> progress) {
        this.maxPivots = maxPivots;
        this.coarsestPairs = coarsestPairs;
        this.progress = progress;
    }

    /** No pivot limit, a coarsest level of at most {@link #COARSEST_PAIRS} pairs, no progress lines. */
    public static MultiscaleNetworkSimplex defaults() { return new MultiscaleNetworkSimplex(Long.MAX_VALUE, COARSEST_PAIRS, null); }

    /** Stops (status ITERATION_LIMIT) after this many pivots over all levels. */
    public MultiscaleNetworkSimplex withMaxPivots(long n) {
        if (n < 1) throw new IllegalArgumentException("maxPivots must be at least 1, got " + n);
        return new MultiscaleNetworkSimplex(n, coarsestPairs, progress);
    }

    /** Coarsens until the coarsest level has at most this many pairs (1 gives the deepest hierarchy). */
    public MultiscaleNetworkSimplex withCoarsestPairs(long n) {
        if (n < 1) throw new IllegalArgumentException("coarsestPairs must be at least 1, got " + n);
        return new MultiscaleNetworkSimplex(maxPivots, n, progress);
    }

    /** Receives one line per level and check round (for a progress display on stderr), or null for none. */
    public MultiscaleNetworkSimplex withProgress(Consumer<String> lines) {
        return new MultiscaleNetworkSimplex(maxPivots, coarsestPairs, lines);
    }

    /** Solves the balanced problem; its cost must be computed from points with the squared Euclidean or Euclidean metric. */
    public Result solve(TransportProblem problem) {
        return solve(problem, null);
    }

    /** {@link #solve(TransportProblem)}, handing the finest level's final arc set (tree order) to {@code finestArcs} (for the tests). */
    Result solve(TransportProblem problem, Consumer<NetworkSimplex.SparseArcs> finestArcs) {
        Run run = new Run(problem);
        int coarsest = 0;
        while (clusters(run.tx, coarsest) * clusters(run.ty, coarsest) > coarsestPairs
                && coarsest < Math.max(run.tx.depth, run.ty.depth)) {
            coarsest++;
        }
        NetworkSimplex.Result r = null;
        PointTree.Level prevX = null, prevY = null;
        double[] prevPi = null;
        for (int k = coarsest; k >= 0; k--) {
            PointTree.Level lx = run.level(run.tx, k, run.a), ly = run.level(run.ty, k, run.b);
            NetworkSimplex.SparseArcs arcs = run.arcs(lx, ly);
            if (r == null) {
                for (int i = 0; i < lx.size(); i++) for (int j = 0; j < ly.size(); j++) run.add(arcs, lx, ly, i, j);
            } else {
                int[] s = r.plan().sources(), t = r.plan().targets();
                for (int e = 0; e < s.length; e++) {
                    for (int i = prevX.firstChild(s[e], lx), i1 = prevX.endChild(s[e], lx); i < i1; i++) {
                        for (int j = prevY.firstChild(t[e], ly), j1 = prevY.endChild(t[e], ly); j < j1; j++) run.add(arcs, lx, ly, i, j);
                    }
                }
            }
            if (prevX != null) {
                // the coarse potentials, given to every child, already show most pairs the children's plan will need
                double[] inherited = new double[lx.size() + ly.size()];
                for (int c = 0; c < prevX.size(); c++) {
                    for (int i = prevX.firstChild(c, lx); i < prevX.endChild(c, lx); i++) inherited[i] = prevPi[c];
                }
                for (int c = 0; c < prevY.size(); c++) {
                    double g = prevPi[prevX.size() + c];
                    for (int j = prevY.firstChild(c, ly); j < prevY.endChild(c, ly); j++) inherited[lx.size() + j] = g;
                }
                // the children of the coarse support are candidates already: only pairs not among them are added
                int added = addViolations(lx, ly, run.ty, run.metric, arcs, inherited, RowTargets.of(arcs, lx.size()));
                report("level " + k + ": " + added + " pairs added by the coarse potentials");
            }
            r = run.rounds(k, lx, ly, arcs);
            prevPi = arcs.potentials().clone();
            if (r.status() == NetworkSimplex.Status.ITERATION_LIMIT) return run.stopped(k == 0 ? r : null, arcs);
            if (k == 0) {
                if (finestArcs != null) finestArcs.accept(arcs);
                return run.finish(r, arcs, Status.OPTIMAL);
            }
            prevX = lx;
            prevY = ly;
        }
        throw new AssertionError("unreachable: level 0 returns");
    }

    /**
     * The finest level alone, from the given candidate pairs (the caller's indices) instead of a coarser
     * plan: the check rounds must repair any candidate set, however poor (for tests of that repair).
     */
    Result solveFrom(TransportProblem problem, int[] sources, int[] targets) {
        Run run = new Run(problem);
        int[] px = inverse(run.tx.order), py = inverse(run.ty.order);
        PointTree.Level lx = run.level(run.tx, 0, run.a), ly = run.level(run.ty, 0, run.b);
        NetworkSimplex.SparseArcs arcs = run.arcs(lx, ly);
        for (int e = 0; e < sources.length; e++) run.add(arcs, lx, ly, px[sources[e]], py[targets[e]]);
        NetworkSimplex.Result r = run.rounds(0, lx, ly, arcs);
        return r.status() == NetworkSimplex.Status.ITERATION_LIMIT ? run.stopped(r, arcs) : run.finish(r, arcs, Status.OPTIMAL);
    }

    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int p = 0; p < order.length; p++) inv[order[p]] = p;
        return inv;
    }

    /** One solve: the problem in tree order, the cost bound, and the pivots and rounds so far. */
    private final class Run {
        final TransportProblem problem;
        final Metric metric;
        final PointTree tx, ty;
        final double[] a, b;
        final double max;
        final long start = System.nanoTime();
        long pivots;
        int rounds;

        Run(TransportProblem problem) {
            problem.requireBalanced();
            CostMatrix.FromPoints fp = problem.pointCost("the multiscale network simplex");
            metric = fp.metric();
            if (metric != Metric.SQEUCLIDEAN && metric != Metric.EUCLIDEAN) {
                throw new IllegalArgumentException("cost: the multiscale network simplex needs the squared Euclidean or Euclidean metric");
            }
            if (fp.dimension() == 0) throw new IllegalArgumentException("cost: the points have dimension 0");
            this.problem = problem;
            tx = new PointTree(CostViews.sourcePoints(fp));
            ty = new PointTree(CostViews.targetPoints(fp));
            a = new double[tx.size];
            b = new double[ty.size];
            for (int p = 0; p < a.length; p++) a[p] = problem.a().weight(tx.order[p]);
            for (int p = 0; p < b.length; p++) b[p] = problem.b().weight(ty.order[p]);
            max = costBound(tx, ty, metric);
        }

        /** Level k of a tree: depth max(0, depth − 2k), so each level has about four times the clusters of the next. */
        PointTree.Level level(PointTree t, int k, double[] weights) {
            return t.level(Math.max(0, t.depth - 2 * k), weights);
        }

        NetworkSimplex.SparseArcs arcs(PointTree.Level lx, PointTree.Level ly) {
            return new NetworkSimplex.SparseArcs(lx.weights(), ly.weights(), 0, max);
        }

        void add(NetworkSimplex.SparseArcs arcs, PointTree.Level lx, PointTree.Level ly, int i, int j) {
            arcs.add(i, j, metric.cost(lx.points()[i], ly.points()[j]));
        }

        /** Solve, check every pair of the level, add the violations, resolve warm, until none is left (or the pivot limit). */
        NetworkSimplex.Result rounds(int k, PointTree.Level lx, PointTree.Level ly, NetworkSimplex.SparseArcs arcs) {
            while (true) {
                NetworkSimplex.Result r = arcs.solve((int) Math.min(Integer.MAX_VALUE, maxPivots - pivots));
                pivots += r.iterations();
                rounds++;
                if (r.status() == NetworkSimplex.Status.ITERATION_LIMIT) return r;
                // after a solve every candidate prices non-negative, so the violating pairs are new ones
                int added = addViolations(lx, ly, ty, metric, arcs, arcs.potentials(), null);
                report(String.format(Locale.ROOT, "level %d: %dx%d clusters, %d arcs, %d pivots, %d violating pairs added, %.1f s",
                        k, lx.size(), ly.size(), arcs.arcs(), pivots, added, (System.nanoTime() - start) * 1e-9));
                if (added == 0) return r;
            }
        }

        /**
         * The pivot limit's result: the finest level's unfinished plan and potentials (marginals may be
         * unmet: mass left on the artificial root), or, stopped at a coarser level, an empty plan and zero
         * potentials; no certificate either way (the pruned check is fast only near optimal potentials).
         */
        Result stopped(NetworkSimplex.Result fine, NetworkSimplex.SparseArcs arcs) {
            int m = tx.size, n = ty.size;
            if (fine == null) {
                SparsePlan empty = new SparsePlan(m, n, new int[0], new int[0], new double[0]);
                return new Result(Double.NaN, empty, new double[m], new double[n], null, pivots, arcs.arcs(), rounds,
                        Status.ITERATION_LIMIT);
            }
            return MultiscaleNetworkSimplex.finish(problem, tx, ty, fine, metric, pivots, arcs.arcs(), rounds, Status.ITERATION_LIMIT);
        }

        Result finish(NetworkSimplex.Result r, NetworkSimplex.SparseArcs arcs, Status status) {
            return MultiscaleNetworkSimplex.finish(problem, tx, ty, r, metric, pivots, arcs.arcs(), rounds, status);
        }
    }

    private void report(String line) {
        if (progress != null) progress.accept("multiscale network simplex: " + line);
    }

    private static long clusters(PointTree t, int k) {
        return Math.min(t.size, 1L << Math.max(0, t.depth - 2 * k));
    }

    /** Every cost lies in [0, bound]: the squared diagonal of the box around both clouds (its root, for Euclidean). */
    private static double costBound(PointTree tx, PointTree ty, Metric metric) {
        double s = 0;
        for (int k = 0; k < tx.dim; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] x : tx.points) { lo = Math.min(lo, x[k]); hi = Math.max(hi, x[k]); }
            for (double[] y : ty.points) { lo = Math.min(lo, y[k]); hi = Math.max(hi, y[k]); }
            s += (hi - lo) * (hi - lo);
        }
        return metric == Metric.EUCLIDEAN ? Math.sqrt(s) : s;
    }

    /** The targets of the arcs so far, row by row and sorted (compressed rows), to keep added pairs distinct from them. */
    private record RowTargets(int[] start, int[] targets) {
        static RowTargets of(NetworkSimplex.SparseArcs arcs, int m) {
            int e = arcs.arcs();
            int[] start = new int[m + 1];
            for (int k = 0; k < e; k++) start[arcs.source(k) + 1]++;
            for (int i = 0; i < m; i++) start[i + 1] += start[i];
            int[] fill = Arrays.copyOf(start, m), targets = new int[e];
            for (int k = 0; k < e; k++) targets[fill[arcs.source(k)]++] = arcs.target(k);
            for (int i = 0; i < m; i++) Arrays.sort(targets, start[i], start[i + 1]);
            return new RowTargets(start, targets);
        }

        boolean contains(int i, int j) {
            return Arrays.binarySearch(targets, start[i], start[i + 1], j) >= 0;
        }
    }

    /**
     * Finds, for every source cluster, the pairs of the level whose reduced cost c_ij + π_i − π_j is below
     * −tolerance (the pivoting's own test, with the same arithmetic), other than those in {@code existing}
     * (null: none excluded), adds the most negative {@link #PER_ROW} of each row, and returns how many were added.
     */
    private static int addViolations(PointTree.Level lx, PointTree.Level ly, PointTree ty, Metric metric,
                                     NetworkSimplex.SparseArcs arcs, double[] pi, RowTargets existing) {
        int m = lx.size(), n = ly.size();
        double[] q = Arrays.copyOfRange(pi, m, m + n);
        PointTree.Search search = ty.new Search(ly, q, metric);
        double tol = arcs.tolerance();
        int[] found = new int[m * PER_ROW];
        double[] foundR = new double[m * PER_ROW];
        int[] counts = new int[m];
        IntStream.range(0, m).parallel().forEach(i -> {
            int base = i * PER_ROW;
            search.run(lx.points()[i], pi[i], -tol, (j, r, bound) -> {
                if (existing != null && existing.contains(i, j)) return bound;
                int c = counts[i];
                if (c < PER_ROW) {
                    found[base + c] = j;
                    foundR[base + c] = r;
                    counts[i] = c + 1;
                    return bound;
                }
                int worst = base;
                for (int z = base + 1; z < base + PER_ROW; z++) if (foundR[z] > foundR[worst]) worst = z;
                if (r < foundR[worst]) {
                    found[worst] = j;
                    foundR[worst] = r;
                }
                return bound;
            });
        });
        int added = 0;
        for (int i = 0; i < m; i++) {
            for (int z = i * PER_ROW, e = z + counts[i]; z < e; z++) {
                arcs.add(i, found[z], metric.cost(lx.points()[i], ly.points()[found[z]]));
                added++;
            }
        }
        return added;
    }

    /** The result in the caller's indices, with the certificate's dual infeasibility found by the pruned search. */
    private static Result finish(TransportProblem problem, PointTree tx, PointTree ty, NetworkSimplex.Result r, Metric metric,
                                 long pivots, int arcs, int rounds, Status status) {
        int m = tx.size, n = ty.size;
        SparsePlan p = r.plan();
        int nz = p.nonzeros();
        long[] keys = new long[nz];
        for (int k = 0; k < nz; k++) keys[k] = ((long) tx.order[p.sources()[k]] << 32) | ty.order[p.targets()[k]];
        Integer[] idx = new Integer[nz];
        for (int k = 0; k < nz; k++) idx[k] = k;
        Arrays.sort(idx, (u, v) -> Long.compare(keys[u], keys[v]));
        int[] src = new int[nz], tgt = new int[nz];
        double[] w = new double[nz];
        for (int k = 0; k < nz; k++) {
            src[k] = (int) (keys[idx[k]] >>> 32);
            tgt[k] = (int) keys[idx[k]];
            w[k] = p.masses()[idx[k]];
        }
        SparsePlan plan = new SparsePlan(m, n, src, tgt, w);
        double[] f = new double[m], g = new double[n];
        for (int q = 0; q < m; q++) f[tx.order[q]] = r.f()[q];
        for (int q = 0; q < n; q++) g[ty.order[q]] = r.g()[q];
        double cost = plan.cost(problem.cost());
        if (status != Status.OPTIMAL) return new Result(cost, plan, f, g, null, pivots, arcs, rounds, status);
        // the pruned full check, on the tree-ordered fine level with the returned (shifted) potentials
        double[] a = new double[m], b = new double[n];
        for (int q = 0; q < m; q++) a[q] = problem.a().weight(tx.order[q]);
        for (int q = 0; q < n; q++) b[q] = problem.b().weight(ty.order[q]);
        PointTree.Level fx = tx.level(tx.depth, a), fy = ty.level(ty.depth, b);
        double infeas = maxViolation(fx, fy, ty, metric, r.f(), r.g(), costBound(tx, ty, metric));
        OptimalityCertificate cert = OptimalityCertificate.withDualInfeasibility(problem, plan, f, g, infeas);
        boolean ok = NetworkSimplex.certifies(cert, plan, problem.cost(), problem.a().totalMass(), m + n,
                () -> trivialDualBound(fx, fy, tx, ty, metric));
        return new Result(cost, plan, f, g, cert, pivots, arcs, rounds, ok ? Status.OPTIMAL : Status.UNCERTIFIED);
    }

    /**
     * max_ij (f_i + g_j − c_ij)⁺ over all pairs of the fine level (tree order), by the pruned search: every
     * pair of reduced cost below a slack far above rounding (1e-12 of the cost bound) is visited and its
     * violation computed as the certificate's full pass computes it, so both give the same number.
     */
    private static double maxViolation(PointTree.Level fx, PointTree.Level fy, PointTree ty, Metric metric, double[] f, double[] g,
                                       double costBound) {
        PointTree.Search search = ty.new Search(fy, g, metric);
        double slack = 1e-12 * costBound;
        double[] worst = new double[fx.size()];
        IntStream.range(0, fx.size()).parallel().forEach(i -> {
            double[] x = fx.points()[i];
            search.run(x, -f[i], slack, (j, r, bound) -> {
                worst[i] = Math.max(worst[i], f[i] + g[j] - metric.cost(x, fy.points()[j]));
                return bound;
            });
        });
        double infeas = 0;
        for (double v : worst) infeas = Math.max(infeas, v);
        return infeas;
    }

    /** max(Σ_i a_i min_j c_ij, Σ_j b_j min_i c_ij), by nearest-neighbour searches in both trees. */
    private static double trivialDualBound(PointTree.Level fx, PointTree.Level fy, PointTree tx, PointTree ty, Metric metric) {
        return Math.max(nearestSum(fx, fy, ty, metric), nearestSum(fy, fx, tx, metric));
    }

    private static double nearestSum(PointTree.Level from, PointTree.Level to, PointTree toTree, Metric metric) {
        PointTree.Search search = toTree.new Search(to, new double[to.size()], metric);
        double[] nearest = new double[from.size()];
        IntStream.range(0, from.size()).parallel().forEach(i -> search.run(from.points()[i], 0, Double.POSITIVE_INFINITY,
                (j, r, bound) -> nearest[i] = Math.min(bound, r)));
        double s = 0;
        for (int i = 0; i < from.size(); i++) if (from.weights()[i] > 0) s += from.weights()[i] * nearest[i];
        return s;
    }
}
