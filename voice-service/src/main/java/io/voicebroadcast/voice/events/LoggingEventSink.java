package io.voicebroadcast.voice.events;

import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where client events go without a broker (VOICE_EVENTS_SINK=log, the default, so that the demo
 * needs no RabbitMQ): one INFO line per event with its routing key and JSON, and the last
 * {@code capacity} events kept in memory for tests and diagnosis.
 */
public final class LoggingEventSink implements EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(LoggingEventSink.class);

    private final int capacity;
    private final ArrayDeque<OutboundEvent> recent;

    public LoggingEventSink(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public void publish(OutboundEvent event) {
        log.info("client event {} {}", event.routingKey(), event.jsonText());
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.pollFirst();
            }
            recent.addLast(event);
        }
    }

    /** The last events, oldest first. */
    public List<OutboundEvent> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    @Override
    public String describe() {
        return "the log (VOICE_EVENTS_SINK=log)";
    }
}
