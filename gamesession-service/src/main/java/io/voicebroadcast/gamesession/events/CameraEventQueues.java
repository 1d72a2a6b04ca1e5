package io.voicebroadcast.gamesession.events;

import java.util.List;

/**
 * The RabbitMQ names of the camera event consumer. One name, the queue's, derives its
 * dead-letter exchange ({@code <queue>.dlx}) and dead-letter queue ({@code <queue>.dlq});
 * the exchange is the game engines' (a durable topic exchange). The exchange and queue names are
 * settings (GAMESESSION_CAMERA_EXCHANGE, GAMESESSION_CAMERA_QUEUE, defaults in
 * {@code GameSessionProperties}); every other name is derived or fixed here.
 */
public record CameraEventQueues(String exchange, String queue) {

    public static final String STARTED = "camera.stream.started";
    public static final String UPDATED = "camera.stream.updated";
    public static final String ENDED = "camera.stream.ended";
    public static final List<String> ROUTING_KEYS = List.of(STARTED, UPDATED, ENDED);

    public String deadLetterExchange() {
        return queue + ".dlx";
    }

    public String deadLetterQueue() {
        return queue + ".dlq";
    }

    /** The dead-letter exchange is direct; this key routes to the dead-letter queue. */
    public String deadLetterRoutingKey() {
        return deadLetterQueue();
    }
}
