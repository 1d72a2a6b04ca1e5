package io.voicebroadcast.gamesession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.RgbFrame;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A session's broadcast in a picture-in-picture layout through real processes (RabbitMQ, nginx
 * RTMP, FFmpeg cameras, the voice service from its jar): the main camera by the session's
 * preference, the inset by its slot's own, and a hand selection for the inset; the recording's
 * regions say which camera each slot showed.
 */
class LayoutSessionEndToEndTests extends InProcessGameSession {

    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final E2eFixture e2e = new E2eFixture();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        e2e.properties(r);
    }

    private static void awaitInset(JsonHttp api, UUID session, String cameraId) {
        await().atMost(ON_AIR_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = E2eFixture.status(api, session);
            assertThat(st.json().path("slotCamerasOnAir").path(0).asString()).as(st.body()).isEqualTo(cameraId);
        });
    }

    @Test
    void aPipSession_showsTheMainCameraAndTheInsetsOwn_andASlotSelectionChangesOnlyTheInset() throws Exception {
        JsonHttp api = e2e.api(port);
        NginxRtmpServer nginx = e2e.nginx();
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();
        ServiceProcess voice = e2e.startVoice(42300, Map.of());
        TestCamera race = e2e.camera("race-cam", Colour.RED);
        TestCamera onboard = e2e.camera("onboard-cam", Colour.BLUE);
        TestCamera pit = e2e.camera("pit-cam", Colour.YELLOW);
        for (String name : List.of("race-cam", "onboard-cam", "pit-cam")) {
            (name.equals("race-cam") ? race : name.equals("onboard-cam") ? onboard : pit).awaitPublishing(nginx, name, Duration.ofSeconds(15));
        }
        voice.awaitHealthy(E2eFixture.VOICE_START_TIMEOUT);
        CameraEventPublisher publisher = e2e.publisher();
        List<Path> before = nginx.recordings(e2e.key);

        JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString(),
                "rtmpOutputUrl", nginx.outputUrl(e2e.key), "cameraPreference", List.of("race-cam"), "layout", "pip",
                "slotCameraPreferences", List.of(List.of("onboard-cam", "pit-cam"))));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.text("layout")).isEqualTo("pip");
        assertThat(api.post("/gamesession/broadcast/select-camera", Map.of("sessionId", session.toString(), "cameraId", "race-cam",
                "slot", 2)).status()).as("a slot the layout lacks").isEqualTo(400);

        publisher.publish(e2e.started("race-cam", game, session));
        publisher.publish(e2e.started("onboard-cam", game, session));
        publisher.publish(e2e.started("pit-cam", game, session));
        E2eFixture.awaitOnAir(api, session, "race-cam", "primary_stream", ON_AIR_TIMEOUT);
        awaitInset(api, session, "onboard-cam");
        Thread.sleep(3000); // red with a blue inset

        JsonHttp.Response selected = api.post("/gamesession/broadcast/select-camera", Map.of("sessionId", session.toString(),
                "cameraId", "pit-cam", "slot", 1));
        assertThat(selected.status()).as(selected.body()).isEqualTo(200);
        awaitInset(api, session, "pit-cam");
        Thread.sleep(3500); // red with a yellow inset
        assertThat(api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString())).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.recordings(e2e.key).size() > before.size());
        List<Path> recordings = nginx.recordings(e2e.key).stream().filter(p -> !before.contains(p)).toList();
        assertThat(recordings).as("publish sessions").hasSize(1);
        List<RgbFrame> frames = RgbFrame.sample(recordings.get(0), 5, 64, 36);
        List<String> insets = frames.stream().map(f -> f.colourIn(0.05, 0.1, 0.6, 0.6) + "/" + f.colourIn(0.7, 0.72, 0.92, 0.92))
                .distinct().toList();
        assertThat(insets).as("main picture / inset, in order").containsSubsequence("RED/BLUE", "RED/YELLOW");
        RgbFrame last = frames.get(frames.size() - 1);
        assertThat(last.colourIn(0.7, 0.72, 0.92, 0.92)).as("the inset, bottom right").isEqualTo(Colour.YELLOW);
        assertThat(voice.log()).doesNotContain(e2e.key);
    }
}
