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
        Queue queue = QueueBuilder.durable(names.queue())
                .withArguments(Map.of("x-dead-letter-exchange", names.deadLetterExchange(),
                        "x-dead-letter-routing-key", names.deadLetterRoutingKey(),
                        // One consumer at a time gets the events (the others wait), so their order holds with two instances.
                        "x-single-active-consumer", true))
                .build();
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

    /** With the state in a database the consumer starts at this instance's takeover, after its broadcasts are adopted. */
    @Bean
    SmartInitializingSingleton cameraConsumerAtTakeover(ActiveRole role, ObjectProvider<RabbitListenerEndpointRegistry> listeners,
                                                        CameraEventQueues names) {
        return () -> role.onTakeover(() -> {
            listeners.getObject().getListenerContainer(CONSUMER_ID).start();
            log.info("camera events: consuming queue {} (its single active consumer)", names.queue());
        });
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
