package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.awaitOnAir;
import static io.voicebroadcast.voice.e2e.E2eFixture.createRoom;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.onlyNewRecording;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static io.voicebroadcast.voice.e2e.E2eFixture.status;
import static io.voicebroadcast.voice.e2e.E2eFixture.stopQuietly;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The room broadcast through real processes: the service on a random port, nginx-rtmp as camera
 * source and recorded destination, FFmpeg cameras (one solid colour each, so the output's colour
 * says which source was on air) and an RTP tone as the room's audio.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class BroadcastEndToEndTests {

    private static final double FRAME_INTERVAL = 1.0 / FPS;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.commonProperties(r, 41000, "600k");
        r.add("voice.default-background-video", () -> "/nonexistent/default.mp4");
        r.add("voice.rtmp-probe-timeout-seconds", () -> "3");
    }

    @LocalServerPort
    int port;

    private JsonHttp api;
    private UUID room;
    private final List<AutoCloseable> cleanup = new java.util.ArrayList<>();

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

    private TestCamera camera(String name, Colour colour) {
        TestCamera cam = TestCamera.start(nginx().liveUrl(name), TestCamera.solid(colour, SIZE, FPS));
        cleanup.add(cam);
        cam.awaitPublishing(nginx(), name, Duration.ofSeconds(15));
        return cam;
    }

    private JsonHttp.Response start(Map<String, Object> body) {
        return api.post("/voice/room/stream/start", body);
    }

    private Map<String, Object> startBody(String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("roomId", room.toString());
        body.put("rtmpOutputUrl", nginx().outputUrl(key));
        return body;
    }

    @Test
    void startStatusStop_broadcastsCameraAndRoomAudio_asH264AndAacAtTheConfiguredFormat(CapturedOutput output) throws Exception {
        String key = secretKey();
        room = createRoom(api, "scaled");
        String cam = "cam-" + UUID.randomUUID();
        camera(cam, Colour.RED);
        List<Path> before = nginx().recordings();

        Map<String, Object> body = startBody(key);
        body.put("backgroundVideoUrl", nginx().liveUrl(cam));
        JsonHttp.Response started = start(body);

        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().path("isStreaming").asBoolean()).isTrue();
        assertThat(started.text("rtmpOutputUrl")).isEqualTo("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out/****");
        int audioPort = started.json().path("audioRtpPort").asInt();
        assertThat(audioPort).isBetween(41000, 41099);
        RtpTone tone = RtpTone.start(audioPort, 440, RtpTone.Codec.OPUS);
        cleanup.add(tone);

        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(10));
        Thread.sleep(4000); // let the broadcast run with camera and voice
        JsonHttp.Response st = status(api, room);
        assertThat(st.text("health")).as(st.body()).isEqualTo("healthy");
        assertThat(st.json().path("durationSeconds").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(st.text("videoCodec")).isNotBlank();

        JsonHttp.Response stopped = api.post("/voice/room/stream/stop", Map.of("roomId", room.toString()));
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(status(api, room).json().path("isStreaming").asBoolean()).isFalse();
        assertThat(status(api, room).text("health")).isEqualTo("stopped");
        room = null;

        Path rec = onlyNewRecording(before);
        MediaAnalysis.MediaInfo info = MediaAnalysis.streams(rec);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.width() + "x" + info.height()).isEqualTo(SIZE);
        assertThat(info.frameRate()).isCloseTo(FPS, org.assertj.core.data.Offset.offset(0.5));
        assertThat(info.sampleRate()).isEqualTo(48000);
        double end = info.durationSec();
        assertThat(MediaAnalysis.toneLevelDb(rec, 440, end - 3, end - 0.5)).as("the room's 440 Hz voice").isGreaterThan(-30);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        assertThat(spans.get(spans.size() - 1).colour()).as(MediaAnalysis.describe(spans)).isEqualTo(Colour.RED);

        assertNoSecretIn("log", output.getAll());
        api.seenBodies().forEach(b -> assertNoSecretIn("response", b));
    }

    @Test
    void cameraSwitchByUpdate_cutsOverWithoutGap_inOnePublishSession(CapturedOutput output) throws Exception {
        String key = secretKey();
        room = createRoom(api, "scaled");
        String red = "cam-" + UUID.randomUUID();
        String blue = "cam-" + UUID.randomUUID();
        camera(red, Colour.RED);
        camera(blue, Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        Map<String, Object> body = startBody(key);
        body.put("backgroundVideoUrl", nginx().liveUrl(red));
        assertThat(start(body).status()).isEqualTo(200);
        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(10));
        Thread.sleep(2500);

        JsonHttp.Response updated = api.post("/voice/room/stream/update",
                Map.of("roomId", room.toString(), "backgroundVideoUrl", nginx().liveUrl(blue)));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        Thread.sleep(4000);
        stopQuietly(api, room);
        room = null;

        Path rec = onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        List<Double> times = MediaAnalysis.videoFrameTimes(rec);
        assertThat(MediaAnalysis.largestGap(times)).as("largest gap between output frames (s)")
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        List<Colour> order = spans.stream().map(ColourSpan::colour).filter(c -> c == Colour.RED || c == Colour.BLUE).distinct().toList();
        assertThat(order).as(MediaAnalysis.describe(spans)).containsExactly(Colour.RED, Colour.BLUE);
        assertThat(spans.get(spans.size() - 1).colour()).isEqualTo(Colour.BLUE);

        assertNoSecretIn("log", output.getAll());
        api.seenBodies().forEach(b -> assertNoSecretIn("response", b));
    }

    @Test
    void primaryCameraKilled_putsFallbackImageOnAirWithinThreshold_inOnePublishSession(CapturedOutput output) throws Exception {
        String key = secretKey();
        room = createRoom(api, "scaled", Map.of("codec", "pcmu", "payloadType", 0, "sampleRate", 8000, "channels", 1));
        String cam = "cam-" + UUID.randomUUID();
        TestCamera red = camera(cam, Colour.RED);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        Map<String, Object> body = startBody(key);
        body.put("backgroundVideoUrl", nginx().liveUrl(cam));
        body.put("fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString());
        JsonHttp.Response started = start(body);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        RtpTone tone = RtpTone.start(started.json().path("audioRtpPort").asInt(), 1000, RtpTone.Codec.PCMU);
        cleanup.add(tone);
        awaitOnAir(api, room, "primary_stream", Duration.ofSeconds(10));
        Thread.sleep(2500);

        red.kill();
        Duration toFallback = awaitOnAir(api, room, "fallback_image", Duration.ofSeconds(5));
        assertThat(toFallback).as("camera killed -> fallback on air").isLessThanOrEqualTo(Duration.ofMillis(1500));
        JsonHttp.Response st = status(api, room);
        assertThat(st.text("health")).isEqualTo("degraded");
        Thread.sleep(3000);
        stopQuietly(api, room);
        room = null;

        Path rec = onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec))).isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        // The camera on air, then the image when it dies (the image may also show first, if it
        // loaded before the camera's first frame).
        List<Colour> order = spans.stream().map(ColourSpan::colour).filter(c -> c == Colour.RED || c == Colour.GREEN).toList();
        assertThat(order).as(MediaAnalysis.describe(spans)).containsSubsequence(Colour.RED, Colour.GREEN).endsWith(Colour.GREEN);
        double end = MediaAnalysis.streams(rec).durationSec();
        assertThat(MediaAnalysis.toneLevelDb(rec, 1000, end - 2.5, end - 0.5)).as("the room's PCMU voice").isGreaterThan(-30);

        assertNoSecretIn("log", output.getAll());
        api.seenBodies().forEach(b -> assertNoSecretIn("response", b));
    }

    @Test
    void imageOnlyStart_putsTheImageOnAir_fetchedOverHttp() throws Exception {
        room = createRoom(api, "scaled");
        List<Path> before = nginx().recordings();
        Map<String, Object> body = startBody(secretKey());
        body.put("fallbackImageUrl", nginx().httpUrl("yellow.png"));
        JsonHttp.Response started = start(body);
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        awaitOnAir(api, room, "fallback_image", Duration.ofSeconds(5));
        assertThat(status(api, room).text("health")).isEqualTo("degraded");
        Thread.sleep(3000);
        stopQuietly(api, room);
        room = null;

        Path rec = onlyNewRecording(before);
        MediaAnalysis.MediaInfo info = MediaAnalysis.streams(rec);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        assertThat(spans.get(spans.size() - 1).colour()).as(MediaAnalysis.describe(spans)).isEqualTo(Colour.YELLOW);
        assertThat(MediaAnalysis.rmsDb(rec, 0.5, info.durationSec() - 0.5)).as("no room audio: silence").isLessThan(-60);
    }

    @Test
    void unreachableImage_withNoDefaultVideo_isSkippedAndBlackIsOnAir_saidInTheHealthMessage() {
        room = createRoom(api, "scaled");
        Map<String, Object> body = startBody(secretKey());
        body.put("fallbackImageUrl", nginx().httpUrl("no-such-image.png"));
        assertThat(start(body).status()).as("an image is tried when needed, never a reason to refuse").isEqualTo(200);
        awaitOnAir(api, room, "black", Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonHttp.Response st = status(api, room);
            assertThat(st.text("videoSourceType")).isEqualTo("black");
            assertThat(st.text("healthMessage")).contains("fallback image skipped");
        });
    }

    @Test
    void blackOnlyStart_withNoSourcesAndNoDefaultVideo_broadcastsBlackWithSilence() throws Exception {
        room = createRoom(api, "scaled");
        List<Path> before = nginx().recordings();
        JsonHttp.Response started = start(startBody(secretKey()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitOnAir(api, room, "black", Duration.ofSeconds(5));
        Thread.sleep(3000);
        stopQuietly(api, room);
        room = null;

        Path rec = onlyNewRecording(before);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        assertThat(spans).as(MediaAnalysis.describe(spans)).allMatch(s -> s.colour() == Colour.BLACK);
        assertThat(MediaAnalysis.streams(rec).audioCodec()).isEqualTo("aac");
    }
}
