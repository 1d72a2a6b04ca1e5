package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.security.StreamKeyMasker;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A session's broadcast as configured: where it goes, the voice cascade's fallbacks and which
 * cameras are preferred. Holds the stream key (in memory only), so {@link #toString()} masks; the
 * destination strictly, whatever its scheme: an {@code http://} URL there is a stream key in the
 * wrong place, not a web address whose path may be shown. URLs are kept without the white space
 * around them; a blank fallback is none.
 *
 * @param cameraPreference camera IDs, most preferred first
 * @param voiceRoomId      an existing room to use; null to create a scaled room when needed
 */
public record BroadcastConfig(UUID sessionId, String rtmpOutputUrl, String fallbackStreamUrl, String fallbackImageUrl,
                              List<String> cameraPreference, UUID voiceRoomId) {

    public BroadcastConfig {
        Objects.requireNonNull(sessionId, "sessionId");
        rtmpOutputUrl = Objects.requireNonNull(rtmpOutputUrl, "rtmpOutputUrl").strip();
        fallbackStreamUrl = blankToNull(fallbackStreamUrl);
        fallbackImageUrl = blankToNull(fallbackImageUrl);
        cameraPreference = cameraPreference == null ? List.of() : List.copyOf(cameraPreference);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The destination for a status or a log line. */
    public String maskedOutput() {
        return StreamKeyMasker.maskStrictly(rtmpOutputUrl);
    }

    @Override
    public String toString() {
        return "BroadcastConfig[session=" + sessionId + ", output=" + maskedOutput()
                + ", fallbackStream=" + (fallbackStreamUrl == null ? "none" : StreamKeyMasker.mask(fallbackStreamUrl))
                + ", fallbackImage=" + (fallbackImageUrl == null ? "none" : StreamKeyMasker.mask(fallbackImageUrl))
                + ", preference=" + cameraPreference + ", voiceRoom=" + voiceRoomId + "]";
    }
}
