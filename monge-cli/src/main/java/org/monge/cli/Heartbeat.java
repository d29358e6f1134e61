package org.monge.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A line on stderr every few seconds while a solver that reports no progress of its own runs
 * ("emd: still solving, 12 s"), from a daemon thread, so long work is never silent and the solver's
 * numbers are untouched. Close it when the work ends.
 */
final class Heartbeat implements AutoCloseable {
    /** Milliseconds between lines. */
    static final long INTERVAL_MILLIS = 5_000;

    private final ScheduledExecutorService timer;

    private Heartbeat(ScheduledExecutorService timer) { this.timer = timer; }

    /** Starts the lines "{@code task}: still solving, N s", the first after one interval. */
    static Heartbeat start(String task, PrintWriter err) {
        return start(task, err, INTERVAL_MILLIS);
    }

    static Heartbeat start(String task, PrintWriter err, long intervalMillis) {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "monge-heartbeat");
            th.setDaemon(true);
            return th;
        });
        long start = System.nanoTime();
        t.scheduleAtFixedRate(() -> {
            synchronized (err) {
                err.printf(Locale.ROOT, "%s: still solving, %d s%n", task, Math.round((System.nanoTime() - start) * 1e-9));
                err.flush();
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return new Heartbeat(t);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
