package io.voicebroadcast.voice.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voicebroadcast.voice.events.model.VoiceStreamHealthEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamSourceChangedEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamStartedEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamStoppedEvent;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.stream.StreamEvents.ChangeReason;
import io.voicebroadcast.voice.stream.StreamEvents.StopReason;
import io.voicebroadcast.voice.stream.StreamHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RabbitStreamEventsTests {

    private static final UUID ROOM = UUID.fromString("0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10");
    // Micro- and nanoseconds on the clock: the events carry milliseconds.
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T06:35:10.123456789Z"), ZoneId.of("Europe/Berlin"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakePublisher publisher = new FakePublisher();
    private final EventOutbox outbox = new EventOutbox(publisher,
            new OutboxSettings(100, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(1)), new SimpleMeterRegistry());
    private final AtomicInteger ids = new AtomicInteger();
    private final RabbitStreamEvents events = new RabbitStreamEvents(outbox, CLOCK, () -> new UUID(0, ids.incrementAndGet()));

    RabbitStreamEventsTests() {
        outbox.start();
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    private List<OutboundEvent> sent() throws InterruptedException {
        assertThat(outbox.awaitEmpty(Duration.ofSeconds(5))).isTrue();
        return publisher.delivered();
    }

    private OutboundEvent only() throws InterruptedException {
        List<OutboundEvent> sent = sent();
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void started_isTheDesignsJson_exactly() throws Exception {
        events.started(ROOM, SourceKind.PRIMARY_STREAM);

        OutboundEvent e = only();
        assertThat(e.jsonText()).isEqualTo("{\"event_name\":\"voice.stream_started\","
                + "\"event_id\":\"00000000-0000-0000-0000-000000000001\","
                + "\"timestamp\":\"2026-11-25T06:35:10.123Z\","
                + "\"room_id\":\"0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10\","
                + "\"video_source_type\":\"primary_stream\"}");
        assertThat(e.eventId()).isEqualTo(new UUID(0, 1));
        assertThat(e.eventName()).isEqualTo("voice.stream_started");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-25T06:35:10.123Z"));
        assertThat(e.routingKey()).isEqualTo("voice.room.0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10.stream_started");
    }

    @Test
    void stopped_carriesTheReason() throws Exception {
        events.stopped(ROOM, StopReason.ROOM_CLOSED);

        OutboundEvent e = only();
        JsonNode json = JSON.readTree(e.json());
        assertThat(fieldNames(json)).containsExactly("event_name", "event_id", "timestamp", "room_id", "reason");
        assertThat(json.get("event_name").asString()).isEqualTo("voice.stream_stopped");
        assertThat(json.get("reason").asString()).isEqualTo("room_closed");
        assertThat(e.routingKey()).isEqualTo("voice.room." + ROOM + ".stream_stopped");
    }

    @Test
    void sourceChanged_inALayoutsSlot_saysWhichSlot() throws Exception {
        events.sourceChanged(ROOM, 2, SourceKind.PRIMARY_STREAM, SourceKind.FALLBACK_IMAGE, ChangeReason.SOURCE_DISCONNECTED);

        JsonNode json = JSON.readTree(only().json());
        assertThat(json.get("slot").asInt()).isEqualTo(2);
        assertThat(json.get("new_source_type").asString()).isEqualTo("fallback_image");
    }

    @Test
    void sourceChanged_carriesBothSourcesAndTheReason() throws Exception {
        events.sourceChanged(ROOM, SourceKind.PRIMARY_STREAM, SourceKind.FALLBACK_STREAM, ChangeReason.SOURCE_DISCONNECTED);

        OutboundEvent e = only();
        JsonNode json = JSON.readTree(e.json());
        assertThat(fieldNames(json)).containsExactly("event_name", "event_id", "timestamp", "room_id",
                "previous_source_type", "new_source_type", "reason", "slot");
        assertThat(json.get("slot").asInt()).isZero();
        assertThat(json.get("event_name").asString()).isEqualTo("voice.stream_source_changed");
        assertThat(json.get("previous_source_type").asString()).isEqualTo("primary_stream");
        assertThat(json.get("new_source_type").asString()).isEqualTo("fallback_stream");
        assertThat(json.get("reason").asString()).isEqualTo("source_disconnected");
        assertThat(e.routingKey()).isEqualTo("voice.room." + ROOM + ".stream_source_changed");
    }

    @Test
    void health_withoutMessage_writesMessageNull() throws Exception {
        events.health(ROOM, StreamHealth.HEALTHY, null);

        OutboundEvent e = only();
        assertThat(e.jsonText()).endsWith("\"room_id\":\"" + ROOM + "\",\"health\":\"healthy\",\"message\":null}");
        assertThat(JSON.readTree(e.json()).get("event_name").asString()).isEqualTo("voice.stream_health");
        assertThat(e.routingKey()).isEqualTo("voice.room." + ROOM + ".stream_health");
    }

    @Test
    void health_stopped_isNotAClientEvent() throws Exception {
        events.health(ROOM, StreamHealth.STOPPED, "stopped");

        assertThat(sent()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PRIMARY_STREAM, primary_stream", "FALLBACK_STREAM, fallback_stream", "FALLBACK_IMAGE, fallback_image",
            "DEFAULT, default", "BLACK, black"})
    void everySourceKind_hasItsSchemaValue(SourceKind kind, String wire) throws Exception {
        events.started(ROOM, kind);
        events.sourceChanged(ROOM, kind, kind, ChangeReason.MANUAL_SWITCH);

        List<OutboundEvent> sent = sent();
        assertThat(JSON.readTree(sent.get(0).json()).get("video_source_type").asString()).isEqualTo(wire);
        assertThat(JSON.readTree(sent.get(1).json()).get("previous_source_type").asString()).isEqualTo(wire);
        assertThat(JSON.readTree(sent.get(1).json()).get("new_source_type").asString()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MANUAL, manual", "ERROR, error", "ROOM_CLOSED, room_closed"})
    void everyStopReason_hasItsSchemaValue(StopReason reason, String wire) throws Exception {
        events.stopped(ROOM, reason);

        assertThat(JSON.readTree(only().json()).get("reason").asString()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MANUAL_SWITCH, manual_switch", "SOURCE_DISCONNECTED, source_disconnected", "SOURCE_RECOVERED, source_recovered"})
    void everyChangeReason_hasItsSchemaValue(ChangeReason reason, String wire) throws Exception {
        events.sourceChanged(ROOM, SourceKind.FALLBACK_STREAM, SourceKind.PRIMARY_STREAM, reason);

        assertThat(JSON.readTree(only().json()).get("reason").asString()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"HEALTHY, healthy", "DEGRADED, degraded", "UNHEALTHY, unhealthy"})
    void everyHealth_hasItsSchemaValue(StreamHealth health, String wire) throws Exception {
        events.health(ROOM, health, "encoder speed 0.91x");

        JsonNode json = JSON.readTree(only().json());
        assertThat(json.get("health").asString()).isEqualTo(wire);
        assertThat(json.get("message").asString()).isEqualTo("encoder speed 0.91x");
    }

    @Test
    void aStreamKeyInAHealthMessage_isMaskedOnTheWayOut() throws Exception {
        events.health(ROOM, StreamHealth.UNHEALTHY, "publish rejected by rtmp://live.twitch.tv/app/live_123456_SeCrEtKeY?x=1");

        String json = only().jsonText();
        assertThat(json).doesNotContain("SeCrEtKeY", "live_123456").contains("rtmp://live.twitch.tv/app/****");
    }

    @Test
    void noEventCarriesAUrl() throws Exception {
        for (SourceKind kind : SourceKind.values()) {
            events.started(ROOM, kind);
            events.sourceChanged(ROOM, kind, SourceKind.BLACK, ChangeReason.SOURCE_DISCONNECTED);
        }
        for (StopReason reason : StopReason.values()) {
            events.stopped(ROOM, reason);
        }
        events.health(ROOM, StreamHealth.DEGRADED, null);

        assertThat(sent()).hasSize(2 * SourceKind.values().length + StopReason.values().length + 1)
                .allSatisfy(e -> assertThat(e.jsonText()).doesNotContain("://", "url", "key"));
    }

    @Test
    void consumers_readTheJsonBackIntoTheGeneratedModels() throws Exception {
        events.started(ROOM, SourceKind.FALLBACK_IMAGE);
        events.sourceChanged(ROOM, SourceKind.FALLBACK_IMAGE, SourceKind.PRIMARY_STREAM, ChangeReason.SOURCE_RECOVERED);
        events.health(ROOM, StreamHealth.DEGRADED, "fallback on air");
        events.stopped(ROOM, StopReason.MANUAL);

        List<OutboundEvent> sent = sent();
        var started = JSON.readValue(sent.get(0).json(), VoiceStreamStartedEvent.class);
        var changed = JSON.readValue(sent.get(1).json(), VoiceStreamSourceChangedEvent.class);
        var health = JSON.readValue(sent.get(2).json(), VoiceStreamHealthEvent.class);
        var stopped = JSON.readValue(sent.get(3).json(), VoiceStreamStoppedEvent.class);
        assertThat(started.getVideoSourceType()).isEqualTo(VoiceStreamStartedEvent.VideoSourceTypeEnum.FALLBACK_IMAGE);
        assertThat(started.getTimestamp().toInstant()).isEqualTo(Instant.parse("2026-11-25T06:35:10.123Z"));
        assertThat(changed.getReason()).isEqualTo(VoiceStreamSourceChangedEvent.ReasonEnum.SOURCE_RECOVERED);
        assertThat(health.getMessage()).isEqualTo("fallback on air");
        assertThat(stopped.getRoomId()).isEqualTo(ROOM);
        assertThat(sent).extracting(OutboundEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void aBadArgument_neverReachesTheCaller_andSendsNothing() throws Exception {
        events.started(null, SourceKind.PRIMARY_STREAM);
        events.started(ROOM, null);
        events.stopped(ROOM, null);

        assertThat(sent()).isEmpty();
    }

    @Test
    void eventIds_areRandomUuids_byDefault() throws Exception {
        RabbitStreamEvents real = new RabbitStreamEvents(outbox, Clock.systemUTC());
        real.started(ROOM, SourceKind.BLACK);
        real.started(ROOM, SourceKind.BLACK);

        List<OutboundEvent> sent = sent();
        assertThat(sent).extracting(OutboundEvent::eventId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id.version()).isEqualTo(4));
    }
}
