package io.voicebroadcast.voice.e2e;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An end-to-end test class whose service runs in the test JVM ({@code @SpringBootTest} on a random
 * port; its settings in the subclass's {@code @DynamicPropertySource}, e.g. from
 * {@link E2eFixture#commonProperties}), its output readable by a test that takes a
 * {@code CapturedOutput}, and each test's session with it ({@link #e2e}) closed after the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
abstract class InProcessService {

    @RegisterExtension
    final E2eFixture e2e = E2eFixture.perTest();
}
