package io.voicebroadcast.voice.fleet;

import com.rabbitmq.client.BuiltinExchangeType;
import java.util.Date;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Announcements on a topic exchange of their own, as transient messages without publisher
 * confirms: a heartbeat that is lost is said again a second later, and one that waits would be
 * stale. The exchange is declared (durable, so bindings survive) before the first announcement
 * and after any failure.
 */
public final class RabbitNodeAnnouncements implements AnnouncementSink {

    public static final String APP_ID = "voice-service";

    private final RabbitTemplate template;
    private final String exchange;
    private boolean declared;

    public RabbitNodeAnnouncements(ConnectionFactory connectionFactory, String exchange) {
        this.template = new RabbitTemplate(connectionFactory);
        this.template.setMandatory(false);
        this.exchange = exchange;
    }

    @Override
    public void send(NodeAnnouncement a) {
        try {
            if (!declared) {
                template.execute(channel -> channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true));
                declared = true;
            }
            MessageProperties p = new MessageProperties();
            p.setContentType(MessageProperties.CONTENT_TYPE_JSON);
            p.setContentEncoding("UTF-8");
            p.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
            p.setType(NodeAnnouncement.EVENT_NAME);
            p.setTimestamp(Date.from(a.timestamp()));
            p.setAppId(APP_ID);
            // A heartbeat older than a few beats says nothing true any more.
            p.setExpiration("5000");
            template.send(exchange, a.routingKey(), new Message(a.json(), p));
        } catch (RuntimeException e) {
            declared = false;
            throw e;
        }
    }

    @Override
    public String describe() {
        return "RabbitMQ exchange " + exchange;
    }
}
