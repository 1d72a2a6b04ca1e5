package io.voicebroadcast.gamesession.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.gamesession.broadcast.BroadcastConfig;
import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator;
import io.voicebroadcast.gamesession.broadcast.BroadcastPhase;
import io.voicebroadcast.gamesession.camera.CameraKey;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamUpdatedEvent;
import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.gamesession.testing.AppWithFakeVoice;
import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import io.voicebroadcast.gamesession.voice.VoiceOperation;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The consumer against the real RabbitMQ: acknowledgement, dead-lettering, duplicates, order. */
class CameraEventConsumerTests extends AppWithFakeVoice {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    FakeVoiceClient voice;
    @Autowired
    BroadcastOrchestrator orchestrator;
    @Autowired
    CameraRegistry registry;
    @Autowired
    MeterRegistry meters;

    CameraEventPublisher publisher;
    final UUID session = UUID.randomUUID();
    final UUID game = UUID.randomUUID();
    final OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);

    @BeforeEach
    void connect() {
        voice.reset();
        publisher = CameraEventPublisher.connect(LocalRabbitMq.URI, QUEUES.exchange());
    }

    @AfterEach
    void close() {
        voice.reset();
        publisher.close();
    }

    private CameraStreamStartedEvent started(String cameraId, OffsetDateTime at) {
        return new CameraStreamStartedEvent(UUID.randomUUID(), at, cameraId, game, "rtmp://game-1:1935/cameras/" + cameraId)
                .sessionId(session);
    }

    private double count(String outcome) {
        return meters.counter("gamesession.camera.events", "outcome", outcome).count();
    }

    private void awaitQueueSettled() {
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(LocalRabbitMq.depth(QUEUES.queue())).contains(new LocalRabbitMq.Depth(0, 0)));
    }

    @Test
    void anEvent_isAcknowledgedOnlyAfterItHasBeenApplied() throws Exception {
        orchestrator.configure(new BroadcastConfig(session, "rtmp://live.example.com/app/sk_consumer", null, null, List.of(), null));
        voice.holdCalls();
        try {
            publisher.publish(started("race-cam-main", t0));

            // The listener is applying the event (its voice call is held): delivered, not acknowledged.
            assertThat(voice.awaitHeld(10)).isTrue();
            assertThat(LocalRabbitMq.depth(QUEUES.queue())).contains(new LocalRabbitMq.Depth(0, 1));
        } finally {
            voice.release();
        }
        awaitQueueSettled();
        assertThat(orchestrator.status(session).orElseThrow().phase()).isEqualTo(BroadcastPhase.ON_AIR);
    }

    @Test
    void malformedInvalidAndUnknownCameraEvents_areDeadLetteredWithTheReason_whileTheConsumerKeepsWorking() {
        byte[] malformed = "{\"eventId\": oops rtmp://h/app/SECRETKEY".getBytes(StandardCharsets.UTF_8);
        byte[] missingCamera = ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + t0 + "\",\"gameInstanceId\":\"" + game
                + "\",\"rtmpUrl\":\"rtmp://game-1:1935/cameras/x\"}").getBytes(StandardCharsets.UTF_8);
        CameraStreamEndedEvent unknownEnd = new CameraStreamEndedEvent(UUID.randomUUID(), t0, "never-started", game);
        double before = count("dead_lettered");

        publisher.publishRaw(CameraEventQueues.STARTED, null, malformed);
        publisher.publishRaw(CameraEventQueues.STARTED, null, missingCamera);
        publisher.publish(unknownEnd);
        publisher.publishRaw("camera.stream.exploded", null, missingCamera); // not bound: the broker drops it
        publisher.publish(started("race-cam-main", t0));

        await().atMost(WAIT).until(() -> registry.find(new CameraKey(game, "race-cam-main")).isPresent());
        awaitQueueSettled();
        assertThat(count("dead_lettered") - before).isEqualTo(3);

        List<GetResponse> dead = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            LocalRabbitMq.get(QUEUES.deadLetterQueue()).ifPresent(dead::add);
            assertThat(dead).hasSize(3);
        });
        assertThat(LocalRabbitMq.get(QUEUES.deadLetterQueue())).isEmpty();
        List<String> reasons = dead.stream().map(d -> String.valueOf(d.getProps().getHeaders().get("x-exception-message"))).toList();
        assertThat(reasons.get(0)).startsWith("malformed JSON at line 1").doesNotContain("SECRETKEY");
        assertThat(reasons.get(1)).isEqualTo("missing required field(s) cameraId in CameraStreamStartedEvent");
        assertThat(reasons.get(2)).startsWith("unknown camera never-started@" + game);
        assertThat(dead.get(0).getBody()).isEqualTo(malformed);
        Map<String, Object> headers = dead.get(2).getProps().getHeaders();
        assertThat(String.valueOf(headers.get("x-original-routingKey"))).isEqualTo(CameraEventQueues.ENDED);
        assertThat(String.valueOf(headers.get("x-original-exchange"))).isEqualTo(QUEUES.exchange());
    }

    @Test
    void aDuplicateEvent_isAppliedOnce() {
        orchestrator.configure(new BroadcastConfig(session, "rtmp://live.example.com/app/sk_dup", null, null, List.of(), null));
        CameraStreamStartedEvent race = started("race-cam-main", t0);
        CameraStreamEndedEvent end = new CameraStreamEndedEvent(UUID.randomUUID(), t0.plusSeconds(1), "race-cam-main", game)
                .reason(CameraStreamEndedEvent.ReasonEnum.ERROR);
        double applied = count("applied");
        double duplicates = count("duplicate");

        publisher.publish(race);
        publisher.publish(race);
        publisher.publish(end);
        publisher.publish(end);

        await().atMost(WAIT).until(() -> count("applied") - applied == 2 && count("duplicate") - duplicates == 2);
        awaitQueueSettled();
        UUID room = orchestrator.status(session).orElseThrow().voiceRoomId();
        assertThat(voice.operations(room)).containsExactly(VoiceOperation.START, VoiceOperation.UPDATE);
    }

    @Test
    void anUpdateOlderThanTheRegistry_isIgnored() {
        publisher.publish(started("race-cam-main", t0.plusSeconds(10)));
        double ignored = count("ignored");

        publisher.publish(new CameraStreamUpdatedEvent(UUID.randomUUID(), t0, "race-cam-main", game).rtmpUrl("rtmp://old/cameras/x"));

        await().atMost(WAIT).until(() -> count("ignored") - ignored == 1);
        assertThat(registry.find(new CameraKey(game, "race-cam-main")).orElseThrow().rtmpUrl())
                .isEqualTo("rtmp://game-1:1935/cameras/race-cam-main");
    }

    @Test
    void anUnexpectedFailureWhileApplying_isDeadLetteredOnce_neverRequeued() {
        orchestrator.configure(new BroadcastConfig(session, "rtmp://live.example.com/app/sk_bug", null, null, List.of(), null));
        voice.failNext(VoiceOperation.CREATE_ROOM, () -> new IllegalStateException("a bug"));
        double before = count("dead_lettered");

        publisher.publish(started("race-cam-main", t0));

        await().atMost(WAIT).until(() -> count("dead_lettered") - before == 1);
        awaitQueueSettled();
        GetResponse dead = LocalRabbitMq.get(QUEUES.deadLetterQueue()).orElseThrow();
        assertThat(String.valueOf(dead.getProps().getHeaders().get("x-exception-message"))).isEqualTo("unexpected IllegalStateException: a bug");
        assertThat(voice.operations()).containsExactly(VoiceOperation.CREATE_ROOM);
    }
}
