package io.voicebroadcast.voice.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.voice.dashboard.RecentEvents;
import io.voicebroadcast.voice.events.EventOutbox;
import io.voicebroadcast.voice.events.EventPublisher;
import io.voicebroadcast.voice.events.LoggingEventSink;
import io.voicebroadcast.voice.events.RabbitEventPublisher;
import io.voicebroadcast.voice.events.RabbitStreamEvents;
import io.voicebroadcast.voice.fleet.NodeAnnouncer;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Client events: {@link RabbitStreamEvents} (the {@code StreamEvents} the broadcasts call) feeds
 * one {@link EventOutbox}, whose dispatcher delivers to RabbitMQ (VOICE_EVENTS_SINK=rabbitmq) or
 * to the log (the default). At shutdown, {@link ShutdownSequence} stops the broadcasts (their
 * stopped events are queued), then drains the outbox, before the broker connection closes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class EventsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventsConfiguration.class);

    /** The default: no broker needed (the demo). */
    @Bean
    @ConditionalOnProperty(prefix = "voice.events", name = "sink", havingValue = "log", matchIfMissing = true)
    LoggingEventSink loggingEventSink(EventsProperties p) {
        return announce(new LoggingEventSink(p.logSinkCapacity()), p);
    }

    /** Taking the connection factory as a parameter makes it outlive the outbox (destroyed after it). */
    @Bean
    @ConditionalOnProperty(prefix = "voice.events", name = "sink", havingValue = "rabbitmq")
    RabbitEventPublisher rabbitEventPublisher(EventsProperties p, ConnectionFactory rabbitConnectionFactory) {
        return announce(new RabbitEventPublisher(rabbitConnectionFactory, p.exchange(), p.confirmTimeout()), p);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    EventOutbox eventOutbox(EventsProperties p, EventPublisher publisher, MeterRegistry registry) {
        return new EventOutbox(publisher, p.outboxSettings(), registry);
    }

    /** The coordinator is optional: a context with the events alone (tests) drains the outbox only. */
    @Bean
    ShutdownSequence shutdownSequence(ObjectProvider<StreamingCoordinator> coordinator, EventOutbox outbox,
                                      ObjectProvider<NodeAnnouncer> announcer) {
        return new ShutdownSequence(coordinator, outbox, announcer);
    }

    /** The {@code StreamEvents} to give the streaming coordinator; the dashboard sees each event too. */
    @Bean
    RabbitStreamEvents streamEvents(EventOutbox outbox, Clock clock, ObjectProvider<RecentEvents> recentEvents) {
        RecentEvents dashboard = recentEvents.getIfAvailable();
        return dashboard == null ? new RabbitStreamEvents(outbox, clock) : new RabbitStreamEvents(outbox, clock, dashboard);
    }

    private static <T extends EventPublisher> T announce(T publisher, EventsProperties p) {
        log.info("client events go to {}; up to {} wait when it is away", publisher.describe(), p.bufferCapacity());
        return publisher;
    }
}
