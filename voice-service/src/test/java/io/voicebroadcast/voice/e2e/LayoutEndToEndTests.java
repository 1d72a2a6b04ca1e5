package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.TOKEN;
import static io.voicebroadcast.voice.e2e.E2eFixture.assets;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.onlyNewRecording;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.RgbFrame;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.testsupport.TestCamera;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Layouts and overlays through real processes: solid-colour cameras on nginx-rtmp, each slot's
 * region of the recording read back for its camera's colour; a layout switch in one publish
 * session without a gap; a logo and a lower third blended into the picture.
 */
@Import(RecordingStreamEventsConfiguration.class)
class LayoutEndToEndTests extends InProcessService {

    private static final double FRAME_INTERVAL = 1.0 / FPS;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.withoutDefaultVideo(r, 41700, "800k");
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingStreamEvents events;

    private String cam(Colour colour) {
        String name = "cam-" + colour.name().toLowerCase() + "-" + UUID.randomUUID();
        e2e.camera(name, colour);
        return nginx().liveUrl(name);
    }

    private JsonHttp.Response post(String path, Map<String, ?> body) {
        return e2e.api().post(path, body);
    }

    private void awaitSlot(UUID room, int slot, String type, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(st.json().path("slots").path(slot).path("videoSourceType").asText()).as(st.body()).isEqualTo(type);
        });
    }

    @Test
    void aGridOfFourCameras_showsEachInItsQuarter_andOneCameraLost_changesOnlyItsSlot(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled");
        String red = cam(Colour.RED);
        String green = cam(Colour.GREEN);
        String blue = cam(Colour.BLUE);
        String yellowName = "cam-yellow-" + UUID.randomUUID();
        TestCamera yellow = e2e.camera(yellowName, Colour.YELLOW);
        List<Path> before = nginx().recordings();

        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(key), Map.of("layout", "grid", "slots", List.of(
                Map.of("backgroundVideoUrl", red), Map.of("backgroundVideoUrl", green), Map.of("backgroundVideoUrl", blue),
                Map.of("backgroundVideoUrl", nginx().liveUrl(yellowName), "fallbackImageUrl", assets().resolve("cyan.png").toString()))));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.text("layout")).isEqualTo("grid");
        assertThat(started.json().path("slots").path(3).path("rect").path("x").asInt()).isEqualTo(320);
        for (int slot = 0; slot < 4; slot++) {
            awaitSlot(room, slot, "primary_stream", Duration.ofSeconds(15));
        }
        broadcastFor(Duration.ofMillis(2000)); // four cameras on air
        yellow.kill();
        awaitSlot(room, 3, "fallback_image", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(1500));
        JsonHttp.Response st = e2e.status(room);
        for (int slot = 0; slot < 3; slot++) {
            assertThat(st.json().path("slots").path(slot).path("videoSourceType").asText()).as(st.body()).isEqualTo("primary_stream");
        }
        assertThat(st.text("videoSourceType")).as("slot 0 is the status's main picture").isEqualTo("primary_stream");
        e2e.stop(room);

        Path rec = onlyNewRecording(before);
        List<RgbFrame> frames = RgbFrame.sample(rec, 5, 64, 36);
        RgbFrame last = frames.get(frames.size() - 1);
        String story = frames.stream().map(RgbFrame::quarters).toList().toString();
        int allFour = -1;
        for (int i = 0; i < frames.size() && allFour < 0; i++) {
            RgbFrame f = frames.get(i);
            if (f.colourIn(0.05, 0.05, 0.45, 0.45) == Colour.RED && f.colourIn(0.55, 0.05, 0.95, 0.45) == Colour.GREEN
                    && f.colourIn(0.05, 0.55, 0.45, 0.95) == Colour.BLUE && f.colourIn(0.55, 0.55, 0.95, 0.95) == Colour.YELLOW) {
                allFour = i;
            }
        }
        assertThat(allFour).as("a frame with each camera in its quarter: %s", story).isGreaterThanOrEqualTo(0);
        assertThat(last.colourIn(0.55, 0.55, 0.95, 0.95)).as(story).isEqualTo(Colour.CYAN);
        // the lost camera changed its own quarter only: the others kept their camera in every frame since
        for (RgbFrame f : frames.subList(allFour, frames.size())) {
            assertThat(List.of(f.colourIn(0.05, 0.05, 0.45, 0.45), f.colourIn(0.55, 0.05, 0.95, 0.45), f.colourIn(0.05, 0.55, 0.45, 0.95)))
                    .as(f.quarters()).containsExactly(Colour.RED, Colour.GREEN, Colour.BLUE);
        }
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void aPipInsetsCameraLost_putsOnlyTheInsetOnItsFallback_andTheStatusHealthAndEventsNameTheSlot(CapturedOutput output)
            throws Exception {
        UUID room = e2e.room("scaled");
        String red = cam(Colour.RED);
        String insetName = "cam-blue-" + UUID.randomUUID();
        TestCamera inset = e2e.camera(insetName, Colour.BLUE);
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(secretKey()), Map.of("layout", "pip", "slots", List.of(
                Map.of("backgroundVideoUrl", red),
                Map.of("backgroundVideoUrl", nginx().liveUrl(insetName), "fallbackImageUrl", assets().resolve("cyan.png").toString()))));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitSlot(room, 0, "primary_stream", Duration.ofSeconds(15));
        awaitSlot(room, 1, "primary_stream", Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(String.valueOf(st.text("healthMessage"))).as(st.body()).doesNotContain("fallback on air");
            assertThat(st.json().path("slots").path(1).path("problem").isTextual()).as(st.body()).isFalse();
        });

        long killed = System.nanoTime();
        inset.kill();
        awaitSlot(room, 1, "fallback_image", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(st.text("health")).as(st.body()).isEqualTo("degraded");
            assertThat(st.text("healthMessage")).as(st.body())
                    .contains("slot 1 fallback on air (fallback_image): background stream not delivering").doesNotContain("slot 0");
        });
        JsonHttp.Response st = e2e.status(room);
        assertThat(st.text("videoSourceType")).as("the main picture stays on its camera: %s", st.body()).isEqualTo("primary_stream");
        assertThat(st.json().path("slots").path(0).path("videoSourceType").asText()).as(st.body()).isEqualTo("primary_stream");
        assertThat(st.json().path("slots").path(0).path("problem").isTextual()).as(st.body()).isFalse();
        assertThat(st.json().path("slots").path(1).path("problem").asText()).as(st.body()).startsWith("background stream not delivering");
        assertThat(st.json().path("slots").path(1).path("sources").path(0).path("type").asText()).isEqualTo("primary_stream");
        assertThat(st.json().path("slots").path(1).path("sources").path(0).path("state").asText()).as(st.body()).isEqualTo("lost");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(e2e.metric("voice_slots_source", "source=\"fallback_image\"")).as("slots on their image").isEqualTo(1);
            assertThat(e2e.metric("voice_slots_source", "source=\"primary_stream\"")).as("slots on their camera").isEqualTo(1);
        });
        events.awaitFirst(room, "source_changed", "slot 1 primary_stream->fallback_image source_disconnected", killed);
        events.awaitFirst(room, "health", "degraded", killed);
        assertThat(events.of(room, "source_changed").stream().filter(e -> e.nanos() >= killed).map(RecordingStreamEvents.Event::detail))
                .as("only slot 1 changed").allMatch(d -> d.startsWith("slot 1 "));
        e2e.stop(room);
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void aLayoutSwitch_keepsOnePublishSession_withoutAGap_andCutsOverOnTheNewSlotsFirstFrames(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled");
        String red = cam(Colour.RED);
        String blue = cam(Colour.BLUE);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        assertThat(e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", red)).status()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(2000)); // red over the whole picture

        long asked = System.nanoTime();
        JsonHttp.Response switched = post("/voice/room/stream/layout", Map.of("roomId", room.toString(), "layout", "pip",
                "insetCorner", "top_right", "slots", List.of(Map.of(), Map.of("backgroundVideoUrl", blue))));
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(e2e.status(room).text("layout")).isEqualTo("pip"));
        long onAirMs = (System.nanoTime() - asked) / 1_000_000;
        JsonHttp.Response st = e2e.status(room);
        long switchMs = st.json().path("lastLayoutSwitchMs").asLong();
        broadcastFor(Duration.ofMillis(2500)); // red with a blue inset
        assertThat(st.json().path("slots").path(1).path("videoSourceType").asText()).as(st.body()).isEqualTo("primary_stream");

        // both cameras on air already: side by side shows them at once, scaled from their running
        // decoders until the decoders at the new sizes have their first frames
        JsonHttp.Response sideBySide = post("/voice/room/stream/layout", Map.of("roomId", room.toString(), "layout", "side_by_side"));
        assertThat(sideBySide.status()).as(sideBySide.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(e2e.status(room).text("layout")).isEqualTo("side_by_side"));
        long rearrangeMs = e2e.status(room).json().path("lastLayoutSwitchMs").asLong();
        broadcastFor(Duration.ofMillis(2500)); // red left, blue right
        e2e.stop(room);

        Path rec = onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec))).as("largest gap between output frames (s)")
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        List<RgbFrame> frames = RgbFrame.sample(rec, 5, 64, 36);
        String story = frames.stream().map(RgbFrame::quarters).toList().toString();
        RgbFrame pip = frames.stream().filter(f -> f.colourIn(0.72, 0.08, 0.93, 0.3) == Colour.BLUE).findFirst().orElseThrow(
                () -> new AssertionError("no frame with the blue inset: " + story));
        assertThat(pip.colourIn(0.05, 0.3, 0.5, 0.95)).as("the main picture").isEqualTo(Colour.RED);
        RgbFrame last = frames.get(frames.size() - 1);
        assertThat(last.colourIn(0.05, 0.35, 0.45, 0.65)).as("side by side: left, %s", story).isEqualTo(Colour.RED);
        assertThat(last.colourIn(0.55, 0.35, 0.95, 0.65)).as("side by side: right, %s", story).isEqualTo(Colour.BLUE);
        assertThat(rearrangeMs).as("cameras on air rearranged: cut over on the bridges' frames, not the keyframes").isBetween(0L, 4500L);
        RgbFrame firstRed = frames.stream().filter(f -> f.colourIn(0.05, 0.3, 0.5, 0.95) == Colour.RED).findFirst().orElseThrow();
        assertThat(firstRed.colourIn(0.72, 0.08, 0.93, 0.3)).as("no inset before the switch").isEqualTo(Colour.RED);
        // it cut over on the new slots' first frames, not at the switch's timeout (5 s); how soon
        // after the call (the target: 1 s) is measured by the benchmark (--only=layouts), not here
        assertThat(switchMs).as("the switch's cut-over after the call (ms); seen on air after %d ms", onAirMs).isBetween(0L, 4500L);
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void aLogoAndALowerThird_areBlendedIntoThePicture_andATextChangeIsOnTheNextFrame(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled");
        String green = cam(Colour.GREEN);
        Path logo = assets().resolve("logo-" + UUID.randomUUID() + ".png");
        try (ManagedProcess p = ManagedProcess.start("make-logo", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=magenta:size=200x100", "-frames:v", "1", "-pix_fmt", "rgba", logo.toString()))) {
            assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.tail()).isZero();
        }
        List<Path> before = nginx().recordings();
        assertThat(e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", green)).status()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(1500)); // green, nothing on it

        // bad input first: each a problem, nothing changes
        assertProblem(post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "logoUrl", "/etc/passwd")), 400);
        assertProblem(post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "logoUrl", "http://169.254.169.254/logo.png")), 400);
        assertProblem(post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "logoCorner", "middle")), 400);
        assertProblem(post("/voice/room/stream/layout", Map.of("roomId", room.toString(), "layout", "mosaic")), 400);
        assertProblem(post("/voice/room/stream/layout", Map.of("roomId", room.toString(), "layout", "pip",
                "slots", List.of(Map.of(), Map.of(), Map.of()))), 400);
        assertProblem(post("/voice/room/stream/update", Map.of("roomId", room.toString(), "backgroundVideoUrl", green,
                "slots", List.of(Map.of("backgroundVideoUrl", green)))), 400); // slot 0's camera given twice

        JsonHttp.Response set = post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "logoUrl", logo.toString(),
                "logoCorner", "top_left", "logoWidthPercent", 20, "text", "Leader: car 7", "textStyle", "lower_third"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("overlay").path("text").asText()).isEqualTo("Leader: car 7");
        broadcastFor(Duration.ofMillis(500));
        RgbFrame car7 = RgbFrame.of(preview(room), 640, 360);
        broadcastFor(Duration.ofMillis(1100)); // the preview makes at most one picture a second: the next is a fresh frame
        assertThat(post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "text", "Leader: car 12")).status()).isEqualTo(200);
        // the preview is a copy of the next frame the clock writes to the encoder after this call
        RgbFrame car12 = RgbFrame.of(preview(room), 640, 360);
        broadcastFor(Duration.ofMillis(1500));
        e2e.stop(room);

        assertThat(car12.pixelsDifferentFrom(car7, 0.1, 0.78, 0.6, 0.88, 60)).as("the lower third's text changed").isGreaterThan(20);
        assertThat(car12.pixelsDifferentFrom(car7, 0, 0, 1, 0.7, 60)).as("nothing else changed").isLessThan(50);
        Path rec = onlyNewRecording(before);
        List<RgbFrame> frames = RgbFrame.sample(rec, 5, 64, 36);
        RgbFrame first = frames.stream().filter(f -> f.colourIn(0.6, 0.3, 0.95, 0.7) == Colour.GREEN).findFirst().orElseThrow();
        RgbFrame last = frames.get(frames.size() - 1);
        assertThat(first.colourIn(0.05, 0.07, 0.2, 0.18)).as("no logo at first").isEqualTo(Colour.GREEN);
        assertThat(last.colourIn(0.05, 0.07, 0.2, 0.18)).as("the logo, top left").isEqualTo(Colour.MAGENTA);
        assertThat(last.colourIn(0.6, 0.3, 0.95, 0.7)).as("the picture beside it").isEqualTo(Colour.GREEN);
        double bandBefore = first.meanRgb(0.2, 0.79, 0.55, 0.86)[1];
        double bandAfter = last.meanRgb(0.2, 0.79, 0.55, 0.86)[1];
        assertThat(bandAfter).as("the lower third's band darkens the green under it").isLessThan(bandBefore * 0.6);
        Files.deleteIfExists(logo);
        e2e.assertNoSecretLeaked(output.getAll());
    }

    /**
     * The output as a viewer gets it: FFmpeg plays the destination from nginx and records it,
     * each frame stamped with the wall clock when it arrived (-use_wallclock_as_timestamps, kept
     * by -copyts), so that the recording says when a change reached the viewer.
     */
    @Test
    void aTextChange_isInTheRecordedOutput_withinASecondOfTheAnswer(CapturedOutput output) throws Exception {
        String key = secretKey();
        UUID room = e2e.room("scaled");
        assertThat(e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", cam(Colour.GREEN))).status()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));
        assertThat(post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "text", "Leader: car 7",
                "textStyle", "lower_third")).status()).isEqualTo(200);
        try (ScratchDir dir = ScratchDir.create("voice-e2e-viewer-")) {
            Path rec = dir.resolve("viewer.mkv");
            double sentAt;
            double answeredAt;
            try (ManagedProcess viewer = ManagedProcess.start("viewer", List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                    "-use_wallclock_as_timestamps", "1", "-i", nginx().outputUrl(key), "-map", "0:v:0", "-c", "copy", "-copyts",
                    "-f", "matroska", rec.toString()))) {
                viewer.awaitReady("recording the output", Duration.ofSeconds(10), Duration.ofMillis(100),
                        () -> Files.exists(rec) && Files.size(rec) > 20_000, () -> "");
                broadcastFor(Duration.ofMillis(1500)); // car 7 on air for the viewer
                sentAt = System.currentTimeMillis() / 1000.0;
                JsonHttp.Response changed = post("/voice/room/stream/overlay", Map.of("roomId", room.toString(), "text", "Leader: car 12"));
                answeredAt = System.currentTimeMillis() / 1000.0;
                assertThat(changed.status()).as(changed.body()).isEqualTo(200);
                broadcastFor(Duration.ofMillis(2000));
            } // SIGTERM: the viewer finishes its file (nginx would keep it waiting for the next publisher)
            e2e.stop(room);
            List<Double> arrivals = MediaAnalysis.videoFrameTimes(rec);
            double firstArrival = arrivals.get(0);
            List<RgbFrame> frames = RgbFrame.sample(rec, FPS, 320, 180); // frame i arrived about firstArrival + i / FPS
            double[] band = {0.1, 0.78, 0.6, 0.88};
            // the reference: the last frame that arrived well before the call (the viewer's first
            // frames, before its first keyframe, may be anything)
            int before = -1;
            for (int i = 0; i < frames.size() && firstArrival + frames.get(i).timeSec() < sentAt - 0.3; i++) {
                before = i;
            }
            assertThat(before).as("a frame before the change").isGreaterThanOrEqualTo(0);
            RgbFrame car7 = frames.get(before);
            int threshold = 40;
            int changedPixels = 60;
            List<Integer> differing = frames.stream().map(f -> f.pixelsDifferentFrom(car7, band[0], band[1], band[2], band[3], threshold)).toList();
            int first = -1;
            for (int i = before; i < frames.size() && first < 0; i++) {
                if (differing.get(i) > changedPixels) {
                    first = i;
                }
            }
            String story = "pixels of the text band different from car 7's, frame by frame: " + differing;
            assertThat(first).as(story).isGreaterThan(before);
            double onAir = firstArrival + frames.get(first).timeSec();
            int between = (int) arrivals.stream().filter(t -> t > answeredAt && t < onAir).count();
            System.out.printf("text change: answered after %.0f ms, on the viewer's screen %.0f ms after the answer (%d frames arrived between)%n",
                    (answeredAt - sentAt) * 1000, (onAir - answeredAt) * 1000, between);
            assertThat(onAir).as("the new text reached the viewer after the call was made; %s", story).isGreaterThan(sentAt - 1.0 / FPS);
            assertThat(onAir - answeredAt).as("seconds from the answer to the new text at the viewer; %s", story).isLessThanOrEqualTo(1.0);
            // the new text from then on: no flicker back to the old one
            for (int i = first; i < frames.size(); i++) {
                assertThat(differing.get(i)).as("frame %d; %s", i, story).isGreaterThan(changedPixels);
            }
            RgbFrame car12 = frames.get(frames.size() - 1);
            assertThat(car12.pixelsDifferentFrom(car7, 0, 0, 1, 0.7, threshold)).as("nothing else changed").isLessThan(20);
        }
        e2e.assertNoSecretLeaked(output.getAll());
    }

    private static void assertProblem(JsonHttp.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("title").asText()).as(r.body()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception");
    }

    private byte[] preview(UUID room) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/voice/room/stream/preview")).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + room + "\"}")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
