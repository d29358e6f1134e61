package org.monge.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test source in every module is named so that Surefire runs it. Surefire only runs classes whose file name
 * matches its default includes (the poms keep them); a class with tests under another name compiles and is silently
 * skipped. The sources are read through {@link SourceTree}; CodeStandardsTest checks the same files against the code
 * standards.
 */
class TestDiscoveryTest {
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "^\\s*@(?:org\\.junit\\.jupiter\\.\\w+\\.)?(Test|ParameterizedTest|RepeatedTest|FuzzTest|TestFactory|TestTemplate)\\b",
            Pattern.MULTILINE);
    private static final Pattern SUREFIRE_INCLUDES = Pattern.compile(
            "Test\\w*\\.java|\\w*Test\\.java|\\w*Tests\\.java|\\w*TestCase\\.java");

    @Test
    void everyClassWithTestsMatchesTheSurefireIncludes() throws IOException, URISyntaxException {
        Path root = SourceTree.root();
        List<Path> withTests = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path source : SourceTree.javaFiles(root, "src/test/java")) {
            if (!TEST_ANNOTATION.matcher(Files.readString(source)).find()) continue;
            withTests.add(source);
            String name = source.getFileName().toString();
            if (!SUREFIRE_INCLUDES.matcher(name).matches()) skipped.add(root.relativize(source).toString());
        }
        assertThat(withTests).as("the scan finds this very class").anyMatch(p -> p.endsWith("org/monge/testing/TestDiscoveryTest.java"));
        assertThat(skipped).as("classes with tests that Surefire never runs: name them *Test.java").isEmpty();
    }
}
