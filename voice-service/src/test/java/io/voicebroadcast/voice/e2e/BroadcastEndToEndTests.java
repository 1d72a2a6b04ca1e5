package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.SIZE;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.onlyNewRecording;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The room broadcast through real processes: the service on a random port, nginx-rtmp as camera
 * source and recorded destination, FFmpeg cameras (one solid colour each, so the output's colour
 * says which source was on air) and an RTP tone as the room's audio.
 */
class BroadcastEndToEndTests extends InProcessService {

    private static final double FRAME_INTERVAL = 1.0 / FPS;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.withoutDefaultVideo(r, 41000, "600k");
    }

    @Test
    void startStatusStop_broadcastsCameraAndRoomAudio_asH264AndAacAtTheConfiguredFormat(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled");
        String cam = "cam-" + UUID.randomUUID();
        e2e.camera(cam, Colour.RED);
        List<Path> before = nginx().recordings();

        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", nginx().liveUrl(cam)));

        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().path("isStreaming").asBoolean()).isTrue();
        assertThat(started.text("rtmpOutputUrl")).isEqualTo("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out/****");
        int audioPort = started.json().path("audioRtpPort").asInt();
        assertThat(audioPort).isBetween(41000, 41099);
        e2e.closeLater(RtpTone.start(audioPort, 440, RtpTone.Codec.OPUS));

        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(4000)); // the broadcast runs with camera and voice
        JsonHttp.Response st = e2e.status(room);
        assertThat(st.text("health")).as(st.body()).isEqualTo("healthy");
        assertThat(st.json().path("durationSeconds").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(st.text("videoCodec")).isNotBlank();

        JsonHttp.Response stopped = e2e.api().post("/voice/room/stream/stop", Map.of("roomId", room.toString()));
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(e2e.status(room).json().path("isStreaming").asBoolean()).isFalse();
        assertThat(e2e.status(room).text("health")).isEqualTo("stopped");

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

        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void cameraSwitchByUpdate_cutsOverWithoutGap_inOnePublishSession(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled");
        String red = "cam-" + UUID.randomUUID();
        String blue = "cam-" + UUID.randomUUID();
        e2e.camera(red, Colour.RED);
        e2e.camera(blue, Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        assertThat(e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", nginx().liveUrl(red))).status()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(2500)); // red on air

        JsonHttp.Response updated = e2e.api().post("/voice/room/stream/update",
                Map.of("roomId", room.toString(), "backgroundVideoUrl", nginx().liveUrl(blue)));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        broadcastFor(Duration.ofMillis(4000)); // blue on air
        e2e.stop(room);

        Path rec = onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        List<Double> times = MediaAnalysis.videoFrameTimes(rec);
        assertThat(MediaAnalysis.largestGap(times)).as("largest gap between output frames (s)")
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        List<Colour> order = spans.stream().map(ColourSpan::colour).filter(c -> c == Colour.RED || c == Colour.BLUE).distinct().toList();
        assertThat(order).as(MediaAnalysis.describe(spans)).containsExactly(Colour.RED, Colour.BLUE);
        assertThat(spans.get(spans.size() - 1).colour()).isEqualTo(Colour.BLUE);

        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void primaryCameraKilled_putsFallbackImageOnAirWithinThreshold_inOnePublishSession(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled", Map.of("codec", "pcmu", "payloadType", 0, "sampleRate", 8000, "channels", 1));
        String cam = "cam-" + UUID.randomUUID();
        TestCamera red = e2e.camera(cam, Colour.RED);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", nginx().liveUrl(cam),
                "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.closeLater(RtpTone.start(started.json().path("audioRtpPort").asInt(), 1000, RtpTone.Codec.PCMU));
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(2500)); // the camera on air

        red.kill();
        Duration toFallback = e2e.awaitOnAir(room, "fallback_image", Duration.ofSeconds(5));
        assertThat(toFallback).as("camera killed -> fallback on air").isLessThanOrEqualTo(Duration.ofMillis(1500));
        JsonHttp.Response st = e2e.status(room);
        assertThat(st.text("health")).isEqualTo("degraded");
        broadcastFor(Duration.ofMillis(3000)); // the image on air
        e2e.stop(room);

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

        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void imageOnlyStart_putsTheImageOnAir_fetchedOverHttp() throws Exception {
        UUID room = e2e.room("scaled");
        List<Path> before = nginx().recordings();
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()),
                Map.of("fallbackImageUrl", nginx().httpUrl("yellow.png")));
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        e2e.awaitOnAir(room, "fallback_image", Duration.ofSeconds(5));
        assertThat(e2e.status(room).text("health")).isEqualTo("degraded");
        broadcastFor(Duration.ofMillis(3000)); // the image on air
        e2e.stop(room);

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
        UUID room = e2e.room("scaled");
        assertThat(e2e.start(room, nginx().outputUrl(secretKey()), Map.of("fallbackImageUrl", nginx().httpUrl("no-such-image.png")))
                .status()).as("an image is tried when needed, never a reason to refuse").isEqualTo(200);
        e2e.awaitOnAir(room, "black", Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(st.text("videoSourceType")).isEqualTo("black");
            assertThat(st.text("healthMessage")).contains("fallback image skipped");
        });
    }

    @Test
    void blackOnlyStart_withNoSourcesAndNoDefaultVideo_broadcastsBlackWithSilence() throws Exception {
        UUID room = e2e.room("scaled");
        List<Path> before = nginx().recordings();
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "black", Duration.ofSeconds(5));
        broadcastFor(Duration.ofMillis(3000)); // black on air
        e2e.stop(room);

        Path rec = onlyNewRecording(before);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        assertThat(spans).as(MediaAnalysis.describe(spans)).allMatch(s -> s.colour() == Colour.BLACK);
        assertThat(MediaAnalysis.streams(rec).audioCodec()).isEqualTo("aac");
    }
}
