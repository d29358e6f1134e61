package org.monge.cli;

import org.monge.cli.plot.Plots;
import org.monge.io.ArrayFiles;
import org.monge.io.NdArray;
import org.monge.io.Npz;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every file the CLI writes goes through here, so that no run loses data. Before any work the output
 * options of the command are checked (the folder exists and is writable, the extension fits, no output
 * is an input or another output); the files a command produces are staged and written only once the
 * result is complete; each is written to a temporary file in the same folder and then moved into place
 * (an atomic rename), so an interrupted run, a full disk or a failed command leaves the previous file
 * intact. Temporary files are deleted on failure and, on SIGTERM or Ctrl-C, by a shutdown hook.
 */
public final class Outputs {
    /** What an output option names, and the extensions it takes. */
    enum Kind {
        ARRAY(".npy", ".csv"), NPZ(".npz"), IMAGE(Plots.FORMATS.toArray(String[]::new)), DIRECTORY, PREFIX;

        final List<String> extensions;

        Kind(String... extensions) { this.extensions = List.of(extensions); }
    }

    /** Writes the content of one file to the given (temporary) path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private record Pending(Path target, String option, Content content) {}

    private static final Set<Path> TEMPORARY = ConcurrentHashMap.newKeySet();

    /**
     * Held while a temporary file is created, registered and written, so that the shutdown hook never
     * runs between the creation and the registration, nor deletes a file that the writer then opens
     * (and so re-creates) by its name. The hook waits for a write in progress up to {@link #SHUTDOWN_WAIT_S}.
     */
    private static final ReentrantLock WRITING = new ReentrantLock();
    private static final long SHUTDOWN_WAIT_S = 2;
    private static volatile boolean closing;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closing = true;
            boolean locked = false;
            try {
                locked = WRITING.tryLock(SHUTDOWN_WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                for (Path p : TEMPORARY) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) { // the JVM is exiting: nothing left to tell
                    }
                }
            } finally {
                if (locked) WRITING.unlock();
            }
        }, "monge-outputs-cleanup"));
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Stages an array (.npy or .csv by extension) for {@link #commit}. */
    void array(Path target, String option, NdArray a) {
        pending.add(new Pending(target, option, tmp -> arrayTo(tmp, a, option, target)));
    }

    /** Stages any file for {@link #commit}. */
    void file(Path target, String option, Content content) {
        pending.add(new Pending(target, option, content));
    }

    /** Writes every staged file to a temporary file first, then moves them all into place; on failure none is replaced. */
    void commit() throws IOException {
        List<Path> temps = new ArrayList<>();
        try {
            for (Pending p : pending) temps.add(writeTemporary(resolved(p.target), p.option, p.content));
            for (int i = 0; i < pending.size(); i++) moveIntoPlace(temps.get(i), resolved(pending.get(i).target));
        } finally {
            for (Path t : temps) discard(t);
            pending.clear();
        }
    }

    /** Writes one file now, atomically: a temporary file in the same folder, then a rename over the target. */
    public static void write(Path target, String option, Content content) throws IOException {
        Path real = resolved(target);
        Path tmp = writeTemporary(real, option, content);
        try {
            moveIntoPlace(tmp, real);
        } finally {
            discard(tmp);
        }
    }

    /** Writes an array (.npy or .csv by extension), atomically. */
    public static void writeArray(Path target, String option, NdArray a) throws IOException {
        write(target, option, tmp -> arrayTo(tmp, a, option, target));
    }

    /** Writes arrays as an .npz archive, atomically. */
    public static void writeNpz(Path target, String option, Map<String, NdArray> arrays) throws IOException {
        write(target, option, tmp -> Npz.write(tmp, arrays));
    }

    private static void arrayTo(Path tmp, NdArray a, String option, Path target) throws IOException {
        String n = target.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!n.endsWith(".npy") && !n.endsWith(".csv")) {
            throw new IllegalArgumentException(option + ": unsupported output type for " + target + " (expected .npy or .csv)");
        }
        // the temporary name ends in the target's extension, so the writer picks the same format
        ArrayFiles.write(tmp, a);
    }

    /** The file a target names: a symbolic link is followed, so the file it points at is replaced, not the link. */
    private static Path resolved(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        return Files.isSymbolicLink(abs) ? abs.toRealPath() : abs;
    }

    private static Path writeTemporary(Path target, String option, Content content) throws IOException {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : "";
        WRITING.lock();
        try {
            if (closing) throw new IOException(option + ": " + target + " not written: Monge is shutting down");
            Path tmp;
            try {
                tmp = Files.createTempFile(target.getParent(), "." + name + ".", ".tmp" + ext);
            } catch (IOException e) {
                throw new IOException(option + ": cannot write in " + target.getParent() + ": " + reason(e), e);
            }
            TEMPORARY.add(tmp);
            try {
                content.writeTo(tmp);
            } catch (IOException e) {
                discard(tmp);
                throw new IOException(option + ": writing " + target + " failed (" + reason(e) + "); the previous file, if any, is "
                        + "unchanged", e);
            } catch (RuntimeException | Error e) {
                discard(tmp);
                throw e;
            }
            return tmp;
        } finally {
            WRITING.unlock();
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        TEMPORARY.remove(tmp);
    }

    private static void discard(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) { // best effort: the name starts with a dot and says .tmp
        }
        TEMPORARY.remove(tmp);
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    // ---- checks before any work ------------------------------------------------------------------

    /** An output option with its value. */
    record Target(String option, Path path, Kind kind) {}

    /**
     * Checks every output option of a command before it computes anything: refuses (one line naming the
     * option) a missing or read-only folder, a wrong extension, an output that is also an input, and two
     * options naming the same output.
     */
    static void check(CommandSpec spec) throws IOException {
        List<Target> outs = new ArrayList<>();
        Map<Path, String> ins = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            Kind k = kind(o);
            Object v = o.getValue();
            if (v == null) continue;
            if (k == Kind.PREFIX && o.longestName().equals(GradientFiles.OPTION)) {
                for (Path p : GradientFiles.targets(String.valueOf(v), String.join(" ", o.description()).contains("(.npz"))) {
                    outs.add(new Target(o.longestName(), p, p.toString().endsWith(".npz") ? Kind.NPZ : Kind.ARRAY));
                }
            } else if (k == Kind.PREFIX) {
                outs.add(new Target(o.longestName(), Path.of(v + "_u.npy"), Kind.ARRAY));
                outs.add(new Target(o.longestName(), Path.of(v + "_v.npy"), Kind.ARRAY));
            } else if (k != null && v instanceof Path p) {
                outs.add(new Target(o.longestName(), p, k));
            } else if (v instanceof Path p) {
                ins.put(identity(p), o.longestName());
            }
        }
        for (ArgSpec a : spec.positionalParameters()) {
            if (a.getValue() instanceof Path p) ins.put(identity(p), a.paramLabel());
        }
        Map<Path, String> seen = new LinkedHashMap<>();
        for (Target t : outs) {
            checkOne(t);
            if (t.kind == Kind.DIRECTORY) continue;
            Path id = identity(t.path);
            String in = ins.get(id);
            if (in != null) {
                throw new IllegalArgumentException(t.option + ": " + t.path + " is the " + in
                        + " input; writing it would destroy the input, choose another file");
            }
            String other = seen.putIfAbsent(id, t.option);
            if (other != null) {
                throw new IllegalArgumentException(t.option + ": " + t.path + " is also the " + other
                        + " output; give each output its own file");
            }
        }
    }

    /** The kind of an output option, or null for an input or a setting. */
    static Kind kind(OptionSpec o) {
        String n = o.longestName();
        boolean out = n.equals("--out") || n.startsWith("--out-") || n.endsWith("-out") || n.equals("--plot");
        if (!out) return null;
        if (n.equals("--plot")) return Kind.IMAGE;
        if (o.paramLabel().equals("DIR")) return Kind.DIRECTORY;
        if (o.paramLabel().equals("PREFIX")) return Kind.PREFIX;
        String description = String.join(" ", o.description());
        if (o.paramLabel().endsWith(".npz") || description.contains("(.npz")) return Kind.NPZ;
        return Kind.ARRAY;
    }

    private static void checkOne(Target t) {
        Path abs = t.path.toAbsolutePath().normalize();
        if (t.kind == Kind.DIRECTORY) {
            if (Files.exists(abs) && !Files.isDirectory(abs)) {
                throw new IllegalArgumentException(t.option + ": " + t.path + " exists and is not a folder");
            }
            return;
        }
        String name = abs.getFileName() == null ? "" : abs.getFileName().toString().toLowerCase(Locale.ROOT);
        if (t.kind.extensions.stream().noneMatch(name::endsWith)) {
            throw new IllegalArgumentException(t.option + ": " + t.path + " must end in " + String.join(", ", t.kind.extensions)
                    + (t.kind == Kind.IMAGE ? " (the image format is taken from the extension)" : ""));
        }
        if (Files.isDirectory(abs)) throw new IllegalArgumentException(t.option + ": " + t.path + " is a folder, not a file");
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(t.option + ": folder " + dir + " does not exist");
        if (!Files.isWritable(dir)) throw new IllegalArgumentException(t.option + ": folder " + dir + " is not writable");
        if (Files.exists(abs) && !Files.isWritable(abs)) throw new IllegalArgumentException(t.option + ": " + t.path + " is read-only");
    }

    /** The file a path names, after normalising and following links where it exists. */
    private static Path identity(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }
}
