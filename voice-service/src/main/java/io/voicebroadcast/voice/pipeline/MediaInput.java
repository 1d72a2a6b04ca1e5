package io.voicebroadcast.voice.pipeline;

import java.util.Objects;

/**
 * An input that FFmpeg reads, already validated by the service layer.
 *
 * @param location          what FFmpeg is given (may hold a secret: never log it)
 * @param masked            the same, safe to log and return
 * @param live              a live stream (RTMP): read as it comes, never looped
 * @param protocolWhitelist FFmpeg's {@code -protocol_whitelist} for this input
 */
public record MediaInput(String location, String masked, boolean live, String protocolWhitelist) {

    public MediaInput {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(protocolWhitelist, "protocolWhitelist");
    }

    public boolean isNetwork() {
        return protocolWhitelist.contains("tcp");
    }

    @Override
    public String toString() {
        return masked;
    }
}
