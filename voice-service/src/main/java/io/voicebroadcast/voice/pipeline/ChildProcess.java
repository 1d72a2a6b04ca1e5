package io.voicebroadcast.voice.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Owns the whole life of one external process: argv as a list (never a shell string), stderr
 * drained on its own thread through a masker into a bounded tail and a line listener, exit
 * observed with {@link #onExit()}, and one stop sequence: close stdin, wait, SIGTERM, wait,
 * then kill the whole tree. Started by {@link ProcessLauncher}, it dies with the JVM even when
 * the JVM is killed and none of this runs.
 */
public final class ChildProcess {

    private static final int TAIL_LINES = 50;

    private final String name;
    private final Process process;
    private final UnaryOperator<String> masker;
    private final Deque<String> tail = new ArrayDeque<>();

    private ChildProcess(String name, Process process, UnaryOperator<String> masker) {
        this.name = name;
        this.process = process;
        this.masker = masker;
    }

    /**
     * Starts argv. Every stderr line is masked first, then kept in the tail and given to
     * {@code stderrLines}; nothing unmasked leaves this class.
     */
    public static ChildProcess start(String name, List<String> argv, UnaryOperator<String> masker,
                                     Consumer<String> stderrLines) throws IOException {
        Process p = ProcessLauncher.start(argv);
        ChildProcess child = new ChildProcess(name, p, masker);
        Thread drain = new Thread(() -> child.drain(stderrLines), name + "-stderr");
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    private void drain(Consumer<String> stderrLines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String masked = masker.apply(line);
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(masked);
                }
                stderrLines.accept(masked);
            }
        } catch (IOException ignored) {
            // the process is gone; onExit() reports it
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public int exitValueOr(int fallback) {
        return process.isAlive() ? fallback : process.exitValue();
    }

    /** The last stderr lines, already masked. */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** The last non-progress stderr line, masked, or empty. */
    public String lastLine() {
        synchronized (tail) {
            return tail.isEmpty() ? "" : tail.peekLast();
        }
    }

    /**
     * Ends the process: close stdin (FFmpeg treats end of input as the end of the stream), wait
     * {@code grace}; SIGTERM, wait {@code grace}; then SIGKILL the process and its descendants.
     */
    public void stop(Duration grace) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        if (waitFor(grace)) {
            return;
        }
        process.destroy();
        if (waitFor(grace)) {
            return;
        }
        kill();
    }

    /**
     * Ends a process that has no input to close (a decoder): SIGTERM, wait {@code grace}, then
     * SIGKILL the tree. FFmpeg ends on SIGTERM at once, without writing into a closed pipe.
     */
    public void terminate(Duration grace) {
        process.destroy();
        if (!waitFor(grace)) {
            kill();
        }
    }

    /** Waits up to {@code timeout} for the process to end by itself; true if it has. */
    public boolean awaitExit(Duration timeout) {
        return waitFor(timeout);
    }

    /** SIGKILL the process and every descendant at once. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(2));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
