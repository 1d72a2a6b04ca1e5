package io.voicebroadcast.gamesession.voice;

import io.voicebroadcast.security.StreamKeyMasker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a room's voice stream should be: its destinations (the first one is the voice stream's
 * first, the one its update's {@code rtmpOutputUrl} replaces) and the sources of the voice
 * service's cascade (slot 0's, the main picture's), and the layout (null: single) with each other
 * slot's camera, slot 1 first ("" for none). Null means "none". Holds stream keys, so {@link #toString()} masks every URL.
 */
public record VoiceStreamSpec(List<StreamDestination> destinations, String backgroundVideoUrl, String fallbackStreamUrl,
                              String fallbackImageUrl, String layout, List<String> slotBackgrounds) {

    /** The id the voice service gives a single destination it is not told the id of. */
    public static final String FIRST_ID = "d1";

    public VoiceStreamSpec {
        destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations"));
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("a voice stream needs a destination");
        }
        layout = layout == null || layout.equals(SINGLE) ? null : layout;
        slotBackgrounds = slotBackgrounds == null ? List.of() : List.copyOf(slotBackgrounds);
    }

    /** The voice service's layout of one picture (a spec's {@code layout} is null for it). */
    public static final String SINGLE = "single";

    /** A stream in the single layout. */
    public VoiceStreamSpec(List<StreamDestination> destinations, String backgroundVideoUrl, String fallbackStreamUrl,
                           String fallbackImageUrl) {
        this(destinations, backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl, null, List.of());
    }

    /** Whether {@code other} has the same layout and the same cameras in the slots after the first. */
    public boolean sameLayout(VoiceStreamSpec other) {
        return Objects.equals(layout, other.layout) && slotBackgrounds.equals(other.slotBackgrounds);
    }

    /** This spec with {@code other}'s layout and slots. */
    public VoiceStreamSpec withLayoutOf(VoiceStreamSpec other) {
        return new VoiceStreamSpec(destinations, backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl, other.layout, other.slotBackgrounds);
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
        return new VoiceStreamSpec(destinations, url, fallbackStreamUrl, fallbackImageUrl, layout, slotBackgrounds);
    }

    public VoiceStreamSpec withDestinations(List<StreamDestination> list) {
        return new VoiceStreamSpec(list, backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl, layout, slotBackgrounds);
    }

    /** Every URL of the spec, for redacting their secrets from error text. */
    public List<String> urls() {
        List<String> all = new ArrayList<>();
        destinations.forEach(d -> all.add(d.url()));
        Stream.of(backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl).filter(Objects::nonNull).forEach(all::add);
        slotBackgrounds.stream().filter(u -> !u.isEmpty()).forEach(all::add);
        return all;
    }

    @Override
    public String toString() {
        return "VoiceStreamSpec[output=" + (destinations.size() == 1 ? destinations.get(0).maskedUrl() : destinations.toString())
                + ", background=" + masked(backgroundVideoUrl) + ", fallbackStream=" + masked(fallbackStreamUrl)
                + ", fallbackImage=" + masked(fallbackImageUrl)
                + (layout == null ? "" : ", layout=" + layout + ", slots=" + slotBackgrounds.stream().map(u -> u.isEmpty() ? "none" : masked(u)).toList())
                + "]";
    }

    static String masked(String url) {
        return url == null ? "none" : StreamKeyMasker.mask(url);
    }
}
