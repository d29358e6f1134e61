package org.monge.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's own Java sources, for tests that check the whole tree (TestDiscoveryTest, CodeStandardsTest). The
 * root is the nearest directory above this class's output directory whose pom.xml lists modules; the modules are the
 * ones that pom lists.
 */
final class SourceTree {
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private SourceTree() {}

    /** The directory of the parent pom. */
    static Path root() throws IOException, URISyntaxException {
        Path start = Path.of(SourceTree.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && MODULE.matcher(Files.readString(pom)).find()) return dir;
        }
        throw new IllegalStateException("no pom.xml with <modules> above " + start);
    }

    /** The .java files under {@code sourceRoot} (e.g. src/test/java) of every module listed in the parent pom, sorted. */
    static List<Path> javaFiles(Path root, String sourceRoot) throws IOException {
        List<Path> sources = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            Path dir = root.resolve(m.group(1)).resolve(sourceRoot);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
        }
        return sources;
    }
}
