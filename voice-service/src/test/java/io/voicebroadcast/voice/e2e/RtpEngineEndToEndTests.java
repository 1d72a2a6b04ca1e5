package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.onlyNewRecording;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A room in audio mode {@code rtpengine} through a real RTPEngine daemon: participants (FFmpeg RTP
 * tones at distinct pitches) join through the API, the service subscribes to each and mixes them
 * into the broadcast, recorded by nginx. Joins, leaves, exclusion and an RTPEngine outage happen
 * mid-broadcast, all in one publish session.
 *
 * <p>Times are taken on the wall clock and mapped onto the recording from its end (the stop), so
 * every measured window sits well inside its phase.
 */
class RtpEngineEndToEndTests extends InProcessService {

    private static final double FRAME_INTERVAL = 1.0 / FPS;
    /** FFmpeg's sine (amplitude 1/8) as toneLevelDb reads it. */
    private static final double TONE_DB = -18.0;

    @RegisterExtension
    static final RtpEngineForClass RTPENGINE = new RtpEngineForClass();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.withoutDefaultVideo(r, 41300, "600k");
        RTPENGINE.propertiesWithQuickRetries(r);
    }

    private UUID room;
    /** Each participant's tone; a participant who joins again gets a new one. */
    private final Map<String, RtpTone> tones = new HashMap<>();

    private static String offer(int port, RtpTone.Codec codec) {
        return RtpEngineParticipant.offer(port, codec);
    }

    private JsonHttp.Response joinRequest(String participant, String sdp) {
        return RtpEngineParticipant.joinRequest(e2e.api(), room, participant, sdp);
    }

    /** Joins through the API and starts the participant's FFmpeg towards RTPEngine's answered port. */
    private void join(String participant, RtpTone.Codec codec, int hz) {
        int port = RtpEngineParticipant.join(e2e.api(), room, participant, codec, 30_000 + hz);
        RtpTone old = tones.put(participant, e2e.closeLater(RtpTone.start(port, hz, codec)));
        if (old != null) {
            old.close();
        }
    }

    private JsonHttp.Response mix(String participant, Map<String, Object> change) {
        Map<String, Object> body = new HashMap<>(change);
        body.put("roomId", room.toString());
        body.put("participantId", participant);
        return e2e.api().post("/voice/room/stream/participant", body);
    }

    private JsonNode participant(String id) {
        for (JsonNode p : e2e.status(room).json().path("participants")) {
            if (p.path("participantId").asString().equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** Until the status shows the participant mixed at about the tone's level. */
    private void awaitAudible(String id, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode p = participant(id);
            assertThat(p).as(e2e.status(room).body()).isNotNull();
            assertThat(p.path("levelDbfs").asDouble()).as(id + " level in " + p).isGreaterThan(-30);
        });
    }

    /** Until the room's audio metrics (refreshed every 5 s) show the sources and packets arriving. */
    private void awaitAudioMetrics(int sources) {
        String room = "room=\"" + this.room + "\"";
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(e2e.metric("voice_audio_sources", room)).isEqualTo(sources);
            assertThat(e2e.metric("voice_audio_packets_total", "outcome=\"received\"," + room)).isGreaterThan(0);
            assertThat(e2e.metric("voice_audio_packets_total", "outcome=\"unexpected_sender\"," + room)).isZero();
        });
    }

    @Test
    void participantsJoinLeaveAndRtpengineRestarts_midBroadcast_inOnePublishSession() throws Exception {
        String key = secretKey();
        JsonHttp.Response created = e2e.api().post("/voice/room/create", Map.of("tier", "scaled", "audioMode", "rtpengine"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.text("audioMode")).isEqualTo("rtpengine");
        room = e2e.keep(UUID.fromString(created.text("roomId")));

        // A bad offer is the client's 400 and never reaches RTPEngine.
        JsonHttp.Response bad = joinRequest("mallory", "v=0\r\nm=video 9 RTP/AVP 96\r\n");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.text("type")).endsWith("/invalid-sdp-offer");

        join("alice", RtpTone.Codec.OPUS, 440);
        join("bob", RtpTone.Codec.OPUS, 660);
        join("carol", RtpTone.Codec.PCMU, 1000);
        assertThat(joinRequest("alice", offer(31_440, RtpTone.Codec.OPUS)).status()).as("joined twice").isEqualTo(409);

        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");
        JsonHttp.Response started = e2e.api().post("/voice/room/stream/start",
                Map.of("roomId", room.toString(), "rtmpOutputUrl", nginx().outputUrl(key)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.text("audioMode")).isEqualTo("rtpengine");
        assertThat(started.json().has("audioRtpPort")).as("nobody sends to a port in mode rtpengine").isFalse();
        for (String p : List.of("alice", "bob", "carol")) {
            awaitAudible(p, Duration.ofSeconds(10));
        }
        JsonNode listed = e2e.api().post("/voice/room/stream/list", Map.of()).json().path("streams").valueStream()
                .filter(st -> st.path("roomId").asString().equals(room.toString())).findFirst().orElseThrow();
        assertThat(listed.path("audioMode").asString()).as("the list answers the same status").isEqualTo("rtpengine");
        assertThat(listed.path("participants").valueStream().map(p -> p.path("participantId").asString()))
                .containsExactlyInAnyOrder("alice", "bob", "carol");
        awaitAudioMetrics(3);
        broadcastFor(Duration.ofMillis(3000));
        long allThree = System.nanoTime();

        assertThat(RtpEngineParticipant.leave(e2e.api(), room, "bob").status()).isEqualTo(204);
        long bobLeft = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).until(() -> participant("bob") == null);
        broadcastFor(Duration.ofMillis(2500));

        join("dave", RtpTone.Codec.OPUS, 880);
        long daveJoined = System.nanoTime();
        awaitAudible("dave", Duration.ofSeconds(3));
        broadcastFor(Duration.ofMillis(2500));

        JsonHttp.Response excluded = mix("alice", Map.of("excluded", true));
        assertThat(excluded.status()).as(excluded.body()).isEqualTo(200);
        assertThat(excluded.json().path("participants").valueStream().filter(p -> p.path("participantId").asString().equals("alice"))
                .map(p -> p.path("excluded").asBoolean())).as("the mix change's answer").containsExactly(true);
        long aliceExcluded = System.nanoTime();
        broadcastFor(Duration.ofMillis(2500));

        RTPENGINE.daemon().kill();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = e2e.status(room);
            assertThat(st.text("health")).isEqualTo("degraded");
            assertThat(st.text("healthMessage")).contains("RTPEngine");
        });
        broadcastFor(Duration.ofSeconds(10).minusNanos(System.nanoTime() - killed)); // RTPEngine down for 10 s
        RTPENGINE.daemon().restart();
        long restarted = System.nanoTime();
        // RTPEngine kept nothing: the participants publish again (the same ids join again).
        join("alice", RtpTone.Codec.OPUS, 440);
        join("carol", RtpTone.Codec.PCMU, 1000);
        join("dave", RtpTone.Codec.OPUS, 880);
        awaitAudible("carol", Duration.ofSeconds(8));
        awaitAudible("dave", Duration.ofSeconds(3));
        long back = System.nanoTime();
        assertThat(e2e.status(room).text("healthMessage")).doesNotContain("RTPEngine");
        broadcastFor(Duration.ofMillis(3000));
        long stopping = System.nanoTime();
        e2e.stop(room);

        Path rec = onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("publish sessions").isEqualTo(1);
        double end = MediaAnalysis.streams(rec).durationSec();
        java.util.function.LongFunction<Double> at = t -> end - (stopping - t) / 1e9;

        // all three, each at its level
        for (int hz : new int[] {440, 660, 1000}) {
            assertThat(MediaAnalysis.toneLevelDb(rec, hz, at.apply(allThree) - 2.5, at.apply(allThree) - 0.5))
                    .as("%d Hz with three participants", hz).isCloseTo(TONE_DB, within(3.0));
        }
        // bob left: 660 gone, the others go on
        assertThat(MediaAnalysis.toneLevelDb(rec, 660, at.apply(bobLeft) + 0.7, at.apply(daveJoined) - 0.3)).as("660 Hz after bob left")
                .isLessThan(TONE_DB - 30);
        assertThat(MediaAnalysis.toneLevelDb(rec, 440, at.apply(bobLeft) + 0.7, at.apply(daveJoined) - 0.3)).isCloseTo(TONE_DB, within(3.0));
        // dave joined: 880 within 1 s
        assertThat(MediaAnalysis.toneLevelDb(rec, 880, at.apply(daveJoined) + 1.0, at.apply(aliceExcluded) - 0.3))
                .as("880 Hz from 1 s after dave joined").isCloseTo(TONE_DB, within(3.0));
        // alice excluded: 440 absent, carol and dave on
        assertThat(MediaAnalysis.toneLevelDb(rec, 440, at.apply(aliceExcluded) + 0.5, at.apply(killed) - 0.3)).as("440 Hz excluded")
                .isLessThan(TONE_DB - 30);
        assertThat(MediaAnalysis.toneLevelDb(rec, 1000, at.apply(aliceExcluded) + 0.5, at.apply(killed) - 0.3)).isCloseTo(TONE_DB, within(3.0));
        // RTPEngine down: silence, then the voices back
        assertThat(MediaAnalysis.rmsDb(rec, at.apply(killed) + 1.0, at.apply(restarted) - 0.5)).as("while RTPEngine is down")
                .isLessThan(-50);
        assertThat(MediaAnalysis.toneLevelDb(rec, 1000, at.apply(back) + 0.5, at.apply(stopping) - 0.5)).as("1000 Hz back")
                .isCloseTo(TONE_DB, within(3.0));
        assertThat(MediaAnalysis.toneLevelDb(rec, 880, at.apply(back) + 0.5, at.apply(stopping) - 0.5)).as("880 Hz back")
                .isCloseTo(TONE_DB, within(3.0));
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(rec))).as("largest gap between output frames (s)")
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
    }
}
