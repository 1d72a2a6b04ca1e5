package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.onlyNewRecording;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.TestCamera;
import io.voicebroadcast.voice.VoiceServiceApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of a room's FFmpeg processes when the service's JVM ends, with the service in a
 * JVM of its own as in production: killed (SIGKILL: nothing in the JVM runs, so the processes
 * must end by themselves) or stopped (SIGTERM: graceful shutdown ends every broadcast cleanly).
 */
class ProcessLifecycleEndToEndTests {

    /** The bound: no FFmpeg process outlives a killed service by more than a few seconds. */
    private static final Duration ORPHAN_LIFETIME_LIMIT = Duration.ofSeconds(5);
    /** Graceful shutdown; spring.lifecycle.timeout-per-shutdown-phase is 20 s. */
    private static final Duration GRACEFUL_EXIT_LIMIT = Duration.ofSeconds(25);
    /**
     * A decoder's -rw_timeout far above {@link #ORPHAN_LIFETIME_LIMIT}: an operator may set up to
     * 120 s, and a decoder blocked on a stalled camera must still not outlive the service.
     */
    private static final int LONG_READ_TIMEOUT_MS = 30_000;
    /** Enough for a stalled camera's decoder to have read everything in flight and block in its next read. */
    private static final Duration STALL_SETTLE = Duration.ofMillis(500);
    /** JVM start, Spring context, the encoder probe at start-up; generous for a loaded 2-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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

    @TempDir
    Path dir;

    private ServiceProcess service;
    private E2eFixture e2e;

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null) {
            service.close();
        }
        if (e2e != null) {
            e2e.close();
        }
    }

    @Test
    void serviceKilled_leavesNoFfmpegRunning_evenADecoderBlockedOnAStalledCamera() throws Exception {
        service = startService("--voice.streaming-source-rw-timeout-ms=" + LONG_READ_TIMEOUT_MS);
        TestCamera live = camera(Colour.RED);
        TestCamera stalled = camera(Colour.BLUE);
        broadcast(live);
        broadcast(stalled);

        List<Child> ffmpeg = ffmpegChildren();
        assertThat(ffmpeg).as("the service's ffmpeg processes").filteredOn(ProcessLifecycleEndToEndTests::isEncoder).hasSize(2);
        assertThat(ffmpeg).as("the destinations' publishers").filteredOn(ProcessLifecycleEndToEndTests::isPublisher).hasSize(2);
        assertThat(ffmpeg).filteredOn(c -> c.commandLine().contains(live.url())).as("the live camera's decoder").hasSize(1);
        assertThat(ffmpeg).filteredOn(c -> c.commandLine().contains(stalled.url())).as("the stalled camera's decoder").hasSize(1);

        // SIGSTOP: the camera's connection stays open but sends nothing, so its decoder waits in a
        // read and has no frame to write (a write into the dead JVM's pipe would end it at once).
        signal(stalled, "STOP");
        e2e.closeLater(stalled::kill);
        Thread.sleep(STALL_SETTLE.toMillis());

        long killedAt = System.nanoTime();
        service.killJvmOnly();
        await().atMost(ORPHAN_LIFETIME_LIMIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(ffmpeg).filteredOn(Child::isRunning).as("ffmpeg processes still running after the JVM was killed").isEmpty());
        Duration allGone = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(service.awaitExit(Duration.ofSeconds(5))).as("the JVM exited").isTrue();
        assertThat(service.taggedMediaProcesses()).as("any media process the service started").isEmpty();
        System.out.printf("SIGKILL: all %d ffmpeg processes of the service gone %d ms after the JVM was killed%n",
                ffmpeg.size(), allGone.toMillis());
    }

    @Test
    void serviceTerminated_stopsEveryBroadcastCleanly_beforeTheJvmExits() {
        service = startService();
        TestCamera cam = camera(Colour.RED);
        List<Path> before = nginx().recordings();
        UUID room = broadcast(cam);
        List<Child> ffmpeg = ffmpegChildren();
        assertThat(ffmpeg).as("the service's ffmpeg processes").filteredOn(ProcessLifecycleEndToEndTests::isEncoder).hasSize(1);
        assertThat(ffmpeg).as("the destination's publisher").filteredOn(ProcessLifecycleEndToEndTests::isPublisher).hasSize(1);
        assertThat(ffmpeg).filteredOn(c -> c.commandLine().contains(cam.url())).as("the camera's decoder").hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> e2e.status(room).json().path("durationSeconds").asLong() >= 2);

        long terminatedAt = System.nanoTime();
        service.terminateJvmOnly();
        assertThat(service.awaitExit(GRACEFUL_EXIT_LIMIT)).as("the JVM exited within %s", GRACEFUL_EXIT_LIMIT).isTrue();
        Duration exited = Duration.ofNanos(System.nanoTime() - terminatedAt);

        assertThat(ffmpeg).filteredOn(Child::isRunning).as("ffmpeg processes running after the JVM exited").isEmpty();
        assertThat(service.taggedMediaProcesses()).as("any media process the service started").isEmpty();
        String log = service.log();
        assertThat(log).contains("room " + room + " stream stopped (reason shutdown)");
        assertThat(log).as("the encoder ended on end of input, not by a signal").contains("room " + room + " encoder stopped (exit 0)");
        assertThat(log).as("the publisher ended its session on end of input").contains("room " + room + " destination d1 publisher stopped (exit 0)");

        Path recording = onlyNewRecording(before);
        MediaAnalysis.MediaInfo info = MediaAnalysis.streams(recording);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.durationSec()).as("seconds recorded").isGreaterThan(1.5);
        // nginx closes the file when the publish session ends, just after the publisher's trailer
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(MediaAnalysis.flvLayout(recording).endsCleanly()).as(MediaAnalysis.flvLayout(recording).toString()).isTrue());
        assertThat(MediaAnalysis.decodeErrors(recording)).as("errors decoding the recording").isEmpty();
        System.out.printf("SIGTERM: the JVM exited %d ms after SIGTERM; recording %s%n", exited.toMillis(),
                MediaAnalysis.flvLayout(recording));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The service as production runs it, a JVM of its own (this test's class path, before the jar
     * is built), with these {@code --name=value} settings; waits until it is healthy.
     */
    private ServiceProcess startService(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--voice.streaming-enabled=true",
                "--voice.admin-token=" + E2eFixture.TOKEN,
                "--voice.allowed-file-dirs=" + dir,
                "--voice.default-background-video=/nonexistent.mp4",
                "--voice.streaming-video-size=" + E2eFixture.SIZE,
                "--voice.streaming-video-bitrate=600k"));
        args.addAll(List.of(extra));
        ServiceProcess started = ServiceProcess.startMainClass("voice-service", VoiceServiceApplication.class.getName(),
                NginxRtmpServer.freePort(), Map.of(), args).awaitHealthy(START_TIMEOUT);
        e2e = E2eFixture.on(started.baseUrl());
        return started;
    }

    /** The service's FFmpeg processes now: descendants of its JVM whose executable is ffmpeg. */
    private List<Child> ffmpegChildren() {
        return ProcessHandle.of(service.pid()).stream()
                .flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false))
                .map(p -> new Child(p.pid(), p.info().commandLine().orElse("?")))
                .toList();
    }

    private TestCamera camera(Colour colour) {
        return e2e.camera("cam-" + UUID.randomUUID(), colour);
    }

    /** A scaled room broadcasting the camera to the recorded destination, once the camera is on air. */
    private UUID broadcast(TestCamera cam) {
        UUID room = e2e.room("scaled");
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of("backgroundVideoUrl", cam.url()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(15));
        return room;
    }

    private static boolean isEncoder(Child c) {
        // raw video in, the room's FLV out on stdout: only the encoder
        return c.commandLine().contains("-i pipe:0") && c.commandLine().contains("-f flv -flvflags no_duration_filesize pipe:1");
    }

    private static boolean isPublisher(Child c) {
        // the room's FLV in, copied to one destination
        return c.commandLine().contains("-f flv -i pipe:0") && c.commandLine().contains("-c copy");
    }

    private static void signal(TestCamera cam, String signal) {
        try (ManagedProcess kill = ManagedProcess.start("kill", List.of("kill", "-" + signal, String.valueOf(cam.pid())))) {
            assertThat(kill.waitFor(Duration.ofSeconds(5))).as(kill.tail()).isZero();
        }
    }
}
