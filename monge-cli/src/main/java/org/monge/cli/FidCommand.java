package org.monge.cli;

import org.monge.gaussian.FeatureStatistics;
import org.monge.gaussian.Fid;
import org.monge.io.NdArray;
import org.monge.io.Npz;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code monge fid A B}: FID between two feature files (.npy) or statistics files (.npz with mu, sigma), or one of each. */
@Command(name = "fid", mixinStandardHelpOptions = true,
        description = "Fréchet Inception Distance between two feature sets (.npy, n×d) or statistics (.npz with mu and sigma). Key: fid.")
public final class FidCommand extends ReportingCommand {
    @Parameters(index = "0", paramLabel = "A") Path a;
    @Parameters(index = "1", paramLabel = "B") Path b;

    @Override
    protected Report compute() throws Exception {
        FeatureStatistics sa = load(a, "A", err());
        FeatureStatistics sb = load(b, "B", err());
        return new Report().put("fid", Fid.between(sa, sb));
    }

    static FeatureStatistics load(Path p, String label, PrintWriter err) throws IOException {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npz")) return Options.tag(label, () -> statistics(p));
        if (n.endsWith(".npy")) return Options.tag(label, () -> StatsCommand.statistics(p, err));
        throw new IllegalArgumentException(label + ": " + p + " must be a feature .npy or a statistics .npz");
    }

    /** The statistics of a .npz with arrays mu (d) and sigma (d×d). */
    private static FeatureStatistics statistics(Path p) throws IOException {
        Map<String, NdArray> arrays = Npz.read(p, "mu", "sigma");
        double[] mu = Npz.require(arrays, "mu", p).toVector("mu");
        NdArray sigma = Npz.require(arrays, "sigma", p);
        if (sigma.rank() != 2) throw new IllegalArgumentException(p + ": sigma must be 2-D");
        return new FeatureStatistics(-1, mu, sigma.toMatrix("sigma"));
    }
}
