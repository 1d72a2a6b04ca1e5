package io.voicebroadcast.gamesession.voice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The voice service's status of a room's stream, as it answered. Its URLs are masked by the
 * voice service already.
 *
 * @param health          healthy, degraded, unhealthy or stopped
 * @param videoSourceType primary_stream, fallback_stream, fallback_image, default or black; null when not streaming
 * @param destinations    the stream's destinations, its first one first; empty when not streaming
 */
public record VoiceStreamState(UUID roomId, boolean streaming, String health, String videoSourceType, String currentVideoSource,
                               String healthMessage, Instant startedAt, Integer encoderRestarts,
                               List<VoiceDestinationState> destinations) {

    public VoiceStreamState {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }
}
