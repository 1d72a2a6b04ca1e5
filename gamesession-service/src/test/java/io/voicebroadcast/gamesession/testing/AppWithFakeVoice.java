package io.voicebroadcast.gamesession.testing;

import io.voicebroadcast.gamesession.events.CameraEventQueues;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port against the real local RabbitMQ, with the voice
 * service replaced by {@link FakeVoiceClient}. Test classes that extend this share one
 * application context. Exchange and queues are named for this test run, so that runs in
 * parallel on one broker do not meet, and are deleted when the context closes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FakeVoiceConfiguration.class)
public abstract class AppWithFakeVoice {

    public static final String TOKEN = "gamesession-test-token-" + UUID.randomUUID();
    protected static final CameraEventQueues QUEUES = new CameraEventQueues(
            "camera.events.test-" + UUID.randomUUID(), "gamesession.camera-events.test-" + UUID.randomUUID());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        LocalRabbitMq.ensureRunning();
        r.add("gamesession.admin-token", () -> TOKEN);
        r.add("gamesession.voice-admin-token", () -> "unused-by-the-fake");
        r.add("gamesession.camera-exchange", QUEUES::exchange);
        r.add("gamesession.camera-queue", QUEUES::queue);
        r.add("gamesession.reconcile-tick-ms", () -> "100");
        r.add("gamesession.reconcile-retry-min-ms", () -> "200");
        r.add("gamesession.reconcile-retry-max-ms", () -> "1000");
    }
}
