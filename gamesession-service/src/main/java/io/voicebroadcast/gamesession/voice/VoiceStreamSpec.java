package io.voicebroadcast.gamesession.voice;

import io.voicebroadcast.security.StreamKeyMasker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a room's voice stream should be: its destinations (the first one is the voice stream's
 * first, the one its update's {@code rtmpOutputUrl} replaces) and the sources of the voice
 * service's cascade. Null means "none". Holds stream keys, so {@link #toString()} masks every URL.
 */
public record VoiceStreamSpec(List<StreamDestination> destinations, String backgroundVideoUrl, String fallbackStreamUrl,
                              String fallbackImageUrl) {

    /** The id the voice service gives a single destination it is not told the id of. */
    public static final String FIRST_ID = "d1";

    public VoiceStreamSpec {
        destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations"));
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("a voice stream needs a destination");
        }
    }

    /** A stream with one destination, {@value #FIRST_ID}. */
    public VoiceStreamSpec(String rtmpOutputUrl, String backgroundVideoUrl, String fallbackStreamUrl, String fallbackImageUrl) {
        this(List.of(new StreamDestination(FIRST_ID, rtmpOutputUrl)), backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl);
    }

    /** The first destination's URL. */
    public String rtmpOutputUrl() {
        return destinations.get(0).url();
    }

    public VoiceStreamSpec withBackground(String url) {
        return new VoiceStreamSpec(destinations, url, fallbackStreamUrl, fallbackImageUrl);
    }

    public VoiceStreamSpec withDestinations(List<StreamDestination> list) {
        return new VoiceStreamSpec(list, backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl);
    }

    /** Every URL of the spec, for redacting their secrets from error text. */
    public List<String> urls() {
        List<String> all = new ArrayList<>();
        destinations.forEach(d -> all.add(d.url()));
        Stream.of(backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl).filter(Objects::nonNull).forEach(all::add);
        return all;
    }

    @Override
    public String toString() {
        return "VoiceStreamSpec[output=" + (destinations.size() == 1 ? destinations.get(0).maskedUrl() : destinations.toString())
                + ", background=" + masked(backgroundVideoUrl) + ", fallbackStream=" + masked(fallbackStreamUrl)
                + ", fallbackImage=" + masked(fallbackImageUrl) + "]";
    }

    static String masked(String url) {
        return url == null ? "none" : StreamKeyMasker.mask(url);
    }
}
