package org.monge.cli;

import org.monge.discrete.exact.StableMatching;
import org.monge.io.ArrayFiles;
import org.monge.io.Csv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code monge match}: stable matching by deferred acceptance. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = "Proposer-optimal stable matching (Gale–Shapley), one-to-one or many-to-one with --capacities. "
                + "Preference files: CSV, row i lists agent i's acceptable partners, most preferred first, 0-based. "
                + "Keys: matching (each proposer's reviewer, or -1), stable.")
public final class MatchCommand extends ReportingCommand {
    @Option(names = "--proposers", paramLabel = "FILE", required = true,
            description = "Proposers' preference lists (CSV, rows may differ in length; a blank line is an agent with no acceptable "
                    + "partner).") Path proposers;
    @Option(names = "--reviewers", paramLabel = "FILE", required = true, description = "Reviewers' preference lists (CSV).") Path reviewers;
    @Option(names = "--capacities", paramLabel = "FILE", description = "Each reviewer's number of places (default: 1).") Path capacities;

    @Override
    protected Report compute() throws Exception {
        StableMatching.Preferences p = preferences(proposers, "--proposers"), r = preferences(reviewers, "--reviewers");
        int[] cap = capacities == null ? null : integers(Inputs.vector(capacities, "--capacities"), "--capacities", "entry");
        Map<String, String> options = Map.of("proposers", "--proposers", "reviewers", "--reviewers", "capacities", "--capacities");
        StableMatching.Result res = Options.tag(options, "--capacities", () -> StableMatching.solve(p, r, cap));
        boolean stable = StableMatching.isStable(p, r, cap, res.proposerToReviewer());
        return new Report().put("matching", res.proposerToReviewer()).put("stable", stable);
    }

    private static StableMatching.Preferences preferences(Path file, String option) throws Exception {
        Csv.Rows read = Options.tag(option, () -> Csv.readRagged(file));
        if (read.header() != null) Inputs.note(ArrayFiles.headerNote(file));
        List<double[]> rows = read.rows();
        int[][] lists = new int[rows.size()][];
        for (int i = 0; i < lists.length; i++) lists[i] = integers(rows.get(i), option, "row " + i + " entry");
        return new StableMatching.Preferences(lists);
    }

    private static int[] integers(double[] v, String option, String what) {
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            if (v[k] != Math.rint(v[k]) || Math.abs(v[k]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(option + ": " + what + " " + k + " is not an integer: " + v[k]);
            }
            out[k] = (int) v[k];
        }
        return out;
    }
}
