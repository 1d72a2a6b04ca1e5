package io.voicebroadcast.gamesession.e2e;

import static io.voicebroadcast.gamesession.e2e.DurableGameSessions.START_TIMEOUT;
import static io.voicebroadcast.gamesession.e2e.DurableGameSessions.SWITCH_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The durable GameSession service (issue 20) with real processes: this service as a process with
 * its state in a PostgreSQL database of its own, the voice service from its jar, nginx, two FFmpeg
 * cameras, events over RabbitMQ. Killed with SIGKILL mid-broadcast, a camera event published while
 * it is down, started again: the broadcast was never interrupted (one publish session), the event
 * from the durable queue switches it (two instances: {@link TwoInstancesEndToEndTests}); the database holds no stream key or camera URL in clear;
 * without GAMESESSION_SECRETS_KEY (or with a malformed one) it does not start.
 */
class DurableStateEndToEndTests {


    @RegisterExtension
    static final E2eFixture e2e = new E2eFixture();

    @RegisterExtension
    static final DurableGameSessions services = new DurableGameSessions(e2e);

    @Test
    void killedMidBroadcast_startsAgainWithoutInterruptingIt_andAppliesTheEventsOfItsDowntime() throws Exception {
        NginxRtmpServer nginx = e2e.nginx();
        ServiceProcess voice = e2e.startVoice(42300, Map.of());
        e2e.camera("cam-a", Colour.RED);
        e2e.camera("cam-b", Colour.BLUE).awaitPublishing(nginx, "cam-b", Duration.ofSeconds(15));
        Map<String, String> secrets = Map.of("GAMESESSION_SECRETS_KEY", DurableGameSessions.newKey(), "GAMESESSION_SECRETS_KEY_ID", "e2e-1");
        int port = NginxRtmpServer.freePort();
        ServiceProcess first = services.start(port, secrets);
        first.awaitHealthy(START_TIMEOUT); // while the voice service starts too
        voice.awaitHealthy(E2eFixture.VOICE_START_TIMEOUT);
        JsonHttp api = e2e.api(port);
        CameraEventPublisher publisher = e2e.publisher();
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();

        // On air with cam-b (cam-a, preferred, is not live yet).
        JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", Map.of(
                "sessionId", session.toString(),
                "rtmpOutputUrl", nginx.outputUrl(e2e.key),
                "cameraPreference", List.of("cam-a", "cam-b")));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        publisher.publish(e2e.started("cam-b", game, session));
        E2eFixture.awaitOnAir(api, session, "cam-b", "primary_stream", SWITCH_TIMEOUT);
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.publishCount("out") == 1);

        // SIGKILL; cam-a starts while this service is down (its event waits in the durable queue).
        first.killJvmOnly();
        assertThat(first.awaitExit(Duration.ofSeconds(10))).isTrue();
        publisher.publish(e2e.started("cam-a", game, session));

        // Started again: the broadcast is adopted as it runs, and the event of the downtime switches it to cam-a.
        Instant restarted = Instant.now();
        ServiceProcess second = services.start(port, secrets).awaitHealthy(START_TIMEOUT);
        E2eFixture.awaitOnAir(api, session, "cam-a", "primary_stream", SWITCH_TIMEOUT);
        System.out.printf("durable state e2e: on air with the camera of the downtime %d ms after the restart began%n",
                Duration.between(restarted, Instant.now()).toMillis());

        assertThat(nginx.publishCount("out")).as("publish sessions at the destination: never interrupted").isEqualTo(1);
        assertThat(second.log()).contains("adopted the broadcast on air").doesNotContain("starting the voice stream")
                .doesNotContain(e2e.key);
        assertThat(first.log()).doesNotContain(e2e.key);
        String dump = services.db().dump();
        assertThat(dump).as("pg_dump").contains("e2e-1").doesNotContain(e2e.key).doesNotContain("/out/").doesNotContain("/live/cam-");

        JsonHttp.Response stopped = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }

    @Test
    void withoutTheSecretsKey_orWithAMalformedOne_startUpStops_namingTheSetting() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        ServiceProcess missing = services.start(NginxRtmpServer.freePort(), Map.of());
        ServiceProcess malformed = services.start(NginxRtmpServer.freePort(), Map.of("GAMESESSION_SECRETS_KEY", shortKey));

        assertThat(missing.awaitExit(START_TIMEOUT)).as("exited by itself").isTrue();
        assertThat(malformed.awaitExit(START_TIMEOUT)).as("exited by itself").isTrue();
        assertThat(missing.log()).contains("APPLICATION FAILED TO START").contains("GAMESESSION_SECRETS_KEY must be set");
        assertThat(malformed.log()).contains("APPLICATION FAILED TO START")
                .contains("GAMESESSION_SECRETS_KEY must be base64 of 32 bytes").doesNotContain(shortKey);
    }
}
