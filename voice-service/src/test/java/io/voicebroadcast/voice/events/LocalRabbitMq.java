package io.voicebroadcast.voice.events;

import io.voicebroadcast.testsupport.RabbitMqBroker;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest) for the voice service's tests: kept up and
 * taken away by test-support's {@link RabbitMqBroker} ({@code try (var outage = RabbitMqBroker.outage()) { ... }}),
 * connected to as the service connects.
 */
public final class LocalRabbitMq {

    public static final String HOST = RabbitMqBroker.HOST;
    public static final int PORT = RabbitMqBroker.PORT;

    private LocalRabbitMq() {
    }

    /** Makes sure the broker accepts connections: start_app if the node runs, else start the node. */
    public static void ensureRunning() {
        RabbitMqBroker.ensureRunning();
    }

    /** A connection factory with correlated publisher confirms, as the service configures it. */
    public static CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory cf = new CachingConnectionFactory(HOST, PORT);
        cf.setUsername("guest");
        cf.setPassword("guest");
        cf.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        cf.setConnectionTimeout(5000);
        return cf;
    }
}
