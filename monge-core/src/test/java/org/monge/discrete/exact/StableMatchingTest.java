package org.monge.discrete.exact;

import org.monge.discrete.CostMatrix;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.monge.testing.Cases.forAll;

class StableMatchingTest {

    static StableMatching.Preferences randomPrefs(Random r, int agents, int others, double keep) {
        int[][] lists = new int[agents][];
        for (int a = 0; a < agents; a++) {
            List<Integer> l = new ArrayList<>();
            for (int o = 0; o < others; o++) if (r.nextDouble() < keep) l.add(o);
            Collections.shuffle(l, r);
            lists[a] = l.stream().mapToInt(Integer::intValue).toArray();
        }
        return new StableMatching.Preferences(lists);
    }

    static int rankOf(int[] list, int x) {
        for (int k = 0; k < list.length; k++) if (list[k] == x) return k;
        return -1;
    }

    /** Blocking pairs straight from the definition (independent of the library's checker). */
    static boolean hasBlockingPair(StableMatching.Preferences P, StableMatching.Preferences R, int[] cap, int[] match) {
        int m = P.size(), n = R.size();
        for (int p = 0; p < m; p++) {
            for (int r = 0; r < n; r++) {
                int pr = rankOf(P.lists()[p], r), rp = rankOf(R.lists()[r], p);
                if (pr < 0 || rp < 0 || match[p] == r) continue;
                boolean pWants = match[p] < 0 || pr < rankOf(P.lists()[p], match[p]);
                if (!pWants) continue;
                int load = 0;
                boolean rWants = false;
                for (int q = 0; q < m; q++) {
                    if (match[q] != r) continue;
                    load++;
                    if (rankOf(R.lists()[r], q) > rp) rWants = true;
                }
                if (load < cap[r] || rWants) return true;
            }
        }
        return false;
    }

    @Test
    void everyMatchingProducedIsStable() {
        forAll(311, 300, gen -> {
            int m = gen.intIn("m", 1, 12);
            int n = gen.intIn("n", 1, 8);
            boolean complete = gen.anyBoolean("complete");
            boolean capacities = gen.anyBoolean("capacities");
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            StableMatching.Preferences P = randomPrefs(r, m, n, complete ? 1 : 0.6), R = randomPrefs(r, n, m, complete ? 1 : 0.6);
            int[] cap = new int[n];
            for (int k = 0; k < n; k++) cap[k] = capacities ? r.nextInt(4) : 1;
            StableMatching.Result res = StableMatching.solve(P, R, cap);
            int[] load = new int[n];
            for (int p = 0; p < m; p++) {
                int rv = res.proposerToReviewer()[p];
                if (rv < 0) continue;
                load[rv]++;
                assertThat(rankOf(P.lists()[p], rv)).isNotNegative();
                assertThat(rankOf(R.lists()[rv], p)).isNotNegative();
                assertThat(res.reviewerToProposers()[rv]).contains(p);
            }
            for (int k = 0; k < n; k++) {
                assertThat(load[k]).isLessThanOrEqualTo(cap[k]).isEqualTo(res.reviewerToProposers()[k].length);
            }
            assertThat(hasBlockingPair(P, R, cap, res.proposerToReviewer())).isFalse();
            assertThat(StableMatching.isStable(P, R, cap, res.proposerToReviewer())).isTrue();
        });
    }

    @Test
    void checkerAgreesWithTheDefinition() {
        forAll(312, 300, gen -> {
            int m = gen.intIn("m", 1, 7);
            int n = gen.intIn("n", 1, 5);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            StableMatching.Preferences P = randomPrefs(r, m, n, 0.8), R = randomPrefs(r, n, m, 0.8);
            int[] cap = new int[n];
            for (int k = 0; k < n; k++) cap[k] = 1 + r.nextInt(2);
            // a random valid matching
            int[] match = new int[m];
            int[] load = new int[n];
            for (int p = 0; p < m; p++) {
                match[p] = -1;
                int cand = r.nextInt(n + 1) - 1;
                if (cand >= 0 && load[cand] < cap[cand] && rankOf(P.lists()[p], cand) >= 0 && rankOf(R.lists()[cand], p) >= 0) {
                    match[p] = cand;
                    load[cand]++;
                }
            }
            assertThat(StableMatching.blockingPairs(P, R, cap, match).isEmpty()).isEqualTo(!hasBlockingPair(P, R, cap, match));
        });
    }

    /** One-to-one, complete lists, n ≤ 5: every proposer gets its best partner over all stable matchings (brute force). */
    @Test
    void proposerOptimal() {
        forAll(313, 150, gen -> {
            int n = gen.intIn("n", 1, 5);
            long seed = gen.anyLong("seed");
            Random r = new Random(seed);
            StableMatching.Preferences P = randomPrefs(r, n, n, 1), R = randomPrefs(r, n, n, 1);
            int[] cap = new int[n];
            Arrays.fill(cap, 1);
            int[] gs = StableMatching.solve(P, R).proposerToReviewer();
            int[] best = new int[n];
            Arrays.fill(best, Integer.MAX_VALUE);
            permutations(n, perm -> {
                if (hasBlockingPair(P, R, cap, perm)) return;
                for (int p = 0; p < n; p++) best[p] = Math.min(best[p], rankOf(P.lists()[p], perm[p]));
            });
            for (int p = 0; p < n; p++) assertThat(rankOf(P.lists()[p], gs[p])).isEqualTo(best[p]);
        });
    }

    static void permutations(int n, Consumer<int[]> f) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        permute(a, 0, f);
    }

    private static void permute(int[] a, int k, Consumer<int[]> f) {
        if (k == a.length) { f.accept(a.clone()); return; }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, f);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }

    @Test
    void textbookInstance() {
        // Gale & Shapley style 3×3: proposers' lists and reviewers' lists
        StableMatching.Preferences P = new StableMatching.Preferences(new int[][] {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}});
        StableMatching.Preferences R = new StableMatching.Preferences(new int[][] {{1, 0, 2}, {0, 1, 2}, {0, 1, 2}});
        // p0→r0, p1→r1, p2→r0: r0 prefers p0 over p2, so p2 → r2. Proposer-optimal: [0, 1, 2].
        assertThat(StableMatching.solve(P, R).proposerToReviewer()).containsExactly(0, 1, 2);
        // reviewers proposing instead: r0→p1, r1→p0, r2→p0 (p0 prefers r1 over r2): r2 → p1? p1 prefers r0 over r2 → r2 → p2.
        assertThat(StableMatching.solve(R, P).proposerToReviewer()).containsExactly(1, 0, 2);
    }

    @Test
    void studentsToCompaniesWithCapacities() {
        // 4 students, 2 companies with 2 places each; both companies rank students 0 > 1 > 2 > 3
        StableMatching.Preferences students = new StableMatching.Preferences(new int[][] {{0, 1}, {0, 1}, {0, 1}, {1}});
        StableMatching.Preferences companies = new StableMatching.Preferences(new int[][] {{0, 1, 2, 3}, {0, 1, 2, 3}});
        StableMatching.Result res = StableMatching.solve(students, companies, new int[] {2, 2});
        assertThat(res.proposerToReviewer()).containsExactly(0, 0, 1, 1);
        assertThat(res.reviewerToProposers()[1]).containsExactly(2, 3);
        // with one place at company 1, student 3 stays unmatched
        assertThat(StableMatching.solve(students, companies, new int[] {2, 1}).proposerToReviewer()).containsExactly(0, 0, 1, -1);
    }

    @Test
    void costPreferencesGiveTheGreedyMatching() {
        forAll(314, 100, gen -> {
            int m = gen.intIn("m", 1, 9);
            int n = gen.intIn("n", 1, 9);
            long seed = gen.anyLong("seed");
            // with one shared cost and distinct entries, the unique stable matching pairs the cheapest
            // remaining pair first (greedy)
            Random r = new Random(seed);
            double[] c = new double[m * n];
            for (int k = 0; k < c.length; k++) c[k] = r.nextDouble();
            CostMatrix cm = CostMatrix.dense(m, n, c);
            int[] greedy = new int[m];
            Arrays.fill(greedy, -1);
            boolean[] usedCol = new boolean[n];
            Integer[] order = new Integer[m * n];
            for (int k = 0; k < order.length; k++) order[k] = k;
            Arrays.sort(order, (x, y) -> Double.compare(c[x], c[y]));
            for (int k : order) if (greedy[k / n] < 0 && !usedCol[k % n]) { greedy[k / n] = k % n; usedCol[k % n] = true; }
            StableMatching.Result res = StableMatching.solve(StableMatching.rowPreferences(cm), StableMatching.columnPreferences(cm));
            assertThat(res.proposerToReviewer()).containsExactly(greedy);
        });
    }

    @Test
    void badInput() {
        StableMatching.Preferences P = new StableMatching.Preferences(new int[][] {{0, 0}});
        StableMatching.Preferences R = new StableMatching.Preferences(new int[][] {{0}});
        assertThatThrownBy(() -> StableMatching.solve(P, R)).hasMessageContaining("proposers: list 0 names 0 twice");
        StableMatching.Preferences P2 = new StableMatching.Preferences(new int[][] {{3}});
        assertThatThrownBy(() -> StableMatching.solve(P2, R)).hasMessageContaining("outside");
        assertThatThrownBy(() -> StableMatching.solve(R, R, new int[] {-1})).hasMessageContaining("capacities[0]");
        assertThat(StableMatching.isStable(R, R, null, new int[] {5})).isFalse();
    }
}
