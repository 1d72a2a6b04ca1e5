package io.voicebroadcast.voice.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.stream.DestinationState;
import io.voicebroadcast.voice.stream.DestinationStatus;
import io.voicebroadcast.voice.stream.EncoderExit;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.encoder.SelectedEncoder;
import io.voicebroadcast.voice.stream.SlotStatus;
import io.voicebroadcast.voice.stream.StreamEvents;
import io.voicebroadcast.voice.stream.StreamHealth;
import io.voicebroadcast.voice.stream.StreamMetrics;
import io.voicebroadcast.voice.stream.StreamStatus;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics for Prometheus and the node's health. Tags carry kinds, health values and room ids,
 * never a URL or a key.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    @Bean
    StreamMetrics streamMetrics(MeterRegistry registry) {
        return new StreamMetrics() {
            @Override
            public void sourceSwitched(StreamEvents.ChangeReason reason) {
                Counter.builder("voice.source.switches").description("Source changes on air, by reason")
                        .tag("reason", reason.name().toLowerCase()).register(registry).increment();
            }

            @Override
            public void encoderRestarted(EncoderExit cause) {
                Counter.builder("voice.encoder.restarts").description("Encoder restarts, by cause (exited, stalled, not_started)")
                        .tag("cause", cause.name().toLowerCase()).register(registry).increment();
            }

            @Override
            public void destinationReconnected(DestinationError cause) {
                Counter.builder("voice.destination.reconnects").description("Destination reconnects, by classified cause")
                        .tag("cause", cause.kind()).register(registry).increment();
            }
        };
    }

    /** Streams by health and by source on air, each encoder's fps and speed, and each room's audio, refreshed every 5 s. */
    @Bean
    MultiGauge streamGauges(MeterRegistry registry, StreamingCoordinator coordinator, ScheduledExecutorService streamingScheduler,
                            VoiceProperties p) {
        MultiGauge byHealth = MultiGauge.builder("voice.streams").description("Streams on this node by health").register(registry);
        MultiGauge bySource = MultiGauge.builder("voice.streams.source").description("Streams on this node by source on air").register(registry);
        MultiGauge slotsBySource = MultiGauge.builder("voice.slots.source")
                .description("Layout slots of the streams on this node by source on air (the single layout's picture is one slot)")
                .register(registry);
        MultiGauge fps = MultiGauge.builder("voice.encoder.fps").description("Encoder frames per second, by room").register(registry);
        MultiGauge speed = MultiGauge.builder("voice.encoder.speed").description("Encoder speed (1.0 = real time), by room").register(registry);
        MultiGauge byState = MultiGauge.builder("voice.destinations").description("Destinations on this node by state").register(registry);
        MultiGauge sent = MultiGauge.builder("voice.destination.sent").baseUnit("bytes")
                .description("Bytes sent to each destination, by room and destination id").register(registry);
        MultiGauge rate = MultiGauge.builder("voice.destination.bitrate").baseUnit("kbps")
                .description("Each destination's bitrate over the last seconds, by room and destination id").register(registry);
        RoomAudioMeters audio = new RoomAudioMeters(registry, coordinator::activeRoomIds, coordinator::audioTotals,
                coordinator::audioSilentSeconds);
        if (p.streamingEnabled()) {
            streamingScheduler.scheduleAtFixedRate(() -> {
                audio.refresh();
                List<StreamStatus> all = coordinator.list(null);
                byHealth.register(java.util.Arrays.stream(StreamHealth.values()).filter(h -> h != StreamHealth.STOPPED)
                        .map(h -> MultiGauge.Row.of(Tags.of("health", h.name().toLowerCase()),
                                all.stream().filter(s -> s.health() == h).count())).toList(), true);
                bySource.register(java.util.Arrays.stream(SourceKind.values())
                        .map(k -> MultiGauge.Row.of(Tags.of("source", k.name().toLowerCase()),
                                all.stream().filter(s -> s.videoSourceType() == k).count())).toList(), true);
                List<SlotStatus> slots = all.stream().flatMap(s -> s.slots().stream()).toList();
                slotsBySource.register(java.util.Arrays.stream(SourceKind.values())
                        .map(k -> MultiGauge.Row.of(Tags.of("source", k.name().toLowerCase()),
                                slots.stream().filter(s -> s.videoSourceType() == k).count())).toList(), true);
                fps.register(all.stream().filter(s -> s.encoderFps() != null)
                        .map(s -> MultiGauge.Row.of(Tags.of("room", s.roomId().toString()), s.encoderFps())).toList(), true);
                speed.register(all.stream().filter(s -> s.encoderSpeed() != null)
                        .map(s -> MultiGauge.Row.of(Tags.of("room", s.roomId().toString()), s.encoderSpeed())).toList(), true);
                List<DestinationStatus> destinations = all.stream().flatMap(s -> s.destinations().stream()).toList();
                byState.register(java.util.Arrays.stream(DestinationState.Name.values()).filter(n -> n != DestinationState.Name.REMOVED)
                        .map(n -> MultiGauge.Row.of(Tags.of("state", n.name().toLowerCase()),
                                destinations.stream().filter(d -> d.state() == n).count())).toList(), true);
                sent.register(all.stream().flatMap(s -> s.destinations().stream().map(d -> MultiGauge.Row.of(
                        Tags.of("room", s.roomId().toString(), "destination", d.id()), d.bytesSent()))).toList(), true);
                rate.register(all.stream().flatMap(s -> s.destinations().stream().map(d -> MultiGauge.Row.of(
                        Tags.of("room", s.roomId().toString(), "destination", d.id()), d.bitrateKbps()))).toList(), true);
            }, 1, 5, TimeUnit.SECONDS);
        }
        return byHealth;
    }

    @Bean
    Gauge decodersGauge(MeterRegistry registry, StreamingCoordinator coordinator) {
        Gauge.builder("voice.decoder.sources", coordinator, StreamingCoordinator::decoderSubscriptions)
                .description("Rooms' sources reading a decoder: more than voice_decoders when rooms share an input").register(registry);
        return Gauge.builder("voice.decoders", coordinator, StreamingCoordinator::decoders)
                .description("Decoder processes on this node, one per input whatever the number of rooms showing it").register(registry);
    }

    @Bean
    Gauge activeStreamsGauge(MeterRegistry registry, StreamingCoordinator coordinator) {
        return Gauge.builder("voice.streams.active", coordinator, StreamingCoordinator::activeCount)
                .description("Broadcasts running on this node").register(registry);
    }

    /** The node is not up when streaming is enabled and FFmpeg is gone. */
    @Bean
    HealthIndicator ffmpeg(VoiceProperties p, SelectedEncoder encoder) {
        return () -> {
            if (!p.streamingEnabled()) {
                return Health.up().withDetail("streaming", "disabled").build();
            }
            boolean ffmpeg = Files.isExecutable(Path.of(p.ffmpegPath()));
            boolean ffprobe = Files.isExecutable(Path.of(p.ffprobePath()));
            Health.Builder b = ffmpeg && ffprobe ? Health.up() : Health.down();
            return b.withDetail("ffmpeg", ffmpeg ? p.ffmpegPath() : "missing: " + p.ffmpegPath())
                    .withDetail("ffprobe", ffprobe ? p.ffprobePath() : "missing: " + p.ffprobePath())
                    .withDetail("videoEncoder", encoder.name()).build();
        };
    }
}
