package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.awaitOnAir;
import static io.voicebroadcast.voice.e2e.E2eFixture.createRoom;
import static io.voicebroadcast.voice.e2e.E2eFixture.metric;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static io.voicebroadcast.voice.e2e.E2eFixture.status;
import static io.voicebroadcast.voice.e2e.E2eFixture.stopQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSample;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.TestCamera;
import io.voicebroadcast.voice.stream.StreamEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fallback cascade, recovery, health and self-healing through real processes, with the
 * events the room is told recorded in order; a camera lost for its black picture (media-aware
 * loss) among them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CascadeEndToEndTests {

    private static final int THRESHOLD_MS = 1000;
    private static final int HOLD_MS = 1500;
    private static final int BLACK_MS = 1200;
    /** Well beyond what the camera needs to come back (its decoder's read timeout is 3 s). */
    private static final long REPUBLISHED_AFTER_STREAMING_MS = 12_000;
    private static final double FRAME_INTERVAL = 1.0 / FPS;

    @TestConfiguration
    static class Events {
        @Bean
        @Primary
        RecordingStreamEvents recordingStreamEvents() {
            return new RecordingStreamEvents();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.commonProperties(r, 41200, "400k");
        r.add("voice.default-background-video", () -> StreamingRulesEndToEndTests.defaultVideo().toString());
        r.add("voice.streaming-input-loss-threshold-ms", () -> THRESHOLD_MS);
        r.add("voice.streaming-recovery-hold-ms", () -> HOLD_MS);
        r.add("voice.streaming-black-threshold-ms", () -> BLACK_MS);
        r.add("voice.streaming-reconnect-initial-ms", () -> "300");
        r.add("voice.streaming-reconnect-max-ms", () -> "2000");
        r.add("voice.streaming-source-rw-timeout-ms", () -> "3000");
        r.add("voice.streaming-health-check-interval-seconds", () -> "1");
        r.add("voice.streaming-max-rejected-publishes", () -> "2");
        r.add("voice.rtmp-probe-timeout-seconds", () -> "3");
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingStreamEvents events;

    private JsonHttp api;
    private UUID room;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void client() {
        api = new JsonHttp("http://127.0.0.1:" + port, E2eFixture.TOKEN);
    }

    @AfterEach
    void cleanUp() throws Exception {
        stopQuietly(api, room);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private TestCamera camera(NginxRtmpServer server, String name, Colour colour) {
        return camera(server, name, TestCamera.solid(colour, SIZE, FPS));
    }

    private TestCamera camera(NginxRtmpServer server, String name, TestCamera.Spec spec) {
        TestCamera cam = TestCamera.start(server.liveUrl(name), spec);
        cleanup.add(cam);
        cam.awaitPublishing(server, name, Duration.ofSeconds(15));
        return cam;
    }

    private JsonHttp.Response start(String output, Map<String, String> sources) {
        Map<String, Object> body = new HashMap<>(sources);
        body.put("roomId", room.toString());
        body.put("rtmpOutputUrl", output);
        return api.post("/voice/room/stream/start", body);
    }

    private long eventAfter(long sinceNanos, String name, String detail) {
        return events.awaitFirst(room, name, detail, sinceNanos);
    }

    @Test
    void primaryThenBackupLost_thenPrimaryBack_walksTheCascadeInOnePublishSession(CapturedOutput output) throws Exception {
        room = createRoom(api, "scaled");
        String primaryName = "cam-" + UUID.randomUUID();
        String backupName = "cam-" + UUID.randomUUID();
        TestCamera primary = camera(nginx(), primaryName, Colour.RED);
        TestCamera backup = camera(nginx(), backupName, Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        JsonHttp.Response started = start(nginx().outputUrl(secretKey()), Map.of(
                "backgroundVideoUrl", nginx().liveUrl(primaryName),
                "fallbackStreamUrl", nginx().liveUrl(backupName),
                "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        cleanup.add(RtpTone.start(started.json().path("audioRtpPort").asInt(), 440, RtpTone.Codec.OPUS));
        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(10));
        Thread.sleep(1500);

        long killed = System.nanoTime();
        primary.kill();
        long toBackup = eventAfter(killed, "source_changed", "primary_stream->fallback_stream source_disconnected") - killed;
        assertThat(Duration.ofNanos(toBackup)).as("primary killed -> warm backup on air")
                .isLessThanOrEqualTo(Duration.ofMillis(THRESHOLD_MS + 100));
        assertThat(status(api, room).text("health")).isEqualTo("degraded");
        Thread.sleep(1500);

        long backupKilled = System.nanoTime();
        backup.kill();
        eventAfter(backupKilled, "source_changed", "fallback_stream->fallback_image source_disconnected");
        Thread.sleep(1000);

        long restarted = System.nanoTime();
        camera(nginx(), primaryName, Colour.RED);
        long recovered = eventAfter(restarted, "source_changed", "fallback_image->primary_stream source_recovered");
        assertThat(Duration.ofNanos(recovered - restarted)).as("back on air only after the hold")
                .isGreaterThanOrEqualTo(Duration.ofMillis(HOLD_MS));
        await().atMost(Duration.ofSeconds(5)).until(() -> "healthy".equals(status(api, room).text("health")));
        Thread.sleep(1500);
        stopQuietly(api, room);
        UUID done = room;
        room = null;

        assertThat(events.of(done, "health").stream().map(RecordingStreamEvents.Event::detail).toList())
                .as("health told as it changed").containsSubsequence("degraded", "healthy");
        assertThat(events.of(done).get(events.of(done).size() - 1).toString()).isEqualTo("stopped(manual)");
        Path rec = E2eFixture.onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec))).isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        List<Colour> order = new ArrayList<>();
        for (ColourSpan s : spans) {
            if (s.colour() != Colour.OTHER && (order.isEmpty() || order.get(order.size() - 1) != s.colour())) {
                order.add(s.colour());
            }
        }
        assertThat(order).as(MediaAnalysis.describe(spans)).containsSubsequence(Colour.RED, Colour.BLUE, Colour.GREEN, Colour.RED);
        assertNoSecretIn("log", output.getAll());
    }

    /** The pids of the service's decoders reading this camera. */
    private static List<Long> decodersOf(String cameraName) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(cameraName) && p.info().commandLine().orElse("").contains("pipe:1"))
                .map(ProcessHandle::pid).toList();
    }

    @Test
    void cameraTurningBlack_whileConnected_putsTheBackupOnAir_withinTheThreshold_andIsBackAfterTheHold(CapturedOutput output)
            throws Exception {
        room = createRoom(api, "scaled");
        String primaryName = "cam-" + UUID.randomUUID();
        String backupName = "cam-" + UUID.randomUUID();
        TestCamera primary = camera(nginx(), primaryName, TestCamera.solid(Colour.RED, SIZE, FPS).withBlackout());
        camera(nginx(), backupName, Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        JsonHttp.Response started = start(nginx().outputUrl(secretKey()), Map.of(
                "backgroundVideoUrl", nginx().liveUrl(primaryName),
                "fallbackStreamUrl", nginx().liveUrl(backupName)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(10));
        List<Long> decoder = decodersOf(primaryName);
        assertThat(decoder).as("the camera's decoder").hasSize(1);
        Thread.sleep(1500);

        long turnedBlack = System.nanoTime();
        primary.showBlack(true);
        long lost = events.awaitFirst(room, "source_changed", "primary_stream->fallback_stream source_disconnected", turnedBlack);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonHttp.Response st = status(api, room);
            assertThat(st.text("health")).isEqualTo("degraded");
            assertThat(st.text("healthMessage")).contains("black picture");
        });
        Thread.sleep(1500);
        assertThat(status(api, room).text("videoSourceType")).as("still black, frames still arriving: still lost")
                .isEqualTo("fallback_stream");

        long colourBack = System.nanoTime();
        primary.showBlack(false);
        long recovered = events.awaitFirst(room, "source_changed", "fallback_stream->primary_stream source_recovered", colourBack);
        assertThat(Duration.ofNanos(recovered - colourBack)).as("back on air only after the hold")
                .isBetween(Duration.ofMillis(HOLD_MS), Duration.ofMillis(HOLD_MS + 1500));
        await().atMost(Duration.ofSeconds(5)).until(() -> "healthy".equals(status(api, room).text("health")));
        JsonHttp.Response st = status(api, room);
        long sinceStart = st.json().path("durationSeconds").asLong();
        assertThat(sinceStart).isGreaterThanOrEqualTo(5);
        assertThat(st.json().path("audioSilentSeconds").asLong()).as("nobody spoke: silent since the start, and healthy")
                .isBetween(sinceStart - 1, sinceStart + 1);
        String roomLabel = "room=\"" + room + "\"";
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(metric(api, "voice_audio_silent_seconds", roomLabel)).isGreaterThanOrEqualTo(5));
        assertThat(decodersOf(primaryName)).as("the same decoder all along: never restarted for its picture").isEqualTo(decoder);
        Thread.sleep(1000);
        stopQuietly(api, room);
        UUID done = room;
        room = null;

        Path rec = E2eFixture.onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec))).isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        List<ColourSample> frames = MediaAnalysis.colourTimeline(rec, FPS);
        String timeline = MediaAnalysis.describe(MediaAnalysis.colourSpans(frames));
        int red = firstAfter(frames, Colour.RED, 0);
        int black = firstAfter(frames, Colour.BLACK, red);
        int blue = firstAfter(frames, Colour.BLUE, black);
        int redAgain = firstAfter(frames, Colour.RED, blue);
        assertThat(List.of(red, black, blue, redAgain)).as("the camera, its black picture, the backup, the camera again: " + timeline)
                .doesNotContain(-1);
        double blackToBackupMs = (frames.get(blue).timeSec() - frames.get(black).timeSec()) * 1000;
        System.out.printf("picture loss: first black frame -> first backup frame %.0f ms in the output (threshold %d ms); "
                + "black command -> source_changed %d ms; picture back -> recovered %d ms (hold %d ms)%n", blackToBackupMs, BLACK_MS,
                (lost - turnedBlack) / 1_000_000, (recovered - colourBack) / 1_000_000, HOLD_MS);
        // Not before the threshold either; the camera's black goes on air after waiting up to three
        // frames in its decoder's queue, while it is counted from its arrival.
        assertThat(blackToBackupMs).as("first black frame -> backup on air, in the output: " + timeline)
                .isBetween(BLACK_MS - 150.0, BLACK_MS + 100.0);

        assertThat(events.of(done, "health").stream().map(RecordingStreamEvents.Event::detail).toList())
                .containsSubsequence("degraded", "healthy");
        assertThat(output.getAll()).contains("primary_stream lost: black picture for " + BLACK_MS + " ms (its decoder keeps running)")
                .contains("primary_stream picture is back (was: black picture)");
        assertNoSecretIn("log", output.getAll());
        api.seenBodies().forEach(b -> assertNoSecretIn("response", b));
    }

    @Test
    void cameraRepublishing_withinTheReadTimeout_afterStreamingAWhile_isBackAfterTheHold_throughItsConnectedDecoder() throws Exception {
        room = createRoom(api, "scaled");
        String name = "cam-" + UUID.randomUUID();
        TestCamera first = camera(nginx(), name, Colour.RED);
        JsonHttp.Response started = start(nginx().outputUrl(secretKey()), Map.of(
                "backgroundVideoUrl", nginx().liveUrl(name),
                "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(10));
        List<Long> decoder = decodersOf(name);
        assertThat(decoder).as("the camera's decoder").hasSize(1);
        // Its timestamps run on; those of the next publish session start again from zero.
        Thread.sleep(REPUBLISHED_AFTER_STREAMING_MS);

        long killed = System.nanoTime();
        first.kill();
        eventAfter(killed, "source_changed", "primary_stream->fallback_image source_disconnected");
        TestCamera again = TestCamera.start(nginx().liveUrl(name), TestCamera.solid(Colour.RED, SIZE, FPS));
        long republished = System.nanoTime();
        cleanup.add(again);
        long recovered = eventAfter(republished, "source_changed", "fallback_image->primary_stream source_recovered");

        assertThat(Duration.ofNanos(recovered - republished)).as("republished -> back on air (hold %d ms)", HOLD_MS)
                .isLessThanOrEqualTo(Duration.ofMillis(HOLD_MS + 3000));
        assertThat(decodersOf(name)).as("republished within the decoder's read timeout: the same decoder, still connected")
                .isEqualTo(decoder);
    }

    /** The index of the first frame of that colour at or after {@code from}, or -1. */
    private static int firstAfter(List<ColourSample> frames, Colour colour, int from) {
        for (int i = from; from >= 0 && i < frames.size(); i++) {
            if (frames.get(i).nearest() == colour) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void unreachableImage_isSkippedWithAHealthMessage_andTheDefaultVideoTakesOver() {
        room = createRoom(api, "scaled");
        assertThat(start(nginx().outputUrl(secretKey()), Map.of("fallbackImageUrl", nginx().httpUrl("gone.png"))).status()).isEqualTo(200);
        awaitOnAir(api, room, "default", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status(api, room).text("healthMessage")).contains("fallback image skipped"));
    }

    @Test
    void encoderKilled_isUnhealthyThenHealthyAgain_withEventsInOrder() throws Exception {
        room = createRoom(api, "scaled");
        String cam = "cam-" + UUID.randomUUID();
        camera(nginx(), cam, Colour.YELLOW);
        JsonHttp.Response started = start(nginx().outputUrl(secretKey()), Map.of("backgroundVideoUrl", nginx().liveUrl(cam)));
        assertThat(started.status()).isEqualTo(200);
        cleanup.add(RtpTone.start(started.json().path("audioRtpPort").asInt(), 440, RtpTone.Codec.OPUS));
        await().atMost(Duration.ofSeconds(15)).until(() -> "healthy".equals(status(api, room).text("health")));

        long killed = System.nanoTime();
        ProcessHandle encoder = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("pipe:0") && p.info().commandLine().orElse("").contains(" flv "))
                .filter(p -> p.info().commandLine().orElse("").contains("/out/"))
                .findFirst().orElseThrow();
        encoder.destroyForcibly();

        eventAfter(killed, "health", "unhealthy");
        eventAfter(killed, "health", "healthy");
        JsonHttp.Response st = status(api, room);
        assertThat(st.json().path("encoderRestarts").asInt()).isEqualTo(1);
        assertThat(st.json().path("isStreaming").asBoolean()).isTrue();
        assertThat(st.text("lastError")).isNotBlank();
        List<String> afterKill = events.of(room, "health").stream().filter(e -> e.nanos() >= killed).map(RecordingStreamEvents.Event::detail).toList();
        assertThat(afterKill).startsWith("unhealthy").contains("healthy");
    }

    @Test
    void destinationServerRestarted_streamResumesByItself() throws Exception {
        room = createRoom(api, "scaled");
        NginxRtmpServer destination = NginxRtmpServer.start();
        cleanup.add(destination);
        assertThat(start(destination.outputUrl(secretKey()), Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> destination.recordings().size() == 1);

        destination.restart(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(20)).until(() -> destination.recordings().size() >= 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonHttp.Response st = status(api, room);
            assertThat(st.json().path("isStreaming").asBoolean()).isTrue();
            assertThat(st.text("health")).isNotEqualTo("unhealthy");
        });
        assertThat(status(api, room).json().path("encoderRestarts").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void rejectedPublish_stopsTheStreamWithReasonError_afterTheConfiguredAttempts(CapturedOutput output) {
        room = createRoom(api, "scaled");
        String key = secretKey();
        JsonHttp.Response started = start(nginx().rejectingUrl(key), Map.of());
        assertThat(started.status()).as("connect is accepted; only the publish is refused").isEqualTo(200);

        // The status says stopped as soon as the stop begins; the event follows once the processes have ended.
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.of(room, "stopped").isEmpty());
        assertThat(status(api, room).json().path("isStreaming").asBoolean()).isFalse();
        assertThat(events.of(room, "stopped")).singleElement().extracting(RecordingStreamEvents.Event::detail).isEqualTo("error");
        assertThat(output.getAll()).contains("rejected the publish");
        assertNoSecretIn("log", output.getAll());
        room = null;
    }
}
