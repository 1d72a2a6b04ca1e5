package io.voicebroadcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The machine's broker as the tests see it; the outage itself is proven by the services' event
 * tests, the end of one whose JVM exits here.
 */
class LocalRabbitMqTests {

    /** A JVM that takes the broker away and exits without ending the outage. */
    public static final class ExitsDuringAnOutage {
        public static void main(String[] args) {
            LocalRabbitMq.outage();
            System.out.println("broker stopped: " + !LocalRabbitMq.accepting());
            System.exit(0);
        }
    }

    private final String queue = "test-support.local-rabbitmq-" + UUID.randomUUID();

    @BeforeEach
    void declare() throws Exception {
        LocalRabbitMq.ensureRunning();
        try (Connection c = LocalRabbitMq.connectionFactory().newConnection("test"); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, false, false, false, null);
        }
    }

    @AfterEach
    void delete() {
        LocalRabbitMq.deleteQuietly(List.of(queue), List.of());
    }

    @Test
    void aPublishedMessage_isCountedReady_thenTakenOnceByGet() throws Exception {
        assertThat(LocalRabbitMq.depth(queue)).contains(new LocalRabbitMq.Depth(0, 0));
        try (Connection c = LocalRabbitMq.connectionFactory().newConnection("test"); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            ch.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5000);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(LocalRabbitMq.depth(queue)).contains(new LocalRabbitMq.Depth(1, 0)));
        assertThat(LocalRabbitMq.get(queue)).hasValueSatisfying(m ->
                assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello"));
        assertThat(LocalRabbitMq.get(queue)).isEmpty();
    }

    @Test
    void anOutage_isEnded_whenItsJvmExitsDuringIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        try (ManagedProcess jvm = ManagedProcess.start("outage-jvm", List.of(java, "-cp", System.getProperty("java.class.path"),
                ExitsDuringAnOutage.class.getName()))) {
            assertThat(jvm.waitFor(Duration.ofSeconds(150))).as(jvm.tail()).isZero();
            assertThat(jvm.tail()).contains("broker stopped: true");
        }

        // Up again without this JVM starting it: the other JVM's shutdown hook did.
        try (Connection c = LocalRabbitMq.connectionFactory().newConnection("test")) {
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aDeletedQueue_hasNoDepth_andDeletingItAgainIsFine() {
        LocalRabbitMq.deleteQuietly(List.of(queue), List.of("test-support.no-such-exchange-" + UUID.randomUUID()));

        assertThat(LocalRabbitMq.depth(queue)).isEmpty();
        LocalRabbitMq.deleteQuietly(List.of(queue), List.of());
    }
}
