package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fallback cascade, recovery, health and self-healing through real processes, with the
 * events the room is told recorded in order; a camera lost for its black picture (media-aware
 * loss) among them.
 */
@Import(RecordingStreamEventsConfiguration.class)
class CascadeEndToEndTests extends InProcessService {

    private static final int THRESHOLD_MS = 1000;
    private static final int HOLD_MS = 1500;
    private static final int BLACK_MS = 1200;
    /** Well beyond what the camera needs to come back (its decoder's read timeout is 3 s). */
    private static final Duration REPUBLISHED_AFTER_STREAMING = Duration.ofSeconds(12);
    private static final double FRAME_INTERVAL = 1.0 / FPS;

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

    @Autowired
    RecordingStreamEvents events;

    @Test
    void primaryThenBackupLost_thenPrimaryBack_walksTheCascadeInOnePublishSession(CapturedOutput output) throws Exception {
        UUID room = e2e.room("scaled");
        String primaryName = "cam-" + UUID.randomUUID();
        String backupName = "cam-" + UUID.randomUUID();
        TestCamera primary = e2e.camera(primaryName, Colour.RED);
        TestCamera backup = e2e.camera(backupName, Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of(
                "backgroundVideoUrl", nginx().liveUrl(primaryName),
                "fallbackStreamUrl", nginx().liveUrl(backupName),
                "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.closeLater(RtpTone.start(started.json().path("audioRtpPort").asInt(), 440, RtpTone.Codec.OPUS));
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(1500));

        long killed = System.nanoTime();
        primary.kill();
        long toBackup = events.awaitFirst(room, "source_changed", "primary_stream->fallback_stream source_disconnected", killed) - killed;
        assertThat(Duration.ofNanos(toBackup)).as("primary killed -> warm backup on air")
                .isLessThanOrEqualTo(Duration.ofMillis(THRESHOLD_MS + 100));
        assertThat(e2e.status(room).text("health")).isEqualTo("degraded");
        broadcastFor(Duration.ofMillis(1500));

        long backupKilled = System.nanoTime();
        backup.kill();
        events.awaitFirst(room, "source_changed", "fallback_stream->fallback_image source_disconnected", backupKilled);
        broadcastFor(Duration.ofMillis(1000));

        long restarted = System.nanoTime();
        e2e.camera(primaryName, Colour.RED);
        long recovered = events.awaitFirst(room, "source_changed", "fallback_image->primary_stream source_recovered", restarted);
        assertThat(Duration.ofNanos(recovered - restarted)).as("back on air only after the hold")
                .isGreaterThanOrEqualTo(Duration.ofMillis(HOLD_MS));
        await().atMost(Duration.ofSeconds(5)).until(() -> "healthy".equals(e2e.status(room).text("health")));
        broadcastFor(Duration.ofMillis(1500));
        e2e.stop(room);

        assertThat(events.of(room, "health").stream().map(RecordingStreamEvents.Event::detail).toList())
                .as("health told as it changed").containsSubsequence("degraded", "healthy");
        assertThat(events.of(room).get(events.of(room).size() - 1).toString()).isEqualTo("stopped(manual)");
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
        e2e.assertNoSecretLeaked(output.getAll());
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
        UUID room = e2e.room("scaled");
        String primaryName = "cam-" + UUID.randomUUID();
        String backupName = "cam-" + UUID.randomUUID();
        TestCamera primary = e2e.camera(nginx(), primaryName, TestCamera.solid(Colour.RED, SIZE, FPS).withBlackout());
        e2e.camera(backupName, Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of(
                "backgroundVideoUrl", nginx().liveUrl(primaryName),
                "fallbackStreamUrl", nginx().liveUrl(backupName)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        List<Long> decoder = decodersOf(primaryName);
        assertThat(decoder).as("the camera's decoder").hasSize(1);
        broadcastFor(Duration.ofMillis(1500));

        long turnedBlack = System.nanoTime();
        primary.showBlack(true);
        long lost = events.awaitFirst(room, "source_changed", "primary_stream->fallback_stream source_disconnected", turnedBlack);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(st.text("health")).isEqualTo("degraded");
            assertThat(st.text("healthMessage")).contains("black picture");
        });
        broadcastFor(Duration.ofMillis(1500));
        assertThat(e2e.status(room).text("videoSourceType")).as("still black, frames still arriving: still lost")
                .isEqualTo("fallback_stream");

        long colourBack = System.nanoTime();
        primary.showBlack(false);
        long recovered = events.awaitFirst(room, "source_changed", "fallback_stream->primary_stream source_recovered", colourBack);
        assertThat(Duration.ofNanos(recovered - colourBack)).as("back on air only after the hold")
                .isBetween(Duration.ofMillis(HOLD_MS), Duration.ofMillis(HOLD_MS + 1500));
        await().atMost(Duration.ofSeconds(5)).until(() -> "healthy".equals(e2e.status(room).text("health")));
        JsonHttp.Response st = e2e.status(room);
        long sinceStart = st.json().path("durationSeconds").asLong();
        assertThat(sinceStart).isGreaterThanOrEqualTo(5);
        assertThat(st.json().path("audioSilentSeconds").asLong()).as("nobody spoke: silent since the start, and healthy")
                .isBetween(sinceStart - 1, sinceStart + 1);
        String roomLabel = "room=\"" + room + "\"";
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(e2e.metric("voice_audio_silent_seconds", roomLabel)).isGreaterThanOrEqualTo(5));
        assertThat(decodersOf(primaryName)).as("the same decoder all along: never restarted for its picture").isEqualTo(decoder);
        broadcastFor(Duration.ofMillis(1000));
        e2e.stop(room);

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

        assertThat(events.of(room, "health").stream().map(RecordingStreamEvents.Event::detail).toList())
                .containsSubsequence("degraded", "healthy");
        assertThat(output.getAll()).contains(" lost: black picture for " + BLACK_MS + " ms (its decoder keeps running)")
                .contains(": picture is back (was: black picture)");
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void cameraRepublishing_withinTheReadTimeout_afterStreamingAWhile_isBackAfterTheHold_throughItsConnectedDecoder() throws Exception {
        UUID room = e2e.room("scaled");
        String name = "cam-" + UUID.randomUUID();
        TestCamera first = e2e.camera(name, Colour.RED);
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of(
                "backgroundVideoUrl", nginx().liveUrl(name),
                "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        List<Long> decoder = decodersOf(name);
        assertThat(decoder).as("the camera's decoder").hasSize(1);
        // Its timestamps run on; those of the next publish session start again from zero.
        broadcastFor(REPUBLISHED_AFTER_STREAMING);

        long killed = System.nanoTime();
        first.kill();
        events.awaitFirst(room, "source_changed", "primary_stream->fallback_image source_disconnected", killed);
        e2e.closeLater(TestCamera.start(nginx().liveUrl(name), TestCamera.solid(Colour.RED, SIZE, FPS)));
        long republished = System.nanoTime();
        long recovered = events.awaitFirst(room, "source_changed", "fallback_image->primary_stream source_recovered", republished);

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
        UUID room = e2e.room("scaled");
        assertThat(e2e.start(room, nginx().outputUrl(secretKey()), Map.of("fallbackImageUrl", nginx().httpUrl("gone.png"))).status())
                .isEqualTo(200);
        e2e.awaitOnAir(room, "default", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(e2e.status(room).text("healthMessage")).contains("fallback image skipped"));
    }

    @Test
    void encoderKilled_isUnhealthyThenHealthyAgain_withEventsInOrder() throws Exception {
        UUID room = e2e.room("scaled");
        String cam = "cam-" + UUID.randomUUID();
        e2e.camera(cam, Colour.YELLOW);
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of("backgroundVideoUrl", nginx().liveUrl(cam)));
        assertThat(started.status()).isEqualTo(200);
        e2e.closeLater(RtpTone.start(started.json().path("audioRtpPort").asInt(), 440, RtpTone.Codec.OPUS));
        await().atMost(Duration.ofSeconds(15)).until(() -> "healthy".equals(e2e.status(room).text("health")));

        long killed = System.nanoTime();
        ProcessHandle encoder = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("-f flv -flvflags no_duration_filesize pipe:1"))
                .findFirst().orElseThrow();
        encoder.destroyForcibly();

        events.awaitFirst(room, "health", "unhealthy", killed);
        events.awaitFirst(room, "health", "healthy", killed);
        JsonHttp.Response st = e2e.status(room);
        assertThat(st.json().path("encoderRestarts").asInt()).isEqualTo(1);
        assertThat(st.json().path("isStreaming").asBoolean()).isTrue();
        assertThat(st.text("lastError")).isNotBlank();
        List<String> afterKill = events.of(room, "health").stream().filter(e -> e.nanos() >= killed).map(RecordingStreamEvents.Event::detail).toList();
        assertThat(afterKill).startsWith("unhealthy").contains("healthy");
    }

    @Test
    void destinationServerRestarted_streamResumesByItself() throws Exception {
        UUID room = e2e.room("scaled");
        NginxRtmpServer destination = e2e.closeLater(NginxRtmpServer.start());
        assertThat(e2e.start(room, destination.outputUrl(secretKey()), Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> destination.recordings().size() == 1);

        destination.restart(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(20)).until(() -> destination.recordings().size() >= 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(st.json().path("isStreaming").asBoolean()).isTrue();
            assertThat(st.text("health")).isNotEqualTo("unhealthy");
        });
        JsonHttp.Response st = e2e.status(room);
        assertThat(st.json().path("encoderRestarts").asInt()).as("the encoder never touches the network").isZero();
        assertThat(st.json().path("destinations").get(0).path("reconnects").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void rejectedPublish_stopsTheStreamWithReasonError_afterTheConfiguredAttempts(CapturedOutput output) {
        UUID room = e2e.room("scaled");
        String key = secretKey();
        JsonHttp.Response started = e2e.start(room, nginx().rejectingUrl(key), Map.of());
        assertThat(started.status()).as("connect is accepted; only the publish is refused").isEqualTo(200);

        // The status says stopped as soon as the stop begins; the event follows once the processes have ended.
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.of(room, "stopped").isEmpty());
        assertThat(e2e.status(room).json().path("isStreaming").asBoolean()).isFalse();
        assertThat(events.of(room, "stopped")).singleElement().extracting(RecordingStreamEvents.Event::detail).isEqualTo("error");
        assertThat(output.getAll()).contains("rejected the publish");
        e2e.assertNoSecretLeaked(output.getAll());
    }
}
