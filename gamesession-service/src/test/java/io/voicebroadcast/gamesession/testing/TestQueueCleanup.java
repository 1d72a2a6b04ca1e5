package io.voicebroadcast.gamesession.testing;

import io.voicebroadcast.gamesession.events.CameraEventQueues;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Deletes a test context's exchange and queues when the context closes, after the listener
 * containers stopped (they stop first: a higher phase), so that no consumer declares them again
 * and the shared broker keeps nothing of the test run.
 */
public final class TestQueueCleanup implements SmartLifecycle {

    private final CameraEventQueues queues;
    private volatile boolean running;

    /** Import this into a test context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        TestQueueCleanup testQueueCleanup(CameraEventQueues queues) {
            return new TestQueueCleanup(queues);
        }
    }

    public TestQueueCleanup(CameraEventQueues queues) {
        this.queues = queues;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        LocalRabbitMq.deleteQuietly(List.of(queues.queue(), queues.deadLetterQueue()),
                List.of(queues.exchange(), queues.deadLetterExchange()));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
