package org.monge.gaussian;

import org.monge.io.NpyRowReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Mean and covariance of a 2-D {@code .npy} feature file read in blocks: memory O(d² + block·d)
 * whatever the number of rows. Several workers each read a block (reads are serialised, the
 * decoding and dsyrk run in parallel) into their own {@link MomentAccumulator}; the accumulators
 * are merged exactly at the end. Progress (rows done) goes to an optional listener.
 */
public final class StreamingStatistics {
    private final int blockRows;
    private final int workers;

    private StreamingStatistics(int blockRows, int workers) {
        this.blockRows = blockRows;
        this.workers = workers;
    }

    /** Blocks of 2048 rows, one worker per core. */
    public static StreamingStatistics defaults() {
        return new StreamingStatistics(2048, Runtime.getRuntime().availableProcessors());
    }

    public StreamingStatistics withBlockRows(int rows) {
        if (rows < 1) throw new IllegalArgumentException("blockRows must be at least 1, got " + rows);
        return new StreamingStatistics(rows, workers);
    }

    public StreamingStatistics withWorkers(int n) {
        if (n < 1) throw new IllegalArgumentException("workers must be at least 1, got " + n);
        return new StreamingStatistics(blockRows, n);
    }

    public FeatureStatistics compute(Path features, LongConsumer progress) throws IOException {
        try (NpyRowReader reader = new NpyRowReader(features)) {
            int d = reader.cols();
            if (d < 1) throw new IllegalArgumentException(features + " has no feature columns");
            int rowsPerBlock = (int) Math.max(1, Math.min(blockRows, (1L << 26) / d));
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "monge-stats");
                t.setDaemon(true);
                return t;
            });
            try {
                java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
                List<Future<MomentAccumulator>> parts = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    parts.add(pool.submit(() -> {
                        MomentAccumulator acc = new MomentAccumulator(d);
                        double[] block = new double[rowsPerBlock * d];
                        int got;
                        while ((got = reader.read(block, rowsPerBlock)) > 0) {
                            acc.addBlock(block, got);
                            long total = done.addAndGet(got);
                            if (progress != null) progress.accept(total);
                        }
                        return acc;
                    }));
                }
                MomentAccumulator all = new MomentAccumulator(d);
                for (Future<MomentAccumulator> f : parts) all.merge(f.get());
                return all.statistics();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) throw io;
                if (c instanceof RuntimeException re) throw re;
                throw new IllegalStateException(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
