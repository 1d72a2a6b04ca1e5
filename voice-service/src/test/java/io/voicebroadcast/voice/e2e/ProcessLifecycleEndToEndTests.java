package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.awaitOnAir;
import static io.voicebroadcast.voice.e2e.E2eFixture.createRoom;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.onlyNewRecording;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static io.voicebroadcast.voice.e2e.E2eFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.TestCamera;
import io.voicebroadcast.voice.e2e.ServiceJvm.Child;
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

    @TempDir
    Path dir;

    private ServiceJvm service;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null) {
            service.close();
        }
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void serviceKilled_leavesNoFfmpegRunning_evenADecoderBlockedOnAStalledCamera() throws Exception {
        service = startService("--voice.streaming-source-rw-timeout-ms=" + LONG_READ_TIMEOUT_MS);
        TestCamera live = camera(Colour.RED);
        TestCamera stalled = camera(Colour.BLUE);
        broadcast(live);
        broadcast(stalled);

        List<Child> ffmpeg = service.ffmpegChildren();
        assertThat(ffmpeg).as("the service's ffmpeg processes").filteredOn(ProcessLifecycleEndToEndTests::isEncoder).hasSize(2);
        assertThat(ffmpeg).as("the destinations' publishers").filteredOn(ProcessLifecycleEndToEndTests::isPublisher).hasSize(2);
        assertThat(ffmpeg).filteredOn(c -> c.commandLine().contains(live.url())).as("the live camera's decoder").hasSize(1);
        assertThat(ffmpeg).filteredOn(c -> c.commandLine().contains(stalled.url())).as("the stalled camera's decoder").hasSize(1);

        // SIGSTOP: the camera's connection stays open but sends nothing, so its decoder waits in a
        // read and has no frame to write (a write into the dead JVM's pipe would end it at once).
        signal(stalled, "STOP");
        cleanup.add(stalled::kill);
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
        List<Child> ffmpeg = service.ffmpegChildren();
        assertThat(ffmpeg).as("the service's ffmpeg processes").filteredOn(ProcessLifecycleEndToEndTests::isEncoder).hasSize(1);
        assertThat(ffmpeg).as("the destination's publisher").filteredOn(ProcessLifecycleEndToEndTests::isPublisher).hasSize(1);
        assertThat(ffmpeg).filteredOn(c -> c.commandLine().contains(cam.url())).as("the camera's decoder").hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status(service.api(), room).json().path("durationSeconds").asLong() >= 2);

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

    private ServiceJvm startService(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--voice.streaming-enabled=true",
                "--voice.admin-token=" + E2eFixture.TOKEN,
                "--voice.allowed-file-dirs=" + dir,
                "--voice.default-background-video=/nonexistent.mp4",
                "--voice.streaming-video-size=" + E2eFixture.SIZE,
                "--voice.streaming-video-bitrate=600k"));
        args.addAll(List.of(extra));
        return ServiceJvm.start(dir, E2eFixture.TOKEN, args);
    }

    private TestCamera camera(Colour colour) {
        String name = "cam-" + UUID.randomUUID();
        TestCamera cam = TestCamera.start(nginx().liveUrl(name), TestCamera.solid(colour, E2eFixture.SIZE, E2eFixture.FPS));
        cleanup.add(cam);
        cam.awaitPublishing(nginx(), name, Duration.ofSeconds(15));
        return cam;
    }

    /** A scaled room broadcasting the camera to the recorded destination, once the camera is on air. */
    private UUID broadcast(TestCamera cam) {
        JsonHttp api = service.api();
        UUID room = createRoom(api, "scaled");
        JsonHttp.Response started = api.post("/voice/room/stream/start", Map.of("roomId", room.toString(),
                "rtmpOutputUrl", nginx().outputUrl(secretKey()), "backgroundVideoUrl", cam.url()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(15));
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
