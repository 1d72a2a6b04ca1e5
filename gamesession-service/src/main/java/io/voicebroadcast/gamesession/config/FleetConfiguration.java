package io.voicebroadcast.gamesession.config;

import io.voicebroadcast.gamesession.broadcast.BroadcastOrchestrator;
import io.voicebroadcast.gamesession.broadcast.NodeWatch;
import io.voicebroadcast.gamesession.fleet.AnnouncedFleet;
import io.voicebroadcast.gamesession.fleet.NodeAnnouncementListener;
import io.voicebroadcast.gamesession.fleet.NodeRegistry;
import io.voicebroadcast.gamesession.fleet.VoiceFleet;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.gamesession.fleet.NodeState;
import java.time.Clock;
import java.util.List;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With GAMESESSION_VOICE_NODES=announced: the voice nodes' announcements (an exclusive queue of
 * this service's own, bound to every announcement) feed the {@link NodeWatch}, and this service's
 * own broker connection going down or up is told to the {@link NodeRegistry} (no node is declared
 * lost while it is down).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gamesession", name = "voice-nodes", havingValue = "announced")
class FleetConfiguration {

    /** How often lost nodes are looked for. */
    private static final long WATCH_TICK_MS = 200;

    @Bean
    AnonymousQueue nodeAnnouncementQueue() {
        return new AnonymousQueue();
    }

    @Bean
    Declarables nodeAnnouncementTopology(GameSessionProperties p, AnonymousQueue nodeAnnouncementQueue) {
        TopicExchange exchange = new TopicExchange(p.nodeExchange(), true, false);
        return new Declarables(exchange, BindingBuilder.bind(nodeAnnouncementQueue).to(exchange).with("voice.node.#"));
    }

    @Bean(destroyMethod = "close")
    NodeWatch nodeWatch(VoiceFleet fleet, BroadcastOrchestrator orchestrator, ConnectionFactory connectionFactory, MeterRegistry meters) {
        NodeRegistry registry = ((AnnouncedFleet) fleet).registry();
        for (NodeState state : List.of(NodeState.ACTIVE, NodeState.DRAINING)) {
            Gauge.builder("gamesession.voice.nodes", registry, r -> r.live().stream().filter(n -> n.state() == state).count())
                    .description("Voice nodes heard and not lost, by state").tag("state", state.name().toLowerCase()).register(meters);
        }
        Gauge.builder("gamesession.voice.nodes", registry, r -> r.lost().size())
                .description("Voice nodes heard and not lost, by state").tag("state", "lost").register(meters);
        Gauge.builder("gamesession.voice.free.slots", registry, r -> r.live().stream().filter(n -> n.state() == NodeState.ACTIVE)
                        .mapToInt(n -> Math.max(0, n.maxStreams() - n.activeStreams())).sum())
                .description("Free slots of the active voice nodes, as they announced them").register(meters);
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                registry.brokerUp();
            }

            @Override
            public void onClose(Connection connection) {
                registry.brokerDown();
            }

            @Override
            public void onShutDown(com.rabbitmq.client.ShutdownSignalException signal) {
                registry.brokerDown();
            }
        });
        NodeWatch.Counts counts = new NodeWatch.Counts() {
            @Override
            public void nodesGone(String reason, int nodes) {
                meters.counter("gamesession.voice.nodes.gone", "reason", reason).increment(nodes);
            }

            @Override
            public void fenced() {
                meters.counter("gamesession.voice.fences").increment();
            }
        };
        return new NodeWatch(registry, orchestrator, counts).start(WATCH_TICK_MS);
    }

    @Bean
    SimpleMessageListenerContainer nodeAnnouncementContainer(ConnectionFactory connectionFactory, AnonymousQueue nodeAnnouncementQueue,
                                                             NodeWatch watch, Clock clock) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueues(nodeAnnouncementQueue);
        container.setMessageListener(new NodeAnnouncementListener(watch::heard, clock));
        container.setAcknowledgeMode(org.springframework.amqp.core.AcknowledgeMode.NONE);
        container.setRecoveryInterval(1000);
        container.setMissingQueuesFatal(false);
        return container;
    }
}
