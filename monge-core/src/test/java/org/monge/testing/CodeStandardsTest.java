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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code standards of every module's src/main and src/test Java files, as listed in docs/architecture.md ("Seams to
 * outside libraries") and the project's style rules:
 * <ul>
 *   <li>{@code outside-library}: only {@code org.monge.linalg} imports EJML or netlib;</li>
 *   <li>{@code solver-io}: the solver packages (gaussian, gmm, discrete and their sub-packages, linalg) import neither
 *       {@code org.monge.io} nor {@code java.nio} in main sources: they take arrays and rows, callers read files;</li>
 *   <li>{@code qualified-name}: no fully qualified class name in code (outside import and package lines, comments and
 *       string literals): import the class;</li>
 *   <li>{@code line-length}: lines of at most 140 characters.</li>
 * </ul>
 * That every class with tests is named so that Surefire runs it is checked by {@link TestDiscoveryTest}. Every violation
 * is reported as path:line.
 */
class CodeStandardsTest {
    private static final int MAX_LINE = 140;
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.*]+)\\s*;");
    private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("^\\s*(?:import|package)\\b");
    private static final Pattern OUTSIDE_LIBRARY = Pattern.compile("(?:org\\.ejml|dev\\.ludovic\\.netlib)\\b.*");
    private static final Pattern LINALG = Pattern.compile("org\\.monge\\.linalg(?:\\..+)?");
    private static final Pattern SOLVER = Pattern.compile("org\\.monge\\.(?:gaussian|gmm|discrete|linalg)(?:\\..+)?");
    private static final Pattern SOLVER_FORBIDDEN = Pattern.compile("(?:org\\.monge\\.io|java\\.nio)\\b.*");
    /** A dotted name of at least three parts rooted at a usual top-level package (java.util.List, org.x.functions.sqrt). */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("(?<![\\w.$])(?:java|javax|org|com|dev|scala)\\.[a-z_]\\w*(?:\\.\\w+)+");

    record Violation(String path, int line, String rule, String detail) {
        @Override
        public String toString() {
            return path + ":" + line + ": " + rule + ": " + detail;
        }
    }

    @Test
    void everySourceFileFollowsTheCodeStandards() throws IOException, URISyntaxException {
        Path root = SourceTree.root();
        List<Violation> violations = new ArrayList<>();
        int files = 0;
        for (String sourceRoot : List.of("src/main/java", "src/test/java")) {
            for (Path file : SourceTree.javaFiles(root, sourceRoot)) {
                String path = root.relativize(file).toString().replace('\\', '/');
                violations.addAll(check(path, Files.readString(file), sourceRoot.equals("src/main/java")));
                files++;
            }
        }
        List<String> failing = violations.stream().map(Violation::toString).toList();
        assertThat(files).as("Java files scanned").isGreaterThan(100);
        assertThat(failing).as(failing.size() + " code standard violations (path:line: rule: detail)").isEmpty();
    }

    @Test
    void eachRuleReportsTheLineOfItsViolation() {
        String source = String.join("\n",
                "package org.monge.gmm;",
                "import org.ejml.data.DMatrixRMaj;",
                "import static java.nio.file.Files.readString;",
                "/** Uses {@link java.util.List} in a comment, which is fine. */",
                "class X {",
                "    java.util.List<String> names = new java.util.ArrayList<>(); // java.util.Map in a comment",
                "    String s = \"java.util.Map in a string\" + '\"' + \"\\\" org.Y\";",
                "    String t = \"\"\"",
                "            org.monge.io.Npy in a text block",
                "            \"\"\";",
                "    /* org.monge.io.Npy",
                "       in a block comment */ double d = dev.length;",
                "    @org.junit.jupiter.api.Test void f() {}",
                "    Column c = org.apache.spark.sql.functions.sqrt(x);",
                "    int " + "x".repeat(MAX_LINE) + ";",
                "    double dev = dev.mean + org.length;",
                "}");
        assertThat(check("m/src/main/java/org/monge/gmm/X.java", source, true)).extracting(Violation::toString).containsExactly(
                "m/src/main/java/org/monge/gmm/X.java:2: outside-library: org.ejml.data.DMatrixRMaj",
                "m/src/main/java/org/monge/gmm/X.java:3: solver-io: java.nio.file.Files.readString",
                "m/src/main/java/org/monge/gmm/X.java:6: qualified-name: java.util.List",
                "m/src/main/java/org/monge/gmm/X.java:6: qualified-name: java.util.ArrayList",
                "m/src/main/java/org/monge/gmm/X.java:13: qualified-name: org.junit.jupiter.api.Test",
                "m/src/main/java/org/monge/gmm/X.java:14: qualified-name: org.apache.spark.sql.functions.sqrt",
                "m/src/main/java/org/monge/gmm/X.java:15: line-length: " + (MAX_LINE + 9) + " characters");
    }

    @Test
    void theSeamsApplyWhereTheyShould() {
        String imports = "package %s;\nimport org.ejml.data.DMatrixRMaj;\nimport java.nio.file.Path;\n"
                + "import org.monge.io.Npy;\nclass X {}\n";
        assertThat(check("Linalg.java", imports.formatted("org.monge.linalg"), true)).extracting(Violation::rule)
                .containsExactly("solver-io", "solver-io");
        assertThat(check("Test.java", imports.formatted("org.monge.linalg"), false)).isEmpty();
        assertThat(check("Entropic.java", imports.formatted("org.monge.gaussian.entropic"), true)).extracting(Violation::rule)
                .containsExactly("outside-library", "solver-io", "solver-io");
        assertThat(check("Cli.java", imports.formatted("org.monge.cli"), true)).extracting(Violation::rule)
                .containsExactly("outside-library");
        assertThat(check("Near.java", "package org.monge.gmm;\nimport org.monge.iox.Y;\nimport java.nioish.Z;\n", true)).isEmpty();
    }

    /** The violations of one source file; {@code main} says whether it is a main (not a test) source. */
    static List<Violation> check(String path, String source, boolean main) {
        String[] raw = source.split("\n", -1);
        String[] code = codeOnly(source).split("\n", -1);
        Matcher pkg = PACKAGE.matcher(codeOnly(source));
        String packageName = pkg.find() ? pkg.group(1) : "";
        boolean linalg = LINALG.matcher(packageName).matches();
        boolean solver = main && SOLVER.matcher(packageName).matches();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            int line = i + 1;
            Matcher imported = IMPORT.matcher(code[i]);
            if (imported.find()) {
                String name = imported.group(1);
                if (!linalg && OUTSIDE_LIBRARY.matcher(name).matches()) {
                    violations.add(new Violation(path, line, "outside-library", name));
                }
                if (solver && SOLVER_FORBIDDEN.matcher(name).matches()) violations.add(new Violation(path, line, "solver-io", name));
            }
            if (!IMPORT_OR_PACKAGE.matcher(code[i]).find()) {
                Matcher qualified = QUALIFIED_NAME.matcher(code[i]);
                while (qualified.find()) violations.add(new Violation(path, line, "qualified-name", qualified.group()));
            }
            String text = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            int length = text.codePointCount(0, text.length());
            if (length > MAX_LINE) violations.add(new Violation(path, line, "line-length", length + " characters"));
        }
        return violations;
    }

    /**
     * The source with the contents of comments, string literals, text blocks and character literals replaced by spaces
     * (line breaks kept), so that line numbers and columns stay those of the source.
     */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        int i = 0;
        while (i < n) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                if (end < 0) end = n;
                blank(source, i, end, out);
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(source, i, end, out);
            } else if (source.startsWith("\"\"\"", i)) {
                end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) end += source.charAt(end) == '\\' ? 2 : 1;
                end = Math.min(n, end + 3);
                blank(source, i, end, out);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < n && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                if (end < n && source.charAt(end) == quote) end++;
                blank(source, i, end, out);
            } else {
                out.append(source.charAt(i));
                end = i + 1;
            }
            i = end;
        }
        return out.toString();
    }

    private static void blank(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) out.append(source.charAt(k) == '\n' ? '\n' : ' ');
    }
}
