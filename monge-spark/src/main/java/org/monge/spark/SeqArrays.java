package org.monge.spark;

import scala.collection.Iterator;
import scala.collection.Seq;

/** Spark hands array arguments of Java UDFs over as Scala sequences of boxed numbers: this reads them as double[]. */
final class SeqArrays {
    private SeqArrays() {}

    static double[] of(Seq<?> s) {
        double[] out = new double[s.length()];
        Iterator<?> it = s.iterator();
        for (int i = 0; i < out.length; i++) {
            Object v = it.next();
            if (v == null) throw new IllegalArgumentException("an array argument contains a null");
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }
}
