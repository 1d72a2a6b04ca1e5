package io.voicebroadcast.voice.e2e;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** For a test class that reads the events a broadcast tells: {@code @Import} it and autowire {@link RecordingStreamEvents}. */
@TestConfiguration
class RecordingStreamEventsConfiguration {

    @Bean
    @Primary
    RecordingStreamEvents recordingStreamEvents() {
        return new RecordingStreamEvents();
    }
}
