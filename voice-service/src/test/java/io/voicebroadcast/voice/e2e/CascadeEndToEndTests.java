package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.awaitOnAir;
import static io.voicebroadcast.voice.e2e.E2eFixture.createRoom;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static io.voicebroadcast.voice.e2e.E2eFixture.status;
import static io.voicebroadcast.voice.e2e.E2eFixture.stopQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
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
 * events the room is told recorded in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CascadeEndToEndTests {

    private static final int THRESHOLD_MS = 1000;
    private static final int HOLD_MS = 1500;
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
        TestCamera cam = TestCamera.start(server.liveUrl(name), TestCamera.solid(colour, SIZE, FPS));
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
        await().atMost(Duration.ofSeconds(10)).until(() -> events.of(room, name).stream()
                .anyMatch(e -> e.nanos() >= sinceNanos && e.detail().equals(detail)));
        return events.of(room, name).stream().filter(e -> e.nanos() >= sinceNanos && e.detail().equals(detail))
                .findFirst().orElseThrow().nanos();
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
