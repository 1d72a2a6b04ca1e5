package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.retry.Backoff;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a room's cascade is put together. When a source counts as lost and when it is back is each
 * source's own rule, in {@link ProcessSettings#decoder()}.
 *
 * @param warmStandby   VOICE_STREAMING_WARM_STANDBY: the backup stream decodes while the primary is on air
 * @param defaultVideo  VOICE_DEFAULT_BACKGROUND_VIDEO when it exists, else empty (the rung is skipped)
 * @param sourceBackoff a lost source's reconnect delays (VOICE_STREAMING_RECONNECT_INITIAL_MS / _MAX_MS), one per source
 */
public record CascadeSettings(boolean warmStandby, Optional<MediaInput> defaultVideo, Supplier<Backoff> sourceBackoff) {
}
