package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.MediaInput;
import java.util.Optional;

/**
 * How a room's cascade is put together. When a source counts as lost and when it is back is each
 * source's own rule, in {@link ProcessSettings#decoder()}; how a lost source reconnects is its
 * decoder's, in the node's decoder pool.
 *
 * @param warmStandby   VOICE_STREAMING_WARM_STANDBY: the backup stream decodes while the primary is on air
 * @param defaultVideo  VOICE_DEFAULT_BACKGROUND_VIDEO when it exists, else empty (the rung is skipped)
 */
public record CascadeSettings(boolean warmStandby, Optional<MediaInput> defaultVideo) {
}
