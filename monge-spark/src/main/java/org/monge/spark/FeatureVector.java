package org.monge.spark;

import java.io.Serializable;

/**
 * One feature vector as a Java bean, so that Spark's bean encoder turns an {@code array<double>}
 * column into a {@code double[]} without boxing each value. The column is named {@code features}.
 */
public final class FeatureVector implements Serializable {
    private static final long serialVersionUID = 1L;
    private double[] features;

    public FeatureVector() {}

    public FeatureVector(double[] features) { this.features = features; }

    public double[] getFeatures() { return features; }

    public void setFeatures(double[] features) { this.features = features; }
}
