package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.voice.events.LoggingEventSink;
import io.voicebroadcast.voice.events.OutboundEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The design's streaming rules through the real service: every 4xx/503 answer, the node's cap
 * under 50 concurrent starts, the default background video, switching the destination, and
 * deleting a room that broadcasts.
 */
class StreamingRulesEndToEndTests extends InProcessService {

    private static final int CAP = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.commonProperties(r, 41100, "400k");
        r.add("voice.default-background-video", () -> defaultVideo().toString());
        r.add("voice.max-concurrent-streams", () -> CAP);
        r.add("voice.rtmp-probe-timeout-seconds", () -> "2");
    }

    /** A magenta looped video: the default background, recognisable in the output. */
    static synchronized Path defaultVideo() {
        Path file = E2eFixture.assets().resolve("default-magenta.mp4");
        if (!file.toFile().exists()) {
            try (ManagedProcess p = ManagedProcess.start("make-default", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "color=c=magenta:size=640x360:rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", file.toString()))) {
                assertThat(p.waitFor(Duration.ofSeconds(30))).as(p.tail()).isZero();
            }
        }
        return file;
    }

    /** Where this context's client events go (VOICE_EVENTS_SINK=log, the default). */
    @Autowired
    LoggingEventSink clientEvents;

    private static void assertProblem(JsonHttp.Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.text("title")).isNotBlank();
        if (detailContains != null) {
            assertThat(r.text("detail")).contains(detailContains);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyRejection_isAProblemDetail_withTheDesignsStatus(CapturedOutput output) {
        JsonHttp api = e2e.api();
        String key = secretKey();
        String out = nginx().outputUrl(key);
        UUID unknown = UUID.randomUUID();

        assertProblem(e2e.start(unknown, out, Map.of()), 404, "does not exist");
        assertProblem(e2e.start(e2e.room("p2p"), out, Map.of()), 400, "P2P");

        UUID scaled = e2e.room("scaled");
        assertProblem(e2e.start(scaled, "http://127.0.0.1/out/" + key, Map.of()), 400, null);
        assertProblem(e2e.start(scaled, "rtmp://127.0.0.1:" + NginxRtmpServer.freePort() + "/out/" + key, Map.of()), 400, "refused");
        for (String bad : List.of("concat:/etc/passwd|/etc/hosts", "file:/etc/passwd", "/etc/passwd", "data:video/mp4;base64,AAAA",
                "ftp://127.0.0.1/x.mp4", "relative/path.mp4", E2eFixture.assets() + "/../../etc/passwd", "subfile:,start,0,end,0,:/etc/passwd")) {
            assertProblem(e2e.start(scaled, out, Map.of("backgroundVideoUrl", bad)), 400, "backgroundVideoUrl");
        }
        assertProblem(e2e.start(scaled, out, Map.of("fallbackImageUrl", "rtmp://127.0.0.1/live/x")), 400, "fallbackImageUrl");
        assertProblem(e2e.start(scaled, out, Map.of("fallbackStreamUrl", "/etc/passwd")), 400, "fallbackStreamUrl");
        assertProblem(e2e.start(scaled, out, Map.of("backgroundVideoUrl", nginx().liveUrl("nobody-publishes-" + UUID.randomUUID()))),
                400, "could not be read");
        assertProblem(e2e.start(scaled, out, Map.of("audioCodec", "mp3")), 400, "aac");
        assertThat(e2e.status(scaled).json().path("isStreaming").asBoolean()).as("nothing started after rejections").isFalse();

        assertProblem(api.post("/voice/room/stream/stop", Map.of("roomId", scaled.toString())), 404, "not streaming");
        assertProblem(api.post("/voice/room/stream/update", Map.of("roomId", scaled.toString(), "fallbackImageUrl", "")), 404, "not streaming");
        assertProblem(api.post("/voice/room/stream/update", Map.of("roomId", unknown.toString())), 404, null);
        assertProblem(api.post("/voice/room/stream/status", Map.of("roomId", unknown.toString())), 404, null);
        JsonHttp.Response idle = e2e.status(scaled);
        assertThat(idle.status()).isEqualTo(200);
        assertThat(idle.json().path("isStreaming").asBoolean()).isFalse();
        assertThat(idle.text("health")).isEqualTo("stopped");

        assertThat(e2e.start(scaled, out, Map.of()).status()).isEqualTo(200);
        assertProblem(e2e.start(scaled, out, Map.of()), 409, "already streaming");
        assertProblem(api.post("/voice/room/stream/update", Map.of("roomId", scaled.toString(), "backgroundVideoUrl", "gopher://x")), 400, null);
        assertProblem(api.post("/voice/room/stream/update", Map.of("roomId", scaled.toString())), 400, "Nothing to update");
        assertThat(e2e.status(scaled).text("health")).as("a rejected update leaves the stream as it was").isNotEqualTo("stopped");

        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void deletingABroadcastingRoom_stopsItsBroadcastWithReasonRoomClosed_endsItsProcesses_andForgetsTheRoom() {
        UUID r = e2e.room("scaled");
        assertThat(e2e.start(r, nginx().outputUrl(secretKey()), Map.of()).status()).isEqualTo(200);
        e2e.awaitOnAir(r, "default", Duration.ofSeconds(5));
        List<ProcessHandle> ffmpeg = ProcessHandle.current().descendants()
                .filter(ph -> ph.info().command().orElse("").endsWith("ffmpeg")).toList();
        assertThat(ffmpeg).as("the broadcast's FFmpeg processes").isNotEmpty();

        assertThat(e2e.api().post("/voice/room/delete", Map.of("roomId", r.toString())).status()).isEqualTo(204);

        assertProblem(e2e.api().post("/voice/room/get", Map.of("roomId", r.toString())), 404, "does not exist");
        assertProblem(e2e.api().post("/voice/room/stream/status", Map.of("roomId", r.toString())), 404, "does not exist");
        assertThat(e2e.api().post("/voice/room/stream/list", Map.of()).json().path("streams").valueStream()
                .map(st -> st.path("roomId").asString())).doesNotContain(r.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ffmpeg).noneMatch(ProcessHandle::isAlive));
        String stopped = OutboundEvent.ROUTING_KEY_PREFIX + r + ".stream_stopped";
        await().atMost(Duration.ofSeconds(5)).until(() -> clientEvents.recent().stream().anyMatch(e -> e.routingKey().equals(stopped)));
        OutboundEvent event = clientEvents.recent().stream().filter(e -> e.routingKey().equals(stopped)).findFirst().orElseThrow();
        assertThat(JsonMapper.builder().build().readTree(event.jsonText()).path("reason").asString()).isEqualTo("room_closed");
    }

    @Test
    void fiftyConcurrentStarts_neverExceedTheCap_andTheRestGet503() throws Exception {
        List<UUID> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(e2e.room("scaled"));
        }
        String out = nginx().outputUrl(secretKey());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonHttp.Response>> results = new ArrayList<>();
        try {
            for (UUID r : many) {
                results.add(pool.submit(() -> {
                    go.await();
                    return e2e.start(r, out, Map.of());
                }));
            }
            go.countDown();
            int ok = 0;
            int unavailable = 0;
            for (Future<JsonHttp.Response> f : results) {
                JsonHttp.Response r = f.get();
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertProblem(r, 503, "VOICE_MAX_CONCURRENT_STREAMS");
                    unavailable++;
                }
            }
            assertThat(ok).isEqualTo(CAP);
            assertThat(unavailable).isEqualTo(50 - CAP);
            JsonHttp.Response list = e2e.api().post("/voice/room/stream/list", Map.of());
            assertThat(list.json().path("streams").size()).isEqualTo(CAP);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noSourcesConfigured_putsTheDefaultBackgroundVideoOnAir() throws Exception {
        UUID r = e2e.room("scaled");
        List<Path> before = nginx().recordings();
        assertThat(e2e.start(r, nginx().outputUrl(secretKey()), Map.of()).status()).isEqualTo(200);
        e2e.awaitOnAir(r, "default", Duration.ofSeconds(5));
        broadcastFor(Duration.ofMillis(3000));
        e2e.stop(r);

        Path rec = E2eFixture.onlyNewRecording(before);
        List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
        assertThat(spans.get(spans.size() - 1).colour()).as(MediaAnalysis.describe(spans)).isEqualTo(Colour.MAGENTA);
    }

    @Test
    void unreachableImage_isSkipped_andTheDefaultVideoTakesOver() {
        UUID r = e2e.room("scaled");
        JsonHttp.Response started = e2e.start(r, nginx().outputUrl(secretKey()),
                Map.of("fallbackImageUrl", nginx().httpUrl("missing.png")));
        assertThat(started.status()).as("an image is tried when needed, not a reason to refuse the stream").isEqualTo(200);
        e2e.awaitOnAir(r, "default", Duration.ofSeconds(10));
    }

    @Test
    void newDestination_restartsOnlyTheEncoder_whileTheCameraStaysOnAir(CapturedOutput output) throws Exception {
        UUID r = e2e.room("scaled");
        String cam = "cam-" + UUID.randomUUID();
        e2e.camera(cam, Colour.CYAN);
        String firstKey = secretKey();
        String secondKey = secretKey();
        List<Path> before = nginx().recordings();
        Map<String, String> bg = Map.of("backgroundVideoUrl", nginx().liveUrl(cam));
        assertThat(e2e.start(r, nginx().outputUrl(firstKey), bg).status()).isEqualTo(200);
        e2e.awaitOnAir(r, "primary_stream", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(2000));

        JsonHttp.Response updated = e2e.api().post("/voice/room/stream/update",
                Map.of("roomId", r.toString(), "rtmpOutputUrl", nginx().outputUrl(secondKey)));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.text("videoSourceType")).as("the camera stays warm and on air").isEqualTo("primary_stream");
        assertThat(updated.text("rtmpOutputUrl")).endsWith("/out/****");
        broadcastFor(Duration.ofMillis(3000));
        e2e.stop(r);

        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().recordings().size() >= before.size() + 2);
        List<Path> recs = nginx().recordings().stream().filter(p -> !before.contains(p)).toList();
        assertThat(recs).hasSize(2);
        for (Path rec : recs) {
            List<ColourSpan> spans = MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(rec, 5));
            assertThat(spans.get(spans.size() - 1).colour()).as(rec + ": " + MediaAnalysis.describe(spans)).isEqualTo(Colour.CYAN);
        }
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void updateToACameraThatCannotBeRead_is400_keepsTheCameraOnAir_andLeavesNoDecoderBehind() throws Exception {
        UUID r = e2e.room("scaled");
        String cam = "cam-" + UUID.randomUUID();
        e2e.camera(cam, Colour.CYAN);
        assertThat(e2e.start(r, nginx().outputUrl(secretKey()), Map.of("backgroundVideoUrl", nginx().liveUrl(cam))).status())
                .isEqualTo(200);
        e2e.awaitOnAir(r, "primary_stream", Duration.ofSeconds(10));

        // Nobody publishes this one: ffprobe gives up, while the new camera's decoder (started
        // alongside the check, see StreamingCoordinator.update) is already running.
        String missing = "nobody-" + UUID.randomUUID();
        JsonHttp.Response updated = e2e.api().post("/voice/room/stream/update",
                Map.of("roomId", r.toString(), "backgroundVideoUrl", nginx().liveUrl(missing)));

        assertThat(updated.status()).as(updated.body()).isEqualTo(400);
        assertThat(updated.body()).contains("could not be read");
        // A decoder left behind would be started again and again (with backoff): watch for 4 s.
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertThat(ProcessHandle.current().descendants().map(ph -> ph.info().commandLine().orElse(""))
                    .filter(line -> line.contains(missing))).as("a process reading the rejected camera").isEmpty();
            Thread.sleep(50); // an observation window, not a wait: any sighting fails at once
        }
        assertThat(e2e.status(r).text("videoSourceType")).isEqualTo("primary_stream");
        e2e.stop(r);
    }
}
