package io.voicebroadcast.voice.probe;

import java.util.Objects;

/**
 * A URL that passed {@link UrlPolicy}.
 *
 * @param value  exactly what FFmpeg gets: the URL with a lower-case scheme, or {@code file:} and
 *               the real path of a local file
 * @param kind   the protocol, which decides the FFmpeg protocol whitelist
 * @param masked the form that may be logged or returned
 */
public record ValidatedUrl(String value, UrlKind kind, String masked) {

    public ValidatedUrl {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(masked, "masked");
    }

    /** A live stream (RTMP or RTMPS) rather than a file or a download. */
    public boolean isLiveStream() {
        return kind.isLive();
    }

    /** Never the value: a record's default toString would print the key. */
    @Override
    public String toString() {
        return "ValidatedUrl[" + kind + " " + masked + "]";
    }
}
