package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.retry.Backoff;
import io.voicebroadcast.voice.pipeline.EncoderSettings;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.StreamSource.DecoderSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every broadcast of this node shares: settings, the scheduler, time, events and metrics.
 *
 * @param videoCodec   the H.264 encoder chosen at start-up
 * @param defaultVideo VOICE_DEFAULT_BACKGROUND_VIDEO when it exists, else empty (skipped)
 */
public record BroadcastEnvironment(EncoderSettings encoder, String videoCodec, DecoderSettings decoder,
                                   ScheduledExecutorService scheduler, LongSupplier nanoTime, Clock clock,
                                   boolean warmStandby,
                                   Optional<MediaInput> defaultVideo, boolean restartOnFailure, Duration imageLoadTimeout,
                                   Supplier<Backoff> sourceBackoff, Supplier<Backoff> encoderBackoff,
                                   Duration healthCheckInterval, HealthPolicy healthPolicy, int maxEncoderFailures,
                                   Duration failureWindow, int maxRejectedPublishes, StreamEvents events,
                                   StreamMetrics metrics) {
}
