package io.voicebroadcast.voice.probe;

/** Why a background stream could not be probed. */
public enum ProbeFailure {
    /** No stream information within the timeout: a silent server, or an RTMP name nobody publishes. */
    TIMEOUT,
    /** Unknown host, connection refused, no route. */
    UNREACHABLE,
    /** HTTP 4xx, a missing file, an RTMP server that closes the stream (unknown application). */
    NOT_FOUND,
    /** Readable, but without a video stream (audio only). */
    NO_VIDEO,
    /** Anything else: invalid data, TLS verification, a refused protocol. */
    UNREADABLE
}
