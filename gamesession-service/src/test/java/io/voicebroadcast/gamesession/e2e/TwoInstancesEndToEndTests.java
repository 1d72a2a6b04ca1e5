package io.voicebroadcast.gamesession.e2e;

import static io.voicebroadcast.gamesession.e2e.DurableGameSessions.START_TIMEOUT;
import static io.voicebroadcast.gamesession.e2e.DurableGameSessions.SWITCH_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two GameSession instances on one database (issue 20, part 4), as processes with the voice
 * service, nginx, FFmpeg cameras and RabbitMQ real: the standby answers the API (a configuration
 * written to it reaches the voice node through the active one, told by NOTIFY), the camera queue
 * has a single active consumer, the active one SIGKILLed hands both roles to the standby within
 * 5 s (the broadcast adopted, never restarted), and camera events published while every instance
 * is down are applied after the next start, in order, once.
 */
class TwoInstancesEndToEndTests {

    static final Duration HANDOVER_LIMIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final E2eFixture e2e = new E2eFixture();

    @RegisterExtension
    static final DurableGameSessions services = new DurableGameSessions(e2e);

    @Test
    void theStandbyAnswersTheApi_takesBothRolesWithin5sOfAKill_andEventsOfADowntimeAreAppliedInOrderOnce() throws Exception {
        NginxRtmpServer nginx = e2e.nginx();
        ServiceProcess voice = e2e.startVoice(42400, Map.of());
        e2e.camera("cam-a", Colour.RED);
        e2e.camera("cam-b", Colour.BLUE).awaitPublishing(nginx, "cam-b", Duration.ofSeconds(15));
        Map<String, String> secrets = Map.of("GAMESESSION_SECRETS_KEY", DurableGameSessions.newKey());
        int portA = NginxRtmpServer.freePort();
        int portB = NginxRtmpServer.freePort();
        ServiceProcess a = services.start(portA, secrets).awaitHealthy(START_TIMEOUT);
        ServiceProcess b = services.start(portB, secrets).awaitHealthy(START_TIMEOUT);
        voice.awaitHealthy(E2eFixture.VOICE_START_TIMEOUT);
        assertThat(a.log()).contains("role: this instance is the active one");
        assertThat(b.log()).contains("standing by").doesNotContain("role: this instance is the active one");
        JsonHttp viaStandby = e2e.api(portB);
        CameraEventPublisher publisher = e2e.publisher();
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();

        // A configuration written to the standby: applied by the active one, which starts the stream on the voice node.
        JsonHttp.Response configured = viaStandby.post("/gamesession/broadcast/configure", Map.of(
                "sessionId", session.toString(),
                "rtmpOutputUrl", nginx.outputUrl(e2e.key),
                "cameraPreference", List.of("cam-a", "cam-b")));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.text("sessionId")).isEqualTo(session.toString());
        publisher.publish(e2e.started("cam-b", game, session));
        E2eFixture.awaitOnAir(viaStandby, session, "cam-b", "primary_stream", SWITCH_TIMEOUT);
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.publishCount("out") == 1);
        JsonHttp.Response bad = viaStandby.post("/gamesession/broadcast/stop", Map.of("sessionId", UUID.randomUUID().toString()));
        assertThat(bad.status()).as("a problem detail, relayed as the active one gives it").isEqualTo(404);
        assertThat(bad.body()).contains("\"status\":404");
        assertThat(a.log()).contains("api relay: applied request");
        assertThat(b.log()).as("the standby never drives a broadcast").doesNotContain("starting the voice stream")
                .doesNotContain("camera events: consuming").doesNotContain("session " + session);

        // The queue has a single active consumer: the same declaration without that argument is refused.
        try (Connection c = LocalRabbitMq.connectionFactory().newConnection("sac-check")) {
            Channel ch = c.createChannel(); // closed by the broker's refusal
            assertThatThrownBy(() -> ch.queueDeclare(e2e.queues.queue(), true, false, false,
                    Map.of("x-dead-letter-exchange", e2e.queues.deadLetterExchange(),
                            "x-dead-letter-routing-key", e2e.queues.deadLetterRoutingKey())))
                    .satisfies(e -> assertThat(String.valueOf(e.getCause())).contains("PRECONDITION_FAILED")
                            .contains("x-single-active-consumer"));
        }

        // SIGKILL the active one: the standby takes both roles and applies the next event (cam-a, preferred, goes live).
        a.killJvmOnly();
        Instant killed = Instant.now();
        publisher.publish(e2e.started("cam-a", game, session));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).failFast(() -> !b.isAlive())
                .until(() -> b.log().contains("camera events: consuming queue") && b.log().contains("role: this instance is the active one"));
        long handoverMs = Duration.between(killed, Instant.now()).toMillis();
        E2eFixture.awaitOnAir(viaStandby, session, "cam-a", "primary_stream", SWITCH_TIMEOUT);
        long appliedMs = Duration.between(killed, Instant.now()).toMillis();
        System.out.printf("two instances e2e: both roles (lock + active consumer) handed over %d ms after the SIGKILL;"
                + " the next camera event on air %d ms after it%n", handoverMs, appliedMs);
        assertThat(handoverMs).as("hand-over time (ms)").isLessThan(HANDOVER_LIMIT.toMillis());
        assertThat(b.log()).contains("adopted the broadcast on air");

        // Every instance down: events wait in the queue, one of them delivered twice.
        b.killJvmOnly();
        assertThat(b.awaitExit(Duration.ofSeconds(10))).isTrue();
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
        CameraStreamEndedEvent e1 = new CameraStreamEndedEvent(UUID.randomUUID(), t, "cam-a", game)
                .reason(CameraStreamEndedEvent.ReasonEnum.NORMAL_SHUTDOWN);
        CameraStreamStartedEvent e2 = new CameraStreamStartedEvent(UUID.randomUUID(), t.plusNanos(1_000_000), "cam-a", game,
                nginx.liveUrl("cam-a")).sessionId(session).displayName("cam-a");
        CameraStreamEndedEvent e3 = new CameraStreamEndedEvent(UUID.randomUUID(), t.plusNanos(2_000_000), "cam-a", game)
                .reason(CameraStreamEndedEvent.ReasonEnum.NORMAL_SHUTDOWN);
        publisher.publish(e1);
        publisher.publish(e2);
        publisher.publish(e3);
        publisher.publish(e3);
        ServiceProcess c = services.start(portA, secrets).awaitHealthy(START_TIMEOUT);
        JsonHttp viaC = e2e.api(portA);
        await().atMost(SWITCH_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> c.log().contains("camera event " + e3.getEventId() + " was applied before"));
        E2eFixture.awaitOnAir(viaC, session, "cam-b", "primary_stream", SWITCH_TIMEOUT);
        String log = c.log();
        int i1 = log.indexOf("camera event " + e1.getEventId() + " applied");
        int i2 = log.indexOf("camera event " + e2.getEventId() + " applied");
        int i3 = log.indexOf("camera event " + e3.getEventId() + " applied");
        String events = String.join("\n", log.lines().filter(l -> l.contains("camera event")).toList());
        assertThat(i1).as("first event applied:\n%s", events).isPositive();
        assertThat(i2).as("applied in order:\n%s", events).isGreaterThan(i1);
        assertThat(i3).as("applied in order:\n%s", events).isGreaterThan(i2);
        assertThat(log.indexOf("camera event " + e3.getEventId() + " applied", i3 + 1)).as("applied once").isEqualTo(-1);
        assertThat(log).contains("camera event " + e3.getEventId() + " was applied before: duplicate ignored");

        assertThat(nginx.publishCount("out")).as("publish sessions at the destination: never interrupted").isEqualTo(1);
        for (ServiceProcess gs : List.of(a, b, c)) {
            assertThat(gs.log()).doesNotContain(e2e.key);
        }
        assertThat(services.db().dump()).as("pg_dump, the relayed request's body included").doesNotContain(e2e.key);
        JsonHttp.Response stopped = viaC.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }
}
