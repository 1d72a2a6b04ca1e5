package io.voicebroadcast.voice.pipeline;

import java.util.Objects;

/**
 * Where the encoder publishes.
 *
 * @param location          the RTMP/RTMPS URL with its stream key (never log it)
 * @param masked            the same with the key masked
 * @param protocolWhitelist FFmpeg's {@code -protocol_whitelist} for the output
 */
public record OutputTarget(String location, String masked, String protocolWhitelist) {

    public OutputTarget {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(protocolWhitelist, "protocolWhitelist");
    }

    @Override
    public String toString() {
        return masked;
    }
}
