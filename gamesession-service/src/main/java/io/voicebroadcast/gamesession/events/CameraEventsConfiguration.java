package io.voicebroadcast.gamesession.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator;
import io.voicebroadcast.gamesession.camera.CameraRegistry;
import io.voicebroadcast.gamesession.config.GameSessionProperties;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import io.voicebroadcast.gamesession.broadcast.ActiveRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The camera event consumer's RabbitMQ side: the game engines' durable topic exchange, this
 * service's durable queue bound to the three routing keys, its dead-letter exchange and queue,
 * and a listener container that acknowledges after the listener returns and dead-letters
 * failures once (never requeues them).
 */
@Configuration(proxyBeanMethods = false)
public class CameraEventsConfiguration {

    public static final String EVENTS_METER = "gamesession.camera.events";
    /** The camera event listener container's id. */
    static final String CONSUMER_ID = "camera-events";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CameraEventsConfiguration.class);

    @Bean
    CameraEventQueues cameraEventQueues(GameSessionProperties p) {
        return new CameraEventQueues(p.cameraExchange(), p.cameraQueue());
    }

    @Bean
    Declarables cameraEventTopology(CameraEventQueues names) {
        TopicExchange exchange = new TopicExchange(names.exchange(), true, false);
        Queue queue = QueueBuilder.durable(names.queue()).withArguments(queueArguments(names)).build();
        DirectExchange dlx = new DirectExchange(names.deadLetterExchange(), true, false);
        Queue dlq = QueueBuilder.durable(names.deadLetterQueue()).build();
        List<Declarable> all = new ArrayList<>(List.of(exchange, queue, dlx, dlq,
                BindingBuilder.bind(dlq).to(dlx).with(names.deadLetterRoutingKey())));
        for (String key : CameraEventQueues.ROUTING_KEYS) {
            Binding binding = BindingBuilder.bind(queue).to(exchange).with(key);
            all.add(binding);
        }
        return new Declarables(all);
    }

    static Map<String, Object> queueArguments(CameraEventQueues names) {
        return Map.of("x-dead-letter-exchange", names.deadLetterExchange(),
                "x-dead-letter-routing-key", names.deadLetterRoutingKey(),
                // One consumer at a time gets the events (the others wait), so their order holds with two instances.
                "x-single-active-consumer", true);
    }

    /**
     * Before the consumer starts (with the application when this instance is alone, else at its
     * takeover, after its broadcasts are adopted), the queue is checked: one declared by an
     * earlier version without a single active consumer stops it with a message saying how to
     * upgrade, rather than a consumer that never starts.
     */
    @Bean
    SmartInitializingSingleton cameraConsumerAtTakeover(ActiveRole role, ObjectProvider<RabbitListenerEndpointRegistry> listeners,
                                                        CameraEventQueues names, RabbitTemplate template) {
        return () -> {
            if (role.isActive()) {
                checkQueue(template, names);
                return;
            }
            role.onTakeover(() -> {
                checkQueue(template, names);
                listeners.getObject().getListenerContainer(CONSUMER_ID).start();
                log.info("camera events: consuming queue {} (its single active consumer)", names.queue());
            });
        };
    }

    /**
     * Declares the queue as this version does: refused because an earlier version declared it
     * without {@code x-single-active-consumer}, throws naming the upgrade; any other failure (the
     * broker not up yet) is left to the consumer's own retries.
     */
    static void checkQueue(RabbitTemplate template, CameraEventQueues names) {
        try {
            template.execute(channel -> channel.queueDeclare(names.queue(), true, false, false, queueArguments(names)));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("inequivalent arg 'x-single-active-consumer'")) {
                    throw new IllegalStateException("The camera queue " + names.queue() + " was declared by an earlier version without a"
                            + " single active consumer, which RabbitMQ cannot add to it: upgrade to a new GAMESESSION_CAMERA_QUEUE and move"
                            + " the old queue's events into it as docs/state.md#upgrading-the-camera-queue-single-active-consumer says", e);
                }
            }
            log.warn("camera events: the queue {} could not be checked now ({}); the consumer declares it when the broker answers",
                    names.queue(), e.getClass().getSimpleName());
        }
    }

    @Bean
    CameraEventReader cameraEventReader(Validator validator) {
        return new CameraEventReader(validator);
    }

    @Bean
    CameraEventHandler cameraEventHandler(CameraRegistry registry, BroadcastOrchestrator orchestrator, GameSessionProperties p,
                                          ObjectProvider<ProcessedEventIds> stored) {
        // In the database when the state is (docs/state.md), else in memory.
        ProcessedEventIds processed = stored.getIfAvailable(() -> new ProcessedEvents(p.processedEventIdsCapacity()));
        return new CameraEventHandler(registry, orchestrator, processed);
    }

    @Bean
    CameraEventListener cameraEventListener(CameraEventReader reader, CameraEventHandler handler, MeterRegistry meters) {
        return new CameraEventListener(reader, handler, meters);
    }

    @Bean
    DeadLetterRecoverer deadLetterRecoverer(RabbitTemplate template, CameraEventQueues names, GameSessionProperties p,
                                            MeterRegistry meters) {
        return new DeadLetterRecoverer(template, names, p.deadLetterConfirmTimeoutMs(),
                meters.counter(EVENTS_METER, "outcome", "dead_lettered"));
    }

    /**
     * Boot's container settings (spring.rabbitmq.listener.simple.*: auto acknowledgement after the
     * listener returns) plus one attempt per delivery whose failure goes to the recoverer.
     */
    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(SimpleRabbitListenerContainerFactoryConfigurer configurer,
                                                                        ConnectionFactory connectionFactory,
                                                                        DeadLetterRecoverer recoverer) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setDefaultRequeueRejected(false);
        factory.setAdviceChain(RetryInterceptorBuilder.stateless().maxRetries(0).recoverer(recoverer).build());
        return factory;
    }
}
