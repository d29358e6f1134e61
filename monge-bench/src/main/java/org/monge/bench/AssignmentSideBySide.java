package org.monge.bench;

import org.monge.discrete.LinearAssignment;
import org.monge.io.NdArray;
import org.monge.io.Npy;

import java.nio.file.Path;

/**
 * Side-by-side timing main for linear assignment: reads cost.npy (m×n) from the folder given and
 * times LinearAssignment (minimisation). Usage: AssignmentSideBySide DIR NAME [repeats]
 */
public final class AssignmentSideBySide {
    private AssignmentSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[1];
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        NdArray c = Npy.read(dir.resolve("cost.npy"));
        int m = c.shape()[0], n = c.shape()[1];
        double[] data = c.data();
        double[] last = new double[1];
        double s = Timer.medianSeconds(1, repeats, () -> last[0] = LinearAssignment.defaults().solve(m, n, data).cost());
        Timer.report(name, s, last[0]);
    }
}
