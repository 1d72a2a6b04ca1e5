package io.voicebroadcast.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A Spring Boot service started from its jar as a separate process, as it runs in production:
 * <ul>
 *   <li>settings in the environment, not argv (they hold tokens), the port as {@code SERVER_PORT},
 *       listening on loopback only ({@code SERVER_ADDRESS=127.0.0.1} unless the caller says otherwise);</li>
 *   <li>its whole output in a log file, so that a test can read all of it (e.g. to prove that a
 *       secret was never logged), not only a tail; still readable after {@link #close()};</li>
 *   <li>everything it writes to disk in a {@link ScratchDir} of its own (the log, and its
 *       {@code java.io.tmpdir}: embedded Tomcat's work and docbase directories), deleted on
 *       {@link #close()} however the process ended, SIGKILL included;</li>
 *   <li>ready when {@code /actuator/health} answers {@code UP}; a process that exits first fails
 *       the wait with its log;</li>
 *   <li>every process it starts inherits {@link #TAG_VARIABLE}, so that its media processes are
 *       found ({@link #taggedMediaProcesses()}) even after it was killed and they were re-parented;</li>
 *   <li>stopped with SIGTERM (the service's graceful shutdown ends its own children), then killed
 *       with its whole tree, then any tagged process that outlived it; and, as a last resort, when
 *       the test JVM exits. A test that proves the service ends its children itself looks before
 *       {@link #close()}.</li>
 * </ul>
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(25);
    /** Set to a value of its own for each service, inherited by everything the service starts. */
    public static final String TAG_VARIABLE = "VOICE_BROADCAST_SERVICE_TAG";
    private static final Duration HEALTH_POLL = Duration.ofMillis(200);
    private static final Set<ServiceProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(sp -> {
            sp.kill();
            sp.taggedMediaProcesses().forEach(Processes.Leftover::kill);
            sp.scratch.close();
        }), "service-process-reaper"));
    }

    private final String name;
    private final int port;
    private final String tag;
    private final Process process;
    private final ScratchDir scratch;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** The whole log, kept when the scratch directory is deleted. */
    private volatile String closedLog;

    private ServiceProcess(String name, int port, String tag, Process process, ScratchDir scratch, Path logFile) {
        this.name = name;
        this.port = port;
        this.tag = tag;
        this.process = process;
        this.scratch = scratch;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java [@module/jvm.options] -jar jar args...} with {@code SERVER_PORT=port} and {@code env} added to
     * this JVM's environment; does not wait for it to be ready ({@link #awaitHealthy}).
     *
     * @throws IllegalStateException when the jar is missing, saying how to build it
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> env, List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar.toAbsolutePath().normalize() + " is missing. It is built by the reactor"
                    + " before this module's tests (./mvnw verify); alone: ./mvnw -pl " + moduleOf(jar) + " -am package -DskipTests");
        }
        // The JVM options the service ships with (voice-service/jvm.options), as the image and demo.sh use them.
        Path options = jar.toAbsolutePath().getParent().getParent().resolve("jvm.options");
        return launch(name, Files.isRegularFile(options) ? List.of("@" + options) : List.of(),
                List.of("-jar", jar.toAbsolutePath().toString()), port, env, args);
    }

    /**
     * As {@link #start}, for a main class on this JVM's class path: a module's own service in its
     * own tests, before its jar is built (the service then runs with the module's test resources too).
     */
    public static ServiceProcess startMainClass(String name, String mainClass, int port, Map<String, String> env, List<String> args) {
        return launch(name, List.of(), List.of("-cp", System.getProperty("java.class.path"), mainClass), port, env, args);
    }

    private static ServiceProcess launch(String name, List<String> jvmOptions, List<String> main, int port, Map<String, String> env,
                                         List<String> args) {
        List<String> argv = new ArrayList<>(List.of(javaBinary()));
        argv.addAll(jvmOptions);
        ScratchDir scratch = ScratchDir.create(name + "-");
        argv.add("-Djava.io.tmpdir=" + scratch.directory("tmp"));
        argv.addAll(main);
        argv.addAll(args);
        try {
            Path log = scratch.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            String tag = UUID.randomUUID().toString();
            pb.environment().put("SERVER_ADDRESS", "127.0.0.1");
            pb.environment().putAll(env);
            pb.environment().put("SERVER_PORT", String.valueOf(port));
            pb.environment().put(TAG_VARIABLE, tag);
            ServiceProcess sp = new ServiceProcess(name, port, tag, pb.start(), scratch, log);
            LIVE.add(sp);
            return sp;
        } catch (IOException | RuntimeException e) {
            scratch.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot start " + name, io) : (RuntimeException) e;
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** {@code .../voice-service/target/x.jar} -> {@code voice-service}. */
    private static String moduleOf(Path jar) {
        Path target = jar.toAbsolutePath().normalize().getParent();
        return target != null && target.getParent() != null ? target.getParent().getFileName().toString() : "<module>";
    }

    /**
     * Waits for {@code GET /actuator/health} to answer 200 with status UP. A service that exits
     * first, or is not healthy in time, is closed and the wait fails with its log's tail.
     */
    public ServiceProcess awaitHealthy(Duration timeout) {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            await().atMost(timeout).pollInterval(HEALTH_POLL)
                    .failFast(name + " exited before it was healthy", () -> !process.isAlive())
                    .until(() -> answersUp(health));
            return this;
        } catch (TerminalFailureException e) {
            String tail = logTail(80);
            close();
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was healthy:\n" + tail, e);
        } catch (ConditionTimeoutException e) {
            String tail = logTail(80);
            close();
            throw new IllegalStateException(name + " was not healthy within " + timeout + ":\n" + tail, e);
        }
    }

    private boolean answersUp(HttpRequest health) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The log file while the process is not closed; {@link #log()} stays readable after. */
    public Path logFile() {
        return logFile;
    }

    /** The directory the process writes to (its java.io.tmpdir is {@code tmp} in it); deleted on close. */
    public Path scratchDir() {
        return scratch.path();
    }

    /** Everything the process printed so far (after {@link #close()}: everything it printed). */
    public String log() {
        String closed = closedLog;
        if (closed != null) {
            return closed;
        }
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail(int lines) {
        String[] all = log().split("\n", -1);
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /** Every media process ({@link Processes#MEDIA_COMMANDS}) that carries this service's tag, whoever its parent is now. */
    public List<Processes.Leftover> taggedMediaProcesses() {
        return Processes.tagged(TAG_VARIABLE, tag);
    }

    /** SIGKILL to the service's JVM only, as the kernel's OOM killer or {@code kill -9} would: its children are not touched. */
    public void killJvmOnly() {
        process.destroyForcibly();
    }

    /** SIGTERM to the service's JVM only, as {@code docker stop} or systemd would: its graceful shutdown, not waited for. */
    public void terminateJvmOnly() {
        process.destroy();
    }

    /**
     * SIGSTOP to the service and everything it started, as a frozen machine (or a partition that
     * holds its connections open) would: it neither speaks nor exits. {@link #resume()} undoes it.
     */
    public void pause() {
        signalTree("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signalTree("-CONT");
    }

    private void signalTree(String signal) {
        List<String> argv = new ArrayList<>(List.of("kill", signal, String.valueOf(process.pid())));
        process.descendants().forEach(p -> argv.add(String.valueOf(p.pid())));
        try {
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + name + " failed: " + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the JVM to exit by itself; false if it is still running after {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        return waitFor(timeout);
    }

    /** Ends it abruptly with its whole tree (SIGKILL), as a crash would. */
    public void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        waitFor(Duration.ofSeconds(5));
        LIVE.remove(this);
    }

    /**
     * SIGTERM and up to {@link #STOP_TIMEOUT} for a graceful shutdown; then the whole tree is
     * killed. Then its scratch directory goes, the log kept in memory for {@link #log()}.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            resumeQuietly(); // a paused service would never hear the SIGTERM out
            process.destroy();
            if (!waitFor(STOP_TIMEOUT)) {
                kill();
            }
        }
        // children the service should have ended itself, and those that outlived a JVM killed alone
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        taggedMediaProcesses().forEach(Processes.Leftover::kill);
        LIVE.remove(this);
        if (closedLog == null && Files.exists(logFile)) {
            closedLog = log();
        }
        scratch.close();
    }

    private void resumeQuietly() {
        try {
            resume();
        } catch (RuntimeException e) {
            // it may have exited meanwhile
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
