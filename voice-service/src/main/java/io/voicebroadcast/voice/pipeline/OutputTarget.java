package io.voicebroadcast.voice.pipeline;

import java.util.Objects;

/**
 * A destination a publisher sends the room's program to.
 *
 * @param location          the RTMP/RTMPS/SRT URL with its secrets (never log it)
 * @param masked            the same with the secrets masked
 * @param protocolWhitelist FFmpeg's {@code -protocol_whitelist} for the output
 * @param muxer             FFmpeg's output format for it: {@code flv} (RTMP) or {@code mpegts} (SRT)
 * @param opener            checks the host again right before each publisher start
 */
public record OutputTarget(String location, String masked, String protocolWhitelist, String muxer, Opener opener) {

    public OutputTarget {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(protocolWhitelist, "protocolWhitelist");
        Objects.requireNonNull(muxer, "muxer");
        Objects.requireNonNull(opener, "opener");
    }

    /**
     * How the publisher opens this destination now.
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
