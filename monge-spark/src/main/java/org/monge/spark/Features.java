package org.monge.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.UserDefinedType;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

/**
 * Feature-vector columns of a Dataset as {@code double[]} rows. Accepted: an array of any numeric
 * type ({@code array<float>}, {@code array<double>}, ...), a user-defined vector type whose values
 * have a {@code double[] toArray()} method (Spark ML's {@code Vector}; read without a compile-time
 * dependency on spark-mllib), or, when no column is named, a table of numeric columns (CSV).
 */
public final class Features {
    /** The column name used when a feature column is built from several numeric columns. */
    public static final String DEFAULT_COLUMN = "features";

    private Features() {}

    /**
     * The feature column to use: {@code column} if given; else a column named "features"; else the
     * only array or vector column; else all columns when every one is numeric (packed into one array).
     * Returns a Dataset with the single column "features".
     */
    public static Dataset<Row> select(Dataset<Row> ds, String column) {
        List<String> names = Arrays.asList(ds.columns());
        if (column != null) {
            field(ds, column);
            return ds.select(col(column).as(DEFAULT_COLUMN));
        }
        if (names.contains(DEFAULT_COLUMN)) return ds.select(col(DEFAULT_COLUMN));
        List<String> vectors = new ArrayList<>();
        boolean allNumeric = true;
        for (StructField f : ds.schema().fields()) {
            if (f.dataType() instanceof ArrayType || f.dataType() instanceof UserDefinedType<?>) vectors.add(f.name());
            allNumeric &= f.dataType() instanceof NumericType;
        }
        if (vectors.size() == 1) return ds.select(col(vectors.get(0)).as(DEFAULT_COLUMN));
        if (allNumeric && !names.isEmpty()) {
            Column[] cs = names.stream().map(n -> col(n).cast("double")).toArray(Column[]::new);
            return ds.select(array(cs).as(DEFAULT_COLUMN));
        }
        throw new IllegalArgumentException("cannot tell which column holds the features among " + names
                + ": name it, or use a column named '" + DEFAULT_COLUMN + "', one array/vector column, or only numeric columns");
    }

    /** The rows of the named feature column as double[]; nulls are rejected when read. */
    public static JavaRDD<double[]> vectors(Dataset<Row> ds, String column) {
        DataType t = field(ds, column).dataType();
        if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
            return ds.select(col(column).cast("array<double>").as(DEFAULT_COLUMN))
                    .as(Encoders.bean(FeatureVector.class)).toJavaRDD()
                    .map(v -> requireRow(v.getFeatures(), column));
        }
        if (t instanceof UserDefinedType<?>) {
            return ds.select(col(column)).toJavaRDD().map(r -> requireRow(toArray(r.get(0), column), column));
        }
        throw new IllegalArgumentException("column '" + column + "' must hold numeric arrays or vectors, got " + t.simpleString());
    }

    private static double[] requireRow(double[] v, String column) {
        if (v == null) throw new IllegalArgumentException("column '" + column + "' has a null feature vector");
        return v;
    }

    private static double[] toArray(Object vector, String column) {
        if (vector == null) return null;
        try {
            Method m = vector.getClass().getMethod("toArray");
            if (m.getReturnType() == double[].class) return (double[]) m.invoke(vector);
        } catch (ReflectiveOperationException e) {
            // reported below
        }
        throw new IllegalArgumentException("column '" + column + "' holds " + vector.getClass().getName()
                + ", which has no double[] toArray()");
    }

    static StructField field(Dataset<Row> ds, String column) {
        for (StructField f : ds.schema().fields()) if (f.name().equals(column)) return f;
        throw new IllegalArgumentException("column '" + column + "' not found; the columns are " + Arrays.toString(ds.columns()));
    }
}
