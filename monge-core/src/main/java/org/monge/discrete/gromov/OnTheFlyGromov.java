package org.monge.discrete.gromov;

import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.Metric;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.entropic.FastExp;
import org.monge.discrete.entropic.Sinkhorn;
import org.monge.discrete.internal.AndersonAcceleration;
import org.monge.linalg.Matrix;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The mirror descent of {@link EntropicGromovWasserstein} between point clouds with squared Euclidean structures
 * (square loss) in O((n + m) d) memory: neither the n×m gradient nor the plan is ever stored.
 *
 * <p>With B1 = [1, |x|², x], B2 = [1, |y|², y], u = (C1∘C1) a and v = (C2∘C2) b (see {@link LossTensor}), the
 * gradient at a plan T with marginals a, b is ∇E(T)_ij = 2 u_i + 2 v_j − 2 B1_i K B2_jᵀ, where K = 2 S1 (B1ᵀ T B2) S2ᵀ
 * and S maps B to the factor A = B S of LossTensor. Splitting B = [1 | F], its part that couples i and j is the
 * bilinear form F1_i K' F2_jᵀ (K' = K without its first row and column), P_i·Q_j in dimension k = min(d1, d2) + 1,
 * and −2 P·Q = |p − q|² − |p|² − |q|² for p = sP, q = Q/s (s balances the two norms). So the linearised cost is a
 * squared Euclidean cost between two k-dimensional clouds plus terms in i alone and in j alone, which only shift
 * the potentials: each step is one solve of {@link Sinkhorn}'s on-the-fly squared-Euclidean engine for its potentials
 * alone ({@link Sinkhorn#solvePotentials}: the step's own pass over the plan stands for Sinkhorn's final one), warm-started
 * from the previous step's potentials shifted by the new separable terms (the first step from ε-scaling, and for
 * large clouds its multiscale start). This is the linear-time GW of Scetbon, Peyré &amp; Cuturi (ICML 2022, Sec. 3)
 * with the plan kept full rank.
 *
 * <p>The plan T_ij = a_i b_j exp((f_i + g_j − |p_i − q_j|²)/ε) is held as the potentials and the two clouds. One
 * pass over its rows per step, each row computed once, accumulates B1ᵀ T B2 (the next linearisation, (d1 + 2)(d2 + 2)
 * numbers), the Frobenius norm of the change from the previous plan (recomputed row by row from its own
 * potentials and clouds), and the sums that give E(T) = ⟨u ⊕ v, T⟩ − ⟨K, B1ᵀ T B2⟩ and KL(T ‖ a⊗b / mass): a step
 * costs O(nm k) for the Sinkhorn iterations and O(nm (d1 + d2)) for the pass.
 *
 * <p><b>Inexact steps.</b> Solving every linearised problem to the full tolerance spends most iterations on plans
 * that the next step discards. With {@code inexact} each solve stops at a hundredth of √(nm) times the plan's last
 * change (the largest L1 size of that change), capped at 1e-3 of the mass (the first solve, from a⊗b, at that cap)
 * and never below the full tolerance: an inexact mirror descent whose errors shrink with its steps.
 *
 * <p><b>Accelerated steps.</b> Each step is a function of the (d1 + 2)(d2 + 2) moments B1ᵀ T B2 of the previous plan
 * alone, so with {@code accelerated} the next step's input is the {@link AndersonAcceleration} of the moments seen so far
 * instead of the last plan's: the plain iteration contracts by about 0.8 a step near its fixed point, the mixed one
 * far faster (a hundredth rather than a tenth of the change as inner tolerance keeps the residuals it mixes accurate
 * enough). An accelerated step's change is not the plain iteration's, so once one changes the plan by at most the
 * tolerance the next step is plain. The iteration only stops after a plain step solved to the full tolerance that
 * changed the plan by at most the outer tolerance, so the result is a fixed point of the exact iteration to the same
 * tolerances (docs/benchmarks.md: at 3·10³ points a side 37 steps instead of 67, half the CPU time). Without
 * {@code inexact} and {@code accelerated} the iterates are those of the dense path.
 */
final class OnTheFlyGromov {
    private static final ThreadLocal<double[][]> BUFFER = ThreadLocal.withInitial(() -> new double[3][0]);

    /** The inner tolerance of an inexact step relative to the L1 bound √(nm)·change on the plan's last change. */
    private static final double INEXACT = 0.01;
    /** How far the recounted row marginals of a converged last plan may miss, in units of the Sinkhorn tolerance. */
    private static final double LOST_PRECISION = 10;
    /** The history of the Anderson mixing of the moments. */
    private static final int ANDERSON_DEPTH = 5;

    private final EntropicGromovWasserstein.Options options;
    private final boolean inexact, accelerated;
    private final DiscreteMeasure source, target;
    private final int n, m, r1, r2;
    private final double[] a, b, logA, u, v;
    private final double mass, invEps;
    /** B1 = [1, |x|², x] (n×r1) and B2 = [1, |y|², y] (m×r2), row-major. */
    private final double[] b1, b2;
    /** The columns with b_j > 0 (the plan is zero elsewhere), and B2's columns, v, b and log b on them. */
    private final int[] support;
    private final double[][] b2Columns;
    private final double[] vOn, bOn, logBOn;

    OnTheFlyGromov(EntropicGromovWasserstein.Options options, boolean inexact, boolean accelerated, Matrix x, Matrix y,
            DiscreteMeasure a, DiscreteMeasure b) {
        this.options = options;
        this.inexact = inexact;
        this.accelerated = accelerated;
        this.source = a;
        this.target = b;
        this.a = a.weights();
        this.b = b.weights();
        this.n = this.a.length;
        this.m = this.b.length;
        this.mass = b.totalMass();
        this.invEps = 1 / options.epsilon();
        // GW sees the clouds only through their distances: centring them keeps the factors' entries small
        Matrix xc = centred(x, this.a), yc = centred(y, this.b);
        Matrix[] fx = LossTensor.factors(xc), fy = LossTensor.factors(yc);
        this.r1 = fx[1].cols();
        this.r2 = fy[1].cols();
        this.b1 = fx[1].toRowMajor();
        this.b2 = fy[1].toRowMajor();
        this.u = LossTensor.squaredTimes(fx[0], fx[1], this.a);
        this.v = LossTensor.squaredTimes(fy[0], fy[1], this.b);
        this.logA = new double[n];
        for (int i = 0; i < n; i++) logA[i] = Math.log(this.a[i]);
        this.support = IntStream.range(0, m).filter(j -> this.b[j] > 0).toArray();
        int s = support.length;
        this.b2Columns = new double[r2][s];
        this.vOn = new double[s];
        this.bOn = new double[s];
        this.logBOn = new double[s];
        for (int t = 0; t < s; t++) {
            int j = support[t];
            for (int c = 0; c < r2; c++) b2Columns[c][t] = b2[j * r2 + c];
            vOn[t] = v[j];
            bOn[t] = this.b[j];
            logBOn[t] = Math.log(this.b[j]);
        }
    }

    /** The cost ∇E(T)_ij = shiftU_i + shiftV_j + |p_i − q_j|², the clouds p, q stored by dimension (qOn: q on the support). */
    private record Linearisation(double[][] p, double[][] q, double[][] qOn, double[] shiftU, double[] shiftV) {
        CostMatrix cost() { return CostMatrix.fromPoints(byPoint(p), byPoint(q), Metric.SQEUCLIDEAN); }
    }

    /** A plan a_i b_j exp((f_i + g_j − |p_i − q_j|²)/ε) (gOn: g on the support), or with a null linearisation a⊗b / mass. */
    private record Plan(Linearisation lin, double[] f, double[] gOn) {}

    /** What one pass over the rows of a plan gathers: B1ᵀ T B2, the change from the previous plan, and E's and KL's sums. */
    private record Sums(double[] moments, double change, double constantTerm, double logTerm, double total, double rowError) {}

    EntropicGromovWasserstein.CloudResult solve() {
        double full = options.sinkhornTolerance() * mass;
        Sinkhorn sinkhorn = Sinkhorn.withEpsilon(options.epsilon()).withTolerance(full)
                .withMaxIterations(options.sinkhornMaxIterations()).withStorage(Sinkhorn.Storage.ON_THE_FLY);
        Plan plan = new Plan(null, null, null);
        double[] moments = independentMoments(); // the input of the next step: the plain image, or Anderson's mix
        double[] f = null, g = null; // the potentials of the true linearised cost
        Mixing mixing = accelerated ? new Mixing(moments.length) : null;
        Sums sums = null;
        Sinkhorn.Potentials inner;
        boolean loose, plain = true, settled;
        int it = 0, sinkhornIterations = 0;
        do {
            it++;
            double tol = innerTolerance(sums == null ? Double.POSITIVE_INFINITY : sums.change(), full);
            loose = tol > full;
            Linearisation lin = linearise(moments);
            double[] f0 = f == null ? null : minus(f, lin.shiftU()), g0 = g == null ? null : minus(g, lin.shiftV());
            TransportProblem step = TransportProblem.of(source, target, lin.cost());
            inner = (loose ? sinkhorn.withTolerance(tol) : sinkhorn).solvePotentials(step, f0, g0);
            sinkhornIterations += inner.iterations();
            f = plus(inner.f(), lin.shiftU());
            g = plus(inner.g(), lin.shiftV());
            Plan next = new Plan(lin, inner.f(), onSupport(inner.g()));
            sums = pass(next, plan);
            plan = next;
            settled = plain && sums.change() <= options.tolerance() && !loose;
            if (settled) break;
            // an accelerated step's change is not the plain iteration's: once it is within the tolerance, test with a plain step
            plain = mixing == null || sums.change() <= options.tolerance();
            moments = plain ? sums.moments() : mixing.next(moments, sums.moments());
        } while (it < options.maxIterations());
        // the pass recounts the rows of the last plan, the check Sinkhorn's own final pass would make (ε far below rounding)
        boolean unresolved = sums.rowError() > LOST_PRECISION * full + 1e-12 * mass;
        EntropicGromovWasserstein.Status status = !inner.converged() || unresolved
                ? EntropicGromovWasserstein.Status.SINKHORN_NOT_CONVERGED
                : settled ? EntropicGromovWasserstein.Status.CONVERGED
                : EntropicGromovWasserstein.Status.MAX_ITERATIONS;
        double cost = sums.constantTerm() - dot(core(sums.moments()), sums.moments());
        // KL(T ‖ a⊗b / mass) = Σ T log(T / a⊗b) + log(mass) ΣT − ΣT + mass
        double kl = sums.logTerm() + (Math.log(mass) - 1) * sums.total() + mass;
        return new EntropicGromovWasserstein.CloudResult(cost, cost + options.epsilon() * kl, inner.plan(), it, sinkhornIterations,
                status, sums.change(), inner.marginalError());
    }

    /**
     * Anderson acceleration of the moments, in the plain 2-norm: a residual G(x) − x larger than the previous one
     * restarts the history, so that step's input is the plain image G(x).
     */
    private static final class Mixing {
        private final AndersonAcceleration anderson;
        private double lastNorm = Double.POSITIVE_INFINITY;

        Mixing(int length) {
            double[] unit = new double[length];
            Arrays.fill(unit, 1.0);
            anderson = new AndersonAcceleration(ANDERSON_DEPTH, unit);
        }

        double[] next(double[] x, double[] gx) {
            double norm = 0;
            for (int c = 0; c < x.length; c++) norm += (gx[c] - x[c]) * (gx[c] - x[c]);
            norm = Math.sqrt(norm);
            if (!(norm <= lastNorm)) anderson.restart();
            lastNorm = norm;
            double[] out = new double[x.length];
            anderson.extrapolate(x, gx, out);
            return out;
        }
    }

    /**
     * The L1 marginal tolerance of the next Sinkhorn solve after a step that changed the plan by {@code change}
     * (Frobenius): with {@code inexact}, a hundredth of the L1 size that change can have, √(nm) times it, capped at 1e-3
     * of the mass (the cap for the first step), but never below the full tolerance, which it is once the change is
     * within the outer tolerance; otherwise always the full tolerance.
     */
    private double innerTolerance(double change, double full) {
        if (!inexact || change <= options.tolerance()) return full;
        if (!Double.isFinite(change)) return Math.max(full, 1e-3 * mass);
        return Math.max(full, Math.min(1e-3 * mass, INEXACT * Math.sqrt((double) n * m) * change));
    }

    /** B1ᵀ (a bᵀ / mass) B2 = (B1ᵀ a)(B2ᵀ b)ᵀ / mass. */
    private double[] independentMoments() {
        double[] sa = new double[r1], sb = new double[r2], out = new double[r1 * r2];
        for (int i = 0; i < n; i++) for (int c = 0; c < r1; c++) sa[c] += a[i] * b1[i * r1 + c];
        for (int j = 0; j < m; j++) for (int c = 0; c < r2; c++) sb[c] += b[j] * b2[j * r2 + c];
        for (int p = 0; p < r1; p++) for (int q = 0; q < r2; q++) out[p * r2 + q] = sa[p] * sb[q] / mass;
        return out;
    }

    /**
     * K = 2 S1 M S2ᵀ for M = B1ᵀ T B2: A = B S swaps B's first two columns and scales the coordinates by −2, so S M
     * swaps M's first two rows and scales its coordinate rows by −2 (and likewise for the columns).
     */
    private double[] core(double[] moments) {
        double[] k = new double[r1 * r2];
        for (int p = 0; p < r1; p++) {
            int sp = p < 2 ? 1 - p : p;
            double wp = p < 2 ? 1 : -2;
            for (int q = 0; q < r2; q++) {
                int sq = q < 2 ? 1 - q : q;
                double wq = q < 2 ? 1 : -2;
                k[p * r2 + q] = 2 * wp * wq * moments[sp * r2 + sq];
            }
        }
        return k;
    }

    /** The gradient at the plan whose moments B1ᵀ T B2 are given, as a squared Euclidean cost plus separable terms. */
    private Linearisation linearise(double[] moments) {
        double[] k = core(moments);
        int f1 = r1 - 1, f2 = r2 - 1, dim = Math.min(f1, f2);
        double[][] p = new double[dim][n], q = new double[dim][m];
        // P_i·Q_j = F1_i K' F2_jᵀ: the factor K' goes to the side of the larger dimension
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                double s = 0;
                if (f1 <= f2) s = b1[i * r1 + 1 + c];
                else for (int e = 0; e < f1; e++) s += b1[i * r1 + 1 + e] * k[(1 + e) * r2 + 1 + c];
                p[c][i] = s;
            }
        }
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < dim; c++) {
                double s = 0;
                if (f1 > f2) s = b2[j * r2 + 1 + c];
                else for (int e = 0; e < f2; e++) s += k[(1 + c) * r2 + 1 + e] * b2[j * r2 + 1 + e];
                q[c][j] = s;
            }
        }
        double np = maxNorm(p), nq = maxNorm(q);
        double scale = np > 0 && nq > 0 ? Math.sqrt(nq / np) : 1;
        for (double[] row : p) for (int i = 0; i < n; i++) row[i] *= scale;
        for (double[] row : q) for (int j = 0; j < m; j++) row[j] /= scale;
        double[] shiftU = new double[n], shiftV = new double[m];
        for (int i = 0; i < n; i++) {
            double s = k[0];
            for (int e = 0; e < f1; e++) s += b1[i * r1 + 1 + e] * k[(1 + e) * r2];
            shiftU[i] = 2 * u[i] - 2 * s - squaredNorm(p, i);
        }
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int e = 0; e < f2; e++) s += k[1 + e] * b2[j * r2 + 1 + e];
            shiftV[j] = 2 * v[j] - 2 * s - squaredNorm(q, j);
        }
        double[][] qOn = new double[dim][];
        for (int c = 0; c < dim; c++) qOn[c] = onSupport(q[c]);
        return new Linearisation(p, q, qOn, shiftU, shiftV);
    }

    /** One pass over the rows of {@code plan}, comparing each with the same row of {@code previous}. */
    private Sums pass(Plan plan, Plan previous) {
        int s = support.length;
        double[] rowMoments = new double[n * r2];
        double[] change = new double[n], constant = new double[n], log = new double[n], total = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            if (a[i] == 0) return;
            double[][] buf = buffers(s);
            double[] t = buf[0], z = buf[1], o = buf[2];
            double scale = Math.exp(row(plan, i, t, z));
            double old = Math.exp(row(previous, i, o, null));
            double sum = 0, sv = 0, sz = 0, ch = 0;
            for (int j = 0; j < s; j++) sum += t[j];
            for (int j = 0; j < s; j++) sv += t[j] * vOn[j];
            for (int j = 0; j < s; j++) sz += t[j] * z[j];
            for (int j = 0; j < s; j++) {
                double d = scale * t[j] - old * o[j];
                ch += d * d;
            }
            for (int c = 0; c < r2; c++) {
                double[] col = b2Columns[c];
                double sc = 0;
                for (int j = 0; j < s; j++) sc += t[j] * col[j];
                rowMoments[i * r2 + c] = scale * sc;
            }
            double rowSum = scale * sum;
            total[i] = rowSum;
            change[i] = ch;
            constant[i] = u[i] * rowSum + scale * sv;
            log[i] = scale * sz + plan.f()[i] * invEps * rowSum;
        });
        double[] moments = new double[r1 * r2];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < r1; p++) {
                double bp = b1[i * r1 + p];
                for (int c = 0; c < r2; c++) moments[p * r2 + c] += bp * rowMoments[i * r2 + c];
            }
        }
        double rowError = 0;
        for (int i = 0; i < n; i++) rowError += Math.abs(total[i] - a[i]);
        return new Sums(moments, Math.sqrt(sum(change)), sum(constant), sum(log), sum(total), rowError);
    }

    /**
     * Row i of a plan on the support columns as t_j times e^(returned value), t_j in (0, 1] (shifted by the row's
     * largest exponent, so that no term overflows or underflows as a whole); z_j = (g_j − |p_i − q_j|²)/ε when z is
     * given. For the start a⊗b / mass: t = b, returned log(a_i / mass).
     */
    private double row(Plan plan, int i, double[] t, double[] z) {
        int s = support.length;
        if (plan.lin() == null) {
            System.arraycopy(bOn, 0, t, 0, s);
            if (z != null) Arrays.fill(z, 0, s, 0.0);
            return Math.log(a[i] / mass);
        }
        double[][] p = plan.lin().p(), q = plan.lin().qOn();
        double[] g = plan.gOn();
        double[] zz = z == null ? t : z;
        Arrays.fill(zz, 0, s, 0.0);
        for (int c = 0; c < p.length; c++) {
            double pc = p[c][i];
            double[] qc = q[c];
            for (int j = 0; j < s; j++) {
                double d = pc - qc[j];
                zz[j] += d * d;
            }
        }
        for (int j = 0; j < s; j++) zz[j] = (g[j] - zz[j]) * invEps;
        for (int j = 0; j < s; j++) t[j] = zz[j] + logBOn[j];
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) mx = Math.max(mx, t[j]);
        for (int j = 0; j < s; j++) t[j] = FastExp.exp(t[j] - mx);
        return plan.f()[i] * invEps + logA[i] + mx;
    }

    /** x on the support columns (x itself when every b_j is positive). */
    private double[] onSupport(double[] x) {
        if (support.length == m) return x;
        double[] out = new double[support.length];
        for (int t = 0; t < out.length; t++) out[t] = x[support[t]];
        return out;
    }

    private static double[][] buffers(int s) {
        double[][] h = BUFFER.get();
        for (int k = 0; k < h.length; k++) if (h[k].length < s) h[k] = new double[s];
        return h;
    }

    /** The rows of p centred at their w-weighted mean. */
    private static Matrix centred(Matrix p, double[] w) {
        int n = p.rows(), d = p.cols();
        double[] mean = new double[d], out = p.toRowMajor();
        double total = sum(w);
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) mean[c] += w[i] * out[i * d + c] / total;
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) out[i * d + c] -= mean[c];
        return Matrix.fromRowMajor(n, d, out);
    }

    private static Matrix byPoint(double[][] byDimension) {
        int d = byDimension.length, n = byDimension[0].length;
        double[] out = new double[n * d];
        for (int c = 0; c < d; c++) for (int i = 0; i < n; i++) out[i * d + c] = byDimension[c][i];
        return Matrix.fromRowMajor(n, d, out);
    }

    private static double squaredNorm(double[][] byDimension, int i) {
        double s = 0;
        for (double[] row : byDimension) s += row[i] * row[i];
        return s;
    }

    private static double maxNorm(double[][] byDimension) {
        double mx = 0;
        for (int i = 0; i < byDimension[0].length; i++) mx = Math.max(mx, squaredNorm(byDimension, i));
        return Math.sqrt(mx);
    }

    private static double[] plus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] + y[i];
        return out;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] - y[i];
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double e : x) s += e;
        return s;
    }
}
