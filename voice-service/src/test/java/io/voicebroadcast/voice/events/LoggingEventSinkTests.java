package io.voicebroadcast.voice.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoggingEventSinkTests {

    private static final UUID ROOM = UUID.fromString("0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10");

    private static OutboundEvent event(int n) {
        return new OutboundEvent(new UUID(0, n), "voice.stream_health", ROOM, Instant.EPOCH,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachEvent_isOneInfoLine_withItsRoutingKeyAndJson() {
        try (LogCapture logs = new LogCapture(LoggingEventSink.class)) {
            new LoggingEventSink(10).publish(event(1));

            assertThat(logs.lines(Level.INFO)).containsExactly(
                    "client event voice.room.0b6c3c1e-0f5a-4a8e-9a57-0d4c2f1e9b10.stream_health {\"n\":1}");
        }
    }

    @Test
    void keepsTheLastEvents_oldestFirst() {
        LoggingEventSink sink = new LoggingEventSink(3);

        IntStream.rangeClosed(1, 5).forEach(n -> sink.publish(event(n)));

        assertThat(sink.recent()).extracting(OutboundEvent::jsonText).containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
    }
}
