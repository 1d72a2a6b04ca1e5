package io.voicebroadcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A temporary directory a test owns: made under {@code java.io.tmpdir}, deleted with everything in
 * it on {@link #close()} and, for one a test forgot or a fixture that lives as long as the JVM,
 * when the JVM exits. Child processes are pointed into it (a child JVM's {@code java.io.tmpdir},
 * nginx's prefix), so what they write goes with it however they ended, SIGKILL included.
 * <p>
 * Under {@code test.sh} (and the bench) its name carries the run's tag ({@link #RUN_VARIABLE}),
 * so the run's final check can tell its own leftovers in /tmp from those of a run beside it.
 */
public final class ScratchDir implements AutoCloseable {

    /** Set by test.sh and bench/run.sh for every process of the run (also tags the processes). */
    public static final String RUN_VARIABLE = "VOICE_BROADCAST_TEST_RUN";
    /** Deleting races with a process still writing (nginx recording its last session): a few tries. */
    private static final int DELETE_ATTEMPTS = 5;
    private static final Set<ScratchDir> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ScratchDir::close), "scratch-dir-reaper"));
    }

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** A new directory named {@code prefix}, the run's mark and a random suffix. */
    public static ScratchDir create(String prefix) {
        return make(prefix + runMark());
    }

    /**
     * A new directory named {@code prefix} and a random suffix only, without the run's mark: for
     * paths that must stay short (a Unix socket's path holds at most 107 bytes, and Chromium makes
     * its singleton socket in its temporary directory). Deleted on close or when the JVM exits,
     * as every other.
     */
    public static ScratchDir createShort(String prefix) {
        return make(prefix);
    }

    private static ScratchDir make(String name) {
        try {
            ScratchDir dir = new ScratchDir(Files.createTempDirectory(name));
            LIVE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + name + "*", e);
        }
    }

    /**
     * {@code "run-<tag>-"} under a tagged run, with the tag's characters limited to those a file
     * name may hold; empty otherwise. test.sh looks for exactly this in /tmp after the run.
     */
    public static String runMark() {
        String tag = System.getenv(RUN_VARIABLE);
        return tag == null || tag.isBlank() ? "" : "run-" + tag.replaceAll("[^A-Za-z0-9.-]", "_") + "-";
    }

    public Path path() {
        return path;
    }

    /** {@code path().resolve(name)}. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** A subdirectory, made if missing. */
    public Path directory(String name) {
        try {
            return Files.createDirectories(path.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the directory and everything in it; a no-op once it is gone. */
    @Override
    public void close() {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    deleteRecursively(path);
                    break;
                } catch (DirectoryNotEmptyException e) {
                    if (attempt == DELETE_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        } finally {
            LIVE.remove(this);
        }
    }

    /** Deletes a file or a directory tree; what is already gone is not an error. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
