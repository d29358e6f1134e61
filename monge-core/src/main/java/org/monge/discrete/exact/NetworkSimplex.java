package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.CostViews;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * The exact Kantorovich problem min Σ π_ij c_ij over π ≥ 0 with π1 = a, πᵀ1 = b, solved by the
 * primal network simplex on the complete bipartite graph (Dantzig; the implementation follows
 * the ideas of Kelly &amp; O'Neill 1991 and of LEMON's network simplex as described by
 * Kovács 2015, "Minimum-cost flow algorithms: an experimental evaluation"; written here, no
 * library does it in Java).
 *
 * <p>Method. An artificial root joins every node by an artificial arc (cost 0 from sources, a cost
 * larger than any real cost to targets), which gives a strongly feasible starting tree. Entering
 * arcs are chosen by block search: the arcs are scanned cyclically in blocks of about √(mn) and
 * the most negative reduced cost of the first block that has one enters. The leaving arc is
 * chosen by the strongly-feasible-tree rule (Cunningham 1976), which prevents cycling on the
 * heavily degenerate transport polytope. The spanning tree is stored in primitive arrays (parent,
 * predecessor arc, its direction, preorder thread, subtree sizes); a pivot costs the block scan
 * plus O(size of the re-hung subtree + cycle length). Arcs are implicit (arc i·n + j joins source
 * i to target j), so memory beyond the dense cost matrix is O(m + n). For point clouds with the
 * squared Euclidean or Euclidean metric no matrix is formed at all: pricing computes a block's
 * costs from the coordinates (bit-identical to the metric), so memory is O((m + n)·d) and the
 * scan runs from cache instead of streaming 8 bytes an arc from memory.
 *
 * <p>Numerics. Reduced costs are compared with a tolerance 1e-14 × the cost scale; potentials are
 * recomputed exactly from the tree every m + n pivots and before optimality is declared (a full
 * pricing pass after the recomputation), so drift never produces a wrong answer. OPTIMAL is then
 * only reported when the optimality certificate holds to 1e-9 of the plan's cost; costs spanning
 * too wide a range get a refinement pass with the large costs capped (see {@link #solve}). Forbidden pairs
 * (+∞ costs) never enter; if the marginals cannot be met without them the status says
 * {@link Status#INFEASIBLE}. Masses that differ within {@link DiscreteMeasure#MASS_TOLERANCE} are
 * accepted (the difference stays on the artificial root); larger differences are an error.
 */
public final class NetworkSimplex {

    /** How the solve ended. */
    public enum Status {
        /** Every reduced cost is non-negative (within tolerance): the plan is optimal. */
        OPTIMAL,
        /** The iteration limit stopped the pivoting: the plan is feasible for the augmented problem but not certified optimal. */
        ITERATION_LIMIT,
        /** The marginals cannot be met using only finite-cost pairs. */
        INFEASIBLE,
        /**
         * Pivoting ended but the optimality certificate fails: the costs span too wide a range for
         * double-precision potentials to resolve the plan's own costs (see {@link #solve}).
         */
        UNCERTIFIED;

        /** Whether the plan is certified optimal (the one converged status). */
        public boolean converged() { return this == OPTIMAL; }
    }

    /**
     * The result: the cost Σ π_ij c_ij, the sparse optimal plan, dual potentials f (sources) and
     * g (targets) with f_i + g_j ≤ c_ij and Σ a_i f_i + Σ b_j g_j = cost at optimality, the
     * number of pivots, and the status.
     */
    public record Result(double cost, SparsePlan plan, double[] f, double[] g, int iterations, Status status) {
        public boolean isOptimal() { return status == Status.OPTIMAL; }

        /** Same as {@link #isOptimal}: the name every iterative solver's result uses. */
        public boolean converged() { return status.converged(); }

        /** The dual objective Σ a_i f_i + Σ b_j g_j. */
        public double dualObjective(DiscreteMeasure a, DiscreteMeasure b) {
            double s = 0;
            for (int i = 0; i < f.length; i++) s += a.weight(i) * f[i];
            for (int j = 0; j < g.length; j++) s += b.weight(j) * g[j];
            return s;
        }
    }

    private final int maxIterations;
    private final double blockSizeFactor;

    private NetworkSimplex(int maxIterations, double blockSizeFactor) {
        this.maxIterations = maxIterations;
        this.blockSizeFactor = blockSizeFactor;
    }

    /** No practical iteration limit, block size √(mn). */
    public static NetworkSimplex defaults() { return new NetworkSimplex(Integer.MAX_VALUE, 1.0); }

    public NetworkSimplex withMaxIterations(int n) {
        Checks.atLeast(n, 1, "maxIterations");
        return new NetworkSimplex(n, blockSizeFactor);
    }

    /** Block size = factor × √(mn) arcs (at least 10); 1 is a good default. */
    public NetworkSimplex withBlockSizeFactor(double f) {
        Checks.positiveFinite(f, "blockSizeFactor");
        return new NetworkSimplex(maxIterations, f);
    }

    public int maxIterations() { return maxIterations; }

    /** Uniform weights on both sides. */
    public Result solve(CostMatrix c) {
        return solve(TransportProblem.uniform(c));
    }

    /** Solves the transport problem between a (length m) and b (length n) with the m×n cost c. */
    public Result solve(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c) {
        return solve(TransportProblem.of(a, b, c));
    }

    /** Solves a balanced transport problem (an unbalanced one is an error naming both masses). */
    public Result solve(TransportProblem problem) {
        problem.requireBalanced();
        DiscreteMeasure a = problem.a(), b = problem.b();
        CostMatrix c = problem.cost();
        if ((long) a.size() * b.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cost: " + a.size() + "x" + b.size() + " is too large for the dense network simplex");
        }
        Result r = new Pivoting(a.weights(), b.weights(), c, blockSizeFactor).run(maxIterations);
        if (r.status() != Status.OPTIMAL || certified(a, b, c, r)) return r;
        return refine(a, b, c, r);
    }

    /** Certificate accuracy demanded of an OPTIMAL result, relative to the plan's absolute cost. */
    static final double CERTIFICATE_TOLERANCE = 1e-9;
    /** Refinement: the cost cap grows by this factor a pass (the pricing resolves 1e-14 of the cap). */
    private static final double CAP_GROWTH = 1e4;
    /** Point-cloud costs are materialised for a refinement only up to this many entries. */
    private static final long REFINE_DENSE_LIMIT = 1L << 24;

    /**
     * Whether the certificate bounds the plan's suboptimality, |gap| + max(u ⊕ v − c)⁺·mass (a
     * dual infeasibility δ lowers the dual bound by at most δ per unit of mass), by
     * {@link #CERTIFICATE_TOLERANCE} × Σ π_ij |c_ij|. A plan whose cost is within that tolerance of
     * the trivial dual bound max(Σ_i a_i min_j c_ij, Σ_j b_j min_i c_ij) — exactly feasible duals —
     * is certified too: that covers plans of (near) zero cost, where the relative test has no room
     * for the rounding of potentials carried on the scale of the other costs.
     */
    private static boolean certified(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, Result r) {
        return certifies(OptimalityCertificate.of(a, b, c, r), r.plan(), c, a.totalMass(), a.size() + b.size(),
                () -> trivialDualBound(a, b, c));
    }

    /**
     * The test of {@link #certified} for a certificate computed by the caller; {@code trivialBound} (the
     * trivial dual bound, however the caller finds it) is asked for only when the relative test fails.
     */
    static boolean certifies(OptimalityCertificate cert, SparsePlan p, CostMatrix c, double mass, int nodes,
                             DoubleSupplier trivialBound) {
        double abs = 0, used = 0, cost = 0;
        for (int k = 0; k < p.nonzeros(); k++) {
            double cij = c.get(p.sources()[k], p.targets()[k]);
            cost += p.masses()[k] * cij;
            abs += p.masses()[k] * Math.abs(cij);
            used = Math.max(used, Math.abs(cij));
        }
        double allowed = CERTIFICATE_TOLERANCE * abs + 4.0 * nodes * Math.ulp(used) * mass;
        double bound = Math.abs(cert.dualityGap()) + cert.dualInfeasibility() * mass;
        return bound <= allowed || cost - trivialBound.getAsDouble() <= allowed;
    }

    /** max(Σ_i a_i min_j c_ij, Σ_j b_j min_i c_ij): the objectives of two exactly feasible dual solutions. */
    private static double trivialDualBound(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c) {
        int m = c.rows(), n = c.cols();
        double[] colMin = new double[n];
        Arrays.fill(colMin, Double.POSITIVE_INFINITY);
        double byRows = 0;
        for (int i = 0; i < m; i++) {
            double rowMin = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double cij = c.get(i, j);
                rowMin = Math.min(rowMin, cij);
                colMin[j] = Math.min(colMin[j], cij);
            }
            if (a.weight(i) > 0) byRows += a.weight(i) * rowMin;
        }
        double byCols = 0;
        for (int j = 0; j < n; j++) if (b.weight(j) > 0) byCols += b.weight(j) * colMin[j];
        double best = Math.max(byRows, byCols);
        return Double.isFinite(best) ? best : Double.NEGATIVE_INFINITY;
    }

    /**
     * When costs span many orders of magnitude (say 0…1 next to 1e15) the potentials carry the large
     * scale and their rounding hides the small costs' differences. The refinement re-solves with
     * every cost above a cap forbidden, the cap starting at 4 × the largest cost the first plan
     * uses (at least 1e-12 of the largest) and growing by {@link #CAP_GROWTH}, and accepts the first solution whose certificate holds
     * against the full costs: by LP duality that plan is optimal for the original problem. If no cap
     * below the largest cost works, the result is {@link Status#UNCERTIFIED}.
     */
    private Result refine(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, Result first) {
        if ((long) c.rows() * c.cols() > REFINE_DENSE_LIMIT) {
            return new Result(first.cost(), first.plan(), first.f(), first.g(), first.iterations(), Status.UNCERTIFIED);
        }
        double[] full = c instanceof CostMatrix.Dense ? CostViews.rowMajor(c) : c.toRowMajor();
        double largest = 0, used = 0;
        for (double v : full) if (v < Double.POSITIVE_INFINITY) largest = Math.max(largest, Math.abs(v));
        SparsePlan p = first.plan();
        for (int k = 0; k < p.nonzeros(); k++) used = Math.max(used, Math.abs(full[p.sources()[k] * c.cols() + p.targets()[k]]));
        int iterations = first.iterations();
        for (double cap = Math.max(4 * used, 1e-12 * largest); cap < largest; cap *= CAP_GROWTH) {
            double[] capped = full.clone();
            for (int e = 0; e < capped.length; e++) if (Math.abs(capped[e]) > cap) capped[e] = Double.POSITIVE_INFINITY;
            Result r = new Pivoting(a.weights(), b.weights(), CostMatrix.dense(c.rows(), c.cols(), capped), blockSizeFactor)
                    .run(maxIterations);
            iterations += r.iterations();
            if (r.status() == Status.OPTIMAL && certified(a, b, c, r)) {
                return new Result(r.cost(), r.plan(), r.f(), r.g(), iterations, Status.OPTIMAL);
            }
        }
        return new Result(first.cost(), first.plan(), first.f(), first.g(), iterations, Status.UNCERTIFIED);
    }

    /**
     * The network simplex on an explicit arc set that grows between solves (the sparse problems of
     * {@link MultiscaleNetworkSimplex}): the tree and potentials a solve ends with are the warm start of
     * the next, since added arcs leave the basis feasible. Every cost of the complete graph must lie in
     * [min, max]; the pricing tolerance and artificial cost are those of the complete graph.
     */
    static final class SparseArcs {
        private final Pivoting p;

        SparseArcs(double[] a, double[] b, double min, double max) { p = new Pivoting(a, b, min, max, 1.0); }

        void add(int i, int j, double cij) { p.addArc(i, j, cij); }

        int arcs() { return p.arcs; }

        /** The source and target of arc e (0 ≤ e &lt; {@link #arcs()}). */
        int source(int e) { return p.sourceOf(e); }

        int target(int e) { return p.targetOf(e); }

        /** Reduced costs above −tolerance count as non-negative. */
        double tolerance() { return p.tol; }

        /** The live potentials: arc i → j has reduced cost c_ij + pi[i] − pi[m + j]. */
        double[] potentials() { return p.pi; }

        /** Pivots until the arcs so far price non-negative (or the limit); the potentials are then exact. */
        Result solve(int maxIterations) { return p.run(maxIterations); }
    }

    /**
     * A network simplex for a sequence of problems between the same a and b whose costs change, as the linearised
     * steps of the Frank–Wolfe method for Gromov–Wasserstein (docs/benchmarks.md, "i13-gw2"): each solve starts from
     * the spanning tree the previous one ended with. The constraints π1 = a, πᵀ1 = b do not depend on the cost, so
     * that tree is still a primal feasible basis, and strongly feasible (a property of the tree and its flows
     * only); only its potentials are recomputed for the new costs. When the costs change little between solves the
     * old optimum is near the new one and few pivots are needed. The first solve starts from the artificial basis,
     * as {@link NetworkSimplex#solve} does; every result is certified as {@link NetworkSimplex#solve}'s, with the
     * same refinement when the certificate fails. Not thread-safe: one sequence of solves at a time.
     */
    public final class WarmStarted {
        private final DiscreteMeasure a, b;
        private Pivoting state; // the tree of the last solve; null before the first

        private WarmStarted(DiscreteMeasure a, DiscreteMeasure b) {
            if (a == null || b == null) throw new IllegalArgumentException("a and b must not be null");
            if ((long) a.size() * b.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a, b: " + a.size() + "x" + b.size() + " is too large for the dense network simplex");
            }
            Checks.balanced(a.totalMass(), b.totalMass());
            this.a = a;
            this.b = b;
        }

        /** The optimal plan for the cost c (a.size() × b.size()), from the previous solve's basis. */
        public Result solve(CostMatrix c) {
            TransportProblem.of(a, b, c); // checks the shape
            CostMatrix dense = c instanceof CostMatrix.Dense ? c : CostMatrix.dense(c.rows(), c.cols(), c.toRowMajor());
            if (state == null) state = new Pivoting(a.weights(), b.weights(), dense, blockSizeFactor);
            else state.replaceCosts(CostViews.rowMajor(dense));
            Result r = state.run(maxIterations);
            if (r.status() != Status.OPTIMAL || certified(a, b, dense, r)) return r;
            return refine(a, b, dense, r);
        }
    }

    /**
     * A network simplex with these settings for a sequence of problems between a and b (equal masses) whose costs
     * change, each solve warm-started from the previous one's basis: see {@link WarmStarted}.
     */
    public WarmStarted warmStarted(DiscreteMeasure a, DiscreteMeasure b) {
        return new WarmStarted(a, b);
    }

    /** The simplex state: a spanning tree of the m + n nodes plus the root. */
    private static final class Pivoting {
        final int m, n, nodes, root;
        final double[] a, b;
        double[] c; // dense row-major costs, or null when computed from points (replaced by a warm-started solve)
        final double[][] xT, yT; // coordinates by dimension (points costs only)
        final boolean euclidean; // points costs: Euclidean rather than squared Euclidean
        final double[] tmp; // one row chunk of point costs
        double art; // cost of the artificial arcs root → target
        double tol;
        int block;
        int arcs;
        final double blockFactor;
        // explicit arc list (sparse mode): arc e joins arcS[e] to target arcT[e] at cost arcC[e]; null on the complete graph
        int[] arcS, arcT;
        double[] arcC;
        // tree: node v's predecessor arc joins v and parent[v]; pred = i·n + j (the arc's index in sparse mode),
        // or −1 for the artificial arc
        final int[] parent, pred, thread, revThread, succNum;
        final boolean[] up; // the predecessor arc points v → parent[v]
        final double[] flow; // flow on the predecessor arc
        final double[] pi; // reduced cost of arc s→t is c + pi[s] − pi[t]
        int next; // where the block search resumes
        // scratch
        int[] buf, nbuf, path;

        Pivoting(double[] a, double[] b, CostMatrix cost, double blockFactor) {
            this(a, b, cost, blockFactor, Double.NaN, Double.NaN);
        }

        /**
         * Sparse mode: the arcs are an explicit list, initially empty, grown by {@link #addArc}; costs lie in
         * [min, max] over the complete graph. The artificial cost uses the complete-graph bound, so
         * artificial flow can only remain while some pair outside the list prices negative.
         */
        Pivoting(double[] a, double[] b, double min, double max, double blockFactor) {
            this(a, b, null, blockFactor, min, max);
        }

        private Pivoting(double[] a, double[] b, CostMatrix cost, double blockFactor, double sparseMin, double sparseMax) {
            m = a.length;
            n = b.length;
            nodes = m + n;
            root = nodes;
            this.a = a;
            this.b = b;
            this.blockFactor = blockFactor;
            arcs = cost == null ? 0 : m * n;
            double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
            boolean inf = false;
            if (cost == null) {
                c = null;
                xT = yT = null;
                tmp = null;
                euclidean = false;
                arcS = new int[16];
                arcT = new int[16];
                arcC = new double[16];
                min = sparseMin;
                max = sparseMax;
            } else if (cost instanceof CostMatrix.FromPoints fp && fp.dimension() > 0
                    && (fp.metric() == Metric.SQEUCLIDEAN || fp.metric() == Metric.EUCLIDEAN)) {
                // costs computed on the fly from coordinates held column by column: O((m + n)·d) memory
                c = null;
                euclidean = fp.metric() == Metric.EUCLIDEAN;
                double[][] xs = CostViews.sourcePoints(fp), ys = CostViews.targetPoints(fp);
                int d = fp.dimension();
                xT = new double[d][m];
                yT = new double[d][n];
                double bound = 0;
                for (int k = 0; k < d; k++) {
                    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < m; i++) { xT[k][i] = xs[i][k]; lo = Math.min(lo, xs[i][k]); hi = Math.max(hi, xs[i][k]); }
                    for (int j = 0; j < n; j++) { yT[k][j] = ys[j][k]; lo = Math.min(lo, ys[j][k]); hi = Math.max(hi, ys[j][k]); }
                    bound += (hi - lo) * (hi - lo);
                }
                // every cost lies in [0, bound]: the bounding box's squared diagonal bounds them
                max = euclidean ? Math.sqrt(bound) : bound;
                min = 0;
                tmp = new double[n];
            } else {
                c = CostViews.rowMajor(cost);
                euclidean = false;
                xT = yT = null;
                tmp = null;
                for (double v : c) {
                    if (v == Double.POSITIVE_INFINITY) { inf = true; continue; }
                    if (v > max) max = v;
                    if (v < min) min = v;
                }
            }
            bounds(min, max, inf);
            block = (int) Math.max(10, Math.min(arcs, Math.ceil(blockFactor * Math.sqrt((double) arcs))));
            parent = new int[nodes + 1];
            pred = new int[nodes + 1];
            thread = new int[nodes + 1];
            revThread = new int[nodes + 1];
            succNum = new int[nodes + 1];
            up = new boolean[nodes + 1];
            flow = new double[nodes + 1];
            pi = new double[nodes + 1];
            buf = new int[nodes + 1];
            nbuf = new int[nodes + 1];
            path = new int[nodes + 1];
            parent[root] = -1;
            pred[root] = -1;
            succNum[root] = nodes + 1;
            thread[root] = 0;
            revThread[0] = root;
            for (int v = 0; v < nodes; v++) {
                parent[v] = root;
                pred[v] = -1;
                thread[v] = v + 1;
                revThread[v + 1] = v;
                succNum[v] = 1;
                double supply = v < m ? a[v] : -b[v - m];
                if (supply >= 0) {
                    up[v] = true; // v → root, cost 0
                    flow[v] = supply;
                    pi[v] = 0;
                } else {
                    up[v] = false; // root → v, cost art
                    flow[v] = -supply;
                    pi[v] = art;
                }
            }
            thread[nodes - 1] = root;
            revThread[root] = nodes - 1;
        }

        /**
         * The artificial cost and the pricing tolerance for costs in [min, max] (max = −∞: no finite cost), inf
         * telling whether some pair is forbidden.
         */
        private void bounds(double min, double max, boolean inf) {
            if (max == Double.NEGATIVE_INFINITY) { max = 0; min = 0; }
            double scale = Math.max(max - min, Math.max(Math.abs(max), Math.abs(min)));
            if (scale == 0) scale = 1;
            // On the complete bipartite graph a unit routed through the root (cost art) can always be
            // sent directly for at most max, so art > max keeps artificial flow out of the optimum.
            // With forbidden pairs, paths through other nodes matter: the classical bound applies.
            art = inf ? max + scale * (nodes + 1) : max + scale;
            if (!Double.isFinite(art)) {
                double big = Math.max(Math.abs(max), Math.abs(min));
                throw new IllegalArgumentException(Double.isFinite(big)
                        ? "cost: entries as large as " + big + " overflow the network simplex's bounds; rescale the costs"
                        : "cost: the distances between the points exceed the largest double (about 1.8e308); rescale the points");
            }
            tol = 1e-14 * Math.max(Math.abs(art), scale);
        }

        /**
         * The warm start of {@link WarmStarted}: new dense costs on the complete graph, the tree kept. The tree's flows
         * depend only on a and b, so it stays a (strongly) feasible basis; the artificial cost, the tolerance and the
         * potentials are recomputed for the new costs.
         */
        void replaceCosts(double[] cost) {
            double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
            boolean inf = false;
            for (double v : cost) {
                if (v == Double.POSITIVE_INFINITY) { inf = true; continue; }
                if (v > max) max = v;
                if (v < min) min = v;
            }
            c = cost;
            bounds(min, max, inf);
            refreshPotentials();
        }

        /** Appends the arc i → j of cost cij (sparse mode); the current tree stays a feasible basis. */
        void addArc(int i, int j, double cij) {
            if (arcs == arcC.length) {
                int cap = Math.max(16, arcs + (arcs >> 1));
                arcS = Arrays.copyOf(arcS, cap);
                arcT = Arrays.copyOf(arcT, cap);
                arcC = Arrays.copyOf(arcC, cap);
            }
            arcS[arcs] = i;
            arcT[arcs] = j;
            arcC[arcs] = cij;
            arcs++;
            block = (int) Math.max(10, Math.min(arcs, Math.ceil(blockFactor * Math.sqrt((double) arcs))));
        }

        int sourceOf(int e) { return arcS != null ? arcS[e] : e / n; }

        int targetOf(int e) { return arcS != null ? arcT[e] : e - (e / n) * n; }

        Result run(int maxIterations) {
            int it = 0;
            int sinceRefresh = 0;
            Status status = Status.ITERATION_LIMIT;
            while (true) {
                int e = findEntering();
                if (e < 0) {
                    // confirm with exact potentials and a full pricing pass
                    refreshPotentials();
                    sinceRefresh = 0;
                    e = findEntering();
                    if (e < 0) { status = Status.OPTIMAL; break; }
                }
                if (it >= maxIterations) break;
                int s = sourceOf(e), t = m + targetOf(e);
                if (pred[s] == e || pred[t] == e) { // a tree arc priced negative: potentials drifted
                    refreshPotentials();
                    sinceRefresh = 0;
                    continue;
                }
                pivot(e, s, t);
                it++;
                if (++sinceRefresh >= nodes) {
                    refreshPotentials();
                    sinceRefresh = 0;
                }
            }
            return result(it, status);
        }

        /** c_ij for arc e = i·n + j, bit-identical to the metric's own computation. */
        double cost(int e) {
            if (arcC != null) return arcC[e];
            if (c != null) return c[e];
            int i = e / n, j = e - (e / n) * n;
            double s = 0;
            for (int k = 0; k < xT.length; k++) {
                double d = xT[k][i] - yT[k][j];
                s += d * d;
            }
            return euclidean ? Math.sqrt(s) : s;
        }

        /** Fills tmp[0, len) with c_i,j0+q (the same operations, in the same order, as {@link #cost}). */
        void pointCosts(int i, int j0, int len) {
            final double[] t = tmp;
            double x0 = xT[0][i];
            double[] y0 = yT[0];
            for (int q = 0; q < len; q++) {
                double d = x0 - y0[j0 + q];
                t[q] = d * d;
            }
            for (int k = 1; k < xT.length; k++) {
                double xk = xT[k][i];
                double[] yk = yT[k];
                for (int q = 0; q < len; q++) {
                    double d = xk - yk[j0 + q];
                    t[q] += d * d;
                }
            }
            if (euclidean) for (int q = 0; q < len; q++) t[q] = Math.sqrt(t[q]);
        }

        /** Block search from {@code next}: the most negative reduced cost in the first block that has one, or −1. */
        int findEntering() {
            if (arcC != null) return findEnteringSparse();
            final double[] c = this.c, pi = this.pi;
            final int m = this.m, n = this.n;
            int i = next / n, j = next - (next / n) * n;
            double best = -tol;
            int bestArc = -1;
            int cnt = block;
            for (int scanned = 0; scanned < arcs; ) {
                int len = Math.min(n - j, Math.min(cnt, arcs - scanned));
                double pii = pi[i];
                int base = i * n;
                if (c != null) {
                    for (int jj = j, end = j + len; jj < end; jj++) {
                        double r = c[base + jj] + pii - pi[m + jj];
                        if (r < best) {
                            best = r;
                            bestArc = base + jj;
                        }
                    }
                } else {
                    pointCosts(i, j, len);
                    final double[] t = tmp;
                    for (int q = 0, off = m + j; q < len; q++) {
                        double r = t[q] + pii - pi[off + q];
                        if (r < best) {
                            best = r;
                            bestArc = base + j + q;
                        }
                    }
                }
                scanned += len;
                cnt -= len;
                j += len;
                if (j == n) {
                    j = 0;
                    if (++i == m) i = 0;
                }
                if (cnt == 0) {
                    if (bestArc >= 0) break;
                    cnt = block;
                }
            }
            next = i * n + j;
            return bestArc;
        }

        /** {@link #findEntering} over the explicit arc list. */
        private int findEnteringSparse() {
            final double[] arcC = this.arcC, pi = this.pi;
            final int[] arcS = this.arcS, arcT = this.arcT;
            final int m = this.m;
            int e = next >= arcs ? 0 : next;
            double best = -tol;
            int bestArc = -1;
            int cnt = block;
            for (int scanned = 0; scanned < arcs; scanned++) {
                double r = arcC[e] + pi[arcS[e]] - pi[m + arcT[e]];
                if (r < best) {
                    best = r;
                    bestArc = e;
                }
                if (++e == arcs) e = 0;
                if (--cnt == 0) {
                    if (bestArc >= 0) break;
                    cnt = block;
                }
            }
            next = e;
            return bestArc;
        }

        void pivot(int e, int s, int t) {
            final int[] parent = this.parent, succNum = this.succNum;
            final boolean[] up = this.up;
            final double[] flow = this.flow;
            // join: the first common ancestor (an ancestor has the larger subtree)
            int u = s, w = t;
            while (u != w) {
                if (succNum[u] < succNum[w]) u = parent[u];
                else w = parent[w];
            }
            final int join = u;
            // leaving arc: strongly feasible rule (strict on the source side, last tie on the target side)
            double delta = Double.POSITIVE_INFINITY;
            int uOut = -1;
            boolean sourceSide = false;
            for (u = s; u != join; u = parent[u]) {
                if (up[u] && flow[u] < delta) {
                    delta = flow[u];
                    uOut = u;
                    sourceSide = true;
                }
            }
            for (u = t; u != join; u = parent[u]) {
                if (!up[u] && flow[u] <= delta) {
                    delta = flow[u];
                    uOut = u;
                    sourceSide = false;
                }
            }
            if (uOut < 0) throw new IllegalStateException("network simplex: unbounded cycle (costs must not be −∞)");
            if (delta > 0) {
                for (u = s; u != join; u = parent[u]) flow[u] += up[u] ? -delta : delta;
                for (u = t; u != join; u = parent[u]) flow[u] += up[u] ? delta : -delta;
            }
            int uIn = sourceSide ? s : t;
            int vIn = sourceSide ? t : s;
            double rc = cost(e) + pi[s] - pi[t];
            double sigma = sourceSide ? -rc : rc;
            rehang(uIn, vIn, uOut, join, e, sourceSide, delta, sigma);
        }

        /**
         * Cuts the subtree S below uOut's predecessor arc and hangs it, re-rooted at uIn, under vIn
         * by the entering arc; shifts the potentials of S by sigma.
         */
        void rehang(int uIn, int vIn, int uOut, int join, int eIn, boolean upIn, double flowIn, double sigma) {
            final int[] parent = this.parent, pred = this.pred, thread = this.thread, revThread = this.revThread, succNum = this.succNum;
            final boolean[] up = this.up;
            final double[] flow = this.flow, pi = this.pi;
            final int k = succNum[uOut];
            // S in old preorder
            int[] buf = this.buf;
            int x = uOut;
            for (int p = 0; p < k; p++) {
                buf[p] = x;
                x = thread[x];
            }
            // cut S out of the thread
            int before = revThread[uOut];
            int after = x;
            thread[before] = after;
            revThread[after] = before;
            // subtree sizes between the cut/attach points and the join
            for (int y = parent[uOut]; y != join; y = parent[y]) succNum[y] -= k;
            for (int y = vIn; y != join; y = parent[y]) succNum[y] += k;
            // the path uIn = w0, w1, ..., wL = uOut
            int[] path = this.path;
            int len = 0;
            for (int y = uIn; ; y = parent[y]) {
                path[len++] = y;
                if (y == uOut) break;
            }
            // new preorder of S rooted at uIn: old subtree of w0, then for each i ≥ 1 the old subtree
            // of w_i without that of w_{i−1}; positions come from buf (subtrees are contiguous there)
            int[] nbuf = this.nbuf;
            int q = 0;
            if (len == 1) {
                System.arraycopy(buf, 0, nbuf, 0, k);
                q = k;
            } else {
                // positions of the path nodes in buf: walk buf once
                // (path nodes are ancestors of uIn, found in the old preorder before it)
                int[] pos = positions(buf, k, path, len);
                int p0 = pos[0], s0 = succNum[path[0]];
                System.arraycopy(buf, p0, nbuf, 0, s0);
                q = s0;
                for (int i = 1; i < len; i++) {
                    int pi0 = pos[i], si = succNum[path[i]];
                    int pPrev = pos[i - 1], sPrev = succNum[path[i - 1]];
                    System.arraycopy(buf, pi0, nbuf, q, pPrev - pi0);
                    q += pPrev - pi0;
                    int tail = pi0 + si - (pPrev + sPrev);
                    System.arraycopy(buf, pPrev + sPrev, nbuf, q, tail);
                    q += tail;
                }
            }
            // subtree sizes on the path (from old sizes, so compute from the root end down)
            for (int i = len - 1; i >= 1; i--) succNum[path[i]] = k - succNum[path[i - 1]];
            succNum[path[0]] = k;
            // reverse parent / pred / direction / flow along the path
            int prevNode = vIn, prevPred = eIn;
            boolean prevUp = upIn;
            double prevFlow = flowIn;
            for (int i = 0; i < len; i++) {
                int y = path[i];
                int tp = pred[y];
                boolean tu = up[y];
                double tf = flow[y];
                parent[y] = prevNode;
                pred[y] = prevPred;
                up[y] = prevUp;
                flow[y] = prevFlow;
                prevNode = y;
                prevPred = tp;
                prevUp = !tu;
                prevFlow = tf;
            }
            // splice S after vIn in the thread and shift its potentials
            int afterV = thread[vIn];
            int prev = vIn;
            for (int p = 0; p < k; p++) {
                int y = nbuf[p];
                thread[prev] = y;
                revThread[y] = prev;
                pi[y] += sigma;
                prev = y;
            }
            thread[prev] = afterV;
            revThread[afterV] = prev;
        }

        int[] posScratch;
        int[] mark;

        /** Positions in buf[0..k) of the len path nodes (all lie in S). */
        private int[] positions(int[] buf, int k, int[] path, int len) {
            if (posScratch == null) {
                posScratch = new int[nodes + 1];
                mark = new int[nodes + 1];
                Arrays.fill(mark, -1);
            }
            for (int i = 0; i < len; i++) mark[path[i]] = i;
            int found = 0;
            for (int p = 0; p < k && found < len; p++) {
                int i = mark[buf[p]];
                if (i >= 0) {
                    posScratch[i] = p;
                    found++;
                }
            }
            for (int i = 0; i < len; i++) mark[path[i]] = -1;
            return posScratch;
        }

        /** Exact potentials from the tree: pi[root] = 0 and reduced cost 0 on every tree arc. */
        void refreshPotentials() {
            pi[root] = 0;
            for (int v = thread[root]; v != root; v = thread[v]) {
                int e = pred[v];
                double cost = e >= 0 ? cost(e) : (up[v] ? 0 : art);
                pi[v] = up[v] ? pi[parent[v]] - cost : pi[parent[v]] + cost;
            }
        }

        Result result(int iterations, Status status) {
            int nz = 0;
            double artificialFlow = 0, mass = 0;
            for (int v = 0; v < nodes; v++) {
                if (pred[v] >= 0) {
                    if (flow[v] > 0) nz++;
                } else {
                    artificialFlow += flow[v];
                }
            }
            int[] src = new int[nz], tgt = new int[nz];
            double[] w = new double[nz];
            double cost = 0;
            int q = 0;
            for (int v = 0; v < nodes; v++) {
                int e = pred[v];
                if (e >= 0 && flow[v] > 0) {
                    src[q] = sourceOf(e);
                    tgt[q] = targetOf(e);
                    w[q] = flow[v];
                    cost += flow[v] * cost(e);
                    mass += flow[v];
                    q++;
                }
            }
            // sort entries by (source, target) for a canonical plan
            Integer[] order = new Integer[nz];
            for (int k = 0; k < nz; k++) order[k] = k;
            Arrays.sort(order, (p1, p2) -> src[p1] != src[p2] ? Integer.compare(src[p1], src[p2]) : Integer.compare(tgt[p1], tgt[p2]));
            int[] s2 = new int[nz], t2 = new int[nz];
            double[] w2 = new double[nz];
            for (int k = 0; k < nz; k++) {
                s2[k] = src[order[k]];
                t2[k] = tgt[order[k]];
                w2[k] = w[order[k]];
            }
            if (status == Status.OPTIMAL
                    && artificialFlow > 4 * DiscreteMeasure.MASS_TOLERANCE * Math.max(mass + artificialFlow, Double.MIN_NORMAL)) {
                status = Status.INFEASIBLE;
            }
            refreshPotentials();
            double[] u = new double[m], v = new double[n];
            for (int i = 0; i < m; i++) u[i] = -pi[i];
            for (int j = 0; j < n; j++) v[j] = pi[m + j];
            // canonical shift (u + k, v − k): both halves of the dual objective equal
            double au = 0, bv = 0, ta = 0, tb = 0;
            for (int i = 0; i < m; i++) { au += a[i] * u[i]; ta += a[i]; }
            for (int j = 0; j < n; j++) { bv += b[j] * v[j]; tb += b[j]; }
            double shift = (bv - au) / (ta + tb);
            for (int i = 0; i < m; i++) u[i] += shift;
            for (int j = 0; j < n; j++) v[j] -= shift;
            return new Result(cost, new SparsePlan(m, n, s2, t2, w2), u, v, iterations, status);
        }
    }
}
