package io.voicebroadcast.gamesession.voice;

import io.voicebroadcast.security.StreamKeyMasker;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a room's voice stream should be: the destination and the sources of the voice service's
 * cascade. Null means "none". Holds the stream key, so {@link #toString()} masks every URL.
 */
public record VoiceStreamSpec(String rtmpOutputUrl, String backgroundVideoUrl, String fallbackStreamUrl, String fallbackImageUrl) {

    public VoiceStreamSpec {
        Objects.requireNonNull(rtmpOutputUrl, "rtmpOutputUrl");
    }

    public VoiceStreamSpec withBackground(String url) {
        return new VoiceStreamSpec(rtmpOutputUrl, url, fallbackStreamUrl, fallbackImageUrl);
    }

    /** Every URL of the spec, for redacting their secrets from error text. */
    public List<String> urls() {
        return Stream.of(rtmpOutputUrl, backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl).filter(Objects::nonNull).toList();
    }

    @Override
    public String toString() {
        return "VoiceStreamSpec[output=" + StreamKeyMasker.maskStrictly(rtmpOutputUrl) + ", background=" + masked(backgroundVideoUrl)
                + ", fallbackStream=" + masked(fallbackStreamUrl) + ", fallbackImage=" + masked(fallbackImageUrl) + "]";
    }

    static String masked(String url) {
        return url == null ? "none" : StreamKeyMasker.mask(url);
    }
}
