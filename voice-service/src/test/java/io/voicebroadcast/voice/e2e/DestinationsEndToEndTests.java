package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.createRoom;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static io.voicebroadcast.voice.e2e.E2eFixture.status;
import static io.voicebroadcast.voice.e2e.E2eFixture.stopQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.testsupport.TestCamera;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
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
 * One encode, several destinations, each on its own, through real processes: the service's
 * publishers, nginx RTMP servers recording each publish session (by stream key), an FFmpeg SRT
 * listener. A destination failing, coming and going, being replaced, and even the encoder dying,
 * never touch another destination's publish session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class DestinationsEndToEndTests {

    private static final double FRAME_INTERVAL = 1.0 / FPS;
    private static final int KEYFRAME_SECONDS = 2;
    private static final int RESTART_BACKOFF_MS = 1000;

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
        E2eFixture.commonProperties(r, 41500, "500k");
        r.add("voice.default-background-video", () -> "/nonexistent/default.mp4");
        r.add("voice.streaming-keyframe-interval-seconds", () -> KEYFRAME_SECONDS);
        r.add("voice.streaming-reconnect-initial-ms", () -> RESTART_BACKOFF_MS);
        r.add("voice.streaming-destination-reconnect-initial-ms", () -> "1000");
        r.add("voice.streaming-max-rejected-publishes", () -> "2");
        r.add("voice.streaming-health-check-interval-seconds", () -> "1");
        r.add("voice.rtmp-probe-timeout-seconds", () -> "3");
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingStreamEvents events;

    @Autowired
    StreamingCoordinator coordinator;

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

    /** A room on air with a moving camera and a tone, to {@code rtmpOutputUrl} and {@code destinations}. */
    private JsonHttp.Response startRoom(String rtmpOutputUrl, List<Map<String, String>> destinations) {
        room = createRoom(api, "scaled");
        String cam = "cam-" + UUID.randomUUID();
        TestCamera camera = TestCamera.start(nginx().liveUrl(cam), TestCamera.solid(Colour.GREEN, SIZE, FPS));
        cleanup.add(camera);
        camera.awaitPublishing(nginx(), cam, Duration.ofSeconds(15));
        Map<String, Object> body = new HashMap<>();
        body.put("roomId", room.toString());
        if (rtmpOutputUrl != null) {
            body.put("rtmpOutputUrl", rtmpOutputUrl);
        }
        body.put("destinations", destinations);
        body.put("backgroundVideoUrl", nginx().liveUrl(cam));
        JsonHttp.Response started = api.post("/voice/room/stream/start", body);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        cleanup.add(RtpTone.start(started.json().path("audioRtpPort").asInt(), 440, RtpTone.Codec.OPUS));
        return started;
    }

    private static Map<String, String> destination(String id, String url) {
        Map<String, String> d = new HashMap<>();
        if (id != null) {
            d.put("destinationId", id);
        }
        d.put("url", url);
        return d;
    }

    private JsonNode destinationStatus(String id) {
        for (JsonNode d : status(api, room).json().path("destinations")) {
            if (d.path("destinationId").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no destination " + id + " in " + status(api, room).body());
    }

    private void awaitState(String id, String state, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(destinationStatus(id).path("state").asText()).isEqualTo(state));
    }

    private List<String> destinationEvents(String id) {
        return events.of(room, "destination").stream().map(RecordingStreamEvents.Event::detail).filter(d -> d.startsWith(id + " ")).toList();
    }

    private static void assertPlaysH264AndAac(Path recording) {
        MediaAnalysis.MediaInfo info = MediaAnalysis.streams(recording);
        assertThat(info.videoCodec()).as(recording.toString()).isEqualTo("h264");
        assertThat(info.hasAudio()).as("audio of " + recording).isTrue();
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(MediaAnalysis.decodeErrors(recording)).as("decode errors of " + recording).isEmpty();
    }

    private static void assertNoGap(Path recording) {
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(recording))).as("largest gap between output frames (s) of " + recording)
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
    }

    private void assertNothingLeaked(CapturedOutput output) {
        assertNoSecretIn("log", output.getAll());
        api.seenBodies().forEach(b -> assertNoSecretIn("response", b));
    }

    @Test
    void threeDestinations_allLive_andOneServerDying_touchesNeitherOfTheOthers(CapturedOutput output) throws Exception {
        NginxRtmpServer second = NginxRtmpServer.start();
        cleanup.add(second);
        String k1 = secretKey();
        String k2 = secretKey();
        String k3 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination(null, nginx().outputUrl("out2", k2)),
                destination("backup", second.outputUrl("out", k3))));
        for (String id : List.of("d1", "d2", "backup")) {
            awaitState(id, "live", Duration.ofSeconds(10));
        }
        JsonNode st = status(api, room).json();
        assertThat(st.path("rtmpOutputUrl").asText()).isEqualTo("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out/****");
        assertThat(st.path("destinations").get(1).path("url").asText()).isEqualTo("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out2/****");
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(status(api, room).text("health")));
        Thread.sleep(2000); // on air a while before the server dies

        second.restart(Duration.ofSeconds(4)); // killed, down for 4 s, then back on the same port
        awaitState("backup", "live", Duration.ofSeconds(15));
        Thread.sleep(2000);
        JsonNode backup = destinationStatus("backup");
        stopQuietly(api, room);
        room = null;

        for (String key : List.of(k1, k2)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(key).size() == 1);
            Path rec = nginx().recordings(key).get(0);
            assertPlaysH264AndAac(rec);
            assertNoGap(rec);
        }
        assertThat(nginx().recordings(k1)).as("one publish session on the first destination").hasSize(1);
        assertThat(nginx().recordings(k2)).as("one publish session on the second destination").hasSize(1);
        assertThat(second.recordings(k3)).as("the server that died: a new session there only").hasSize(2);
        assertPlaysH264AndAac(second.recordings(k3).get(1));
        assertThat(backup.path("reconnects").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(backup.path("lastErrorKind").asText()).isIn("dropped", "refused");
        assertThat(backup.path("bytesSent").asLong()).isPositive();
        assertThat(coordinator.encoderPid(UUID.randomUUID())).isEqualTo(-1);
        assertNothingLeaked(output);
    }

    @Test
    void aDestinationWhosePublishIsRefused_failsAfterTheConfiguredTries_andTheOtherGoesOn(CapturedOutput output) throws Exception {
        String good = secretKey();
        String bad = secretKey();
        startRoom(nginx().outputUrl("out", good), List.of(destination("wrong-key", nginx().rejectingUrl(bad))));

        awaitState("wrong-key", "failed", Duration.ofSeconds(20));
        JsonNode failed = destinationStatus("wrong-key");
        assertThat(failed.path("lastErrorKind").asText()).isEqualTo("rejected");
        assertThat(failed.path("lastError").asText()).contains("2 times in a row");
        assertThat(destinationStatus("d1").path("state").asText()).isEqualTo("live");
        JsonNode st = status(api, room).json();
        assertThat(st.path("isStreaming").asBoolean()).isTrue();
        assertThat(st.path("health").asText()).isEqualTo("degraded");
        assertThat(st.path("healthMessage").asText()).contains("destination wrong-key failed");
        assertThat(destinationEvents("wrong-key")).contains("wrong-key reconnecting rejected").last().isEqualTo("wrong-key failed rejected");
        Thread.sleep(1000);
        stopQuietly(api, room);
        room = null;

        await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(good).size() == 1);
        assertNoGap(nginx().recordings(good).get(0));
        assertNothingLeaked(output);
    }

    @Test
    void aDestinationAddedMidBroadcast_isLiveWithinAKeyframeIntervalAndASecond_fromAKeyframe_andOneRemoved_leavesTheOthers(
            CapturedOutput output) throws Exception {
        String k1 = secretKey();
        String k2 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of());
        awaitState("d1", "live", Duration.ofSeconds(10));
        long pid = coordinator.encoderPid(room);
        Thread.sleep(1500);

        long asked = System.nanoTime();
        JsonHttp.Response added = api.post("/voice/room/stream/destination/add",
                Map.of("roomId", room.toString(), "destinationId", "late", "url", nginx().outputUrl("out2", k2)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        awaitState("late", "live", Duration.ofSeconds(10));
        Duration toLive = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(toLive).as("add -> live").isLessThanOrEqualTo(Duration.ofSeconds(KEYFRAME_SECONDS + 1));

        JsonHttp.Response twice = api.post("/voice/room/stream/destination/add",
                Map.of("roomId", room.toString(), "destinationId", "late", "url", nginx().outputUrl("out2", secretKey())));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("type")).endsWith("/destination-conflict");
        Thread.sleep(3000);

        JsonHttp.Response removed = api.post("/voice/room/stream/destination/remove", Map.of("roomId", room.toString(), "destinationId", "late"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("destinations")).hasSize(1);
        JsonHttp.Response last = api.post("/voice/room/stream/destination/remove", Map.of("roomId", room.toString(), "destinationId", "d1"));
        assertThat(last.status()).isEqualTo(409);
        JsonHttp.Response unknown = api.post("/voice/room/stream/destination/remove", Map.of("roomId", room.toString(), "destinationId", "nope"));
        assertThat(unknown.status()).isEqualTo(404);
        Thread.sleep(1500);
        assertThat(coordinator.encoderPid(room)).as("the encoder never restarted").isEqualTo(pid);
        List<String> lateEvents = destinationEvents("late");
        stopQuietly(api, room);
        room = null;

        await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(k2).size() == 1 && nginx().recordings(k1).size() == 1);
        Path late = nginx().recordings(k2).get(0);
        assertPlaysH264AndAac(late);
        assertThat(MediaAnalysis.firstVideoPacketIsKeyframe(late)).as("the late destination's recording starts with a keyframe").isTrue();
        assertThat(MediaAnalysis.flvLayout(late).endsCleanly()).as("removed: its session ended cleanly").isTrue();
        assertNoGap(nginx().recordings(k1).get(0));
        assertPlaysH264AndAac(nginx().recordings(k1).get(0));
        assertThat(lateEvents).containsExactly("late connecting", "late live", "late removed");
        assertNothingLeaked(output);
    }

    @Test
    void theFirstDestinationReplacedByUpdate_keepsTheEncoder_andTheOtherDestinationsSession(CapturedOutput output) throws Exception {
        String k1 = secretKey();
        String k2 = secretKey();
        String k3 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination(null, nginx().outputUrl("out2", k2))));
        awaitState("d1", "live", Duration.ofSeconds(10));
        awaitState("d2", "live", Duration.ofSeconds(10));
        long pid = coordinator.encoderPid(room);
        Thread.sleep(1000);

        JsonHttp.Response updated = api.post("/voice/room/stream/update", Map.of("roomId", room.toString(), "rtmpOutputUrl",
                nginx().outputUrl("out", k3)));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().recordings(k3).size() == 1);
        awaitState("d1", "live", Duration.ofSeconds(10));
        Thread.sleep(1500);

        assertThat(coordinator.encoderPid(room)).as("the same encoder process").isEqualTo(pid);
        stopQuietly(api, room);
        room = null;
        await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(k2).size() == 1);
        assertThat(nginx().recordings(k2)).as("the other destination: one session").hasSize(1);
        assertNoGap(nginx().recordings(k2).get(0));
        assertThat(nginx().recordings(k1)).hasSize(1);
        assertThat(MediaAnalysis.flvLayout(nginx().recordings(k1).get(0)).endsCleanly()).as("the replaced session ended cleanly").isTrue();
        assertPlaysH264AndAac(nginx().recordings(k3).get(0));
        assertNothingLeaked(output);
    }

    @Test
    void theEncoderKilled_keepsEveryPublishSession_andThePictureIsBackWithinTheBackoffAndASecond(CapturedOutput output) throws Exception {
        String k1 = secretKey();
        String k2 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination(null, nginx().outputUrl("out2", k2))));
        awaitState("d1", "live", Duration.ofSeconds(10));
        awaitState("d2", "live", Duration.ofSeconds(10));
        Thread.sleep(2500);

        long pid = coordinator.encoderPid(room);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.encoderPid(room) != pid && coordinator.encoderPid(room) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(status(api, room).text("health")));
        Thread.sleep(2500);
        JsonNode st = status(api, room).json();
        assertThat(st.path("encoderRestarts").asInt()).isEqualTo(1);
        for (JsonNode d : st.path("destinations")) {
            assertThat(d.path("state").asText()).isEqualTo("live");
            assertThat(d.path("reconnects").asInt()).as("publishers stay connected").isZero();
        }
        stopQuietly(api, room);
        room = null;

        for (String key : List.of(k1, k2)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(key).size() == 1);
            assertThat(nginx().recordings(key)).as("one publish session across the encoder's death").hasSize(1);
            Path rec = nginx().recordings(key).get(0);
            assertPlaysH264AndAac(rec);
            double gap = MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec));
            assertThat(gap).as("the picture held while the encoder restarted (s)")
                    .isGreaterThan(0.3).isLessThanOrEqualTo(RESTART_BACKOFF_MS / 1000.0 + 1.0);
        }
        assertNothingLeaked(output);
    }

    @Test
    void anSrtDestination_isReceivedByAnSrtListener_asH264AndAac_withoutItsSecretsAnywhere(CapturedOutput output) throws Exception {
        String streamId = secretKey();
        String passphrase = secretKey();
        int srtPort = NginxRtmpServer.freeUdpPort();
        ScratchDir dir = ScratchDir.create("voice-e2e-srt-");
        cleanup.add(dir);
        Path ts = dir.path().resolve("received.ts");
        ManagedProcess listener = ManagedProcess.start("srt-listener", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-i", "srt://127.0.0.1:" + srtPort + "?mode=listener&passphrase=" + passphrase, "-c", "copy", "-f", "mpegts", ts.toString()));
        cleanup.add(0, listener);

        String k1 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination("srt",
                "srt://127.0.0.1:" + srtPort + "?streamid=" + streamId + "&passphrase=" + passphrase)));
        awaitState("srt", "live", Duration.ofSeconds(10));
        assertThat(destinationStatus("srt").path("url").asText()).isEqualTo("srt://127.0.0.1:" + srtPort + "?****");
        Thread.sleep(4000);
        stopQuietly(api, room);
        room = null;

        // the listener ends when its caller goes away (with an I/O error: SRT has no end of stream)
        assertThat(listener.waitFor(Duration.ofSeconds(10))).as("the listener ended").isNotEqualTo(-1);
        MediaAnalysis.MediaInfo info = MediaAnalysis.streams(ts);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        // FFmpeg 5.1's H.264 to MPEG-TS conversion puts the SPS after the first access unit's
        // buffering-period SEI (x264's CBR signalling): the decoder says so once, and then decodes
        // that very frame. Any other complaint fails the test.
        String errors = MediaAnalysis.decodeErrors(ts).lines()
                .filter(l -> !l.contains("non-existing SPS 0 referenced in buffering period") && !l.strip().startsWith("Last message repeated"))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(errors).isEmpty();
        assertNothingLeaked(output);
    }
}
