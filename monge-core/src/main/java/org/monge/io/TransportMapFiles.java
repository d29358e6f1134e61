package org.monge.io;

import org.monge.linalg.Matrix;
import org.monge.maps.TransportMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TransportMap} as a .npz archive: its parameter arrays under their names, plus an array {@code kind}
 * holding the Unicode code points of the map's kind (in NumPy: {@code ''.join(map(chr, z['kind'].astype(int)))}).
 * Every array is 2-D as the map stores it. Reading refuses an archive without a kind (not a map file), an unknown
 * kind and missing arrays, each naming the file.
 */
public final class TransportMapFiles {
    /** The name of the array that holds the kind. */
    public static final String KIND = "kind";

    private TransportMapFiles() {}

    public static void write(Path path, TransportMap map) throws IOException {
        Npz.write(path, toArrays(map));
    }

    /** The arrays {@link #write} stores. */
    public static Map<String, NdArray> toArrays(TransportMap map) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        String kind = map.kind();
        double[] codes = kind.codePoints().asDoubleStream().toArray();
        arrays.put(KIND, NdArray.vector(codes));
        for (Map.Entry<String, Matrix> e : map.parameters().entrySet()) arrays.put(e.getKey(), NdArray.of(e.getValue()));
        return arrays;
    }

    public static TransportMap read(Path path) throws IOException {
        return fromArrays(Npz.read(path), path.toString());
    }

    /** The map stored in ARRAYS (read from SOURCE, named in errors). */
    public static TransportMap fromArrays(Map<String, NdArray> arrays, String source) {
        NdArray k = arrays.get(KIND);
        if (k == null) throw new IllegalArgumentException(source + ": is not a transport map file (no array '" + KIND + "')");
        StringBuilder kind = new StringBuilder();
        for (double c : k.data()) {
            if (c != Math.rint(c) || c < 1 || c > Character.MAX_CODE_POINT) {
                throw new IllegalArgumentException(source + ": array '" + KIND + "' does not hold a kind name");
            }
            kind.appendCodePoint((int) c);
        }
        Map<String, Matrix> p = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            if (e.getKey().equals(KIND)) continue;
            NdArray a = e.getValue();
            p.put(e.getKey(), a.rank() == 2 ? a.toMatrix(e.getKey()) : Matrix.fromRowMajor(1, a.data().length, a.data()));
        }
        try {
            return TransportMap.fromParameters(kind.toString(), p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }
}
