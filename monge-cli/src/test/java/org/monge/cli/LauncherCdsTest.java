package org.monge.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bin/monge's class-data sharing archive, checked on the script itself: a copy of bin/monge in a scratch tree whose
 * monge-cli/target/monge.jar is a one-class program made here (so the test needs no built tool and no Maven). The
 * archive is made once per jar, used by later runs (its classes load from the archive), remade when the jar changes;
 * a spoiled archive or a failed archive run leaves the command working, with nothing extra on stdout or stderr;
 * MONGE_JAVA_OPTS still reaches the JVM. Where the JVM on the PATH has no base class-data archive (a dynamic one builds
 * on it), only the "still works" half runs.
 */
class LauncherCdsTest {
    @TempDir
    Path root;
    private Path jar;
    private Path jsa;

    /** The program: prints its arguments; exits 3 when HELLO_FAIL is set (a run that cannot make the archive). */
    private static final String HELLO = "public class Hello { public static void main(String[] a) {"
            + " if (System.getenv(\"HELLO_FAIL\") != null) System.exit(3);"
            + " System.out.println(\"hello \" + String.join(\" \", a)); } }";

    @BeforeEach
    void scratchTree() throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path script = Path.of(System.getProperty("user.dir")).resolve("../bin/monge");
        Files.copy(script, bin.resolve("monge"));
        assertThat(bin.resolve("monge").toFile().setExecutable(true)).isTrue();
        Path target = Files.createDirectories(root.resolve("monge-cli/target"));
        jar = target.resolve("monge.jar");
        jsa = target.resolve("monge.jsa");
        Path src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("Hello.java"), HELLO);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", src.toString(), src.resolve("Hello.java").toString())).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f, manifest)) {
            j.putNextEntry(new ZipEntry("Hello.class"));
            j.write(Files.readAllBytes(src.resolve("Hello.class")));
            j.closeEntry();
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private Run monge(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("bin/monge").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("MONGE_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/monge did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private void assertClean(Run r, String expected) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expected + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    /** True when the java that bin/monge runs can map its base class-data archive. */
    private static boolean javaHasCds() throws Exception {
        Process p = new ProcessBuilder("java", "-Xshare:on", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
    }

    private String classLoadLog(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains(" Hello ")).findFirst().orElseThrow();
    }

    @Test
    void theArchiveIsMadeOnceAndUsedAfterwards() throws Exception {
        assumeTrue(javaHasCds(), "no base class-data archive");
        assertClean(monge(Map.of(), "w2", "--json"), "hello w2 --json");
        assertThat(jsa).exists();
        assertThat(Files.getLastModifiedTime(jsa)).isGreaterThan(Files.getLastModifiedTime(jar));

        Path log = root.resolve("classes.log");
        Run withArchive = monge(Map.of("MONGE_JAVA_OPTS", "-Xlog:class+load:file=" + log), "--version");
        assertClean(withArchive, "hello --version");
        assertThat(classLoadLog(log)).contains("shared objects file (top)");
    }

    @Test
    void aSpoiledArchiveIsIgnoredQuietly() throws Exception {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Files.write(jsa, junk);
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000)); // as if made after the jar
        Path log = root.resolve("classes.log");
        assertClean(monge(Map.of("MONGE_JAVA_OPTS", "-Xlog:class+load:file=" + log), "b"), "hello b");
        assertThat(classLoadLog(log)).contains("source: file:").doesNotContain("shared objects file");
    }

    @Test
    void aNewJarGetsANewArchive() throws Exception {
        assumeTrue(javaHasCds(), "no base class-data archive");
        assertClean(monge(Map.of(), "a"), "hello a");
        // the archive and its log as they would be had the jar been rebuilt after them
        FileTime earlier = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 10_000);
        Files.setLastModifiedTime(jsa, earlier);
        Files.setLastModifiedTime(root.resolve("monge-cli/target/monge.jsa.log"), earlier);
        assertClean(monge(Map.of(), "b"), "hello b");
        assertThat(Files.getLastModifiedTime(jsa)).isGreaterThan(Files.getLastModifiedTime(jar));
    }

    @Test
    void aFailedArchiveRunLeavesTheCommandWorkingAndIsNotRetried() throws Exception {
        Run failing = monge(Map.of("HELLO_FAIL", "1"), "a");
        assertThat(failing.exitCode()).isEqualTo(3);
        assertThat(failing.out()).isEmpty();
        assertThat(failing.err()).isEmpty();
        assertThat(jsa).doesNotExist();
        assertThat(root.resolve("monge-cli/target/monge.jsa.log")).exists();
        // tried once per jar: the next run (which could make it) does not try again
        assertClean(monge(Map.of(), "b"), "hello b");
        assertThat(jsa).doesNotExist();
    }
}
