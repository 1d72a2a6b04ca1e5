package io.voicebroadcast.gamesession.publisher;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.voicebroadcast.gamesession.events.CameraEventQueues;
import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamUpdatedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes camera discovery events the way a game engine should: JSON of the generated event
 * models, persistent, {@code application/json}, a message ID equal to the eventId, on the
 * durable topic exchange with the event's routing key, confirmed by the broker. Plain Java on
 * the RabbitMQ client, for the command line, demos and tests.
 */
public final class CameraEventPublisher implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private final Connection connection;
    private final Channel channel;
    private final String exchange;
    private final Duration confirmTimeout;

    private CameraEventPublisher(Connection connection, Channel channel, String exchange, Duration confirmTimeout) {
        this.connection = connection;
        this.channel = channel;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Connects to {@code amqpUri} (e.g. {@code amqp://guest:guest@127.0.0.1:5672}) and declares the
     * exchange (durable topic; a no-op when it exists) so that a demo can publish before the
     * service first ran. Events published while no queue is bound are dropped by the broker.
     */
    public static CameraEventPublisher connect(String amqpUri, String exchange) {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(amqpUri);
            factory.setConnectionTimeout(5000);
            Connection connection = factory.newConnection("camera-event-publisher");
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(exchange, "topic", true);
            channel.confirmSelect();
            return new CameraEventPublisher(connection, channel, exchange, Duration.ofSeconds(10));
        } catch (IOException | TimeoutException | java.net.URISyntaxException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot connect to RabbitMQ at " + maskUri(amqpUri) + ": " + e.getMessage(), e);
        }
    }

    public void publish(CameraStreamStartedEvent event) {
        publishRaw(CameraEventQueues.STARTED, event.getEventId(), JSON.writeValueAsBytes(event));
    }

    public void publish(CameraStreamUpdatedEvent event) {
        publishRaw(CameraEventQueues.UPDATED, event.getEventId(), JSON.writeValueAsBytes(event));
    }

    public void publish(CameraStreamEndedEvent event) {
        publishRaw(CameraEventQueues.ENDED, event.getEventId(), JSON.writeValueAsBytes(event));
    }

    /** Any body on any routing key: for tests of what the consumer does with bad events. */
    public void publishRaw(String routingKey, UUID messageId, byte[] body) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding(StandardCharsets.UTF_8.name())
                .deliveryMode(2).messageId(messageId == null ? null : messageId.toString()).build();
        try {
            channel.basicPublish(exchange, routingKey, props, body);
            channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("publishing to exchange " + exchange + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker's confirm", e);
        }
    }

    public String exchange() {
        return exchange;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    /** {@code amqp://user:password@host} -> {@code amqp://****@host}. */
    static String maskUri(String uri) {
        return uri == null ? "null" : uri.replaceAll("//[^@/]*@", "//****@");
    }
}
