package org.monge.bench;

import org.monge.discrete.exact.LinearAssignment;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a whole-process {@code monge assign} spends its time beyond the JVM and the command line: reads the cost
 * file ({@link ArrayFiles}) and solves ({@link LinearAssignment}) REPS times in one fresh JVM, printing the wall
 * and main-thread CPU seconds of each step; the first line is the cold start, the later ones show what warm-up
 * gains. The main thread's CPU clock leaves out the JIT's background threads and time spent waiting for a core,
 * which on a loaded machine make wall times several times longer (docs/benchmarks.md, "Whole processes side by side").
 * Usage: {@code java -cp benchmarks.jar org.monge.bench.AssignColdStart COST_FILE REPS}
 */
public final class AssignColdStart {
    private AssignColdStart() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) throw new IllegalArgumentException("usage: AssignColdStart COST_FILE REPS");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int reps = Integer.parseInt(args[1]);
        for (int rep = 0; rep < reps; rep++) {
            long c0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            NdArray c = ArrayFiles.read(Path.of(args[0]));
            long c1 = threads.getCurrentThreadCpuTime(), t1 = System.nanoTime();
            LinearAssignment.Result r = LinearAssignment.defaults().solve(c.shape()[0], c.shape()[1], c.data());
            long c2 = threads.getCurrentThreadCpuTime(), t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "run %d: read %.3f s (main-thread CPU %.3f s), solve %.3f s (CPU %.3f s), cost %s%n",
                    rep + 1, (t1 - t0) * 1e-9, (c1 - c0) * 1e-9, (t2 - t1) * 1e-9, (c2 - c1) * 1e-9, r.cost());
        }
    }
}
