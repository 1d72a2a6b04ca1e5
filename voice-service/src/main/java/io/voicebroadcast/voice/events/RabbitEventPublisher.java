package io.voicebroadcast.voice.events;

import com.rabbitmq.client.BuiltinExchangeType;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes client events to a durable topic exchange and returns only when the broker has
 * confirmed the message (correlated publisher confirms, bounded by {@code confirmTimeout}).
 * Messages are persistent JSON; the message-id is the event's {@code event_id}, the type its
 * {@code event_name}, the routing key {@link OutboundEvent#routingKey()}. Messages are not
 * {@code mandatory}: an exchange nobody has bound to yet is normal, not a failure to retry.
 * <p>
 * The exchange is declared before the first publish and again after any failure, so a broker
 * that comes back empty (or an exchange deleted by hand) heals without a restart.
 */
public final class RabbitEventPublisher implements EventPublisher {

    public static final String APP_ID = "voice-service";

    private final RabbitTemplate template;
    private final String exchange;
    private final Duration confirmTimeout;
    /** Dispatcher thread only. */
    private boolean declared;

    public RabbitEventPublisher(ConnectionFactory connectionFactory, String exchange, Duration confirmTimeout) {
        if (!connectionFactory.isPublisherConfirms()) {
            throw new IllegalStateException("client events need publisher confirms: set spring.rabbitmq.publisher-confirm-type=correlated"
                    + " (SPRING_RABBITMQ_PUBLISHER_CONFIRM_TYPE)");
        }
        this.template = new RabbitTemplate(connectionFactory);
        this.template.setMandatory(false);
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
    }

    @Override
    public void prepare() throws EventPublishException {
        declare();
    }

    @Override
    public void publish(OutboundEvent event) throws EventPublishException {
        if (!declared) {
            try {
                declare();
            } catch (EventPublishException e) {
                // Best effort: without the right to declare, the exchange may still exist; the publish decides.
            }
        }
        CorrelationData correlation = new CorrelationData(event.eventId().toString());
        try {
            template.send(exchange, event.routingKey(), message(event), correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(confirmTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!confirm.ack()) {
                throw failure("the broker refused the message: " + confirm.reason(), null);
            }
        } catch (AmqpException e) {
            throw failure("cannot publish", e);
        } catch (TimeoutException e) {
            throw failure("no publisher confirm within " + confirmTimeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            throw failure("publisher confirm failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the publisher confirm", e);
        }
    }

    @Override
    public String describe() {
        return "RabbitMQ exchange " + exchange;
    }

    static Message message(OutboundEvent event) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(event.eventId().toString());
        properties.setType(event.eventName());
        properties.setTimestamp(Date.from(event.timestamp()));
        properties.setAppId(APP_ID);
        return new Message(event.json(), properties);
    }

    private void declare() throws EventPublishException {
        try {
            template.execute(channel -> channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true));
            declared = true;
        } catch (AmqpException e) {
            throw new EventPublishException("cannot declare exchange " + exchange, e);
        }
    }

    private EventPublishException failure(String message, Throwable cause) {
        declared = false;
        return new EventPublishException(message, cause);
    }
}
