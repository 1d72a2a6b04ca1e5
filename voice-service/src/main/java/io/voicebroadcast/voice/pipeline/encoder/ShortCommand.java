package io.voicebroadcast.voice.pipeline.encoder;

import io.voicebroadcast.voice.pipeline.ProcessLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs one short-lived command to completion: argv as a list, stdin closed, stdout collected
 * (bounded), stderr drained on its own thread into a bounded tail, and the whole process tree
 * killed when it outlives its timeout.
 */
final class ShortCommand {

    private static final int STDOUT_LIMIT_BYTES = 1 << 20;
    private static final int STDERR_TAIL_LINES = 20;
    /** How long to wait for the pipes to close after the process is gone or killed. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final LongSupplier nanoTime;

    ShortCommand(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    record Result(int exitCode, boolean timedOut, String stdout, String stderrTail, Duration elapsed) {

        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    Result run(List<String> argv, Duration timeout) throws IOException {
        long start = nanoTime.getAsLong();
        Process process = ProcessLauncher.start(argv);
        process.getOutputStream().close();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread stdoutReader = drain("stdout", process.getInputStream(), in -> copyBounded(in, stdout));
        Thread stderrReader = drain("stderr", process.getErrorStream(), in -> keepTail(in, stderrTail));
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                killTree(process);
            }
            stdoutReader.join(DRAIN_TIMEOUT.toMillis());
            stderrReader.join(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        String out;
        synchronized (stdout) {
            out = stdout.toString(StandardCharsets.UTF_8);
        }
        return new Result(exit, timedOut, out, tail, Duration.ofNanos(nanoTime.getAsLong() - start));
    }

    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Already forcibly destroyed; nothing more we can do from here.
        }
    }

    private interface StreamConsumer {
        void consume(InputStream in) throws IOException;
    }

    private static Thread drain(String name, InputStream in, StreamConsumer consumer) {
        Thread thread = new Thread(() -> {
            try (in) {
                consumer.consume(in);
            } catch (IOException e) {
                // The process ended or was killed: the pipe closing is expected.
            }
        }, "short-command-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            synchronized (out) {
                int room = STDOUT_LIMIT_BYTES - out.size();
                out.write(buffer, 0, Math.max(0, Math.min(room, n)));
            }
        }
    }

    private static void keepTail(InputStream in, Deque<String> tail) throws IOException {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            synchronized (tail) {
                if (tail.size() == STDERR_TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
    }
}
