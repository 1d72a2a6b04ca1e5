package io.voicebroadcast.voice.pipeline;

import java.util.Locale;

/**
 * Why the encoder could not publish, read from FFmpeg's (already masked) stderr. Only a rejected
 * publish is final: a wrong stream key does not become right by retrying forever.
 */
public enum DestinationError {
    UNREACHABLE("destination unreachable"),
    REFUSED("destination refused the connection"),
    REJECTED_PUBLISH("destination rejected the publish (wrong stream key or application?)"),
    TLS("TLS handshake with the destination failed"),
    OTHER("encoder failed");

    private final String description;

    DestinationError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Classifies the encoder's last log lines. {@code published}: whether any output was written
     * before it ended. nginx-rtmp (on_publish), Twitch and YouTube answer a wrong key by closing
     * the connection during the publish handshake, which FFmpeg 5.1 reports only as an I/O error
     * on the output; before anything was published, after a successful connect, that is a
     * rejected publish.
     */
    public static DestinationError classify(String stderrTail, boolean published) {
        DestinationError byText = classify(stderrTail);
        if (byText == OTHER && !published && stderrTail != null && stderrTail.contains("Input/output error")) {
            return REJECTED_PUBLISH;
        }
        return byText;
    }

    /** Classifies the encoder's last log lines by their text alone. */
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
