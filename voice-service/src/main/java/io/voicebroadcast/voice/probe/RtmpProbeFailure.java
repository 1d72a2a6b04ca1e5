package io.voicebroadcast.voice.probe;

/** Why an RTMP output could not be validated; each says what the user should look at. */
public enum RtmpProbeFailure {
    /** Unknown host, no route, network unreachable. */
    UNREACHABLE,
    /** Nothing listens on that port. */
    REFUSED,
    /** No complete answer within the probe timeout. */
    TIMEOUT,
    /** The TLS handshake of rtmps:// failed (untrusted certificate, wrong host name, not TLS). */
    TLS,
    /** The server answered, but not with an RTMP handshake (e.g. an HTTP server). */
    NOT_RTMP,
    /** The server refused {@code connect} to the application ({@code _error}, or closed without answer). */
    CONNECT_REJECTED
}
