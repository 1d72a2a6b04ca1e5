package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One encode, several destinations, each on its own, through real processes: the service's
 * publishers, nginx RTMP servers recording each publish session (by stream key), an FFmpeg SRT
 * listener. A destination failing, coming and going, being replaced, and even the encoder dying,
 * never touch another destination's publish session.
 */
@Import(RecordingStreamEventsConfiguration.class)
class DestinationsEndToEndTests extends InProcessService {

    private static final double FRAME_INTERVAL = 1.0 / FPS;
    private static final int KEYFRAME_SECONDS = 2;
    private static final int RESTART_BACKOFF_MS = 1000;

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

    @Autowired
    RecordingStreamEvents events;

    @Autowired
    StreamingCoordinator coordinator;

    /** The test's room, on air once {@link #startRoom} returns. */
    private UUID room;

    /** A room on air with a camera and a tone, to {@code rtmpOutputUrl} (the first destination, d1) and {@code destinations}. */
    private JsonHttp.Response startRoom(String rtmpOutputUrl, List<Map<String, String>> destinations) {
        room = e2e.room("scaled");
        String cam = "cam-" + UUID.randomUUID();
        e2e.camera(cam, Colour.GREEN);
        JsonHttp.Response started = e2e.start(room, rtmpOutputUrl, Map.of(
                "destinations", destinations,
                "backgroundVideoUrl", nginx().liveUrl(cam)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.closeLater(RtpTone.start(started.json().path("audioRtpPort").asInt(), 440, RtpTone.Codec.OPUS));
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
        JsonHttp.Response st = e2e.status(room);
        for (JsonNode d : st.json().path("destinations")) {
            if (d.path("destinationId").asString().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no destination " + id + " in " + st.body());
    }

    private void awaitState(String id, String state, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(destinationStatus(id).path("state").asString()).isEqualTo(state));
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

    @Test
    void threeDestinations_allLive_andOneServerDying_touchesNeitherOfTheOthers(CapturedOutput output) throws Exception {
        NginxRtmpServer second = e2e.closeLater(NginxRtmpServer.start());
        String k1 = secretKey();
        String k2 = secretKey();
        String k3 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination(null, nginx().outputUrl("out2", k2)),
                destination("backup", second.outputUrl("out", k3))));
        for (String id : List.of("d1", "d2", "backup")) {
            awaitState(id, "live", Duration.ofSeconds(10));
        }
        JsonNode st = e2e.status(room).json();
        assertThat(st.path("rtmpOutputUrl").asString()).isEqualTo("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out/****");
        assertThat(st.path("destinations").get(1).path("url").asString()).isEqualTo("rtmp://127.0.0.1:" + nginx().rtmpPort() + "/out2/****");
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(e2e.status(room).text("health")));
        broadcastFor(Duration.ofMillis(2000)); // on air a while before the server dies

        second.restart(Duration.ofSeconds(4)); // killed, down for 4 s, then back on the same port
        awaitState("backup", "live", Duration.ofSeconds(15));
        broadcastFor(Duration.ofMillis(2000)); // the backup's new session records a while
        JsonNode backup = destinationStatus("backup");
        e2e.stop(room);

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
        assertThat(backup.path("lastErrorKind").asString()).isIn("dropped", "refused");
        assertThat(backup.path("bytesSent").asLong()).isPositive();
        assertThat(coordinator.encoderPid(UUID.randomUUID())).isEqualTo(-1);
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void aDestinationWhosePublishIsRefused_failsAfterTheConfiguredTries_andTheOtherGoesOn(CapturedOutput output) throws Exception {
        String good = secretKey();
        String bad = secretKey();
        startRoom(nginx().outputUrl("out", good), List.of(destination("wrong-key", nginx().rejectingUrl(bad))));

        awaitState("wrong-key", "failed", Duration.ofSeconds(20));
        JsonNode failed = destinationStatus("wrong-key");
        assertThat(failed.path("lastErrorKind").asString()).isEqualTo("rejected");
        assertThat(failed.path("lastError").asString()).contains("2 times in a row");
        assertThat(destinationStatus("d1").path("state").asString()).isEqualTo("live");
        JsonNode st = e2e.status(room).json();
        assertThat(st.path("isStreaming").asBoolean()).isTrue();
        assertThat(st.path("health").asString()).isEqualTo("degraded");
        assertThat(st.path("healthMessage").asString()).contains("destination wrong-key failed");
        assertThat(destinationEvents("wrong-key")).contains("wrong-key reconnecting rejected").last().isEqualTo("wrong-key failed rejected");
        broadcastFor(Duration.ofMillis(1000)); // d1 goes on after the other failed
        e2e.stop(room);

        await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(good).size() == 1);
        assertNoGap(nginx().recordings(good).get(0));
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void aDestinationAddedMidBroadcast_isLiveWithinAKeyframeIntervalAndASecond_fromAKeyframe_andOneRemoved_leavesTheOthers(
            CapturedOutput output) throws Exception {
        String k1 = secretKey();
        String k2 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of());
        awaitState("d1", "live", Duration.ofSeconds(10));
        long pid = coordinator.encoderPid(room);
        broadcastFor(Duration.ofMillis(1500)); // d1 alone a while

        long asked = System.nanoTime();
        JsonHttp.Response added = e2e.api().post("/voice/room/stream/destination/add",
                Map.of("roomId", room.toString(), "destinationId", "late", "url", nginx().outputUrl("out2", k2)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        awaitState("late", "live", Duration.ofSeconds(10));
        Duration toLive = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(toLive).as("add -> live").isLessThanOrEqualTo(Duration.ofSeconds(KEYFRAME_SECONDS + 1));

        JsonHttp.Response twice = e2e.api().post("/voice/room/stream/destination/add",
                Map.of("roomId", room.toString(), "destinationId", "late", "url", nginx().outputUrl("out2", secretKey())));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("type")).endsWith("/destination-conflict");
        broadcastFor(Duration.ofMillis(3000)); // both on air

        JsonHttp.Response removed = e2e.api().post("/voice/room/stream/destination/remove",
                Map.of("roomId", room.toString(), "destinationId", "late"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("destinations")).hasSize(1);
        JsonHttp.Response last = e2e.api().post("/voice/room/stream/destination/remove",
                Map.of("roomId", room.toString(), "destinationId", "d1"));
        assertThat(last.status()).isEqualTo(409);
        JsonHttp.Response unknown = e2e.api().post("/voice/room/stream/destination/remove",
                Map.of("roomId", room.toString(), "destinationId", "nope"));
        assertThat(unknown.status()).isEqualTo(404);
        broadcastFor(Duration.ofMillis(1500)); // d1 alone again
        assertThat(coordinator.encoderPid(room)).as("the encoder never restarted").isEqualTo(pid);
        List<String> lateEvents = destinationEvents("late");
        e2e.stop(room);

        await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(k2).size() == 1 && nginx().recordings(k1).size() == 1);
        Path late = nginx().recordings(k2).get(0);
        assertPlaysH264AndAac(late);
        assertThat(MediaAnalysis.firstVideoPacketIsKeyframe(late)).as("the late destination's recording starts with a keyframe").isTrue();
        assertThat(MediaAnalysis.flvLayout(late).endsCleanly()).as("removed: its session ended cleanly").isTrue();
        assertNoGap(nginx().recordings(k1).get(0));
        assertPlaysH264AndAac(nginx().recordings(k1).get(0));
        assertThat(lateEvents).containsExactly("late connecting", "late live", "late removed");
        e2e.assertNoSecretLeaked(output.getAll());
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
        broadcastFor(Duration.ofMillis(1000)); // both on air before the update

        JsonHttp.Response updated = e2e.api().post("/voice/room/stream/update", Map.of("roomId", room.toString(), "rtmpOutputUrl",
                nginx().outputUrl("out", k3)));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().recordings(k3).size() == 1);
        awaitState("d1", "live", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(1500)); // the replacement on air a while

        assertThat(coordinator.encoderPid(room)).as("the same encoder process").isEqualTo(pid);
        e2e.stop(room);
        await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(k2).size() == 1);
        assertThat(nginx().recordings(k2)).as("the other destination: one session").hasSize(1);
        assertNoGap(nginx().recordings(k2).get(0));
        assertThat(nginx().recordings(k1)).hasSize(1);
        assertThat(MediaAnalysis.flvLayout(nginx().recordings(k1).get(0)).endsCleanly()).as("the replaced session ended cleanly").isTrue();
        assertPlaysH264AndAac(nginx().recordings(k3).get(0));
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void theEncoderKilled_keepsEveryPublishSession_andThePictureIsBackWithinTheBackoffAndASecond(CapturedOutput output) throws Exception {
        String k1 = secretKey();
        String k2 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination(null, nginx().outputUrl("out2", k2))));
        awaitState("d1", "live", Duration.ofSeconds(10));
        awaitState("d2", "live", Duration.ofSeconds(10));
        broadcastFor(Duration.ofMillis(2500)); // both on air before the encoder dies

        long pid = coordinator.encoderPid(room);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.encoderPid(room) != pid && coordinator.encoderPid(room) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "healthy".equals(e2e.status(room).text("health")));
        broadcastFor(Duration.ofMillis(2500)); // the new encoder's picture on both
        JsonNode st = e2e.status(room).json();
        assertThat(st.path("encoderRestarts").asInt()).isEqualTo(1);
        for (JsonNode d : st.path("destinations")) {
            assertThat(d.path("state").asString()).isEqualTo("live");
            assertThat(d.path("reconnects").asInt()).as("publishers stay connected").isZero();
        }
        e2e.stop(room);

        for (String key : List.of(k1, k2)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> nginx().recordings(key).size() == 1);
            assertThat(nginx().recordings(key)).as("one publish session across the encoder's death").hasSize(1);
            Path rec = nginx().recordings(key).get(0);
            assertPlaysH264AndAac(rec);
            double gap = MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec));
            assertThat(gap).as("the picture held while the encoder restarted (s)")
                    .isGreaterThan(0.3).isLessThanOrEqualTo(RESTART_BACKOFF_MS / 1000.0 + 1.0);
        }
        e2e.assertNoSecretLeaked(output.getAll());
    }

    @Test
    void anSrtDestination_isReceivedByAnSrtListener_asH264AndAac_withoutItsSecretsAnywhere(CapturedOutput output) throws Exception {
        String streamId = secretKey();
        String passphrase = secretKey();
        int srtPort = NginxRtmpServer.freeUdpPort();
        Path ts = e2e.closeLater(ScratchDir.create("voice-e2e-srt-")).path().resolve("received.ts");
        ManagedProcess listener = e2e.closeLater(ManagedProcess.start("srt-listener", List.of("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-y", "-i", "srt://127.0.0.1:" + srtPort + "?mode=listener&passphrase=" + passphrase, "-c", "copy", "-f", "mpegts",
                ts.toString())));

        String k1 = secretKey();
        startRoom(nginx().outputUrl("out", k1), List.of(destination("srt",
                "srt://127.0.0.1:" + srtPort + "?streamid=" + streamId + "&passphrase=" + passphrase)));
        awaitState("srt", "live", Duration.ofSeconds(10));
        assertThat(destinationStatus("srt").path("url").asString()).isEqualTo("srt://127.0.0.1:" + srtPort + "?****");
        broadcastFor(Duration.ofMillis(4000)); // the listener receives a while
        e2e.stop(room);

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
        e2e.assertNoSecretLeaked(output.getAll());
    }
}
