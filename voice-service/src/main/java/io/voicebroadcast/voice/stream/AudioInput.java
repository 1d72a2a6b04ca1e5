package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.AudioSource;
import io.voicebroadcast.voice.audio.RtpTotals;
import java.time.Duration;

/** The room's audio as received on this node: a source for the clock, on a UDP port. */
public interface AudioInput extends AudioSource {

    /** RTP that arrived within this long: the room's audio counts as receiving (the status's {@code roomAudioReceiving}). */
    Duration RECEIVING_WITHIN = Duration.ofSeconds(10);

    /** The UDP port the room's mixed audio is sent to as RTP. */
    int port();

    /** Whether RTP arrived within {@code thresholdNanos}. */
    boolean isReceiving(long nowNanos, long thresholdNanos);

    /** Where the audio comes from, for the log. */
    default String describe() {
        return "RTP on port " + port();
    }

    /** Counters since the broadcast started, for the room's metrics. */
    RtpTotals totals();

    /** Why the room's voices may be missing although the broadcast runs (masked), or null. */
    default String problem() {
        return null;
    }
}
