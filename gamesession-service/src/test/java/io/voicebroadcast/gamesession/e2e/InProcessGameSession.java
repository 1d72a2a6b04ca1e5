package io.voicebroadcast.gamesession.e2e;

import io.voicebroadcast.gamesession.testing.TestQueueCleanup;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * An end-to-end test class whose GameSession service runs in the test JVM on a random
 * {@link #port}, its own context for the class (its queues deleted when the context closes). The
 * subclass holds its {@link E2eFixture} ({@code @RegisterExtension static final E2eFixture e2e})
 * and hands it the settings: {@code e2e.properties(r)} in its {@code @DynamicPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestQueueCleanup.Configuration.class)
@DirtiesContext
abstract class InProcessGameSession {

    @LocalServerPort
    int port;
}
