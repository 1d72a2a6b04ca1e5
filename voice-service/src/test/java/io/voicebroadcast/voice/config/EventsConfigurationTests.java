package io.voicebroadcast.voice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voicebroadcast.voice.events.EventPublisher;
import io.voicebroadcast.voice.events.LoggingEventSink;
import io.voicebroadcast.voice.events.OutboundEvent;
import io.voicebroadcast.voice.events.RabbitEventPublisher;
import io.voicebroadcast.voice.events.RabbitStreamEvents;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.stream.StreamEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EventsConfigurationTests {

    private static final UUID ROOM = UUID.randomUUID();

    @Configuration(proxyBeanMethods = false)
    static class Infrastructure {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private static ApplicationContextRunner withEnv(Map<String, Object> env) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, RabbitAutoConfiguration.class))
                .withUserConfiguration(Infrastructure.class, EventsConfiguration.class)
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env))));
    }

    @Test
    void byDefault_eventsGoToTheLog_andNoBrokerIsNeeded() {
        withEnv(Map.of()).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            EventsProperties p = ctx.getBean(EventsProperties.class);
            assertThat(p.sink()).isEqualTo(EventsProperties.Sink.LOG);
            assertThat(p.exchange()).isEqualTo("voice.client.events");
            assertThat(p.bufferCapacity()).isEqualTo(10_000);
            assertThat(p.confirmTimeoutMs()).isEqualTo(5000);
            assertThat(p.retryInitialMs()).isEqualTo(200);
            assertThat(p.retryMaxMs()).isEqualTo(5000);
            assertThat(ctx).getBean("streamEvents").isInstanceOf(RabbitStreamEvents.class);
            assertThat(ctx).getBeans(StreamEvents.class).hasSize(1);

            ctx.getBean(StreamEvents.class).started(ROOM, SourceKind.DEFAULT);

            LoggingEventSink sink = ctx.getBean(LoggingEventSink.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !sink.recent().isEmpty());
            assertThat(sink.recent()).extracting(OutboundEvent::routingKey).containsExactly("voice.room." + ROOM + ".stream_started");
            assertThat(ctx.getBean(MeterRegistry.class).get("voice.events.published").tag("event", "voice.stream_started")
                    .counter().count()).isEqualTo(1);
        });
    }

    @Test
    void rabbitmq_bindsFromTheEnvironmentInAnyCase_andStartsWhileTheBrokerIsAway() {
        withEnv(Map.of("VOICE_EVENTS_SINK", "RabbitMQ",
                "VOICE_EVENTS_EXCHANGE", "rooms.events",
                "VOICE_EVENTS_BUFFER_CAPACITY", "50",
                "VOICE_EVENTS_CONFIRM_TIMEOUT_MS", "1500",
                "VOICE_EVENTS_SHUTDOWN_DRAIN_TIMEOUT_MS", "0",
                "SPRING_RABBITMQ_PUBLISHER_CONFIRM_TYPE", "correlated",
                "SPRING_RABBITMQ_HOST", "127.0.0.1",
                "SPRING_RABBITMQ_PORT", "1"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    EventsProperties p = ctx.getBean(EventsProperties.class);
                    assertThat(p.sink()).isEqualTo(EventsProperties.Sink.RABBITMQ);
                    assertThat(p.exchange()).isEqualTo("rooms.events");
                    assertThat(p.bufferCapacity()).isEqualTo(50);
                    assertThat(p.confirmTimeoutMs()).isEqualTo(1500);
                    assertThat(ctx).getBean(EventPublisher.class).isInstanceOf(RabbitEventPublisher.class);
                    assertThat(ctx.getBean(EventPublisher.class).describe()).isEqualTo("RabbitMQ exchange rooms.events");

                    ctx.getBean(StreamEvents.class).started(ROOM, SourceKind.PRIMARY_STREAM);

                    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                    await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("voice.events.publish.failures").counter().count() > 0);
                    assertThat(registry.get("voice.events.buffered").gauge().value()).isEqualTo(1);
                });
    }

    @Test
    void rabbitmq_withoutPublisherConfirms_stopsStartUp_sayingWhatToSet() {
        withEnv(Map.of("VOICE_EVENTS_SINK", "rabbitmq")).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("spring.rabbitmq.publisher-confirm-type=correlated");
        });
    }

    @Test
    void badValues_stopStartUp() {
        for (var bad : List.<Map<String, Object>>of(
                Map.of("VOICE_EVENTS_SINK", "kafka"),
                Map.of("VOICE_EVENTS_EXCHANGE", "amq.voice"),
                Map.of("VOICE_EVENTS_EXCHANGE", "voice events"),
                Map.of("VOICE_EVENTS_BUFFER_CAPACITY", "0"),
                Map.of("VOICE_EVENTS_CONFIRM_TIMEOUT_MS", "10"),
                Map.of("VOICE_EVENTS_RETRY_INITIAL_MS", "6000", "VOICE_EVENTS_RETRY_MAX_MS", "5000"))) {
            withEnv(bad).run(ctx -> assertThat(ctx).as(bad.toString()).hasFailed());
        }
    }
}
