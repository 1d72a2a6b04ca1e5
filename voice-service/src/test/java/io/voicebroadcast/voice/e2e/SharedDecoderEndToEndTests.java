package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.FPS;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.MediaAnalysis.ColourSpan;
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
 * Rooms that show one camera share one decoder process (a race camera under several commentary
 * rooms), through real processes: each room's recording carries the camera, a room that switches
 * away leaves the other untouched, and the camera's loss is seen by both.
 */
class SharedDecoderEndToEndTests extends InProcessService {

    private static final double FRAME_INTERVAL = 1.0 / FPS;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.withoutDefaultVideo(r, 41600, "400k");
        r.add("voice.streaming-input-loss-threshold-ms", () -> "1000");
    }

    /** The service's decoder processes reading this camera (its URL is in their argv). */
    private static long decodersOf(TestCamera camera) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(camera.url()))
                .filter(p -> p.info().commandLine().orElse("").contains("-f rawvideo"))
                .count();
    }

    private UUID startOn(String key, TestCamera camera) {
        UUID room = e2e.room("scaled");
        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(key), Map.of(
                "backgroundVideoUrl", camera.url(), "fallbackImageUrl", E2eFixture.assets().resolve("yellow.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return room;
    }

    @Test
    void twoRoomsOnOneCamera_shareOneDecoder_aSwitchLeavesTheOther_andTheCamerasLossIsSeenByBoth(CapturedOutput output)
            throws Exception {
        String race = "race-" + UUID.randomUUID();
        String crowd = "crowd-" + UUID.randomUUID();
        TestCamera raceCam = e2e.camera(race, Colour.RED);
        TestCamera crowdCam = e2e.camera(crowd, Colour.BLUE);
        String english = secretKey();
        String spanish = secretKey();
        UUID en = startOn(english, raceCam);
        UUID es = startOn(spanish, raceCam);
        e2e.awaitOnAir(en, "primary_stream", Duration.ofSeconds(10));
        e2e.awaitOnAir(es, "primary_stream", Duration.ofSeconds(10));

        assertThat(decodersOf(raceCam)).as("one process decodes the camera both rooms show").isEqualTo(1);
        assertThat(e2e.metric("voice_decoders", "")).isEqualTo(1.0);
        assertThat(e2e.metric("voice_decoder_sources", "")).isEqualTo(2.0);
        broadcastFor(Duration.ofSeconds(2));

        java.time.Instant asked = java.time.Instant.now();
        JsonHttp.Response switched = e2e.api().post("/voice/room/stream/update",
                Map.of("roomId", en.toString(), "backgroundVideoUrl", crowdCam.url()));
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        // the crowd camera on air: the source on air changed after the switch was asked
        await().atMost(Duration.ofSeconds(10)).until(() -> java.time.Instant.parse(e2e.status(en).text("onAirSince")).isAfter(asked));
        assertThat(decodersOf(raceCam)).as("the other room still shows the race camera").isEqualTo(1);
        broadcastFor(Duration.ofSeconds(3));

        long killed = System.nanoTime();
        raceCam.kill();
        e2e.awaitOnAir(es, "fallback_image", Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("the shared camera's loss reaches its room").isLessThan(Duration.ofSeconds(5));
        assertThat(e2e.status(en).text("videoSourceType")).as("the room that switched away is untouched").isEqualTo("primary_stream");
        broadcastFor(Duration.ofSeconds(2));
        e2e.stop(en);
        e2e.stop(es);

        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().recordings(english).size() == 1 && nginx().recordings(spanish).size() == 1);
        Path enRec = nginx().recordings(english).get(0);
        Path esRec = nginx().recordings(spanish).get(0);
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(esRec))).as("the room that stayed: no gap (s)")
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        assertThat(MediaAnalysis.largestGap(MediaAnalysis.videoFrameTimes(enRec))).as("the room that switched: no gap (s)")
                .isLessThanOrEqualTo(2 * FRAME_INTERVAL + 0.001);
        assertThat(colours(enRec)).as("the room that switched").containsSubsequence(Colour.RED, Colour.BLUE);
        assertThat(colours(esRec)).as("the room that stayed, then lost the camera").containsSubsequence(Colour.RED, Colour.YELLOW)
                .doesNotContain(Colour.BLUE);
        e2e.assertNoSecretLeaked(output.getAll());
    }

    private static List<Colour> colours(Path recording) {
        return MediaAnalysis.colourSpans(MediaAnalysis.colourTimeline(recording, 5)).stream().map(ColourSpan::colour)
                .filter(c -> c != Colour.OTHER).distinct().toList();
    }
}
