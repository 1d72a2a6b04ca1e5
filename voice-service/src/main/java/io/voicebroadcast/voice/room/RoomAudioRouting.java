package io.voicebroadcast.voice.room;

import java.util.Objects;

/**
 * A room's audio mode and, for {@link AudioMode#RTPENGINE}, the RTPEngine call that carries its
 * voices (the room id, or a call owned by something else such as Kamailio).
 *
 * @param externalCall whether the call was given at room creation (owned elsewhere)
 */
public record RoomAudioRouting(AudioMode mode, String callId, boolean externalCall) {

    public RoomAudioRouting {
        Objects.requireNonNull(mode, "mode");
        if (mode == AudioMode.RTPENGINE && (callId == null || callId.isBlank())) {
            throw new IllegalArgumentException("an rtpengine room needs a call-id");
        }
    }
}
