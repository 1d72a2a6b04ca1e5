package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.MixerSourceStatus;
import io.voicebroadcast.voice.room.AudioMode;
import java.util.List;
import java.util.Objects;

/**
 * A room's audio as its stream status shows it.
 *
 * @param participants the voices mixed here: only in mode rtpengine while the room broadcasts, else empty
 */
public record StreamAudio(AudioMode mode, List<MixerSourceStatus> participants) {

    public StreamAudio {
        Objects.requireNonNull(mode, "mode");
        participants = List.copyOf(participants);
    }
}
