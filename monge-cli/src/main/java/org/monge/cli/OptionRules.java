package org.monge.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * The ranges of the numeric options, stated once for every command that has them. A value outside
 * its range is a user error that names the option as the user typed it: the library checks the same
 * values again, but its messages name its own parameters ({@code epsilon}, {@code maxIterations}),
 * which a command-line user never sees.
 */
final class OptionRules {
    private record Rule(DoublePredicate ok, String requirement) {}

    private static final Rule POSITIVE = new Rule(v -> v > 0 && Double.isFinite(v), "positive and finite");
    private static final Rule NON_NEGATIVE = new Rule(v -> v >= 0 && Double.isFinite(v), "finite and non-negative");
    private static final Rule POSITIVE_OR_INFINITE = new Rule(v -> v > 0, "positive (or Infinity)");
    private static final Rule UNIT_INTERVAL = new Rule(v -> v >= 0 && v <= 1, "in [0, 1]");
    private static final Rule AT_LEAST_ONE = new Rule(v -> v >= 1 && Double.isFinite(v), "at least 1");

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("--epsilon", POSITIVE),
            Map.entry("--tol", NON_NEGATIVE),
            Map.entry("--sigma", POSITIVE),
            Map.entry("--dt", POSITIVE),
            Map.entry("--time", POSITIVE),
            Map.entry("--range", POSITIVE),
            Map.entry("--reg", NON_NEGATIVE),
            Map.entry("--eta", NON_NEGATIVE),
            Map.entry("--outer-iter", AT_LEAST_ONE),
            Map.entry("--tau", POSITIVE_OR_INFINITE),
            Map.entry("--tau-a", POSITIVE_OR_INFINITE),
            Map.entry("--tau-b", POSITIVE_OR_INFINITE),
            Map.entry("--tv", POSITIVE_OR_INFINITE),
            Map.entry("--tv-a", POSITIVE_OR_INFINITE),
            Map.entry("--tv-b", POSITIVE_OR_INFINITE),
            Map.entry("--reach", POSITIVE_OR_INFINITE),
            Map.entry("--p", AT_LEAST_ONE),
            Map.entry("--k", AT_LEAST_ONE),
            Map.entry("--max-iter", AT_LEAST_ONE),
            Map.entry("--projections", AT_LEAST_ONE),
            Map.entry("--restarts", AT_LEAST_ONE),
            Map.entry("--components", AT_LEAST_ONE),
            Map.entry("--cells", AT_LEAST_ONE),
            Map.entry("--snapshots", AT_LEAST_ONE),
            Map.entry("--mass0", POSITIVE),
            Map.entry("--mass1", POSITIVE),
            Map.entry("--alpha", UNIT_INTERVAL),
            Map.entry("--steps", AT_LEAST_ONE),
            Map.entry("--step-size", POSITIVE),
            Map.entry("--stop-at", NON_NEGATIVE));

    private OptionRules() {}

    /** Throws a {@link ParameterException} naming the first option of the command line whose value is out of range. */
    static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.matchedOptions()) {
                Rule rule = RULES.get(o.longestName());
                if (rule != null && o.getValue() instanceof Number n && !rule.ok().test(n.doubleValue())) {
                    List<String> typed = o.originalStringValues();
                    String value = typed.isEmpty() ? String.valueOf(n) : typed.get(typed.size() - 1);
                    throw new ParameterException(p.commandSpec().commandLine(),
                            o.longestName() + ": must be " + rule.requirement() + ", got " + value);
                }
            }
        }
    }
}
