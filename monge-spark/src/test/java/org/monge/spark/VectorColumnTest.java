package org.monge.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.SQLUserDefinedType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Vector columns of a user-defined type (as Spark ML's {@code Vector}, which this module reads
 * through its {@code double[] toArray()} without depending on spark-mllib) give the same
 * statistics as plain arrays. The UDT here is a stand-in written for the test.
 */
class VectorColumnTest {
    /** A dense vector with Spark ML's accessor. */
    @SQLUserDefinedType(udt = DenseVecType.class)
    public static final class DenseVec implements Serializable {
        private final double[] values;

        public DenseVec(double[] values) { this.values = values; }

        public double[] toArray() { return values.clone(); }
    }

    /** Stored as array<double>. */
    public static final class DenseVecType extends UserDefinedType<DenseVec> {
        @Override public DataType sqlType() { return DataTypes.createArrayType(DataTypes.DoubleType, false); }

        @Override public Object serialize(DenseVec v) { return UnsafeArrayData.fromPrimitiveArray(v.values); }

        @Override public DenseVec deserialize(Object datum) { return new DenseVec(((ArrayData) datum).toDoubleArray()); }

        @Override public Class<DenseVec> userClass() { return DenseVec.class; }
    }

    @Test
    void vectorColumnsReadAsArrays() {
        double[][] x = SparkFeatureStatisticsTest.features(25, 3, 12, 1.0);
        List<Row> rows = new ArrayList<>();
        for (double[] v : x) rows.add(RowFactory.create(new DenseVec(v), "label"));
        StructType schema = new StructType().add("vec", new DenseVecType()).add("label", DataTypes.StringType);
        MongeSpark monge = MongeSpark.on(TestSpark.session());
        SparkFeatureStatisticsTest.assertSame(
                monge.featureStatistics(TestSpark.partitioned(rows, schema, new int[] {10, 0, 15}), null),
                SparkFeatureStatisticsTest.core(x));
    }
}
