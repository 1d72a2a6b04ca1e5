package io.voicebroadcast.voice.events;

/**
 * Where the {@link EventOutbox}'s single dispatcher thread delivers events, one at a time and in
 * order. {@link #publish} returns only once the event is safely delivered (for RabbitMQ: confirmed
 * by the broker) and throws otherwise; it may take a while (a bounded while), but only the
 * dispatcher waits for it, never a broadcast.
 */
public interface EventPublisher {

    void publish(OutboundEvent event) throws EventPublishException;

    /** Called once on the dispatcher thread before the first event, e.g. to declare the exchange; best effort. */
    default void prepare() throws EventPublishException {
    }

    /** For logs and metrics: never a URL or a credential. */
    String describe();
}
