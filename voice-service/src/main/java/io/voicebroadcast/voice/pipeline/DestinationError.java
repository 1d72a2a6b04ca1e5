package io.voicebroadcast.voice.pipeline;

import java.util.Locale;

/**
 * Why a destination's publisher could not publish, or stopped, read from FFmpeg's (already
 * masked) stderr. Only a rejected publish is final: a wrong stream key does not become right by
 * retrying forever.
 */
public enum DestinationError {
    UNREACHABLE("unreachable", "destination unreachable"),
    REFUSED("refused", "destination refused the connection"),
    REJECTED_PUBLISH("rejected", "destination rejected the publish (wrong stream key or application?)"),
    TLS("tls", "TLS handshake with the destination failed"),
    /** Decided by the supervisor, not read: the publisher took no data, or took too long to connect. */
    TIMEOUT("timeout", "destination stopped taking data"),
    DROPPED("dropped", "destination dropped the connection"),
    OTHER("other", "publisher failed");

    private final String kind;
    private final String description;

    DestinationError(String kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    /** As the API, the events and the metrics spell it. */
    public String kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /**
     * Classifies a publisher's last log lines. {@code published}: whether any output was written
     * before it ended. nginx-rtmp (on_publish), Twitch and YouTube answer a wrong key by closing
     * the connection during the publish handshake, which FFmpeg 5.1 reports only as an I/O error
     * on the output; before anything was published, after a successful connect, that is a
     * rejected publish. After something was, a reset or an I/O error is the connection dropping.
     */
    public static DestinationError classify(String stderrTail, boolean published) {
        DestinationError byText = classify(stderrTail);
        boolean ioError = stderrTail != null && (stderrTail.contains("Input/output error") || stderrTail.contains("Broken pipe"));
        if (published && (byText == REJECTED_PUBLISH || (byText == OTHER && ioError))) {
            return DROPPED;
        }
        if (byText == OTHER && !published && ioError) {
            return REJECTED_PUBLISH;
        }
        return byText;
    }

    /** Classifies a publisher's last log lines by their text alone. */
    public static DestinationError classify(String stderrTail) {
        String t = stderrTail == null ? "" : stderrTail.toLowerCase(Locale.ROOT);
        if (t.contains("tls") || t.contains("certificate") || t.contains("gnutls") || t.contains("ssl")) {
            return TLS;
        }
        if (t.contains("connection refused")) {
            return REFUSED;
        }
        if (t.contains("failed to resolve") || t.contains("name or service not known") || t.contains("no route to host")
                || t.contains("network is unreachable") || t.contains("connection timed out") || t.contains("cannot open connection")) {
            return UNREACHABLE;
        }
        if (t.contains("server error") || t.contains("netstream.publish") || t.contains("already publishing")
                || t.contains("unauthorized") || t.contains("forbidden") || t.contains("failed to publish")
                || t.contains("connection reset by peer") || t.contains("error number -104")) {
            return REJECTED_PUBLISH;
        }
        return OTHER;
    }
}
