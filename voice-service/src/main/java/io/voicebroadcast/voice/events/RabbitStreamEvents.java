package io.voicebroadcast.voice.events;

import io.voicebroadcast.voice.events.model.VoiceStreamDestinationEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamHealthEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamSourceChangedEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamSourceChangedEvent.NewSourceTypeEnum;
import io.voicebroadcast.voice.events.model.VoiceStreamSourceChangedEvent.PreviousSourceTypeEnum;
import io.voicebroadcast.voice.events.model.VoiceStreamStartedEvent;
import io.voicebroadcast.voice.events.model.VoiceStreamStartedEvent.VideoSourceTypeEnum;
import io.voicebroadcast.voice.events.model.VoiceStreamStoppedEvent;
import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.security.StreamKeyMasker;
import io.voicebroadcast.voice.stream.DestinationState;
import io.voicebroadcast.voice.stream.StreamEvents;
import io.voicebroadcast.voice.stream.StreamHealth;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The room's client events, as the schema defines them ({@code schemas/voice-client-events.yaml}):
 * each call builds the generated model (a random {@code event_id}, the {@code timestamp} from the
 * clock in UTC to the millisecond), serialises it and hands it to the {@link EventOutbox}, which
 * delivers it (to RabbitMQ, or to the log when no broker is configured) on its own thread.
 * The caller never waits for a broker. Free text is masked once more on the way out, so that
 * an event never carries a stream key even if a caller forgot. An observer (the dashboard's
 * recent events) is handed each event too, after the outbox, on the caller's thread.
 */
public final class RabbitStreamEvents implements StreamEvents {

    private static final Logger log = LoggerFactory.getLogger(RabbitStreamEvents.class);
    private static final UUID WARM_UP_ROOM = new UUID(0, 0);

    private final EventOutbox outbox;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final JsonMapper json;
    private final Consumer<OutboundEvent> observer;

    public RabbitStreamEvents(EventOutbox outbox, Clock clock) {
        this(outbox, clock, UUID::randomUUID, event -> { });
    }

    /** @param observer handed every event after the outbox; must not block */
    public RabbitStreamEvents(EventOutbox outbox, Clock clock, Consumer<OutboundEvent> observer) {
        this(outbox, clock, UUID::randomUUID, observer);
    }

    RabbitStreamEvents(EventOutbox outbox, Clock clock, Supplier<UUID> ids) {
        this(outbox, clock, ids, event -> { });
    }

    RabbitStreamEvents(EventOutbox outbox, Clock clock, Supplier<UUID> ids, Consumer<OutboundEvent> observer) {
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
        this.observer = Objects.requireNonNull(observer);
        this.json = mapper();
        warmUp();
    }

    /** The events' JSON: schema property order, ISO-8601 timestamps, a null message written as null. */
    static JsonMapper mapper() {
        return JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    @Override
    public void started(UUID roomId, SourceKind onAir) {
        var name = VoiceStreamStartedEvent.EventNameEnum.VOICE_STREAM_STARTED;
        emit(name.getValue(), roomId, (id, at) -> new VoiceStreamStartedEvent(name, id, at, roomId, videoSourceType(onAir)));
    }

    @Override
    public void stopped(UUID roomId, StopReason reason) {
        var name = VoiceStreamStoppedEvent.EventNameEnum.VOICE_STREAM_STOPPED;
        emit(name.getValue(), roomId, (id, at) -> new VoiceStreamStoppedEvent(name, id, at, roomId, stopReason(reason)));
    }

    @Override
    public void sourceChanged(UUID roomId, int slot, SourceKind previous, SourceKind current, ChangeReason reason) {
        var name = VoiceStreamSourceChangedEvent.EventNameEnum.VOICE_STREAM_SOURCE_CHANGED;
        emit(name.getValue(), roomId, (id, at) -> new VoiceStreamSourceChangedEvent(name, id, at, roomId,
                previousSourceType(previous), newSourceType(current)).reason(changeReason(reason)).slot(slot));
    }

    @Override
    public void health(UUID roomId, StreamHealth health, String maskedMessage) {
        if (health == StreamHealth.STOPPED) {
            // The schema has no "stopped" health: a stop is told by voice.stream_stopped.
            log.warn("health STOPPED for room {} is not a client event (stopped() tells the room); ignored", roomId);
            return;
        }
        var name = VoiceStreamHealthEvent.EventNameEnum.VOICE_STREAM_HEALTH;
        emit(name.getValue(), roomId, (id, at) -> new VoiceStreamHealthEvent(name, id, at, roomId, health(health))
                .message(maskedMessage == null ? null : StreamKeyMasker.maskText(maskedMessage)));
    }

    @Override
    public void destination(UUID roomId, String destinationId, DestinationState.Name state, DestinationState.Name previous,
                            int reconnects, DestinationError error, String maskedMessage) {
        var name = VoiceStreamDestinationEvent.EventNameEnum.VOICE_STREAM_DESTINATION;
        emit(name.getValue(), roomId, (id, at) -> new VoiceStreamDestinationEvent(name, id, at, roomId, destinationId,
                VoiceStreamDestinationEvent.StateEnum.fromValue(apiName(state)))
                .previousState(previous == null ? null : VoiceStreamDestinationEvent.PreviousStateEnum.fromValue(apiName(previous)))
                .reconnects(reconnects)
                .error(error == null ? null : VoiceStreamDestinationEvent.ErrorEnum.fromValue(error.kind()))
                .message(maskedMessage == null ? null : StreamKeyMasker.maskText(maskedMessage)));
    }

    /** A destination state as the schemas spell it. */
    public static String apiName(DestinationState.Name state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Builds, serialises and queues one event. A bad argument is a bug in the caller, but it must
     * not take a broadcast down: it is logged and the event is not sent.
     */
    private void emit(String eventName, UUID roomId, BiFunction<UUID, OffsetDateTime, Object> model) {
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            UUID id = ids.get();
            byte[] body = toJson(model.apply(id, utc(now)));
            OutboundEvent event = new OutboundEvent(id, eventName, Objects.requireNonNull(roomId, "roomId"), now, body);
            outbox.offer(event);
            observer.accept(event);
        } catch (RuntimeException e) {
            log.error("client event {} for room {} not sent: {}", eventName, roomId, e.toString());
        }
    }

    byte[] toJson(Object event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JacksonException e) {
            // Generated models of enums, UUIDs and strings always serialise; this would be a build defect.
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Jackson builds its serialisers on first use and the masker compiles its patterns when first
     * loaded; do both here, not on the frame clock's first event (they take milliseconds).
     */
    private void warmUp() {
        StreamKeyMasker.maskText("rtmp://localhost/app/key");
        OffsetDateTime t = utc(clock.instant());
        toJson(new VoiceStreamStartedEvent(VoiceStreamStartedEvent.EventNameEnum.VOICE_STREAM_STARTED, WARM_UP_ROOM, t,
                WARM_UP_ROOM, VideoSourceTypeEnum.BLACK));
        toJson(new VoiceStreamStoppedEvent(VoiceStreamStoppedEvent.EventNameEnum.VOICE_STREAM_STOPPED, WARM_UP_ROOM, t,
                WARM_UP_ROOM, VoiceStreamStoppedEvent.ReasonEnum.MANUAL));
        toJson(new VoiceStreamSourceChangedEvent(VoiceStreamSourceChangedEvent.EventNameEnum.VOICE_STREAM_SOURCE_CHANGED,
                WARM_UP_ROOM, t, WARM_UP_ROOM, PreviousSourceTypeEnum.BLACK, NewSourceTypeEnum.BLACK)
                .reason(VoiceStreamSourceChangedEvent.ReasonEnum.MANUAL_SWITCH));
        toJson(new VoiceStreamHealthEvent(VoiceStreamHealthEvent.EventNameEnum.VOICE_STREAM_HEALTH, WARM_UP_ROOM, t,
                WARM_UP_ROOM, VoiceStreamHealthEvent.HealthEnum.HEALTHY));
        toJson(new VoiceStreamDestinationEvent(VoiceStreamDestinationEvent.EventNameEnum.VOICE_STREAM_DESTINATION, WARM_UP_ROOM,
                t, WARM_UP_ROOM, "d1", VoiceStreamDestinationEvent.StateEnum.LIVE));
    }

    static VoiceStreamHealthEvent.HealthEnum health(StreamHealth health) {
        return switch (health) {
            case HEALTHY -> VoiceStreamHealthEvent.HealthEnum.HEALTHY;
            case DEGRADED -> VoiceStreamHealthEvent.HealthEnum.DEGRADED;
            case UNHEALTHY -> VoiceStreamHealthEvent.HealthEnum.UNHEALTHY;
            case STOPPED -> throw new IllegalArgumentException("STOPPED is told by voice.stream_stopped, not a health event");
        };
    }

    static VideoSourceTypeEnum videoSourceType(SourceKind kind) {
        return switch (kind) {
            case PRIMARY_STREAM -> VideoSourceTypeEnum.PRIMARY_STREAM;
            case FALLBACK_STREAM -> VideoSourceTypeEnum.FALLBACK_STREAM;
            case FALLBACK_IMAGE -> VideoSourceTypeEnum.FALLBACK_IMAGE;
            case DEFAULT -> VideoSourceTypeEnum.DEFAULT;
            case BLACK -> VideoSourceTypeEnum.BLACK;
        };
    }

    static PreviousSourceTypeEnum previousSourceType(SourceKind kind) {
        return switch (kind) {
            case PRIMARY_STREAM -> PreviousSourceTypeEnum.PRIMARY_STREAM;
            case FALLBACK_STREAM -> PreviousSourceTypeEnum.FALLBACK_STREAM;
            case FALLBACK_IMAGE -> PreviousSourceTypeEnum.FALLBACK_IMAGE;
            case DEFAULT -> PreviousSourceTypeEnum.DEFAULT;
            case BLACK -> PreviousSourceTypeEnum.BLACK;
        };
    }

    static NewSourceTypeEnum newSourceType(SourceKind kind) {
        return switch (kind) {
            case PRIMARY_STREAM -> NewSourceTypeEnum.PRIMARY_STREAM;
            case FALLBACK_STREAM -> NewSourceTypeEnum.FALLBACK_STREAM;
            case FALLBACK_IMAGE -> NewSourceTypeEnum.FALLBACK_IMAGE;
            case DEFAULT -> NewSourceTypeEnum.DEFAULT;
            case BLACK -> NewSourceTypeEnum.BLACK;
        };
    }

    static VoiceStreamStoppedEvent.ReasonEnum stopReason(StopReason reason) {
        return switch (reason) {
            case MANUAL -> VoiceStreamStoppedEvent.ReasonEnum.MANUAL;
            case ERROR -> VoiceStreamStoppedEvent.ReasonEnum.ERROR;
            case ROOM_CLOSED -> VoiceStreamStoppedEvent.ReasonEnum.ROOM_CLOSED;
        };
    }

    static VoiceStreamSourceChangedEvent.ReasonEnum changeReason(ChangeReason reason) {
        return switch (reason) {
            case MANUAL_SWITCH -> VoiceStreamSourceChangedEvent.ReasonEnum.MANUAL_SWITCH;
            case SOURCE_DISCONNECTED -> VoiceStreamSourceChangedEvent.ReasonEnum.SOURCE_DISCONNECTED;
            case SOURCE_RECOVERED -> VoiceStreamSourceChangedEvent.ReasonEnum.SOURCE_RECOVERED;
        };
    }
}
