package org.monge.discrete.gromov;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.monge.linalg.Matrix;
import org.monge.testing.Cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Floyd–Warshall distances against a path graph worked by hand and against Bellman–Ford relaxation on random graphs. */
class ShortestPathsTest {
    @Test
    void aWeightedPathWithAShortcut() {
        // 0 -1- 1 -2- 2 -1- 3, and a chord 0-3 of length 3: d(0, 3) = 3 by the chord, d(0, 2) = 3 either way, d(1, 3) = 3
        Matrix w = Matrix.of(new double[][] {{0, 1, 0, 3}, {1, 0, 2, 0}, {0, 2, 0, 1}, {3, 0, 1, 0}});
        Matrix d = ShortestPaths.of(w, "W");
        double[][] expected = {{0, 1, 3, 3}, {1, 0, 2, 3}, {3, 2, 0, 1}, {3, 3, 1, 0}};
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 4; k++) assertEquals(expected[i][k], d.get(i, k), 0, "d(" + i + ", " + k + ")");
        }
    }

    @Test
    void agreesWithBellmanFordOnRandomGraphs() {
        Cases.forAll(20261207L, 30, c -> {
            Random rnd = new Random(c.anyLong("seed"));
            int n = c.intIn("n", 2, 10);
            double[][] w = new double[n][n];
            for (int i = 1; i < n; i++) { // a random spanning tree keeps it connected, then random extra edges
                int j = rnd.nextInt(i);
                w[i][j] = w[j][i] = 0.1 + rnd.nextDouble();
            }
            for (int e = 0; e < n; e++) {
                int i = rnd.nextInt(n), j = rnd.nextInt(n);
                if (i != j) w[i][j] = w[j][i] = 0.1 + rnd.nextDouble();
            }
            Matrix d = ShortestPaths.of(Matrix.of(w), "W");
            for (int s = 0; s < n; s++) {
                double[] dist = new double[n];
                Arrays.fill(dist, Double.POSITIVE_INFINITY);
                dist[s] = 0;
                for (int round = 0; round < n; round++) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            if (w[i][j] > 0 && dist[i] + w[i][j] < dist[j]) dist[j] = dist[i] + w[i][j];
                        }
                    }
                }
                for (int k = 0; k < n; k++) assertEquals(dist[k], d.get(s, k), 1e-12, "d(" + s + ", " + k + ")");
            }
        });
    }

    @Test
    void refusesBadGraphs() {
        String[] messages = {
            message(Matrix.of(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 0}})),
            message(Matrix.of(new double[][] {{0, 1}, {2, 0}})),
            message(Matrix.of(new double[][] {{0, -1}, {-1, 0}})),
            message(Matrix.of(new double[][] {{0, Double.NaN}, {Double.NaN, 0}})),
            message(Matrix.zeros(2, 3)),
        };
        assertTrue(messages[0].contains("not a connected graph"), messages[0]);
        assertTrue(messages[1].contains("symmetric"), messages[1]);
        assertTrue(messages[2].contains("non-negative"), messages[2]);
        assertTrue(messages[3].contains("non-negative"), messages[3]);
        assertTrue(messages[4].contains("square"), messages[4]);
    }

    private static String message(Matrix w) {
        return assertThrows(IllegalArgumentException.class, () -> ShortestPaths.of(w, "W")).getMessage();
    }
}
