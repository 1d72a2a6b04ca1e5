package io.voicebroadcast.voice.e2e;

import static io.voicebroadcast.voice.e2e.E2eFixture.assertNoSecretIn;
import static io.voicebroadcast.voice.e2e.E2eFixture.broadcastFor;
import static io.voicebroadcast.voice.e2e.E2eFixture.nginx;
import static io.voicebroadcast.voice.e2e.E2eFixture.secretKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The room's client events through the machine's real RabbitMQ, and a broker outage in the
 * middle of a broadcast: the broadcast does not notice, and every event arrives afterwards in order.
 */
class EventsEndToEndTests extends InProcessService {

    private static final String EXCHANGE = "voice.client.events.e2e-" + UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CachingConnectionFactory connections;
    private static RabbitAdmin admin;
    private static RabbitTemplate reader;
    private static String queue;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        E2eFixture.commonProperties(r, 41400, "400k");
        r.add("voice.default-background-video", () -> "/nonexistent/default.mp4");
        r.add("voice.streaming-health-check-interval-seconds", () -> "1");
        r.add("voice.events.sink", () -> "rabbitmq");
        r.add("voice.events.exchange", () -> EXCHANGE);
        r.add("spring.rabbitmq.host", () -> LocalRabbitMq.HOST);
        r.add("spring.rabbitmq.port", () -> LocalRabbitMq.PORT);
    }

    @BeforeAll
    static void broker() {
        LocalRabbitMq.ensureRunning();
        connections = new CachingConnectionFactory(LocalRabbitMq.connectionFactory());
        admin = new RabbitAdmin(connections);
        reader = new RabbitTemplate(connections);
        admin.declareExchange(new TopicExchange(EXCHANGE, true, false));
        queue = "voice-e2e-events-" + UUID.randomUUID();
        admin.declareQueue(new Queue(queue, true, false, false)); // durable: it must outlive stop_app
        admin.declareBinding(BindingBuilder.bind(new Queue(queue)).to(new TopicExchange(EXCHANGE)).with("voice.room.#"));
    }

    @AfterAll
    static void cleanUpBroker() {
        admin.deleteQueue(queue);
        admin.deleteExchange(EXCHANGE);
        connections.destroy();
    }

    @Test
    void brokerStoppedMidBroadcast_broadcastUnaffected_andEveryEventArrivesAfterwardsInOrder() throws Exception {
        UUID room = e2e.room("scaled");
        String key = secretKey();
        String cam = "cam-" + UUID.randomUUID();
        TestCamera camera = e2e.camera(cam, Colour.RED);
        List<Path> before = nginx().recordings();
        int sessionsBefore = nginx().publishCount("out");

        JsonHttp.Response started = e2e.start(room, nginx().outputUrl(key), Map.of("backgroundVideoUrl", nginx().liveUrl(cam),
                "fallbackImageUrl", E2eFixture.assets().resolve("green.png").toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        e2e.awaitOnAir(room, "primary_stream", Duration.ofSeconds(10));

        try (LocalRabbitMq.Outage outage = LocalRabbitMq.outage()) {
            camera.kill();
            e2e.awaitOnAir(room, "fallback_image", Duration.ofSeconds(5));
            broadcastFor(Duration.ofMillis(2000));
            assertThat(e2e.status(room).json().path("isStreaming").asBoolean()).as("the broadcast does not wait for the broker").isTrue();
            outage.end();
        }

        assertThat(e2e.api().post("/voice/room/stream/stop", Map.of("roomId", room.toString())).status()).isEqualTo(200);

        List<JsonNode> events = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Message m;
            while ((m = reader.receive(queue)) != null) {
                assertNoSecretIn("event", new String(m.getBody(), StandardCharsets.UTF_8));
                events.add(JSON.readTree(m.getBody()));
                keys.add(m.getMessageProperties().getReceivedRoutingKey());
            }
            return !events.isEmpty() && "voice.stream_stopped".equals(events.get(events.size() - 1).path("event_name").asString());
        });

        List<String> names = events.stream().map(e -> e.path("event_name").asString()).toList();
        assertThat(names.get(0)).isEqualTo("voice.stream_started");
        assertThat(events).allSatisfy(e -> assertThat(e.path("room_id").asString()).isEqualTo(room.toString()));
        assertThat(keys).allSatisfy(k -> assertThat(k).startsWith("voice.room." + room + "."));
        assertThat(events.stream().filter(e -> e.path("event_name").asString().equals("voice.stream_source_changed"))
                .map(e -> e.path("previous_source_type").asString() + "->" + e.path("new_source_type").asString() + " " + e.path("reason").asString()))
                .as("told while the broker was away, delivered after").contains("primary_stream->fallback_image source_disconnected");
        assertThat(events.get(events.size() - 1).path("reason").asString()).isEqualTo("manual");
        assertThat(new HashSet<>(events.stream().map(e -> e.path("event_id").asString()).toList())).as("each once").hasSize(events.size());
        for (int i = 1; i < events.size(); i++) {
            // As instants: the text is not ordered (…:01.500Z sorts after …:01.500123Z)
            assertThat(Instant.parse(events.get(i).path("timestamp").asString()))
                    .as("in order: " + names).isAfterOrEqualTo(Instant.parse(events.get(i - 1).path("timestamp").asString()));
        }
        E2eFixture.onlyNewRecording(before);
        assertThat(nginx().publishCount("out") - sessionsBefore).as("one publish session through the outage").isEqualTo(1);
    }
}
