package org.monge.discrete.unbalanced;

import org.monge.discrete.Checks;
import org.monge.discrete.CostMatrix;
import org.monge.discrete.DiscreteMeasure;
import org.monge.discrete.SparsePlan;
import org.monge.discrete.TransportProblem;
import org.monge.discrete.exact.NetworkSimplex;
import org.monge.discrete.exact.OptimalityCertificate;

import java.util.Arrays;

/**
 * Exact partial optimal transport: move exactly the mass m ≤ min(Σa, Σb) at least cost,
 * min Σ π_ij c_ij over π ≥ 0 with π1 ≤ a, πᵀ1 ≤ b, Σ π_ij = m (Caffarelli &amp; McCann 2010;
 * Figalli 2010). Solved exactly by the network simplex on a balanced problem with one dummy row
 * and one dummy column (Chapel, Alaya &amp; Gasso 2020, "Partial optimal transport with applications
 * on positive-unlabeled learning", Prop. 1): the dummy row has weight Σb − m, the dummy column
 * Σa − m, both cost 0 to every real point, and the dummy–dummy pair costs A.
 *
 * <p>Why A. If t is the mass on the dummy–dummy pair, the real block carries m + t. Whenever t &gt; 0,
 * moving δ off a real entry (i, j) and off the dummy–dummy pair onto (i, dummy) and (dummy, j) keeps
 * every marginal and changes the cost by −(c_ij + A); so every optimum has t = 0, and the real
 * block carries exactly m, as soon as A + c_ij &gt; 0 for all pairs. The choice A = 2 max|c_ij| (1 when
 * every cost is 0) guarantees that with a margin of at least max|c_ij|, on the scale of the
 * costs, so the pricing tolerance of the simplex is not spent on it. Forbidden pairs (c = +∞)
 * stay forbidden; if they leave no way to move m between real points the status is
 * {@link NetworkSimplex.Status#INFEASIBLE}. The augmented costs are held dense, (rows + 1)(cols + 1)
 * doubles, also when the costs come from point clouds.
 *
 * <p>Duals. The result carries the potentials of the augmented problem: f, g on the real points
 * and fDummy, gDummy on the dummies. Then u_i = f_i + gDummy ≤ 0, v_j = g_j + fDummy ≤ 0 and
 * λ = −(fDummy + gDummy) solve the dual of the partial problem, max Σ a_i u_i + Σ b_j v_j + m λ
 * with u_i + v_j + λ ≤ c_ij, u ≤ 0, v ≤ 0: its objective equals the augmented dual objective.
 *
 * <p>Mass. m must lie in (0, min(Σa, Σb)] ({@link Checks#partialMass}); a mass above the smaller
 * total by rounding only ({@link DiscreteMeasure#MASS_TOLERANCE}) is that total. m = 0 is refused
 * rather than answered with the empty plan: its duals would be arbitrary, and a zero mass given
 * by a user is more likely a mistake than a question.
 */
public final class PartialTransport {

    /**
     * The result: the cost Σ π_ij c_ij of the plan on the real points, the mass it moves, that
     * plan (rows × cols, sparse), the potentials f, g of the real points and fDummy, gDummy of the
     * dummies, the pivots, the network simplex's status and the optimality certificate of the
     * augmented plan for the augmented problem.
     */
    public record Result(double cost, double mass, SparsePlan plan, double[] f, double[] g, double fDummy, double gDummy,
                         int iterations, NetworkSimplex.Status status, OptimalityCertificate certificate) {
        /** Whether the network simplex certified the plan optimal. */
        public boolean converged() { return status.converged(); }
    }

    private final NetworkSimplex simplex;

    private PartialTransport(NetworkSimplex simplex) { this.simplex = simplex; }

    /** The network simplex's defaults: no practical iteration limit. */
    public static PartialTransport defaults() { return new PartialTransport(NetworkSimplex.defaults()); }

    /** A pivot limit for the network simplex (see {@link NetworkSimplex#withMaxIterations}). */
    public PartialTransport withMaxIterations(int n) { return new PartialTransport(simplex.withMaxIterations(n)); }

    /** Moves the mass m at least cost between a and b with costs c. */
    public Result solve(DiscreteMeasure a, DiscreteMeasure b, CostMatrix c, double mass) {
        return solve(TransportProblem.of(a, b, c), mass);
    }

    /** Moves the mass m at least cost between the problem's a and b; a and b need not be balanced. */
    public Result solve(TransportProblem problem, double mass) {
        DiscreteMeasure a = problem.a(), b = problem.b();
        double ta = a.totalMass(), tb = b.totalMass();
        double m = Checks.partialMass(mass, ta, tb);
        int rows = problem.rows(), cols = problem.cols();
        if ((long) (rows + 1) * (cols + 1) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cost: " + rows + "x" + cols + " is too large for the dense network simplex");
        }
        double[] full = new double[(rows + 1) * (cols + 1)];
        double[] row = new double[cols];
        double largest = 0;
        for (int i = 0; i < rows; i++) {
            problem.cost().row(i, row);
            for (int j = 0; j < cols; j++) {
                full[i * (cols + 1) + j] = row[j];
                if (row[j] < Double.POSITIVE_INFINITY) largest = Math.max(largest, Math.abs(row[j]));
            }
        }
        full[full.length - 1] = largest > 0 ? 2 * largest : 1;
        double[] wa = Arrays.copyOf(a.weights(), rows + 1), wb = Arrays.copyOf(b.weights(), cols + 1);
        wa[rows] = tb - m;
        wb[cols] = ta - m;
        TransportProblem augmented = TransportProblem.of(DiscreteMeasure.of(wa), DiscreteMeasure.of(wb),
                CostMatrix.dense(rows + 1, cols + 1, full));
        NetworkSimplex.Result r = simplex.solve(augmented);
        return realBlock(problem, augmented, r);
    }

    /** The plan, cost and potentials of the real points, read from the augmented solution. */
    private static Result realBlock(TransportProblem problem, TransportProblem augmented, NetworkSimplex.Result r) {
        int rows = problem.rows(), cols = problem.cols();
        SparsePlan p = r.plan();
        int kept = 0;
        for (int k = 0; k < p.nonzeros(); k++) if (p.sources()[k] < rows && p.targets()[k] < cols) kept++;
        int[] src = new int[kept], dst = new int[kept];
        double[] mass = new double[kept];
        double cost = 0, moved = 0;
        for (int k = 0, q = 0; k < p.nonzeros(); k++) {
            int i = p.sources()[k], j = p.targets()[k];
            if (i >= rows || j >= cols) continue;
            src[q] = i;
            dst[q] = j;
            mass[q] = p.masses()[k];
            cost += mass[q] * problem.cost().get(i, j);
            moved += mass[q];
            q++;
        }
        return new Result(cost, moved, new SparsePlan(rows, cols, src, dst, mass), Arrays.copyOf(r.f(), rows),
                Arrays.copyOf(r.g(), cols), r.f()[rows], r.g()[cols], r.iterations(), r.status(),
                OptimalityCertificate.of(augmented, r));
    }
}
