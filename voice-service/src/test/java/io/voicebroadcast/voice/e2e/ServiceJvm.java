package io.voicebroadcast.voice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.voice.VoiceServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The voice service as production runs it: a JVM of its own (this test's class path, main class
 * {@link VoiceServiceApplication}) on a free loopback port, logging to a file in the caller's
 * directory, where its {@code java.io.tmpdir} is too (nothing of it lands in /tmp). Every process
 * it starts inherits {@link #TAG_VARIABLE}, so {@link #close()} finds and ends them even after
 * the JVM was killed and they were re-parented.
 */
final class ServiceJvm implements AutoCloseable {

    static final String TAG_VARIABLE = "VOICE_E2E_SERVICE_TAG";
    /** JVM start, Spring context, the encoder probe at start-up; generous for a loaded 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** A process of the service's tree, as seen before anything was stopped. */
    record Child(long pid, String commandLine) {

        /** Still running; an exited process waiting to be reaped by its new parent is not. */
        boolean isRunning() {
            return Processes.isRunning(pid);
        }

        @Override
        public String toString() {
            return pid + " " + commandLine;
        }
    }

    private final ManagedProcess process;
    private final String tag;
    private final Path logFile;
    private final JsonHttp api;

    private ServiceJvm(ManagedProcess process, String tag, Path logFile, JsonHttp api) {
        this.process = process;
        this.tag = tag;
        this.logFile = logFile;
        this.api = api;
    }

    /**
     * Starts the service with these {@code --name=value} arguments (port and log file are added)
     * and waits until {@code GET /actuator/health} answers 200.
     */
    static ServiceJvm start(Path dir, String adminToken, List<String> arguments) {
        int port = NginxRtmpServer.freePort();
        String tag = UUID.randomUUID().toString();
        Path logFile = dir.resolve("voice-service.log");
        Path tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // start-up speed over peak speed: the JVM lives for seconds on a shared 2-core machine
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                // Embedded Tomcat's directories go with the test's directory, also when the JVM is killed.
                "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), VoiceServiceApplication.class.getName(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--logging.file.name=" + logFile));
        argv.addAll(arguments);
        ManagedProcess process = ManagedProcess.start("voice-service", argv, Map.of(TAG_VARIABLE, tag));
        ServiceJvm service = new ServiceJvm(process, tag, logFile, new JsonHttp("http://127.0.0.1:" + port, adminToken));
        try {
            service.awaitHealthy();
        } catch (RuntimeException | AssertionError e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void awaitHealthy() {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            assertThat(process.isAlive()).as("the service exited at start-up:\n%s", process.tail()).isTrue();
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        });
    }

    JsonHttp api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The service's FFmpeg processes now: descendants of the JVM whose executable is ffmpeg. */
    List<Child> ffmpegChildren() {
        return ProcessHandle.of(process.pid()).stream()
                .flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false))
                .map(p -> new Child(p.pid(), p.info().commandLine().orElse("?")))
                .toList();
    }

    /** Every media process that carries this service's tag, whoever its parent is now. */
    List<Processes.Leftover> taggedMediaProcesses() {
        return Processes.tagged(TAG_VARIABLE, tag);
    }

    /** SIGKILL to the JVM only, as the kernel's OOM killer or {@code kill -9} would: its children are not touched. */
    void killJvmOnly() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM to the JVM only, as {@code docker stop} or systemd would: graceful shutdown. */
    void terminateJvmOnly() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    }

    /** Waits for the JVM to exit; false if it is still running after {@code timeout}. */
    boolean awaitExit(Duration timeout) {
        process.waitFor(timeout);
        return !process.isAlive();
    }

    /** The service's log file so far. */
    String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the JVM printed last (start-up failures land here). */
    String consoleTail() {
        return process.tail();
    }

    /** Ends the JVM with its tree, then any process of the service that outlived it (killed). */
    @Override
    public void close() {
        process.close();
        taggedMediaProcesses().forEach(Processes.Leftover::kill);
    }
}
