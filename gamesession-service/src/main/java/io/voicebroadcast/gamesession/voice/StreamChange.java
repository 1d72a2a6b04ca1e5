package io.voicebroadcast.gamesession.voice;

import io.voicebroadcast.security.StreamKeyMasker;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code /voice/room/stream/update}: each field null when unchanged, the empty string to
 * clear an optional source (the voice API's convention), else the new URL. A new
 * {@code rtmpOutputUrl} replaces the voice stream's first destination (which keeps its id).
 */
public record StreamChange(String rtmpOutputUrl, String backgroundVideoUrl, String fallbackStreamUrl, String fallbackImageUrl) {

    /**
     * The update that turns a running stream's sources {@code from} into {@code to}, with
     * {@code firstUrl} (null: unchanged) as its first destination's new URL; empty when nothing
     * changes. The other destinations change through their own calls ({@link DestinationPlan}).
     */
    public static Optional<StreamChange> between(VoiceStreamSpec from, VoiceStreamSpec to, String firstUrl) {
        StreamChange change = new StreamChange(firstUrl,
                diff(from.backgroundVideoUrl(), to.backgroundVideoUrl()),
                diff(from.fallbackStreamUrl(), to.fallbackStreamUrl()),
                diff(from.fallbackImageUrl(), to.fallbackImageUrl()));
        return change.isEmpty() ? Optional.empty() : Optional.of(change);
    }

    /** Sets every field of {@code to}, for a stream whose current configuration is unknown. */
    public static StreamChange everything(VoiceStreamSpec to) {
        return new StreamChange(to.rtmpOutputUrl(), orClear(to.backgroundVideoUrl()), orClear(to.fallbackStreamUrl()),
                orClear(to.fallbackImageUrl()));
    }

    private static String diff(String from, String to) {
        return Objects.equals(from, to) ? null : orClear(to);
    }

    private static String orClear(String url) {
        return url == null ? "" : url;
    }

    public boolean isEmpty() {
        return rtmpOutputUrl == null && backgroundVideoUrl == null && fallbackStreamUrl == null && fallbackImageUrl == null;
    }

    @Override
    public String toString() {
        return "StreamChange[" + (rtmpOutputUrl == null ? "" : "output=" + StreamKeyMasker.maskStrictly(rtmpOutputUrl) + " ")
                + (backgroundVideoUrl == null ? "" : "background=" + shown(backgroundVideoUrl) + " ")
                + (fallbackStreamUrl == null ? "" : "fallbackStream=" + shown(fallbackStreamUrl) + " ")
                + (fallbackImageUrl == null ? "" : "fallbackImage=" + shown(fallbackImageUrl)) + "]";
    }

    private static String shown(String url) {
        return url.isEmpty() ? "cleared" : VoiceStreamSpec.masked(url);
    }
}
