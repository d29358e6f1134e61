package org.monge.spark;

import java.util.function.Supplier;

/**
 * Runs a Spark action and turns a user mistake found in an executor (an
 * {@link IllegalArgumentException} wrapped by Spark in a {@code SparkException}) back into the
 * IllegalArgumentException itself, so callers see the same errors as from monge-core.
 */
final class Jobs {
    private Jobs() {}

    static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c instanceof IllegalArgumentException iae) throw new IllegalArgumentException(iae.getMessage(), e);
            }
            throw e;
        }
    }
}
