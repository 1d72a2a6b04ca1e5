package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;
import java.time.Instant;
import java.util.UUID;

/**
 * A broadcast's status; every string is masked.
 *
 * @param audioSilentSeconds how long the room's audio has been silent (since the start if it never had sound)
 */
public record StreamStatus(UUID roomId, boolean streaming, String rtmpOutputUrl, String currentVideoSource,
                           SourceKind videoSourceType, Instant startedAt, Long durationSeconds, StreamHealth health,
                           String healthMessage, Integer audioRtpPort, String videoCodec, Integer encoderRestarts,
                           Double encoderFps, Double encoderSpeed, String lastError, Boolean roomAudioReceiving,
                           Instant onAirSince, Long audioSilentSeconds) {

    public static StreamStatus stopped(UUID roomId) {
        return new StreamStatus(roomId, false, null, null, null, null, null, StreamHealth.STOPPED, null, null, null, null,
                null, null, null, null, null, null);
    }
}
