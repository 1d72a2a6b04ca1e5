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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet whose nodes announce themselves, after a restart of the GameSession service with its
 * state in PostgreSQL (real processes): the node holding a broadcast is unknown when the service
 * starts; it is learned from its announcement before the broadcast is adopted (not restarted,
 * not "taken as on air" blindly), and the next camera event switches the broadcast on that node.
 */
class AnnouncedFleetRestartEndToEndTests {

    static final String NODE_EXCHANGE = "voice.nodes.e2e-" + UUID.randomUUID();

    @RegisterExtension
    static final E2eFixture e2e = new E2eFixture();

    @RegisterExtension
    static final DurableGameSessions services = new DurableGameSessions(e2e, NODE_EXCHANGE);

    @Test
    void afterARestart_theNodeOfABroadcastOnAirIsLearnedFromItsAnnouncement_beforeTheBroadcastIsAdopted() {
        NginxRtmpServer nginx = e2e.nginx();
        int nodePort = NginxRtmpServer.freePort();
        ServiceProcess node = e2e.startVoiceNode(nodePort, 43600, Map.of(
                "VOICE_NODE_ANNOUNCE", "true",
                "VOICE_NODE_ID", "node-1",
                "VOICE_NODE_ADVERTISED_URL", "http://127.0.0.1:" + nodePort,
                "VOICE_NODE_EXCHANGE", NODE_EXCHANGE));
        e2e.camera("cam-a", Colour.RED);
        e2e.camera("cam-b", Colour.BLUE).awaitPublishing(nginx, "cam-b", Duration.ofSeconds(15));
        Map<String, String> secrets = Map.of("GAMESESSION_SECRETS_KEY", DurableGameSessions.newKey(),
                "GAMESESSION_VOICE_NODES", "announced",
                "GAMESESSION_NODE_EXCHANGE", NODE_EXCHANGE,
                "GAMESESSION_NODE_LOSS_MS", "3000",
                "GAMESESSION_PLACEMENT_MIN_CPU_HEADROOM", "0");
        int port = NginxRtmpServer.freePort();
        ServiceProcess first = services.start(port, secrets).awaitHealthy(START_TIMEOUT);
        node.awaitHealthy(E2eFixture.VOICE_START_TIMEOUT);
        JsonHttp api = e2e.api(port);
        CameraEventPublisher publisher = e2e.publisher();
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();
        // The node is placed on once it has announced itself.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", Map.of(
                    "sessionId", session.toString(),
                    "rtmpOutputUrl", nginx.outputUrl(e2e.key),
                    "cameraPreference", List.of("cam-a", "cam-b")));
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        });
        publisher.publish(e2e.started("cam-b", game, session));
        E2eFixture.awaitOnAir(api, session, "cam-b", "primary_stream", SWITCH_TIMEOUT);
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.publishCount("out") == 1);

        first.killJvmOnly();
        assertThat(first.awaitExit(Duration.ofSeconds(10))).isTrue();
        ServiceProcess second = services.start(port, secrets).awaitHealthy(START_TIMEOUT);
        String log = second.log();
        assertThat(log).contains("heard every node with a broadcast on air ([node-1]) before adopting them")
                .contains("adopted the broadcast on air").doesNotContain("taken as on air until");
        assertThat(log.indexOf("heard every node")).isLessThan(log.indexOf("adopted the broadcast on air"));

        publisher.publish(e2e.started("cam-a", game, session));
        E2eFixture.awaitOnAir(api, session, "cam-a", "primary_stream", SWITCH_TIMEOUT);
        assertThat(nginx.publishCount("out")).as("publish sessions at the destination: never interrupted").isEqualTo(1);
        assertThat(second.log()).doesNotContain(e2e.key);

        JsonHttp.Response stopped = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }
}
