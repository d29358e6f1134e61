package org.monge.maps;

import org.monge.linalg.Matrix;

import java.util.Map;

/**
 * A transport map fitted once and applied to new points: x ↦ T(x) from R^d to R^d', applied to the rows of an
 * n×d matrix. Each kind keeps the arrays it needs in {@link #parameters()}, from which {@link #fromParameters}
 * rebuilds it exactly; org.monge.io writes and reads those arrays as a .npz archive (this package reads no files).
 */
public interface TransportMap {
    /** The kind's name, stored with the parameters: "entropic", "barycentric", "monotone", "linear" or "mixture". */
    String kind();

    /** The dimension d of the points the map takes. */
    int dimension();

    /** The dimension of the images. */
    int targetDimension();

    /** T applied to each row of an n×d matrix; rows of another width or with a non-finite entry are refused. */
    Matrix apply(Matrix points);

    /** The arrays that define the map, by name, in a fixed order (a new map each call). */
    Map<String, Matrix> parameters();

    /** Rebuilds a map of the given kind from its parameters; an unknown kind or a missing array is refused by name. */
    static TransportMap fromParameters(String kind, Map<String, Matrix> parameters) {
        return switch (kind) {
            case EntropicMap.KIND -> EntropicMap.fromParameters(parameters);
            case BarycentricMap.KIND -> BarycentricMap.fromParameters(parameters);
            case MonotoneMap.KIND -> MonotoneMap.fromParameters(parameters);
            case LinearMap.KIND -> LinearMap.fromParameters(parameters);
            case MixtureMap.KIND -> MixtureMap.fromParameters(parameters);
            default -> throw new IllegalArgumentException("unknown transport map kind '" + kind
                    + "' (known: entropic, barycentric, monotone, linear, mixture)");
        };
    }
}
