package org.monge.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks shared by the readers: the path names a readable file, and an array about to be
 * allocated fits in the Java heap (so a large input is refused with the memory it needs instead
 * of ending in an OutOfMemoryError).
 */
final class Sources {
    private static final long MB = 1 << 20;

    private Sources() {}

    /** Refuses a missing path, a directory or an unreadable file, naming it. */
    static void requireReadable(Path path) {
        if (!Files.exists(path)) throw new IllegalArgumentException(path + ": file not found");
        if (Files.isDirectory(path)) throw new IllegalArgumentException(path + ": is a directory, not a file");
        if (!Files.isReadable(path)) throw new IllegalArgumentException(path + ": permission denied");
    }

    /** The size of a regular file, or -1 for a device, pipe or other stream whose length is not known in advance. */
    static long lengthIfRegular(Path path) throws IOException {
        return Files.isRegularFile(path) ? Files.size(path) : -1;
    }

    /** Refuses to allocate {@code bytes} more when the heap cannot hold them, saying how much is needed. */
    static void requireHeap(String name, long bytes) {
        if (bytes <= available()) return;
        System.gc(); // only on the way to a refusal: garbage not yet collected must not cause one
        long free = available();
        if (bytes <= free) return;
        Runtime rt = Runtime.getRuntime();
        long suggestGb = Math.max(1, (long) Math.ceil((rt.maxMemory() - free + 1.5 * bytes) / (1024.0 * MB)));
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s: needs %d MB but the Java heap allows %d MB; "
                        + "raise the limit with -Xmx (for the monge command: MONGE_JAVA_OPTS=-Xmx%dg)",
                name, ceilMb(bytes), free / MB, suggestGb));
    }

    private static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static long ceilMb(long bytes) {
        return (bytes + MB - 1) / MB;
    }
}
