package org.monge.gaussian;

import org.monge.linalg.Gram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Mean and covariance of an n×d feature matrix read in blocks from {@link FeatureRows} (for a 2-D
 * {@code .npy} file, {@code org.monge.io.NpyRowReader::read}): memory O(d² + block·d) whatever the
 * number of rows. One thread reads and decodes the next blocks while the workers
 * centre theirs and add them with dsyrk, each into its own {@link MomentAccumulator}; the
 * accumulators are merged exactly at the end. With a native (multi-threaded) BLAS one worker is
 * the default, since dsyrk already uses every core; with the Java fallback, one worker per core.
 * Progress (rows done) goes to an optional listener.
 */
public final class StreamingStatistics {
    /** Largest block, in values (64 MiB of doubles). */
    private static final long MAX_BLOCK_VALUES = 1L << 23;
    private static final double[] END = new double[0];

    private final int blockRows;
    private final int workers;

    private StreamingStatistics(int blockRows, int workers) {
        this.blockRows = blockRows;
        this.workers = workers;
    }

    /** Blocks of 4096 rows; workers as in the class comment. */
    public static StreamingStatistics defaults() {
        return new StreamingStatistics(4096, Gram.isMultiThreaded() ? 1 : Runtime.getRuntime().availableProcessors());
    }

    public StreamingStatistics withBlockRows(int rows) {
        if (rows < 1) throw new IllegalArgumentException("blockRows must be at least 1, got " + rows);
        return new StreamingStatistics(rows, workers);
    }

    public StreamingStatistics withWorkers(int n) {
        if (n < 1) throw new IllegalArgumentException("workers must be at least 1, got " + n);
        return new StreamingStatistics(blockRows, n);
    }

    private record Block(double[] data, int rows) {}

    /** The statistics of the {@code d}-dimensional rows that {@code rows} gives until its end; progress (rows done) may be null. */
    public FeatureStatistics compute(int d, FeatureRows rows, LongConsumer progress) throws IOException {
        if (d < 1) throw new IllegalArgumentException("features must have at least one column, got " + d);
        int rowsPerBlock = (int) Math.max(1, Math.min(blockRows, MAX_BLOCK_VALUES / d));
        BlockingQueue<double[]> free = new ArrayBlockingQueue<>(workers + 2);
        BlockingQueue<Block> full = new ArrayBlockingQueue<>(workers + 2);
        for (int i = 0; i < workers + 2; i++) free.add(new double[rowsPerBlock * d]);
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1, r -> {
            Thread t = new Thread(r, "monge-stats");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> producer = pool.submit(() -> {
                try {
                    int got;
                    do {
                        double[] buf = free.take();
                        got = rows.read(buf, rowsPerBlock);
                        if (got > 0) full.put(new Block(buf, got));
                    } while (got > 0);
                } finally {
                    for (int w = 0; w < workers; w++) full.put(new Block(END, 0));
                }
                return null;
            });
            AtomicLong done = new AtomicLong();
            List<Future<MomentAccumulator>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                parts.add(pool.submit(() -> {
                    MomentAccumulator acc = new MomentAccumulator(d);
                    for (Block b = full.take(); b.data() != END; b = full.take()) {
                        acc.addBlock(b.data(), b.rows());
                        free.put(b.data());
                        long total = done.addAndGet(b.rows());
                        if (progress != null) progress.accept(total);
                    }
                    return acc;
                }));
            }
            MomentAccumulator all = new MomentAccumulator(d);
            for (Future<MomentAccumulator> f : parts) all.merge(f.get());
            producer.get();
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
