package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.audio.UdpPortAllocator;
import io.voicebroadcast.voice.egress.Cidr;
import io.voicebroadcast.voice.egress.EgressPolicy;
import io.voicebroadcast.voice.participant.AudioInputRouting;
import io.voicebroadcast.voice.participant.DirectAudioInputFactory;
import io.voicebroadcast.voice.retry.Backoff;
import io.voicebroadcast.voice.pipeline.EncoderSettings;
import io.voicebroadcast.voice.pipeline.LossRule;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.PictureCheck;
import io.voicebroadcast.voice.pipeline.PublisherProcess;
import io.voicebroadcast.voice.pipeline.StreamSource.DecoderSettings;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.encoder.EncoderSelector;
import io.voicebroadcast.voice.pipeline.encoder.FfmpegEncoderProbe;
import io.voicebroadcast.voice.pipeline.encoder.H264EncoderArgs;
import io.voicebroadcast.voice.pipeline.encoder.SelectedEncoder;
import io.voicebroadcast.voice.probe.ProbingUrlValidation;
import io.voicebroadcast.voice.room.RoomDirectory;
import io.voicebroadcast.security.AdminTokenFilter;
import io.voicebroadcast.security.DashboardPageFilter;
import io.voicebroadcast.security.ProblemErrorController;
import io.voicebroadcast.security.SecretRedactor;
import io.voicebroadcast.voice.stream.BroadcastEnvironment;
import io.voicebroadcast.voice.stream.CascadeSettings;
import io.voicebroadcast.voice.stream.DestinationSettings;
import io.voicebroadcast.voice.stream.ProcessSettings;
import io.voicebroadcast.voice.stream.Redaction;
import io.voicebroadcast.voice.stream.RoomVoices;
import io.voicebroadcast.voice.stream.StreamEvents;
import io.voicebroadcast.voice.stream.StreamMetrics;
import io.voicebroadcast.voice.stream.StreamReporting;
import io.voicebroadcast.voice.stream.StreamTime;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import io.voicebroadcast.voice.stream.SupervisionSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain-Java broadcast engine into the application; all decisions live below it. */
@Configuration(proxyBeanMethods = false)
class StreamingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StreamingConfiguration.class);
    /** Listing FFmpeg's encoders, and one test encode of three frames: seconds at most, unless a device open hangs. */
    private static final Duration ENCODER_PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a broadcast's FFmpeg may take to start and connect back for the room's audio before the start counts as failed. */
    private static final Duration ENCODER_START_TIMEOUT = Duration.ofSeconds(15);
    /** A destination's reconnect delays grow by half each time, as OBS's do: gentler than doubling toward the cap. */
    private static final double DESTINATION_BACKOFF_FACTOR = 1.5;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService streamingScheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "streaming-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    @Bean
    VideoFormat videoFormat(VoiceProperties p) {
        return new VideoFormat(p.videoWidth(), p.videoHeight(), p.streamingFps());
    }

    /**
     * The H.264 encoder, chosen once at start-up from what this FFmpeg build has and can open.
     * A wrong VOICE_STREAMING_VIDEO_CODEC or a GPL build under VOICE_STREAMING_REQUIRE_LGPL stops
     * start-up here with a message saying what to set instead.
     */
    @Bean
    SelectedEncoder selectedEncoder(VoiceProperties p, VideoFormat format) {
        if (!p.streamingEnabled()) {
            return new SelectedEncoder("none", false, Optional.of("streaming disabled"));
        }
        if (!Files.isExecutable(Path.of(p.ffmpegPath()))) {
            throw new IllegalStateException("VOICE_FFMPEG_PATH=" + p.ffmpegPath()
                    + " is not an executable FFmpeg; install ffmpeg (provisioning/install.sh) or point VOICE_FFMPEG_PATH at it");
        }
        FfmpegEncoderProbe probe = new FfmpegEncoderProbe(p.ffmpegPath(), ENCODER_PROBE_TIMEOUT, ENCODER_PROBE_TIMEOUT, System::nanoTime);
        SelectedEncoder chosen = new EncoderSelector(probe.capabilities(),
                probe.openTest(format, p.streamingVideoBitrate(), p.streamingKeyframeIntervalSeconds()))
                .select(p.streamingVideoCodec(), p.streamingRequireLgpl());
        chosen.note().ifPresent(note -> log.info("video encoder: {}", note));
        log.info("video encoder {} for {}@{} at {} (keyframe every {} s)", chosen.name(), format.size(), format.fps(),
                p.streamingVideoBitrate(), p.streamingKeyframeIntervalSeconds());
        return chosen;
    }

    @Bean(destroyMethod = "stopAll")
    StreamingCoordinator streamingCoordinator(VoiceProperties p, RoomDirectory rooms, ScheduledExecutorService scheduler,
                                              Clock clock, VideoFormat format, SelectedEncoder encoder,
                                              StreamEvents events, StreamMetrics metrics,
                                              ObjectProvider<AudioInputRouting> audioRouting, EgressPolicy egress,
                                              RoomVoices voices)
            throws UnknownHostException {
        LongSupplier nanoTime = System::nanoTime;
        List<String> videoArgs = encoder.name().equals("none") ? List.of()
                : H264EncoderArgs.videoArgs(encoder.name(), format, p.streamingVideoBitrate(), p.streamingKeyframeIntervalSeconds());
        EncoderSettings encoderSettings = new EncoderSettings(p.ffmpegPath(), format, videoArgs, p.streamingAudioBitrate(),
                p.stopTimeout(), ENCODER_START_TIMEOUT);
        DecoderSettings decoderSettings = new DecoderSettings(p.ffmpegPath(), format,
                Duration.ofMillis(p.streamingSourceRwTimeoutMs()), p.stopTimeout(), pictureCheck(p),
                new LossRule(p.inputLossThreshold(), Duration.ofMillis(p.streamingRecoveryHoldMs())));
        Duration reconnectInitial = Duration.ofMillis(p.streamingReconnectInitialMs());
        Duration reconnectMax = Duration.ofMillis(p.streamingReconnectMaxMs());
        Supplier<Backoff> reconnect = () -> new Backoff(reconnectInitial, reconnectMax, () -> ThreadLocalRandom.current().nextDouble());
        Duration destinationInitial = Duration.ofMillis(p.streamingDestinationReconnectInitialMs());
        Duration destinationMax = Duration.ofMillis(p.streamingDestinationReconnectMaxMs());
        Duration stallTimeout = Duration.ofMillis(p.streamingEncoderStallTimeoutMs());
        BroadcastEnvironment env = new BroadcastEnvironment(
                new ProcessSettings(encoderSettings, encoder.name(), decoderSettings, p.probeTimeout()),
                new CascadeSettings(p.streamingWarmStandby(), defaultVideo(p), reconnect),
                new SupervisionSettings(p.streamingRestartOnFailure(), reconnect, p.streamingMaxEncoderFailures(),
                        Duration.ofSeconds(p.streamingFailureWindowSeconds()), stallTimeout,
                        Duration.ofSeconds(p.streamingHealthCheckIntervalSeconds())),
                new DestinationSettings(p.streamingMaxDestinations(),
                        new PublisherProcess.Settings(p.ffmpegPath(), p.stopTimeout(), DestinationSettings.MAX_BEHIND,
                                DestinationSettings.MAX_QUEUE_BYTES),
                        () -> new Backoff(destinationInitial, destinationMax, DESTINATION_BACKOFF_FACTOR,
                                () -> ThreadLocalRandom.current().nextDouble()),
                        p.streamingMaxRejectedPublishes(), stallTimeout),
                new StreamReporting(events, metrics), new StreamTime(scheduler, nanoTime, clock));
        UdpPortAllocator ports = new UdpPortAllocator(InetAddress.getByName(p.audioRtpBindAddress()), p.audioRtpPortMin(), p.audioRtpPortMax());
        Redaction redaction = urls -> new SecretRedactor(urls)::redact;
        return new StreamingCoordinator(p.streamingEnabled(), p.maxConcurrentStreams(), rooms,
                new ProbingUrlValidation(p.allowedFileDirs(), egress, p.ffprobePath(), p.probeTimeout()),
                audioRouting.getIfAvailable(() -> AudioInputRouting.DIRECT_ONLY)
                        .route(new DirectAudioInputFactory(ports, nanoTime, p.stopTimeout()), ports), redaction, env,
                voices);
    }

    /**
     * The addresses URLs may lead to. A malformed network in a setting stops start-up with a
     * message naming the setting.
     */
    @Bean
    EgressPolicy egressPolicy(VoiceProperties p) {
        EgressPolicy policy = new EgressPolicy(networks("VOICE_URL_ALLOWED_NETWORKS", p.urlAllowedNetworks()),
                networks("VOICE_URL_DENIED_NETWORKS", p.urlDeniedNetworks()), p.urlAllowedHosts(), EgressPolicy.SYSTEM_RESOLVER);
        log.info("egress policy: link-local, metadata, unspecified, multicast and broadcast addresses refused; allowed networks {}, "
                        + "denied networks {}, allowed hosts {}", orAny(p.urlAllowedNetworks()), p.urlDeniedNetworks().isEmpty()
                        ? "none more" : p.urlDeniedNetworks(), orAny(p.urlAllowedHosts()));
        return policy;
    }

    private static List<Cidr> networks(String setting, List<String> values) {
        try {
            return values.stream().map(String::strip).filter(v -> !v.isEmpty()).map(Cidr::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + e.getMessage());
        }
    }

    private static Object orAny(List<String> values) {
        return values.isEmpty() ? "any" : values;
    }

    private static PictureCheck.Settings pictureCheck(VoiceProperties p) {
        return new PictureCheck.Settings(Duration.ofMillis(p.streamingBlackThresholdMs()), Duration.ofMillis(p.streamingFrozenThresholdMs()),
                p.streamingBlackLitLuma(), p.streamingBlackMeanLuma(), p.streamingBlackCoveragePercent());
    }

    private static Optional<MediaInput> defaultVideo(VoiceProperties p) {
        Path file = Path.of(p.defaultBackgroundVideo());
        if (Files.isRegularFile(file) && Files.isReadable(file)) {
            return Optional.of(MediaInput.localFile(file.toString(), false));
        }
        log.warn("VOICE_DEFAULT_BACKGROUND_VIDEO={} is missing or unreadable: the default video rung is skipped, black is the last fallback",
                p.defaultBackgroundVideo());
        return Optional.empty();
    }

    /** The error page answers with a problem detail, and with a 404 when asked for directly (Spring Boot's: a 500). */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** The dashboard's page: public, with headers that keep other scripts off it (the data needs the token). */
    @Bean
    FilterRegistrationBean<DashboardPageFilter> dashboardPageFilter() {
        return DashboardPageFilter.registration();
    }

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(VoiceProperties p) {
        FilterRegistrationBean<AdminTokenFilter> reg = new FilterRegistrationBean<>(new AdminTokenFilter(p.adminToken(), "/voice/", "voice", "VOICE_ADMIN_TOKEN"));
        reg.addUrlPatterns("/voice/*");
        reg.setOrder(1);
        return reg;
    }
}
