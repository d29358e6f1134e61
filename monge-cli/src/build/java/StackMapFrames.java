import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of monge-cli, run by its pom right after the shade plugin: rewrites the class files older than Java 6
 * (version 49, as picocli ships them) under the given package prefixes of the command's jar as Java 8 class files
 * (version 52) with stack map frames computed by ASM. Only the version number, the frames and the maximum stack
 * sizes change; the bytecode is copied as it is. Why: the JVM checks old class files with the slow type-inferring
 * verifier on every run, and a dynamic class-data sharing archive (bin/monge's monge.jsa) refuses them ("Pre JDK 6
 * class not supported by CDS"); with frames they are checked by the type-checking verifier once, when the archive is
 * made, and mapped already verified afterwards (docs/benchmarks.md, "Start-up of the monge command").
 *
 * <p>Afterwards every rewritten class is loaded and linked, hence verified, from the new jar in a fresh class loader:
 * a frame the verifier rejects fails the build instead of a later run (version 52 has no fallback to the old
 * verifier).
 *
 * <p>Usage: {@code java -cp asm.jar StackMapFrames.java JAR PREFIX...} (a prefix such as {@code picocli/}).
 */
public final class StackMapFrames {
    private static final int OLDEST_WITH_FRAMES = Opcodes.V1_6;
    private static final int TARGET = Opcodes.V1_8;

    private StackMapFrames() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: StackMapFrames JAR PREFIX...");
        }
        Path jar = Path.of(args[0]);
        List<String> prefixes = List.of(args).subList(1, args.length);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".frames.tmp");
        List<String> rewritten = new ArrayList<>();
        try (URLClassLoader original = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (selected(e.getName(), prefixes) && majorVersion(bytes) < OLDEST_WITH_FRAMES) {
                    bytes = withFrames(bytes, original);
                    rewritten.add(e.getName());
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(tmp);
            throw ex;
        }
        try {
            verify(tmp, rewritten);
        } catch (LinkageError | ReflectiveOperationException ex) {
            Files.deleteIfExists(tmp);
            throw ex;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("StackMapFrames: " + rewritten.size() + " classes of " + prefixes + " in " + jar.getFileName()
                + " rewritten as version " + TARGET + " with stack map frames, each verified");
    }

    private static boolean selected(String name, List<String> prefixes) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && prefixes.stream().anyMatch(name::startsWith);
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** The class with version 52 and frames (and maximum stack sizes) computed; common super classes from the jar. */
    private static byte[] withFrames(byte[] classFile, ClassLoader jarLoader) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return jarLoader;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Loads every rewritten class from the new jar and links it (reflection over its methods links the class). */
    private static void verify(Path jar, List<String> classFiles) throws IOException, ReflectiveOperationException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String f : classFiles) {
                String name = f.substring(0, f.length() - ".class".length()).replace('/', '.');
                Class.forName(name, false, loader).getDeclaredMethods();
            }
        }
    }
}
