package io.voicebroadcast.voice.probe;

import java.util.EnumSet;
import java.util.Set;

/** The request fields that carry URLs, each with the kinds it accepts. */
public enum UrlRole {

    OUTPUT("rtmpOutputUrl", EnumSet.of(UrlKind.RTMP, UrlKind.RTMPS, UrlKind.SRT)),
    BACKGROUND_VIDEO("backgroundVideoUrl", EnumSet.of(UrlKind.RTMP, UrlKind.RTMPS, UrlKind.HTTP, UrlKind.HTTPS, UrlKind.FILE)),
    FALLBACK_STREAM("fallbackStreamUrl", EnumSet.of(UrlKind.RTMP, UrlKind.RTMPS, UrlKind.HTTP, UrlKind.HTTPS)),
    FALLBACK_IMAGE("fallbackImageUrl", EnumSet.of(UrlKind.HTTP, UrlKind.HTTPS, UrlKind.FILE));

    private final String field;
    private final Set<UrlKind> allowed;

    UrlRole(String field, Set<UrlKind> allowed) {
        this.field = field;
        this.allowed = allowed;
    }

    /** The JSON field name in the request. */
    public String field() {
        return field;
    }

    public Set<UrlKind> allowed() {
        return allowed;
    }

    public boolean allows(UrlKind kind) {
        return allowed.contains(kind);
    }

    String allowedDescription() {
        StringBuilder s = new StringBuilder();
        for (UrlKind kind : allowed) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(kind == UrlKind.FILE ? "an absolute file path in an allowed directory" : kind.name().toLowerCase() + "://");
        }
        return s.toString();
    }
}
