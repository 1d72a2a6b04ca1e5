package io.voicebroadcast.gamesession.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** The voice service replaced by {@link FakeVoiceClient} in the application context; test queues deleted at its end. */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestQueueCleanup.Configuration.class)
public class FakeVoiceConfiguration {

    @Bean
    @Primary
    FakeVoiceClient fakeVoiceClient() {
        return new FakeVoiceClient();
    }
}
