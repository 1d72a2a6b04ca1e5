package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.events.OutboxSettings;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Client events (VOICE_EVENTS_*), validated at start-up. The broker itself is Spring Boot's
 * {@code spring.rabbitmq.*} (SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD, _VIRTUAL_HOST).
 */
@Validated
@ConfigurationProperties("voice.events")
public record EventsProperties(
        /** VOICE_EVENTS_SINK: log (default, no broker needed) or rabbitmq. */
        @NotNull @DefaultValue("log") Sink sink,
        /** VOICE_EVENTS_EXCHANGE: the durable topic exchange the events are published to. */
        @Pattern(regexp = "(?!amq\\.)[A-Za-z0-9._:-]{1,255}",
                message = "VOICE_EVENTS_EXCHANGE must be 1-255 letters, digits, '.', '_', ':' or '-' and not start with amq.")
        @NotNull @DefaultValue("voice.client.events") String exchange,
        /** VOICE_EVENTS_BUFFER_CAPACITY: events that may wait for the broker; beyond it the oldest is dropped. */
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int bufferCapacity,
        /** VOICE_EVENTS_CONFIRM_TIMEOUT_MS: how long one publish waits for the broker's confirm. */
        @Min(100) @Max(60_000) @DefaultValue("5000") int confirmTimeoutMs,
        /** VOICE_EVENTS_RETRY_INITIAL_MS: the first pause after a failed publish; it doubles... */
        @Min(10) @Max(60_000) @DefaultValue("200") int retryInitialMs,
        /** VOICE_EVENTS_RETRY_MAX_MS: ...up to this. */
        @Min(10) @Max(300_000) @DefaultValue("5000") int retryMaxMs,
        /** VOICE_EVENTS_SHUTDOWN_DRAIN_TIMEOUT_MS: how long shutdown waits for buffered events to go out. */
        @Min(0) @Max(60_000) @DefaultValue("5000") int shutdownDrainTimeoutMs,
        /** VOICE_EVENTS_LOG_SINK_CAPACITY: events the log sink keeps in memory. */
        @Min(1) @Max(100_000) @DefaultValue("1000") int logSinkCapacity) {

    public enum Sink {
        LOG,
        RABBITMQ
    }

    @AssertTrue(message = "VOICE_EVENTS_RETRY_INITIAL_MS must not be above VOICE_EVENTS_RETRY_MAX_MS")
    public boolean isRetryRangeValid() {
        return retryInitialMs <= retryMaxMs;
    }

    public Duration confirmTimeout() {
        return Duration.ofMillis(confirmTimeoutMs);
    }

    public OutboxSettings outboxSettings() {
        return new OutboxSettings(bufferCapacity, Duration.ofMillis(retryInitialMs), Duration.ofMillis(retryMaxMs),
                Duration.ofMillis(shutdownDrainTimeoutMs));
    }
}
