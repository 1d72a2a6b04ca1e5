package io.voicebroadcast.gamesession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outage case with real processes: the voice service (its jar) crashes (SIGKILL), a
 * camera of a configured session starts while it is down, and it stays down for 10 s; once it is
 * started again on the same port, this service starts the broadcast by itself (its background
 * retries), with no further event or request, to every configured destination.
 */
class VoiceOutageEndToEndTests extends InProcessGameSession {

    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(20);
    /** The second destination's key (application out2). */
    static final String KEY2 = E2eFixture.streamKey();

    @RegisterExtension
    static final E2eFixture e2e = new E2eFixture();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        e2e.properties(r);
    }

    private static ServiceProcess startVoice() {
        return e2e.startVoice(42100, Map.of()).awaitHealthy(E2eFixture.VOICE_START_TIMEOUT);
    }

    @Test
    void voiceServiceDownFor10sDuringACameraStart_theBroadcastStartsOnceItIsBack() throws Exception {
        JsonHttp api = e2e.api(port);
        NginxRtmpServer nginx = e2e.nginx();
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();
        e2e.camera("race-cam-main", Colour.RED).awaitPublishing(nginx, "race-cam-main", Duration.ofSeconds(15));
        CameraEventPublisher publisher = e2e.publisher();

        // The voice service runs; the session's broadcast is configured and waits for a camera.
        ServiceProcess voice = startVoice();
        JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", Map.of(
                "sessionId", session.toString(),
                "rtmpOutputUrl", nginx.outputUrl(e2e.key),
                "destinations", List.of(Map.of("url", nginx.outputUrl("out2", KEY2))),
                "cameraPreference", List.of("race-cam-main")));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.text("phase")).isEqualTo("waiting_for_camera");

        // The voice service crashes; the camera starts while it is down.
        voice.kill();
        assertThat(voice.isAlive()).isFalse();
        publisher.publish(e2e.started("race-cam-main", game, session));

        // Down for 10 s: the broadcast waits in `starting`, the failure shown and retried, never on air.
        Instant down = Instant.now();
        await().atMost(OUTAGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = E2eFixture.status(api, session);
            assertThat(st.text("phase")).as(st.body()).isEqualTo("starting");
            assertThat(st.json().path("lastError").path("retrying").asBoolean()).as(st.body()).isTrue();
        });
        while (Duration.between(down, Instant.now()).compareTo(OUTAGE) < 0) {
            JsonHttp.Response st = E2eFixture.status(api, session);
            assertThat(st.text("phase")).as("while the voice service is down: " + st.body()).isEqualTo("starting");
            Thread.sleep(500); // an observation window, not a wait: on air too early fails at once
        }

        // Back on the same port: the broadcast starts by itself, with the camera as its picture.
        voice = startVoice();
        Instant back = Instant.now();
        await().atMost(ON_AIR_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = E2eFixture.status(api, session);
            assertThat(st.text("phase")).as(st.body()).isEqualTo("on_air");
            assertThat(st.json().path("cameraOnAir").path("cameraId").asString()).as(st.body()).isEqualTo("race-cam-main");
            assertThat(st.json().path("voiceStream").path("videoSourceType").asString()).as(st.body()).isEqualTo("primary_stream");
            assertThat(E2eFixture.destinations(st)).as("the start after the outage has both destinations: " + st.body())
                    .containsExactly("d1 live", "d2 live");
        });
        System.out.printf("voice outage e2e: on air %d ms after the voice service was healthy again%n",
                Duration.between(back, Instant.now()).toMillis());
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.publishCount("out") >= 1 && nginx.publishCount("out2") >= 1);
        assertThat(voice.log()).as("voice-service log").doesNotContain(e2e.key).doesNotContain(KEY2);

        JsonHttp.Response stopped = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }
}
