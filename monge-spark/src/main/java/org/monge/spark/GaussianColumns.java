package org.monge.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.monge.gaussian.Gaussian;
import org.monge.linalg.Matrix;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.flatten;

/**
 * Where a Dataset of Gaussians keeps its parts: an id column (integral), a mean column
 * ({@code array<numeric>} of length d) and a covariance column, either row-major
 * {@code array<numeric>} of length d² or nested {@code array<array<numeric>>} (d rows of d).
 * {@link #normalise} brings any such Dataset to the canonical columns {@code id: long},
 * {@code mean: array<double>}, {@code covariance: array<double>} (row-major d²), plus any extra
 * columns asked for.
 */
public record GaussianColumns(String id, String mean, String covariance) {
    public static final String ID = "id";
    public static final String MEAN = "mean";
    public static final String COVARIANCE = "covariance";

    public GaussianColumns {
        if (id == null || mean == null || covariance == null) throw new IllegalArgumentException("Gaussian column names must not be null");
    }

    /** Columns "id", "mean", "covariance". */
    public static GaussianColumns defaults() { return new GaussianColumns(ID, MEAN, COVARIANCE); }

    /** The canonical columns (id, mean, covariance), then {@code extra} columns unchanged. */
    public Dataset<Row> normalise(Dataset<Row> ds, String... extra) {
        requireNumeric(ds, id, Features.field(ds, id).dataType());
        requireArray(ds, mean, Features.field(ds, mean).dataType(), 1);
        DataType ct = Features.field(ds, covariance).dataType();
        int depth = requireArray(ds, covariance, ct, 2);
        Column cov = depth == 2 ? flatten(col(covariance).cast("array<array<double>>")) : col(covariance).cast("array<double>");
        Column[] cols = new Column[3 + extra.length];
        cols[0] = col(id).cast("long").as(ID);
        cols[1] = col(mean).cast("array<double>").as(MEAN);
        cols[2] = cov.as(COVARIANCE);
        for (int i = 0; i < extra.length; i++) {
            Features.field(ds, extra[i]);
            cols[3 + i] = col(extra[i]);
        }
        return ds.select(cols);
    }

    /** N(mean, covariance) from the canonical arrays, validated; errors name the row. */
    public static Gaussian gaussian(double[] mean, double[] covariance, long id) {
        if (mean == null || covariance == null) throw new IllegalArgumentException("Gaussian " + id + " has a null mean or covariance");
        int d = mean.length;
        if ((long) d * d != covariance.length) {
            throw new IllegalArgumentException("Gaussian " + id + ": mean has length " + d + " but covariance has " + covariance.length
                    + " values, expected " + (long) d * d);
        }
        try {
            return Gaussian.of(mean, Matrix.fromRowMajor(d, d, covariance));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Gaussian " + id + ": " + e.getMessage(), e);
        }
    }

    private static void requireNumeric(Dataset<Row> ds, String name, DataType t) {
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + name + "' must be integral (an id), got " + t.simpleString());
        }
    }

    /** The array nesting depth (1 or up to maxDepth) of a numeric array column. */
    private static int requireArray(Dataset<Row> ds, String name, DataType t, int maxDepth) {
        int depth = 0;
        while (t instanceof ArrayType a && depth < maxDepth) {
            t = a.elementType();
            depth++;
        }
        if (depth == 0 || !(t instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + name + "' must be an array of numbers"
                    + (maxDepth > 1 ? " (or of arrays of numbers)" : "") + ", got " + Features.field(ds, name).dataType().simpleString());
        }
        return depth;
    }
}
