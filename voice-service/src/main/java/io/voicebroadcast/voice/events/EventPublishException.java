package io.voicebroadcast.voice.events;

/** The event was not delivered (broker away, nack, no confirm in time); the outbox retries it. */
public class EventPublishException extends Exception {

    public EventPublishException(String message) {
        super(message);
    }

    public EventPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
