package org.monge.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples, kept true: every {@code java} block compiles against the library and runs
 * without an exception, and every {@code bin/monge} line of a {@code bash} block names a command and
 * options that exist, with the required ones present (parsed, not run: their input files are the
 * reader's own).
 */
class ReadmeExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```(java|bash)\\n(.*?)```", Pattern.DOTALL);

    @TempDir Path dir;

    static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("monge-core"))) return p.resolve("README.md");
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }

    static List<String[]> blocks() throws IOException {
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(readme(), StandardCharsets.UTF_8));
        while (m.find()) out.add(new String[] {m.group(1), m.group(2)});
        return out;
    }

    @TestFactory
    List<DynamicTest> javaBlocksCompileAndRun() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int k = 0;
        for (String[] b : blocks()) {
            if (!b[0].equals("java")) continue;
            int no = ++k;
            tests.add(DynamicTest.dynamicTest("java block " + no, () -> compileAndRun("ReadmeExample" + no, b[1])));
        }
        assertThat(tests).as("the README shows the library in Java").isNotEmpty();
        return tests;
    }

    @TestFactory
    List<DynamicTest> commandLinesParse() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] b : blocks()) {
            if (!b[0].equals("bash")) continue;
            for (String line : b[1].split("\n")) {
                String command = line.replaceAll("\\s+#.*$", "").trim();
                if (!command.startsWith("bin/monge ") || command.startsWith("bin/monge spark")) continue;
                String[] args = command.substring("bin/monge ".length()).trim().split("\\s+");
                tests.add(DynamicTest.dynamicTest(command, () -> {
                    CommandLine cl = Main.commandLine();
                    try {
                        cl.parseArgs(args);
                    } catch (CommandLine.ParameterException e) {
                        throw new AssertionError("README line does not parse: " + command + ": " + e.getMessage(), e);
                    }
                }));
            }
        }
        assertThat(tests).as("the README shows the command line").hasSizeGreaterThan(10);
        return tests;
    }

    private void compileAndRun(String name, String block) throws Exception {
        StringBuilder imports = new StringBuilder(), body = new StringBuilder();
        for (String line : block.split("\n")) (line.startsWith("import ") ? imports : body).append(line).append('\n');
        String source = imports + "import java.nio.file.*;\nimport java.util.*;\n\npublic class " + name
                + " {\n    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n";
        Path src = dir.resolve(name + ".java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int rc = javac.run(null, diagnostics, diagnostics, "-cp", classPath, "-d", dir.toString(), src.toString());
        assertThat(rc).as("README block does not compile:\n%s\n%s", diagnostics, source).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        }
    }
}
