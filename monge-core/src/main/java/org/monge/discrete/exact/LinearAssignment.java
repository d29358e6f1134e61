package org.monge.discrete.exact;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.internal.CostViews;
import org.monge.linalg.Scaling;

import java.util.Arrays;

/**
 * The linear assignment problem: for an m×n cost, a one-to-one matching of min(m, n) rows and
 * columns of least (or greatest) total cost, with dual potentials. Method of Jonker &amp; Volgenant
 * (1987, "A shortest augmenting path algorithm for dense and sparse linear assignment
 * problems"): for square problems, column reduction, reduction transfer and two passes of
 * augmenting row reduction assign most rows cheaply; every remaining row is then assigned by a
 * Dijkstra shortest augmenting path on reduced costs over the dense matrix. Rectangular problems
 * skip the initialisation and start from zero column prices, so that unassigned columns keep a
 * zero price and the potentials solve the rectangular dual (Crouse 2016, IEEE TAES 52(4)).
 * O(n³) worst case; O(n) extra memory (O(mn) for a negated or transposed copy when maximising or m > n).
 * Written here: no library does it in Java.
 * Costs beyond 1e±100 are solved divided by a power of two (exact; the shortest paths would overflow near the
 * largest double) and the total is scaled back; a total outside the double range is refused.
 *
 * <p>Forbidden pairs are +∞ when minimising and −∞ when maximising; if no complete matching of the
 * smaller side avoids them the solver throws (naming the row or column when one is all forbidden,
 * see {@link #requireAssignable}). Potentials: when minimising f_i + g_j ≤ c_ij with
 * equality on assigned pairs (≥ when maximising), so Σ f_i + Σ g_j = cost certifies optimality;
 * for m ≠ n every unassigned row or column has potential 0 and the larger side's potentials are
 * ≤ 0 (≥ 0 when maximising), as the rectangular dual requires.
 */
public final class LinearAssignment {
    private final boolean maximize;

    private LinearAssignment(boolean maximize) {
        this.maximize = maximize;
    }

    /** Minimises the total cost. */
    public static LinearAssignment defaults() { return new LinearAssignment(false); }

    /** Maximises (true) or minimises (false) the total. */
    public LinearAssignment withMaximize(boolean max) { return new LinearAssignment(max); }

    public boolean maximize() { return maximize; }

    /**
     * The assignment: for each row its column (or −1), for each column its row (or −1), the total
     * cost of the assigned pairs, and the dual potentials f (rows) and g (columns).
     */
    public record Result(int[] rowToColumn, int[] columnToRow, double cost, double[] f, double[] g) {
        public int size() {
            int k = 0;
            for (int j : rowToColumn) if (j >= 0) k++;
            return k;
        }
    }

    public Result solve(CostMatrix c) {
        return solve(c.rows(), c.cols(), CostViews.rowMajor(c));
    }

    /**
     * The assignment for the problem's cost. An assignment moves whole units, so the weights must be
     * uniform on each side (all a_i equal, all b_j equal, within {@link DiscreteMeasure#MASS_TOLERANCE}
     * relative). For m = n with equal masses, the assignment with mass a_i on each assigned pair is an
     * optimal plan of the transport problem (Birkhoff–von Neumann), whose cost is {@link Result#cost()}·a_0.
     */
    public Result solve(TransportProblem problem) {
        requireUniform(problem.a(), "a");
        requireUniform(problem.b(), "b");
        return solve(problem.cost());
    }

    private static void requireUniform(DiscreteMeasure w, String name) {
        double w0 = w.weight(0);
        for (int i = 1; i < w.size(); i++) {
            if (Math.abs(w.weight(i) - w0) > DiscreteMeasure.MASS_TOLERANCE * Math.max(w0, w.weight(i))) {
                throw new IllegalArgumentException(name + ": an assignment needs uniform weights, but entry " + i + " is " + w.weight(i)
                        + " and entry 0 is " + w0 + " (use NetworkSimplex for general weights)");
            }
        }
    }

    /**
     * Throws unless every row (when rows ≤ cols) and every column (when rows ≥ cols) of the row-major
     * cost has a pair that is not forbidden: "problem is infeasible: row i has no finite cost"
     * (see {@link Checks#feasible}). Necessary for a complete assignment of the smaller side.
     */
    public void requireAssignable(int rows, int cols, double[] cost) {
        double forbidden = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        Checks.feasible(rows, cols, cost, forbidden, i -> rows <= cols, j -> rows >= cols);
    }

    /** Solves for a row-major rows×cols cost (not modified). */
    public Result solve(int rows, int cols, double[] cost) {
        if (rows < 0 || cols < 0 || (long) rows * cols != cost.length) {
            throw new IllegalArgumentException("cost has " + cost.length + " entries, expected " + rows + "x" + cols);
        }
        double forbidden = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        boolean anyForbidden = anyForbidden(cols, cost, forbidden);
        if (anyForbidden) requireAssignable(rows, cols, cost);
        if (rows == 0 || cols == 0) return new Result(filled(rows), filled(cols), 0, new double[rows], new double[cols]);
        boolean transpose = rows > cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;
        // work on a minimisation problem with m ≤ n rows (the input itself when it is one: never written)
        double[] c;
        double sign = maximize ? -1 : 1;
        if (transpose) {
            c = new double[m * n];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) c[j * n + i] = sign * cost[i * cols + j];
        } else if (maximize) {
            c = new double[m * n];
            for (int k = 0; k < c.length; k++) c[k] = -cost[k];
        } else {
            c = cost;
        }
        int e = scaleExponent(c);
        if (e != 0) c = Scaling.scalb(c, -e); // a new array: the input is never written
        Solver s = new Solver(m, n, c);
        s.run(m == n && !anyForbidden);
        // potentials u_i = c_{i, x_i} − v_{x_i}
        double[] u = new double[m];
        double total = 0;
        for (int i = 0; i < m; i++) {
            u[i] = c[i * n + s.x[i]] - s.v[s.x[i]];
            total += c[i * n + s.x[i]];
        }
        double[] v = s.v;
        if (e != 0) {
            total = Scaling.requireRepresentable(Math.scalb(total, e), "cost: the total of the assignment");
            u = Scaling.scalb(u, e);
            v = Scaling.scalb(v, e);
        }
        if (maximize) {
            total = -total;
            for (int i = 0; i < m; i++) u[i] = -u[i];
            for (int j = 0; j < n; j++) v[j] = -v[j];
        }
        if (!transpose) return new Result(s.x, s.y, total, u, v);
        return new Result(s.y, s.x, total, v, u);
    }

    /**
     * Whether any entry is the forbidden value; throws at the first NaN or opposite infinity. A loop of its own: in a
     * cold JVM a small method is compiled, and optimised, sooner than the loop inside a large one.
     */
    private boolean anyForbidden(int cols, double[] cost, double forbidden) {
        boolean any = false;
        for (int k = 0; k < cost.length; k++) {
            double x = cost[k];
            if (Double.isNaN(x) || x == -forbidden) throw invalidEntry(k, cols, x, forbidden);
            any |= x == forbidden;
        }
        return any;
    }

    private IllegalArgumentException invalidEntry(int k, int cols, double x, double forbidden) {
        return new IllegalArgumentException("cost has an invalid entry at (" + k / cols + ", " + k % cols + "): " + x
                + (x == -forbidden
                        ? " (forbidden pairs are " + forbidden + " when " + (maximize ? "maximising" : "minimising") + ")"
                        : ""));
    }

    /**
     * The binary exponent of the largest finite |cost| when it lies outside [1e-100, 1e100], else 0. Shortest
     * paths add and subtract costs and prices, which overflow for costs near the largest double (and lose
     * precision among subnormals); dividing every cost by a power of two is exact and leaves the assignment unchanged.
     */
    private static int scaleExponent(double[] c) {
        double mx = 0;
        for (double x : c) if (Double.isFinite(x)) mx = Math.max(mx, Math.abs(x));
        return Scaling.isModerate(mx) ? 0 : Scaling.exponent(mx);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** Jonker–Volgenant on an m×n minimisation problem, m ≤ n; v are the column prices. */
    private static final class Solver {
        final int m, n;
        final double[] c, v;
        final int[] x, y; // row → column, column → row
        // scratch for the augmenting paths
        final int[] col, pred;
        final double[] d, vp; // by position in col: distance, price

        Solver(int m, int n, double[] c) {
            this.m = m;
            this.n = n;
            this.c = c;
            v = new double[n];
            x = filled(m);
            y = filled(n);
            col = new int[n];
            pred = new int[n];
            d = new double[n];
            vp = new double[n];
        }

        void run(boolean initialise) {
            int[] free;
            int numFree;
            if (initialise && n > 1) {
                columnReduction();
                free = new int[m];
                numFree = 0;
                for (int i = 0; i < m; i++) if (x[i] < 0) free[numFree++] = i;
                numFree = augmentingRowReduction(free, numFree);
                numFree = augmentingRowReduction(free, numFree);
            } else {
                free = new int[m];
                for (int i = 0; i < m; i++) free[i] = i;
                numFree = m;
            }
            for (int k = 0; k < numFree; k++) augment(free[k]);
        }

        /** v_j = min_i c_ij; the arg-min row takes the column if still free; then reduction transfer. */
        void columnReduction() {
            final double[] c = this.c, v = this.v;
            int[] arg = new int[n];
            Arrays.fill(v, Double.POSITIVE_INFINITY);
            for (int i = 0; i < m; i++) {
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    double h = c[base + j];
                    if (h < v[j]) {
                        v[j] = h;
                        arg[j] = i;
                    }
                }
            }
            for (int j = n - 1; j >= 0; j--) {
                int i = arg[j];
                if (x[i] < 0) {
                    x[i] = j;
                    y[j] = i;
                }
            }
            // reduction transfer: lower the assigned column's price to the row's second-best reduced cost
            for (int i = 0; i < m; i++) {
                int j1 = x[i];
                if (j1 < 0) continue;
                int base = i * n;
                double mu = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j == j1) continue;
                    double h = c[base + j] - v[j];
                    if (h < mu) mu = h;
                }
                v[j1] -= mu;
            }
        }

        /** One pass of augmenting row reduction; returns the number of rows left free. */
        int augmentingRowReduction(int[] free, int numFree) {
            final double[] c = this.c, v = this.v;
            int k = 0, prev = numFree;
            numFree = 0;
            // Immediate re-processing of displaced rows is capped at about n row scans a pass: on
            // random costs longer chains cost more than the shortest paths they save (measured).
            long budget = n + 100L;
            while (k < prev) {
                int i = free[k++];
                int base = i * n;
                double u1 = c[base] - v[0], u2 = Double.POSITIVE_INFINITY;
                int j1 = 0, j2 = -1;
                for (int j = 1; j < n; j++) {
                    double h = c[base + j] - v[j];
                    if (h < u2) {
                        if (h >= u1) {
                            u2 = h;
                            j2 = j;
                        } else {
                            u2 = u1;
                            u1 = h;
                            j2 = j1;
                            j1 = j;
                        }
                    }
                }
                int i0 = y[j1];
                boolean strict = u1 < u2;
                if (strict) v[j1] -= u2 - u1;
                else if (i0 >= 0) {
                    j1 = j2;
                    i0 = y[j1];
                }
                if (i0 >= 0) x[i0] = -1;
                x[i] = j1;
                y[j1] = i;
                if (i0 >= 0) {
                    if (strict && --budget > 0) free[--k] = i0;
                    else free[numFree++] = i0;
                }
            }
            return numFree;
        }

        // the search state of augment, shared with its steps: positions [0, low) scanned, [low, up) at the current
        // minimum distance dmin, to scan, [up, n) the rest
        private int low, up;
        private double dmin;

        /**
         * Dijkstra on reduced costs from free row f to the nearest free column; updates prices and
         * flips the path. Columns are kept in position order (scanned, at the minimum, the rest),
         * with their distance and price stored by position so that the inner loops read them in
         * sequence; only the costs are gathered. The steps are small methods of their own: called
         * thousands of times, each is compiled soon and fully optimised quickly, where one large
         * method waited long in a cold JVM for its optimised compilation (whole-process runs).
         */
        void augment(int f) {
            start(f);
            low = 0;
            up = 0;
            int last = 0, end;
            while (true) {
                if (low == up) {
                    last = low;
                    end = nextMinimum();
                    if (end >= 0) break;
                }
                int j1 = col[low];
                int i = y[j1];
                double u1 = c[i * n + j1] - vp[low] - dmin;
                low++;
                end = relax(i, u1);
                if (end >= 0) break;
            }
            updatePrices(last);
            flip(f, end);
        }

        /** Distances from free row f: its reduced costs, every column unscanned, in column order. */
        private void start(int f) {
            final double[] c = this.c, v = this.v, d = this.d, vp = this.vp;
            final int[] col = this.col, pred = this.pred;
            int fb = f * n;
            for (int j = 0; j < n; j++) {
                col[j] = j;
                vp[j] = v[j];
                d[j] = c[fb + j] - v[j];
                pred[j] = f;
            }
        }

        /**
         * Moves the unscanned columns at the least distance to positions [low, up) and sets dmin; returns a free
         * column among them, or −1.
         */
        private int nextMinimum() {
            final double[] d = this.d;
            final int n = this.n;
            int low = this.low, up = this.up;
            if (up == n) throw infeasible();
            double dmin = d[up++];
            for (int k = up; k < n; k++) {
                double h = d[k];
                if (h <= dmin) {
                    if (h < dmin) {
                        up = low;
                        dmin = h;
                    }
                    swap(k, up++);
                }
            }
            if (dmin == Double.POSITIVE_INFINITY) throw infeasible();
            this.up = up;
            this.dmin = dmin;
            for (int k = low; k < up; k++) {
                if (y[col[k]] < 0) return col[k];
            }
            return -1;
        }

        /**
         * Shortens the distances of the columns at positions [up, n) through row i (reduced cost u1 at its
         * column); a column reaching dmin joins the positions to scan. Returns a free column reached at dmin, or −1.
         */
        private int relax(int i, double u1) {
            final double[] c = this.c, d = this.d, vp = this.vp;
            final int[] col = this.col, pred = this.pred, y = this.y;
            final int n = this.n;
            final double dmin = this.dmin;
            int up = this.up;
            int ib = i * n;
            for (int k = up; k < n; k++) {
                int j = col[k];
                double h = c[ib + j] - vp[k] - u1;
                if (h < d[k]) {
                    d[k] = h;
                    pred[j] = i;
                    if (h == dmin) {
                        if (y[j] < 0) {
                            this.up = up;
                            return j;
                        }
                        swap(k, up++);
                    }
                }
            }
            this.up = up;
            return -1;
        }

        /** Raises the prices of the columns scanned before the last minimum by how far below dmin they were reached. */
        private void updatePrices(int last) {
            final double[] v = this.v, d = this.d;
            final int[] col = this.col;
            final double dmin = this.dmin;
            for (int k = 0; k < last; k++) v[col[k]] += d[k] - dmin;
        }

        /** Flips the alternating path that ends at free column j and starts at row f. */
        private void flip(int f, int j) {
            while (true) {
                int i = pred[j];
                y[j] = i;
                int t = x[i];
                x[i] = j;
                j = t;
                if (i == f) break;
            }
        }

        /** Exchanges the columns at positions p and q with their distances and prices. */
        private void swap(int p, int q) {
            int tc = col[p]; col[p] = col[q]; col[q] = tc;
            double td = d[p]; d[p] = d[q]; d[q] = td;
            double tv = vp[p]; vp[p] = vp[q]; vp[q] = tv;
        }

        private static IllegalArgumentException infeasible() {
            return new IllegalArgumentException("cost: the forbidden pairs leave no complete assignment of the smaller side");
        }
    }
}
