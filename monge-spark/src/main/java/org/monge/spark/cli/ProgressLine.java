package org.monge.spark.cli;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CLI's one-line progress indicator on stderr: "monge spark: <what>: stage S, T/N tasks",
 * rewritten in place at most five times a second and erased at the end. Only on a terminal.
 */
final class ProgressLine extends SparkListener implements AutoCloseable {
    private final PrintWriter err;
    private final String what;
    private final boolean enabled;
    private final AtomicInteger stages = new AtomicInteger();
    private final AtomicInteger tasks = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile long last;
    private volatile boolean shown;

    ProgressLine(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
        this.enabled = System.console() != null;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted s) {
        stages.incrementAndGet();
        tasks.addAndGet(s.stageInfo().numTasks());
        show(false);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd t) {
        done.incrementAndGet();
        show(false);
    }

    private synchronized void show(boolean force) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (!force && now - last < 200_000_000L) return;
        last = now;
        shown = true;
        err.print("\rmonge spark: " + what + ": stage " + stages.get() + ", " + done.get() + "/" + tasks.get() + " tasks\u001b[K");
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (enabled && shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
