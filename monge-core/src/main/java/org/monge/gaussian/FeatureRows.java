package org.monge.gaussian;

import java.io.IOException;

/**
 * Where {@link StreamingStatistics} takes its rows from: the next block of an n×d feature matrix,
 * row-major. A functional interface, so the solver reads no files itself and a reader that knows
 * nothing of this package can be passed as a method reference (e.g. {@code npyRowReader::read}).
 * Called from one thread at a time.
 */
@FunctionalInterface
public interface FeatureRows {
    /**
     * Reads up to {@code maxRows} next rows into {@code block} (at least maxRows·d long), returns the
     * number of rows read, 0 at the end.
     */
    int read(double[] block, int maxRows) throws IOException;
}
