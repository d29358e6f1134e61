package org.monge.io;

import org.monge.linalg.Matrix;

import java.util.Arrays;

/** An n-dimensional array of doubles in C (row-major) order, as read from or written to files. */
public record NdArray(int[] shape, double[] data) {
    public NdArray {
        long size = size(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("array shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    /** The number of values of an array of this shape; refuses a negative extent and a count beyond {@code Long.MAX_VALUE}. */
    public static long size(int[] shape) {
        long size = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("array shape has a negative extent: " + Arrays.toString(shape));
            try {
                size = Math.multiplyExact(size, s);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("array shape " + Arrays.toString(shape) + " has too many values to count", e);
            }
        }
        return size;
    }

    public static NdArray of(Matrix m) {
        return new NdArray(new int[] {m.rows(), m.cols()}, m.toRowMajor());
    }

    public static NdArray vector(double[] v) {
        return new NdArray(new int[] {v.length}, v.clone());
    }

    @Override
    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    /** This array as a matrix: a 2-D array as it is, a 1-D array as a single row. */
    public Matrix toMatrix(String name) {
        if (shape.length == 2) return Matrix.fromRowMajor(shape[0], shape[1], data);
        if (shape.length == 1) return Matrix.fromRowMajor(1, shape[0], data);
        throw new IllegalArgumentException(name + " must be a 2-D array, got shape " + Arrays.toString(shape));
    }

    /** This array as points, one per row: a 2-D array (n × d) as it is, a 1-D array as n points on the line (n × 1). */
    public Matrix toPoints(String name) {
        if (shape.length == 2) return Matrix.fromRowMajor(shape[0], shape[1], data);
        if (shape.length == 1) return Matrix.fromRowMajor(shape[0], 1, data);
        throw new IllegalArgumentException(name + " must hold points: a 2-D array (n×d) or a 1-D array (n points on the line), got shape "
                + Arrays.toString(shape));
    }

    /** This array as a vector: 1-D, or 2-D with a single row or column. */
    public double[] toVector(String name) {
        if (shape.length == 1 || (shape.length == 2 && (shape[0] == 1 || shape[1] == 1))) return data.clone();
        throw new IllegalArgumentException(name + " must be a vector, got shape " + Arrays.toString(shape));
    }

    /** Slice k of a 3-D array (k × r × c) as an r × c matrix. */
    public Matrix slice(int k, String name) {
        if (shape.length != 3) throw new IllegalArgumentException(name + " must be a 3-D array, got shape " + Arrays.toString(shape));
        int r = shape[1], c = shape[2];
        return Matrix.fromRowMajor(r, c, Arrays.copyOfRange(data, k * r * c, (k + 1) * r * c));
    }
}
