package org.monge.cli;

import org.monge.gaussian.Gaussian;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.linalg.Matrix;

import java.io.IOException;
import java.nio.file.Path;

/** Reads the CLI's array arguments, naming the option in every error. */
public final class Inputs {
    private Inputs() {}

    public static NdArray array(Path p, String option) throws IOException {
        try {
            return ArrayFiles.read(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    public static Matrix matrix(Path p, String option) throws IOException {
        return array(p, option).toMatrix(option);
    }

    public static double[] vector(Path p, String option) throws IOException {
        return array(p, option).toVector(option);
    }

    /** N(mean, cov) from files; a missing mean means zero. */
    public static Gaussian gaussian(Path mean, Path cov, String meanOption, String covOption) throws IOException {
        Matrix c = matrix(cov, covOption);
        double[] m = mean == null ? new double[c.rows()] : vector(mean, meanOption);
        try {
            return Gaussian.of(m, c, covOption);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(covOption)) throw e;
            throw new IllegalArgumentException(meanOption + "/" + covOption + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path p, NdArray a, String option) throws IOException {
        try {
            ArrayFiles.write(p, a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
