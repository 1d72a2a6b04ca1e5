package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.PublisherProcess;
import io.voicebroadcast.voice.retry.Backoff;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a broadcast's destinations are published and watched.
 *
 * @param maxDestinations      VOICE_STREAMING_MAX_DESTINATIONS: destinations per broadcast
 * @param publisher            how every publisher runs (FFmpeg, its stop timeout, how far behind it may fall)
 * @param reconnectBackoff     the delays before each reconnect (VOICE_STREAMING_DESTINATION_RECONNECT_INITIAL_MS,
 *                             _MAX_MS, growing x1.5 with jitter), one per destination
 * @param maxRejectedPublishes VOICE_STREAMING_MAX_REJECTED_PUBLISHES: this many rejected publishes in a row fail it
 * @param stallTimeout         a publisher fed the program whose output has not grown this long, or that has not
 *                             published this long after its start, is killed and reconnects
 *                             (VOICE_STREAMING_ENCODER_STALL_TIMEOUT_MS, the encoder's)
 */
public record DestinationSettings(int maxDestinations, PublisherProcess.Settings publisher, Supplier<Backoff> reconnectBackoff,
                                  int maxRejectedPublishes, Duration stallTimeout) {

    /** A publisher live at least this long before it drops starts its backoff afresh: it was not flapping. */
    public static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    /**
     * How far (in media time) a destination may fall behind the program before what is queued for
     * it is dropped and it goes on from the next keyframe: two keyframe intervals of Twitch's 2 s.
     */
    public static final Duration MAX_BEHIND = Duration.ofSeconds(4);
    /** The same bound in bytes, for a program far above the usual bitrates (4 s of 32 Mb/s). */
    public static final long MAX_QUEUE_BYTES = 16L * 1024 * 1024;
}
