package org.monge.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test source in every module is named so that Surefire runs it. Surefire only runs classes whose file name
 * matches its default includes (the poms keep them); a class with tests under another name compiles and is silently
 * skipped. The modules are read from the parent pom, found by walking up from this class's output directory.
 */
class TestDiscoveryTest {
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "^\\s*@(?:org\\.junit\\.jupiter\\.\\w+\\.)?(Test|ParameterizedTest|RepeatedTest|FuzzTest|TestFactory|TestTemplate)\\b",
            Pattern.MULTILINE);
    private static final Pattern SUREFIRE_INCLUDES = Pattern.compile(
            "Test\\w*\\.java|\\w*Test\\.java|\\w*Tests\\.java|\\w*TestCase\\.java");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    @Test
    void everyClassWithTestsMatchesTheSurefireIncludes() throws IOException, URISyntaxException {
        Path root = repositoryRoot();
        List<Path> withTests = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path source : testSources(root)) {
            if (!TEST_ANNOTATION.matcher(Files.readString(source)).find()) continue;
            withTests.add(source);
            String name = source.getFileName().toString();
            if (!SUREFIRE_INCLUDES.matcher(name).matches()) skipped.add(root.relativize(source).toString());
        }
        assertThat(withTests).as("the scan finds this very class").anyMatch(p -> p.endsWith("org/monge/testing/TestDiscoveryTest.java"));
        assertThat(skipped).as("classes with tests that Surefire never runs: name them *Test.java").isEmpty();
    }

    /** The nearest directory above this class's output directory whose pom.xml lists modules. */
    private static Path repositoryRoot() throws IOException, URISyntaxException {
        Path start = Path.of(TestDiscoveryTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && MODULE.matcher(Files.readString(pom)).find()) return dir;
        }
        throw new IllegalStateException("no pom.xml with <modules> above " + start);
    }

    /** The .java files under src/test/java of every module listed in the parent pom. */
    private static List<Path> testSources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            Path dir = root.resolve(m.group(1)).resolve("src/test/java");
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        return sources;
    }
}
