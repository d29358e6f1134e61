package org.monge.spark;

import java.util.function.Supplier;

/**
 * Runs a Spark action and turns a user mistake found in an executor (an
 * {@link IllegalArgumentException} wrapped by Spark in a {@code SparkException}) back into the
 * IllegalArgumentException itself, so callers see the same errors as from monge-core.
 */
final class Jobs {
    private static final String IAE = IllegalArgumentException.class.getName() + ":";
    private Jobs() {}

    static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) { // SparkException is checked in Java's eyes but thrown undeclared by Scala
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c instanceof IllegalArgumentException iae) throw new IllegalArgumentException(iae.getMessage(), e);
            }
            // a failed task reaches the driver as text only ("... executor driver): java.lang.IllegalArgumentException: msg\n...")
            String m = e.getMessage();
            int at = m == null ? -1 : m.indexOf(IAE);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                throw new IllegalArgumentException(m.substring(at + IAE.length(), end < 0 ? m.length() : end).trim(), e);
            }
            throw Jobs.<RuntimeException>rethrow(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }
}
