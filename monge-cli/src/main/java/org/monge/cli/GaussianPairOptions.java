package org.monge.cli;

import org.monge.gaussian.Gaussian;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** --mean0 --cov0 --mean1 --cov1: two Gaussians from files (.npy or .csv); a missing mean is zero. */
public final class GaussianPairOptions {
    @Option(names = "--mean0", paramLabel = "FILE", description = "Mean of the first Gaussian (default: zero).")
    Path mean0;
    @Option(names = "--cov0", paramLabel = "FILE", required = true, description = "Covariance of the first Gaussian (d×d).")
    Path cov0;
    @Option(names = "--mean1", paramLabel = "FILE", description = "Mean of the second Gaussian (default: zero).")
    Path mean1;
    @Option(names = "--cov1", paramLabel = "FILE", required = true, description = "Covariance of the second Gaussian (d×d).")
    Path cov1;

    Gaussian first() throws IOException {
        return Inputs.gaussian(mean0, cov0, "--mean0", "--cov0");
    }

    Gaussian second() throws IOException {
        return Inputs.gaussian(mean1, cov1, "--mean1", "--cov1");
    }
}
