package io.voicebroadcast.gamesession.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Against the real RabbitMQ: a camera queue of an earlier version (no single active consumer) is named, with the way to upgrade. */
class CameraQueueUpgradeTests {

    @Test
    void aQueueOfAnEarlierVersion_stopsTheConsumerStart_namingTheUpgrade_whileANewOneIsDeclared() throws Exception {
        CameraEventQueues earlier = new CameraEventQueues("camera.events.upgrade-" + UUID.randomUUID(),
                "gamesession.camera-events.upgrade-" + UUID.randomUUID());
        CameraEventQueues fresh = new CameraEventQueues(earlier.exchange(), earlier.queue() + ".v2");
        CachingConnectionFactory cf = new CachingConnectionFactory(LocalRabbitMq.connectionFactory());
        try (Connection c = LocalRabbitMq.connectionFactory().newConnection("upgrade-test"); Channel ch = c.createChannel()) {
            ch.queueDeclare(earlier.queue(), true, false, false, Map.of("x-dead-letter-exchange", earlier.deadLetterExchange(),
                    "x-dead-letter-routing-key", earlier.deadLetterRoutingKey()));
            RabbitTemplate template = new RabbitTemplate(cf);

            assertThatThrownBy(() -> CameraEventsConfiguration.checkQueue(template, earlier))
                    .hasMessageContaining(earlier.queue()).hasMessageContaining("GAMESESSION_CAMERA_QUEUE")
                    .hasMessageContaining("docs/state.md#upgrading-the-camera-queue");
            CameraEventsConfiguration.checkQueue(template, fresh); // declared with the argument
            CameraEventsConfiguration.checkQueue(template, fresh); // and found as declared
            assertThat(LocalRabbitMq.depth(fresh.queue())).isPresent();
        } finally {
            cf.destroy();
            LocalRabbitMq.deleteQuietly(List.of(earlier.queue(), fresh.queue()), List.of());
        }
    }
}
