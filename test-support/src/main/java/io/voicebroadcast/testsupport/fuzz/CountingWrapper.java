package io.voicebroadcast.testsupport.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for a binary (FFmpeg, ffprobe) that a service is configured to run: it appends one
 * line per start (its pid and arguments) to a log, then execs the real binary, so the process is
 * the real one and a test counts exactly how many were started and for which URL.
 */
public final class CountingWrapper {

    private final Path script;
    private final Path log;

    private CountingWrapper(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /** Writes {@code dir/name} (the script) and {@code dir/name.starts} (its log) for the binary at {@code real}. */
    public static CountingWrapper create(Path dir, String name, String real) {
        Path script = dir.resolve(name);
        Path log = dir.resolve(name + ".starts");
        if (real.contains("'") || log.toString().contains("'")) {
            throw new IllegalArgumentException("a path with a single quote cannot be put in the wrapper script");
        }
        try {
            Files.writeString(log, "");
            // One line per start: line breaks inside an argument (an HTTP -headers value ends with
            // CRLF) are folded, and the line is written with one printf so that concurrent starts
            // append whole lines.
            Files.writeString(script, """
                    #!/bin/sh
                    line=$(printf '%%s ' "$$" "$@" | tr '\\r\\n' '  ')
                    printf '%%s\\n' "$line" >> '%s'
                    exec '%s' "$@"
                    """.formatted(log, real), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CountingWrapper(script, log);
    }

    /** What to configure as the binary's path. */
    public Path path() {
        return script;
    }

    /** Every start so far, oldest first: "pid arguments...". */
    public List<String> starts() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int count() {
        return starts().size();
    }
}
