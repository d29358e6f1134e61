package org.monge.maps;

import org.monge.linalg.Matrix;

import java.util.Map;

/** The argument checks the maps share, one message each. */
final class MapArgs {
    private MapArgs() {}

    /** Throws unless POINTS has d columns and only finite entries: "NAME have dimension k, the map d" or "NAME[i][j] is not finite". */
    static Matrix points(Matrix points, int d, String name) {
        if (points.cols() != d) {
            throw new IllegalArgumentException(name + " have dimension " + points.cols() + ", the map takes dimension " + d);
        }
        return finite(points, name);
    }

    static Matrix finite(Matrix m, String name) {
        if (!m.allFinite()) {
            for (int i = 0; i < m.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    double v = m.get(i, j);
                    if (!Double.isFinite(v)) throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is not finite: " + v);
                }
            }
        }
        return m;
    }

    /** The named parameter array, or an error naming the kind, the array and the arrays present. */
    static Matrix require(Map<String, Matrix> p, String key, String kind) {
        Matrix m = p.get(key);
        if (m == null) throw new IllegalArgumentException(kind + " map: parameter '" + key + "' is missing (have " + p.keySet() + ")");
        return finite(m, kind + " map parameter '" + key + "'");
    }

    /** A 1×n or n×1 parameter as a vector of length n. */
    static double[] vector(Matrix m, int n, String key, String kind) {
        if (m.rows() * m.cols() != n || Math.min(m.rows(), m.cols()) > 1) {
            throw new IllegalArgumentException(kind + " map: parameter '" + key + "' has shape " + m.rows() + "x" + m.cols()
                    + ", expected " + n + " values");
        }
        return m.toRowMajor();
    }

    static double scalar(Matrix m, String key, String kind) {
        return vector(m, 1, key, kind)[0];
    }

    static Matrix row(double... v) { return Matrix.fromRowMajor(1, v.length, v.clone()); }
}
