package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.room.AudioMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A broadcast's status; every string is masked.
 *
 * @param rtmpOutputUrl      the first destination's URL
 * @param audioRtpPort       where the room's mixed audio is sent; only in audio mode direct
 * @param audioSilentSeconds how long the room's audio has been silent (since the start if it never had sound)
 * @param destinations       every destination, the first one first
 * @param sources            every rung of the cascade that has a source, highest first (black last)
 * @param audio              the room's audio mode and mixed participants; null only in the broadcast's own
 *                           part, before {@link StreamingCoordinator} adds it with {@link #withAudio}
 * @param layout             the layout on air (null when not streaming)
 * @param slots              each slot of the layout, slot 0 (the main picture, whose cascade the fields above show) first
 * @param overlay            the overlays on air (null when not streaming)
 * @param lastLayoutSwitchMs how long the last layout switch took from the call to its cut-over (null before one)
 */
public record StreamStatus(UUID roomId, boolean streaming, String rtmpOutputUrl, String currentVideoSource,
                           SourceKind videoSourceType, Instant startedAt, Long durationSeconds, StreamHealth health,
                           String healthMessage, Integer audioRtpPort, String videoCodec, Integer encoderRestarts,
                           Double encoderFps, Double encoderSpeed, String lastError, Boolean roomAudioReceiving,
                           Instant onAirSince, Long audioSilentSeconds, List<DestinationStatus> destinations,
                           List<SourceStatus> sources, StreamAudio audio, Layout layout, List<SlotStatus> slots,
                           RoomOverlay.Status overlay, Long lastLayoutSwitchMs) {

    public StreamStatus {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        sources = sources == null ? List.of() : List.copyOf(sources);
        slots = slots == null ? List.of() : List.copyOf(slots);
    }

    /** The broadcast's own part, as {@link RoomStream} knows it; the room's audio comes later. */
    StreamStatus(UUID roomId, boolean streaming, String rtmpOutputUrl, String currentVideoSource,
                 SourceKind videoSourceType, Instant startedAt, Long durationSeconds, StreamHealth health,
                 String healthMessage, Integer audioRtpPort, String videoCodec, Integer encoderRestarts,
                 Double encoderFps, Double encoderSpeed, String lastError, Boolean roomAudioReceiving,
                 Instant onAirSince, Long audioSilentSeconds, List<DestinationStatus> destinations, List<SourceStatus> sources,
                 Layout layout, List<SlotStatus> slots, RoomOverlay.Status overlay, Long lastLayoutSwitchMs) {
        this(roomId, streaming, rtmpOutputUrl, currentVideoSource, videoSourceType, startedAt, durationSeconds, health,
                healthMessage, audioRtpPort, videoCodec, encoderRestarts, encoderFps, encoderSpeed, lastError,
                roomAudioReceiving, onAirSince, audioSilentSeconds, destinations, sources, null, layout, slots, overlay, lastLayoutSwitchMs);
    }

    static StreamStatus stopped(UUID roomId) {
        return new StreamStatus(roomId, false, null, null, null, null, null, StreamHealth.STOPPED, null, null, null, null,
                null, null, null, null, null, null, List.of(), List.of(), null, List.of(), null, null);
    }

    /** This status with the room's audio; the RTP port is dropped in mode rtpengine, where nobody sends to it. */
    StreamStatus withAudio(StreamAudio a) {
        return new StreamStatus(roomId, streaming, rtmpOutputUrl, currentVideoSource, videoSourceType, startedAt,
                durationSeconds, health, healthMessage, a.mode() == AudioMode.DIRECT ? audioRtpPort : null, videoCodec,
                encoderRestarts, encoderFps, encoderSpeed, lastError, roomAudioReceiving, onAirSince, audioSilentSeconds,
                destinations, sources, a, layout, slots, overlay, lastLayoutSwitchMs);
    }
}
