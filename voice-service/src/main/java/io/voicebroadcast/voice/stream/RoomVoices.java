package io.voicebroadcast.voice.stream;

import java.util.UUID;

/**
 * A room's voices as the participant side holds them: how they arrive, who is mixed, and each
 * one's place in the broadcast mix. The participant side implements it, so that this package
 * builds a whole stream status without knowing that side.
 */
public interface RoomVoices {

    StreamAudio audio(UUID roomId);

    /**
     * Exclusion and gain of one participant in the broadcast mix; null keeps the current value.
     *
     * @throws StreamNotActiveException when the room does not broadcast in audio mode rtpengine
     */
    void configureMix(UUID roomId, String participantId, Boolean excluded, Double gainDb);
}
