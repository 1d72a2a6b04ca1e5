package io.voicebroadcast.voice.probe;

/**
 * The outcome of an {@link RtmpConnectProbe}. {@code target} is {@code scheme://host:port/app}:
 * it never holds the stream key, so it and {@code detail} can be logged and returned.
 */
public sealed interface RtmpProbeResult {

    String target();

    /** The server accepted {@code connect}; {@code code} is its status, e.g. NetConnection.Connect.Success. */
    record Accepted(String target, String code) implements RtmpProbeResult {
    }

    /**
     * @param code   the server's status code for {@code CONNECT_REJECTED} (e.g.
     *               NetConnection.Connect.Rejected), otherwise null
     * @param detail a sentence for humans, masked
     */
    record Failed(String target, RtmpProbeFailure failure, String code, String detail) implements RtmpProbeResult {
    }
}
