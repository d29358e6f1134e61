package org.monge.spark.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need from a launcher's class path: Monge's own entries (the
 * monge-* modules) and monge-core's matrix libraries (EJML, netlib); Spark brings the rest. A
 * class-path folder (a module's target/classes, as a build in the source tree puts monge-core on
 * {@code bin/monge}'s class path) is packed into a jar first, since {@code spark.jars} ships files.
 */
public final class ExecutorJars {
    private ExecutorJars() {}

    /** Whether a class-path entry is one of Monge's or of the matrix libraries monge-core calls. */
    public static boolean isShipped(String entry) {
        String n = entry.replace('\\', '/');
        return n.contains("/monge-") || n.contains("/org/ejml/") || n.contains("/dev/ludovic/netlib/");
    }

    /** The shipped entries of {@code classPath}, folders packed into jars under {@code into}, in class-path order. */
    public static List<String> of(List<String> classPath, Path into, Predicate<String> keepClassFile) {
        List<String> out = new ArrayList<>();
        for (String e : classPath) {
            if (!isShipped(e)) continue;
            Path p = Path.of(e);
            if (Files.isDirectory(p)) out.add(pack(p, into, keepClassFile).toString());
            else if (e.endsWith(".jar")) out.add(e);
        }
        return out;
    }

    /** This JVM's shipped entries, comma-separated for {@code spark.jars}; folders packed into a temporary folder removed at exit. */
    static String forThisJvm() {
        try {
            Path into = Files.createTempDirectory("monge-executor-jars");
            into.toFile().deleteOnExit();
            List<String> cp = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
            List<String> jars = of(cp, into, name -> true);
            for (String j : jars) if (j.startsWith(into.toString())) new File(j).deleteOnExit();
            return String.join(",", jars);
        } catch (IOException e) {
            throw new UncheckedIOException("packing Monge's classes for the executors", e);
        }
    }

    /**
     * {@code dir} as a jar in {@code into}, named after the module and the folder
     * (monge-core-classes.jar); files whose name fails {@code keep} are left out.
     */
    static Path pack(Path dir, Path into, Predicate<String> keep) {
        Path target = dir.toAbsolutePath().getParent();
        Path module = target == null ? null : target.getParent();
        String prefix = module == null || module.getFileName() == null ? "monge" : module.getFileName().toString();
        String name = prefix + "-" + dir.getFileName();
        try {
            Path jar = into.resolve(name + ".jar");
            if (Files.exists(jar)) jar = Files.createTempFile(into, name + "-", ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    if (!keep.test(f.getFileName().toString())) continue;
                    out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("packing " + dir + " for the executors", e);
        }
    }
}
