package io.voicebroadcast.voice.pipeline;

import java.util.Objects;

/**
 * An input that FFmpeg reads, already validated by the service layer.
 *
 * @param location          what FFmpeg is given (may hold a secret: never log it)
 * @param masked            the same, safe to log and return
 * @param live              a live stream (RTMP): read as it comes, never looped
 * @param protocolWhitelist FFmpeg's {@code -protocol_whitelist} for this input
 * @param opener            checks the location's host again right before each process opens it
 */
public record MediaInput(String location, String masked, boolean live, String protocolWhitelist, Opener opener) {

    public MediaInput {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(protocolWhitelist, "protocolWhitelist");
        Objects.requireNonNull(opener, "opener");
    }

    /** A local file, opened as it is. */
    public static MediaInput localFile(String path, boolean live) {
        return new MediaInput(path, path, live, "file", Opener.LOCAL_FILE);
    }

    /**
     * How a process opens this input now (the egress policy's look right before a start).
     *
     * @throws EgressException when its host may not be connected to now
     */
    public Opening open() {
        return opener.open(location);
    }

    public boolean isNetwork() {
        return protocolWhitelist.contains("tcp");
    }

    @Override
    public String toString() {
        return masked;
    }
}
