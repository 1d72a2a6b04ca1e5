package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.AudioSource;

/** The room's audio as received on this node: a source for the clock, on a UDP port. */
public interface AudioInput extends AudioSource {

    /** The UDP port the room's mixed audio is sent to as RTP. */
    int port();

    /** Whether RTP arrived within {@code thresholdNanos}. */
    boolean isReceiving(long nowNanos, long thresholdNanos);

    /** Why the room's voices may be missing although the broadcast runs (masked), or null. */
    default String problem() {
        return null;
    }
}
