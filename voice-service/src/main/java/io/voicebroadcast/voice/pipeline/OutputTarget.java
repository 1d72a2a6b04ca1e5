package io.voicebroadcast.voice.pipeline;

import java.util.Objects;

/**
 * Where the encoder publishes.
 *
 * @param location          the RTMP/RTMPS URL with its stream key (never log it)
 * @param masked            the same with the key masked
 * @param protocolWhitelist FFmpeg's {@code -protocol_whitelist} for the output
 * @param opener            checks the host again right before each encoder start
 */
public record OutputTarget(String location, String masked, String protocolWhitelist, Opener opener) {

    public OutputTarget {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(protocolWhitelist, "protocolWhitelist");
        Objects.requireNonNull(opener, "opener");
    }

    /**
     * How the encoder opens this destination now.
     *
     * @throws EgressException when its host may not be connected to now
     */
    public Opening open() {
        return opener.open(location);
    }

    @Override
    public String toString() {
        return masked;
    }
}
