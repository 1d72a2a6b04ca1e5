package io.voicebroadcast.voice.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.voice.fleet.NodeAnnouncer;
import io.voicebroadcast.voice.fleet.NodeLoad;
import io.voicebroadcast.voice.fleet.RabbitNodeAnnouncements;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The node in a fleet: its load as announced, the {@code voice_node_free_slots} gauge (what an
 * autoscaler scales on), and with VOICE_NODE_ANNOUNCE=true the {@link NodeAnnouncer} on RabbitMQ,
 * which {@link ShutdownSequence} turns to draining and then leaving.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
class FleetConfiguration {

    @Bean
    Supplier<NodeLoad> nodeLoad(StreamingCoordinator coordinator) {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return () -> new NodeLoad(coordinator.maxStreams(), coordinator.activeRoomIds(), cpuHeadroom(os), coordinator.isDraining());
    }

    /** Free slots: the cap less the streams running; 0 while draining. */
    @Bean
    Gauge freeSlotsGauge(MeterRegistry registry, StreamingCoordinator coordinator) {
        return Gauge.builder("voice.node.free.slots", coordinator,
                        c -> c.isDraining() ? 0 : Math.max(0, c.maxStreams() - c.activeCount()))
                .description("Broadcasts this node can still take (VOICE_MAX_CONCURRENT_STREAMS less those running; 0 while draining)")
                .register(registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "voice.node", name = "announce", havingValue = "true")
    NodeAnnouncer nodeAnnouncer(NodeProperties p, Environment env, Supplier<NodeLoad> nodeLoad, StreamingCoordinator coordinator,
                                ConnectionFactory rabbitConnectionFactory, Clock clock) throws UnknownHostException {
        String port = env.getProperty("server.port", "8080");
        String host = InetAddress.getLocalHost().getHostName();
        String id = p.id().isBlank() ? host + ":" + port : p.id();
        String url = p.advertisedUrl().isBlank() ? "http://" + host + ":" + port : p.advertisedUrl();
        String version = FleetConfiguration.class.getPackage().getImplementationVersion();
        return new NodeAnnouncer(id, url, version == null ? "dev" : version, nodeLoad, coordinator::drain,
                new RabbitNodeAnnouncements(rabbitConnectionFactory, p.exchange()), clock, p.heartbeat());
    }

    /** The share of the machine's CPU still free; 1 when the JVM cannot tell. */
    private static double cpuHeadroom(java.lang.management.OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getCpuLoad();
            return load < 0 ? 1.0 : 1.0 - load;
        }
        return 1.0;
    }
}
