package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.DecoderPool;
import io.voicebroadcast.voice.pipeline.EncoderSettings;
import io.voicebroadcast.voice.pipeline.StreamSource.DecoderSettings;
import java.time.Duration;

/**
 * How a broadcast's FFmpeg processes are launched.
 *
 * @param encoder          what every encoder shares, the chosen H.264 encoder's options among them
 * @param videoCodec       the name of that H.264 encoder, for the status
 * @param decoders         the node's decoders, one per input whatever the number of rooms that show it
 * @param imageLoadTimeout how long a fallback image may take to fetch and decode (VOICE_RTMP_PROBE_TIMEOUT_SECONDS)
 */
public record ProcessSettings(EncoderSettings encoder, String videoCodec, DecoderPool decoders, Duration imageLoadTimeout) {

    /** What every source decoder shares, and when what it delivers counts as lost. */
    public DecoderSettings decoder() {
        return decoders.settings();
    }
}
