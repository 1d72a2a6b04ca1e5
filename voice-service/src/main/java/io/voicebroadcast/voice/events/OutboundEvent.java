package io.voicebroadcast.voice.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A client event ready to leave the process: its identity, where it is routed and its JSON body.
 * Built on the caller's thread, then only moved around, so a retry sends the very same bytes.
 *
 * @param eventId   the event's {@code event_id}, also the AMQP message-id
 * @param eventName the event's {@code event_name}, e.g. {@code voice.stream_started}
 * @param roomId    the room the event belongs to
 * @param timestamp the event's {@code timestamp}
 * @param json      the UTF-8 JSON body (never mutated after construction)
 */
public record OutboundEvent(UUID eventId, String eventName, UUID roomId, Instant timestamp, byte[] json) {

    /** Every routing key starts with this; consumers bind {@code voice.room.#} for all rooms. */
    public static final String ROUTING_KEY_PREFIX = "voice.room.";
    private static final String EVENT_NAME_PREFIX = "voice.";

    public OutboundEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(json, "json");
        if (eventName == null || !eventName.startsWith(EVENT_NAME_PREFIX)) {
            throw new IllegalArgumentException("event names start with " + EVENT_NAME_PREFIX + ": " + eventName);
        }
    }

    /**
     * {@code voice.room.<room_id>.<event_name without "voice.">}, e.g.
     * {@code voice.room.0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10.stream_started}: one room is
     * {@code voice.room.<room_id>.*}, one kind of event in every room {@code voice.room.*.stream_health}.
     */
    public String routingKey() {
        return ROUTING_KEY_PREFIX + roomId + "." + eventName.substring(EVENT_NAME_PREFIX.length());
    }

    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return routingKey() + " " + jsonText();
    }
}
