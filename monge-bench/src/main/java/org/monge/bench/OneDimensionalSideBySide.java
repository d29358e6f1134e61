package org.monge.bench;

import org.monge.discrete.OneDimensional;
import org.monge.io.Npy;

import java.nio.file.Path;

/**
 * Side-by-side timing main for 1-D W_p^p: reads u.npy and v.npy (and uw.npy, vw.npy when present)
 * from the folder given and times OneDimensional.wassersteinCost.
 * Usage: OneDimensionalSideBySide DIR NAME P [repeats]
 */
public final class OneDimensionalSideBySide {
    private OneDimensionalSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[1];
        double p = Double.parseDouble(args[2]);
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        double[] u = Npy.read(dir.resolve("u.npy")).toVector("u"), v = Npy.read(dir.resolve("v.npy")).toVector("v");
        double[] uw = dir.resolve("uw.npy").toFile().exists() ? Npy.read(dir.resolve("uw.npy")).toVector("uw") : null;
        double[] vw = dir.resolve("vw.npy").toFile().exists() ? Npy.read(dir.resolve("vw.npy")).toVector("vw") : null;
        double[] last = new double[1];
        double s = Timer.medianSeconds(3, repeats, () -> last[0] = OneDimensional.wassersteinCost(u, uw, v, vw, p));
        Timer.report(name, s, last[0]);
    }
}
