package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Stable matching by deferred acceptance (Gale &amp; Shapley 1962, "College admissions and the
 * stability of marriage"): proposers propose down their lists; each reviewer holds its best
 * acceptable proposals up to its capacity and rejects the rest. The result is the
 * proposer-optimal stable matching (every proposer gets its best partner over all stable
 * matchings; Roth &amp; Sotomayor 1990, Theorem 5.16 for capacities). Lists may be incomplete: a
 * pair is acceptable only when each appears on the other's list. O(total list length) proposals;
 * reviewer rank tables take O(m·n) ints. A checker lists the blocking pairs of any matching.
 * Written here: small and exact, no library needed.
 */
public final class StableMatching {
    private StableMatching() {}

    /** Preferences: agent i's acceptable partners, most preferred first, 0-based. */
    public record Preferences(int[][] lists) {
        public int size() { return lists.length; }

        public static Preferences of(List<int[]> lists) {
            return new Preferences(lists.toArray(new int[0][]));
        }
    }

    /**
     * The matching: each proposer's reviewer (or −1), each reviewer's proposers in the order they
     * are ranked by that reviewer, and the number of proposals made.
     */
    public record Result(int[] proposerToReviewer, int[][] reviewerToProposers, long proposals) {}

    /** One-to-one deferred acceptance. */
    public static Result solve(Preferences proposers, Preferences reviewers) {
        return solve(proposers, reviewers, null);
    }

    /**
     * Many-to-one deferred acceptance: reviewer r accepts up to capacities[r] proposers (null: 1
     * each). Proposers' lists index reviewers, reviewers' lists index proposers.
     */
    public static Result solve(Preferences proposers, Preferences reviewers, int[] capacities) {
        int m = proposers.size(), n = reviewers.size();
        int[] cap = checkedCapacities(capacities, n);
        validate(proposers, n, "proposers");
        validate(reviewers, m, "reviewers");
        int[][] rank = reviewerRanks(reviewers, m);
        // each reviewer's held proposers: a max-heap on the reviewer's rank (worst on top)
        int[][] held = new int[n][];
        int[] heldCount = new int[n];
        for (int r = 0; r < n; r++) held[r] = new int[cap[r]];
        int[] next = new int[m];
        int[] match = new int[m];
        Arrays.fill(match, -1);
        // a circular queue of the free proposers (each appears at most once, so m places suffice)
        int[] queue = new int[m];
        for (int p = 0; p < m; p++) queue[p] = p;
        int head = 0, tail = 0, size = m;
        long proposals = 0;
        while (size > 0) {
            int p = queue[head];
            head = (head + 1) % m;
            size--;
            int[] list = proposers.lists()[p];
            while (next[p] < list.length) {
                int r = list[next[p]++];
                proposals++;
                int rk = rank[r][p];
                if (rk < 0 || cap[r] == 0) continue; // unacceptable to r
                int[] h = held[r];
                if (heldCount[r] < cap[r]) {
                    heapPush(h, heldCount[r]++, p, rank[r]);
                    match[p] = r;
                    break;
                }
                int worst = h[0];
                if (rank[r][worst] > rk) {
                    h[0] = p;
                    siftDown(h, heldCount[r], 0, rank[r]);
                    match[p] = r;
                    match[worst] = -1;
                    queue[tail] = worst;
                    tail = (tail + 1) % m;
                    size++;
                    break;
                }
            }
        }
        int[][] byReviewer = new int[n][];
        for (int r = 0; r < n; r++) {
            int[] h = Arrays.copyOf(held[r], heldCount[r]);
            int[] rr = rank[r];
            byReviewer[r] = Arrays.stream(h).boxed().sorted((x, y) -> Integer.compare(rr[x], rr[y])).mapToInt(Integer::intValue).toArray();
        }
        return new Result(match, byReviewer, proposals);
    }

    /**
     * Preferences derived from a cost matrix: each row lists the columns by increasing cost (ties by
     * index); forbidden pairs (+∞) are left off, giving incomplete lists.
     */
    public static Preferences rowPreferences(CostMatrix c) {
        int m = c.rows(), n = c.cols();
        int[][] lists = new int[m][];
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            c.row(i, row);
            lists[i] = sortedFinite(row);
        }
        return new Preferences(lists);
    }

    /** Each column lists the rows by increasing cost (ties by index); +∞ pairs left off. */
    public static Preferences columnPreferences(CostMatrix c) {
        int m = c.rows(), n = c.cols();
        int[][] lists = new int[n][];
        double[] col = new double[m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) col[i] = c.get(i, j);
            lists[j] = sortedFinite(col);
        }
        return new Preferences(lists);
    }

    private static int[] sortedFinite(double[] x) {
        return IntStream.range(0, x.length).filter(k -> x[k] != Double.POSITIVE_INFINITY).boxed()
                .sorted((p, q) -> Double.compare(x[p], x[q])).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The blocking pairs (proposer, reviewer) of a matching: mutually acceptable pairs where the
     * proposer prefers the reviewer to its partner (or is unmatched) and the reviewer has a free
     * place or prefers the proposer to one of its partners. Throws if the matching itself is
     * invalid (an index out of range, an unacceptable pair, a reviewer over capacity).
     */
    public static List<int[]> blockingPairs(Preferences proposers, Preferences reviewers, int[] capacities, int[] proposerToReviewer) {
        Checked k = check(proposers, reviewers, capacities, proposerToReviewer);
        if (k.invalid != null) throw new IllegalArgumentException(k.invalid);
        List<int[]> blocking = new ArrayList<>();
        for (int p = 0; p < proposers.size(); p++) {
            int cur = proposerToReviewer[p];
            for (int r : proposers.lists()[p]) {
                if (r == cur) break; // every later reviewer is worse for p
                int rk = k.rank[r][p];
                if (rk < 0 || k.cap[r] == 0) continue;
                if (k.load[r] < k.cap[r] || rk < k.worst[r]) blocking.add(new int[] {p, r});
            }
        }
        return blocking;
    }

    /** True when the matching is valid (in range, mutually acceptable pairs, capacities kept) and has no blocking pair. */
    public static boolean isStable(Preferences proposers, Preferences reviewers, int[] capacities, int[] proposerToReviewer) {
        return check(proposers, reviewers, capacities, proposerToReviewer).invalid == null
                && blockingPairs(proposers, reviewers, capacities, proposerToReviewer).isEmpty();
    }

    /** Ranks, loads and each reviewer's worst partner rank; {@code invalid} says what is wrong with the matching. */
    private record Checked(int[][] rank, int[] cap, int[] load, int[] worst, String invalid) {}

    private static Checked check(Preferences proposers, Preferences reviewers, int[] capacities, int[] matching) {
        int m = proposers.size(), n = reviewers.size();
        int[] cap = checkedCapacities(capacities, n);
        validate(proposers, n, "proposers");
        validate(reviewers, m, "reviewers");
        if (matching.length != m) {
            throw new IllegalArgumentException("matching has length " + matching.length + " but there are " + m + " proposers");
        }
        int[][] rank = reviewerRanks(reviewers, m);
        int[][] prank = reviewerRanks(proposers, n); // proposer p's rank of reviewer r
        int[] load = new int[n];
        int[] worst = new int[n];
        Arrays.fill(worst, -1);
        String invalid = null;
        for (int p = 0; p < m && invalid == null; p++) {
            int r = matching[p];
            if (r == -1) continue;
            if (r < 0 || r >= n) invalid = "matching[" + p + "] = " + r + " is not a reviewer index";
            else if (rank[r][p] < 0 || prank[p][r] < 0) {
                invalid = "matching pairs proposer " + p + " with reviewer " + r + ", which is not mutually acceptable";
            }
            else if (++load[r] > cap[r]) invalid = "matching gives reviewer " + r + " more than its capacity " + cap[r];
            else worst[r] = Math.max(worst[r], rank[r][p]);
        }
        return new Checked(rank, cap, load, worst, invalid);
    }

    private static int[] checkedCapacities(int[] capacities, int n) {
        if (capacities == null) {
            int[] c = new int[n];
            Arrays.fill(c, 1);
            return c;
        }
        if (capacities.length != n) {
            throw new IllegalArgumentException("capacities has length " + capacities.length + " but there are " + n + " reviewers");
        }
        for (int r = 0; r < n; r++) {
            if (capacities[r] < 0) throw new IllegalArgumentException("capacities[" + r + "] is negative: " + capacities[r]);
        }
        return capacities.clone();
    }

    private static void validate(Preferences prefs, int others, String name) {
        boolean[] seen = new boolean[others];
        for (int i = 0; i < prefs.size(); i++) {
            int[] list = prefs.lists()[i];
            if (list == null) throw new IllegalArgumentException(name + ": list " + i + " is missing");
            for (int x : list) {
                if (x < 0 || x >= others) {
                    throw new IllegalArgumentException(name + ": list " + i + " names " + x + ", outside 0.." + (others - 1));
                }
                if (seen[x]) throw new IllegalArgumentException(name + ": list " + i + " names " + x + " twice");
                seen[x] = true;
            }
            for (int x : list) seen[x] = false;
        }
    }

    /** rank[a][b] = position of b on a's list, −1 if absent. */
    private static int[][] reviewerRanks(Preferences prefs, int others) {
        int[][] rank = new int[prefs.size()][others];
        for (int a = 0; a < prefs.size(); a++) {
            Arrays.fill(rank[a], -1);
            int[] list = prefs.lists()[a];
            for (int k = 0; k < list.length; k++) rank[a][list[k]] = k;
        }
        return rank;
    }

    private static void heapPush(int[] h, int size, int p, int[] rank) {
        int k = size;
        h[k] = p;
        while (k > 0) {
            int parent = (k - 1) / 2;
            if (rank[h[parent]] >= rank[h[k]]) break;
            int t = h[parent]; h[parent] = h[k]; h[k] = t;
            k = parent;
        }
    }

    private static void siftDown(int[] h, int size, int k, int[] rank) {
        while (true) {
            int l = 2 * k + 1, r = l + 1, big = k;
            if (l < size && rank[h[l]] > rank[h[big]]) big = l;
            if (r < size && rank[h[r]] > rank[h[big]]) big = r;
            if (big == k) return;
            int t = h[big]; h[big] = h[k]; h[k] = t;
            k = big;
        }
    }
}
