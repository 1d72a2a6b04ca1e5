package io.voicebroadcast.voice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.voice.events.EventOutbox;
import io.voicebroadcast.voice.events.RabbitStreamEvents;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.stream.StreamEvents;
import io.voicebroadcast.voice.VoiceServiceApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application, its application.yml included, with VOICE_EVENTS_SINK=rabbitmq against the machine's broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EventsConfigurationRabbitMqTests {

    private static final String EXCHANGE = "voice.client.events.test-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        LocalRabbitMq.ensureRunning();
        r.add("voice.admin-token", () -> "events-wiring-token-" + UUID.randomUUID());
        r.add("voice.events.sink", () -> "rabbitmq");
        r.add("voice.events.exchange", () -> EXCHANGE);
        r.add("spring.rabbitmq.host", () -> LocalRabbitMq.HOST);
        r.add("spring.rabbitmq.port", () -> LocalRabbitMq.PORT);
    }

    @Autowired
    StreamEvents streamEvents;
    @Autowired
    EventOutbox outbox;
    @Autowired
    HealthEndpoint health;

    @AfterAll
    static void deleteExchange() {
        CachingConnectionFactory cf = new CachingConnectionFactory(LocalRabbitMq.connectionFactory());
        try {
            new RabbitAdmin(cf).deleteExchange(EXCHANGE);
        } finally {
            cf.destroy();
        }
    }

    @Test
    void theApplicationsStreamEvents_publishConfirmedJsonToTheConfiguredExchange() throws Exception {
        assertThat(streamEvents).isInstanceOf(RabbitStreamEvents.class);
        CachingConnectionFactory cf = new CachingConnectionFactory(LocalRabbitMq.connectionFactory());
        RabbitAdmin admin = new RabbitAdmin(cf);
        String queue = admin.declareQueue(new Queue("voice-events-wiring-" + UUID.randomUUID(), false, false, false));
        try {
            // Declared at start-up by the dispatcher: binding to it works before any event was sent.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> admin.declareBinding(
                    BindingBuilder.bind(new Queue(queue)).to(new TopicExchange(EXCHANGE)).with("voice.room.#")));
            UUID room = UUID.randomUUID();

            streamEvents.started(room, SourceKind.FALLBACK_STREAM);

            assertThat(outbox.awaitEmpty(Duration.ofSeconds(10))).isTrue();
            Message m = new RabbitTemplate(cf).receive(queue, 5000);
            assertThat(m).isNotNull();
            assertThat(m.getMessageProperties().getReceivedRoutingKey()).isEqualTo("voice.room." + room + ".stream_started");
            assertThat(new String(m.getBody())).contains("\"video_source_type\":\"fallback_stream\"");
        } finally {
            admin.deleteQueue(queue);
            cf.destroy();
        }
    }

    /**
     * Once flaky (one event delivered twice): the broker connection was reset before the outbox had
     * drained, which nacked the confirm in flight, and the outbox sent that event again although
     * the broker already had it. The drain now runs in {@link ShutdownSequence}, a lifecycle phase
     * before the connection factory's; the test pins that order, so a regression names its cause.
     */
    @Test
    void eventsEmittedJustBeforeShutdown_areDeliveredOnce_beforeTheBrokerConnectionCloses() throws Exception {
        CachingConnectionFactory cf = new CachingConnectionFactory(LocalRabbitMq.connectionFactory());
        RabbitAdmin admin = new RabbitAdmin(cf);
        String exchange = EXCHANGE + "-shutdown";
        admin.declareExchange(new TopicExchange(exchange, true, false));
        String queue = admin.declareQueue(new Queue("voice-events-shutdown-" + UUID.randomUUID(), false, false, false));
        admin.declareBinding(BindingBuilder.bind(new Queue(queue)).to(new TopicExchange(exchange)).with("voice.room.#"));
        try {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(VoiceServiceApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("voice.admin-token=events-shutdown-token", "voice.events.sink=rabbitmq",
                            "voice.events.exchange=" + exchange, "spring.rabbitmq.host=" + LocalRabbitMq.HOST,
                            "spring.rabbitmq.port=" + LocalRabbitMq.PORT)
                    .run();
            StreamEvents events = app.getBean(StreamEvents.class);
            EventOutbox appOutbox = app.getBean(EventOutbox.class);
            Counter failedAttempts = app.getBean(MeterRegistry.class).get("voice.events.publish.failures").counter();
            List<Integer> bufferedWhenConnectionClosed = new CopyOnWriteArrayList<>();
            app.getBean(CachingConnectionFactory.class).addConnectionListener(new ConnectionListener() {
                @Override
                public void onCreate(Connection connection) {
                }

                @Override
                public void onClose(Connection connection) {
                    bufferedWhenConnectionClosed.add(appOutbox.buffered());
                }
            });
            List<UUID> rooms = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();

            // As the coordinator's stopAll does when the node shuts down.
            rooms.forEach(room -> events.stopped(room, StreamEvents.StopReason.ROOM_CLOSED));
            app.close();

            RabbitTemplate reader = new RabbitTemplate(cf);
            List<String> keys = new ArrayList<>();
            Set<String> eventIds = new HashSet<>();
            Message m;
            while (keys.size() <= rooms.size() && (m = reader.receive(queue, keys.size() < rooms.size() ? 2000 : 500)) != null) {
                keys.add(m.getMessageProperties().getReceivedRoutingKey());
                eventIds.add(m.getMessageProperties().getMessageId());
            }
            assertThat(bufferedWhenConnectionClosed).as("events still in the outbox when the broker connection closed")
                    .isNotEmpty().containsOnly(0);
            assertThat(failedAttempts.count()).as("failed publish attempts (each one is sent again)").isZero();
            assertThat(keys).containsExactlyElementsOf(rooms.stream().map(r -> "voice.room." + r + ".stream_stopped").toList());
            assertThat(eventIds).as("distinct event ids").hasSize(rooms.size());
        } finally {
            admin.deleteQueue(queue);
            admin.deleteExchange(exchange);
            cf.destroy();
        }
    }

    @Test
    void rabbitMqIsNotPartOfTheNodesHealth() {
        // Broadcasts never wait on the broker, so its absence must not take the node out of service.
        assertThat(health.healthForPath("rabbit")).isNull();
    }
}
