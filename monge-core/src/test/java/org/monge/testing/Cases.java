package org.monge.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded property checks inside plain JUnit 5 tests. A property runs on {@code tries} cases; case i draws its inputs
 * from a {@link Random} whose seed is mixed from a fixed base seed and i, so every run sees the same cases. Inputs are
 * drawn through {@link Case}, which records each value under a name: when a case fails (an assertion or any exception),
 * the error names the base seed, the case number, the case seed and every input drawn so far.
 *
 * <p>Ranges are inclusive and return an end point (or zero, when inside) about one draw in eight, so that boundary
 * values are tried as well as interior ones.
 *
 * <p>System properties: {@code -Dcases.seed=S} replaces every base seed (to explore other cases);
 * {@code -Dcases.replay=C} runs only the case with case seed C, as printed in a failure.
 */
public final class Cases {
    private Cases() {}

    /** A property of the inputs it draws from its case. */
    @FunctionalInterface
    public interface Property {
        void check(Case c) throws Exception;
    }

    /** Runs {@code property} on {@code tries} cases seeded from {@code seed}; the first failing case fails the test. */
    public static void forAll(long seed, int tries, Property property) {
        if (tries < 1) throw new IllegalArgumentException("tries must be at least 1, got " + tries);
        String replay = System.getProperty("cases.replay");
        if (replay != null) {
            run(property, Long.parseLong(replay.trim()), seed, 0, 1);
            return;
        }
        String override = System.getProperty("cases.seed");
        long base = override == null ? seed : Long.parseLong(override.trim());
        for (int i = 0; i < tries; i++) run(property, caseSeed(base, i), base, i, tries);
    }

    private static void run(Property property, long caseSeed, long base, int index, int tries) {
        Case c = new Case(new Random(caseSeed));
        try {
            property.check(c);
        } catch (Exception | AssertionError e) {
            String message = "property failed on case " + (index + 1) + " of " + tries + " (base seed " + base + ", case seed " + caseSeed
                    + ": rerun it alone with -Dcases.replay=" + caseSeed + ")\n  inputs: " + c.inputs() + "\n  " + e;
            throw new AssertionError(message, e);
        }
    }

    /** SplitMix64 of base + (i + 1)·golden gamma: well-spread, distinct seeds for consecutive cases. */
    static long caseSeed(long base, int i) {
        long z = base + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The inputs of one case: every draw is recorded under its name for the failure message. */
    public static final class Case {
        private final Random rnd;
        private final List<String> drawn = new ArrayList<>();

        Case(Random rnd) {
            this.rnd = rnd;
        }

        /** Any long, e.g. the seed of the test's own generator. */
        public long anyLong(String name) {
            return record(name, rnd.nextLong());
        }

        public boolean anyBoolean(String name) {
            return record(name, rnd.nextBoolean());
        }

        /** An int in [min, max]. */
        public int intIn(String name, int min, int max) {
            if (min > max) throw new IllegalArgumentException(name + ": empty range [" + min + ", " + max + "]");
            int k = rnd.nextInt(16);
            int v = k == 0 ? min : k == 1 ? max : (int) (min + Math.floorMod(rnd.nextLong(), (long) max - min + 1));
            return record(name, v);
        }

        /** A double in [min, max]. */
        public double doubleIn(String name, double min, double max) {
            if (!(min <= max)) throw new IllegalArgumentException(name + ": empty range [" + min + ", " + max + "]");
            int k = rnd.nextInt(24);
            double v = k == 0 ? min : k == 1 ? max : k == 2 && min <= 0 && 0 <= max ? 0.0
                    : Math.min(max, min + (max - min) * rnd.nextDouble());
            return record(name, v);
        }

        String inputs() {
            return drawn.isEmpty() ? "(none)" : String.join(", ", drawn);
        }

        private <T> T record(String name, T value) {
            drawn.add(name + "=" + value);
            return value;
        }
    }
}
