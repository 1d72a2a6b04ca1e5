package io.voicebroadcast.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A child process started by a test: argv as a list, output drained on its own thread into a
 * bounded tail, destroyed with its whole tree on {@link #close()} and, as a last resort, when
 * the test JVM exits. Tests never leave a process behind.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final int TAIL_LINES = 400;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::close), "test-process-reaper"));
    }

    private final String name;
    private final Process process;
    private volatile Thread drainThread;
    private final Deque<String> tail = new ArrayDeque<>();

    private ManagedProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts argv with stderr merged into stdout, which is drained into the tail. */
    public static ManagedProcess start(String name, List<String> argv) {
        return start(name, argv, Map.of());
    }

    /**
     * As {@link #start(String, List)}, with {@code environment} added to this JVM's. A variable
     * set here is inherited by every descendant, orphans included, so it can tag them for
     * {@link Processes#tagged}.
     */
    public static ManagedProcess start(String name, List<String> argv, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process p = builder.start();
            ManagedProcess mp = new ManagedProcess(name, p);
            LIVE.add(mp);
            Thread drain = new Thread(mp::drain, "drain-" + name);
            drain.setDaemon(true);
            mp.drainThread = drain;
            drain.start();
            return mp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private void drain() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the process went away
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

    public Process process() {
        return process;
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The last lines the process printed. */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /**
     * Waits for the process to exit by itself; returns its exit code or -1 on timeout. Once it
     * has exited, its last output has been drained too, so {@link #tail()} is complete.
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return -1;
            }
            Thread drain = drainThread;
            if (drain != null) {
                drain.join(2000);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits until {@code ready} answers true, asking every {@code poll}. Fails at once if the
     * process exits first, and after {@code timeout} otherwise; either way the message says
     * {@code what} was awaited, with the process's last output and {@code detail} (e.g. its log).
     */
    public void awaitReady(String what, Duration timeout, Duration poll, Callable<Boolean> ready, Supplier<String> detail) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll)
                    .failFast(() -> !process.isAlive())
                    .until(ready);
        } catch (TerminalFailureException e) {
            waitFor(Duration.ofSeconds(2)); // its last output drained
            throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before " + what + ":\n" + tail()
                    + detail.get(), e);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + ": not " + what + " within " + timeout + ":\n" + tail() + detail.get(), e);
        }
    }

    /** Kills the process abruptly (SIGKILL), as a crash or a network cut would. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (waitFor(Duration.ofSeconds(3)) == -1) {
                kill();
            }
        }
        LIVE.remove(this);
    }
}
