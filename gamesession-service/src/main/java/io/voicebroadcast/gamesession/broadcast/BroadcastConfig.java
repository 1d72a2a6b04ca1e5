package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.voice.StreamDestination;
import io.voicebroadcast.security.StreamKeyMasker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A session's broadcast as configured: where it goes, the voice cascade's fallbacks and which
 * cameras are preferred. Holds stream keys (in memory; a store seals them: docs/state.md), so {@link #toString()} masks; the
 * destinations strictly, whatever their scheme: an {@code http://} URL there is a stream key in
 * the wrong place, not a web address whose path may be shown, and an SRT URL's query holds its
 * {@code streamid} and {@code passphrase}. URLs are kept without the white space around them; a
 * blank fallback is none.
 *
 * @param destinations     at least one, at most {@link #MAX_DESTINATIONS}, no URL and no id twice;
 *                         the first is the voice stream's first. A destination without an id is
 *                         named by {@link #named} when the configuration is applied
 * @param cameraPreference camera IDs, most preferred first
 * @param voiceRoomId      an existing room to use; null to create a scaled room when needed
 * @throws InvalidBroadcastRequestException when the destinations break one of those rules
 */
public record BroadcastConfig(UUID sessionId, List<StreamDestination> destinations, String fallbackStreamUrl,
                              String fallbackImageUrl, List<String> cameraPreference, UUID voiceRoomId, String layout,
                              List<List<String>> slotCameraPreferences) {

    /** The voice service's layouts and how many slots each has. */
    private static final Map<String, Integer> LAYOUT_SLOTS = Map.of("single", 1, "pip", 2, "side_by_side", 2, "grid", 4);

    /** What the voice API takes in one start. */
    public static final int MAX_DESTINATIONS = 20;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    public BroadcastConfig {
        Objects.requireNonNull(sessionId, "sessionId");
        destinations = validated(destinations);
        fallbackStreamUrl = blankToNull(fallbackStreamUrl);
        fallbackImageUrl = blankToNull(fallbackImageUrl);
        cameraPreference = cameraPreference == null ? List.of() : List.copyOf(cameraPreference);
        layout = layout == null ? "single" : layout;
        if (!LAYOUT_SLOTS.containsKey(layout)) {
            throw new InvalidBroadcastRequestException("layout", "one of single, pip, side_by_side, grid; got '" + layout + "'");
        }
        slotCameraPreferences = slotCameraPreferences == null ? List.of()
                : slotCameraPreferences.stream().map(p -> p == null ? List.<String>of() : List.copyOf(p)).toList();
        if (slotCameraPreferences.size() > LAYOUT_SLOTS.get(layout) - 1) {
            throw new InvalidBroadcastRequestException("slotCameraPreferences", "the " + layout + " layout has "
                    + (LAYOUT_SLOTS.get(layout) - 1) + " slots after the first; got preferences for " + slotCameraPreferences.size());
        }
    }

    /** A broadcast in the single layout. */
    public BroadcastConfig(UUID sessionId, List<StreamDestination> destinations, String fallbackStreamUrl, String fallbackImageUrl,
                           List<String> cameraPreference, UUID voiceRoomId) {
        this(sessionId, destinations, fallbackStreamUrl, fallbackImageUrl, cameraPreference, voiceRoomId, null, null);
    }

    /** How many slots its layout has (1 for single). */
    public int slotCount() {
        return LAYOUT_SLOTS.get(layout);
    }

    /** Slot {@code slot}'s camera preference (slot 0: {@link #cameraPreference()}). */
    public List<String> preferenceOf(int slot) {
        if (slot == 0) {
            return cameraPreference;
        }
        return slot - 1 < slotCameraPreferences.size() ? slotCameraPreferences.get(slot - 1) : List.of();
    }

    /** A broadcast to one destination, as the API's {@code rtmpOutputUrl} alone gives it. */
    public BroadcastConfig(UUID sessionId, String rtmpOutputUrl, String fallbackStreamUrl, String fallbackImageUrl,
                           List<String> cameraPreference, UUID voiceRoomId) {
        this(sessionId, rtmpOutputUrl, List.of(), fallbackStreamUrl, fallbackImageUrl, cameraPreference, voiceRoomId);
    }

    /**
     * The API's request: {@code rtmpOutputUrl} (null when not given) is the first destination, then
     * {@code more}; the field names in errors are the request's.
     */
    public BroadcastConfig(UUID sessionId, String rtmpOutputUrl, List<StreamDestination> more, String fallbackStreamUrl,
                           String fallbackImageUrl, List<String> cameraPreference, UUID voiceRoomId) {
        this(sessionId, combined(rtmpOutputUrl, more), fallbackStreamUrl, fallbackImageUrl, cameraPreference, voiceRoomId);
    }

    /** This configuration in {@code layout} (null: single) with each later slot's camera preference. */
    public BroadcastConfig withLayout(String layout, List<List<String>> slotCameraPreferences) {
        return new BroadcastConfig(sessionId, destinations, fallbackStreamUrl, fallbackImageUrl, cameraPreference, voiceRoomId, layout,
                slotCameraPreferences);
    }

    private static List<StreamDestination> combined(String rtmpOutputUrl, List<StreamDestination> more) {
        List<StreamDestination> all = new ArrayList<>();
        if (rtmpOutputUrl != null) {
            if (rtmpOutputUrl.isBlank()) {
                throw new InvalidBroadcastRequestException("rtmpOutputUrl", "must not be blank; leave it out to use destinations only");
            }
            all.add(new StreamDestination(null, rtmpOutputUrl));
        }
        if (more != null) {
            for (int i = 0; i < more.size(); i++) {
                StreamDestination d = more.get(i);
                if (d == null || d.url() == null || d.url().isBlank()) {
                    throw new InvalidBroadcastRequestException("destinations[" + i + "].url", "must not be blank");
                }
                all.add(d);
            }
        }
        return all;
    }

    private static List<StreamDestination> validated(List<StreamDestination> destinations) {
        if (destinations == null || destinations.isEmpty()) {
            throw new InvalidBroadcastRequestException("rtmpOutputUrl", "a broadcast needs a destination: give rtmpOutputUrl, destinations or both");
        }
        if (destinations.size() > MAX_DESTINATIONS) {
            throw new InvalidBroadcastRequestException("destinations", "at most " + MAX_DESTINATIONS + " destinations in all, rtmpOutputUrl included; got "
                    + destinations.size());
        }
        List<StreamDestination> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < destinations.size(); i++) {
            StreamDestination d = destinations.get(i);
            String url = d.url() == null ? "" : d.url().strip();
            if (url.isEmpty()) {
                throw new InvalidBroadcastRequestException("destinations", "the " + ordinal(i + 1) + " destination's URL is blank");
            }
            if (d.id() != null && !ID.matcher(d.id()).matches()) {
                throw new InvalidBroadcastRequestException("destinations", "the " + ordinal(i + 1)
                        + " destination's destinationId is not 1 to 64 of A-Z a-z 0-9 . _ ~ -");
            }
            if (d.id() != null && !ids.add(d.id())) {
                throw new InvalidBroadcastRequestException("destinations", "the destinationId '" + d.id() + "' is given twice");
            }
            if (!urls.add(url)) {
                // Never the URL itself: it holds the key.
                throw new InvalidBroadcastRequestException("destinations", "the " + ordinal(i + 1)
                        + " destination's URL is given before: one publish per stream key");
            }
            out.add(new StreamDestination(d.id(), url));
        }
        return List.copyOf(out);
    }

    private static String ordinal(int n) {
        return n + switch (n % 100 > 10 && n % 100 < 14 ? 0 : n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** This configuration with every destination named ({@link DestinationIds}), after {@code previous} (or none). */
    BroadcastConfig named(BroadcastConfig previous) {
        return new BroadcastConfig(sessionId, DestinationIds.assign(destinations, previous == null ? List.of() : previous.destinations()),
                fallbackStreamUrl, fallbackImageUrl, cameraPreference, voiceRoomId, layout, slotCameraPreferences);
    }

    /** The first destination's URL. */
    public String rtmpOutputUrl() {
        return destinations.get(0).url();
    }

    /** The first destination for a status or a log line. */
    public String maskedOutput() {
        return destinations.get(0).maskedUrl();
    }

    @Override
    public String toString() {
        return "BroadcastConfig[session=" + sessionId + ", output=" + (destinations.size() == 1 ? maskedOutput() : destinations.toString())
                + ", fallbackStream=" + (fallbackStreamUrl == null ? "none" : StreamKeyMasker.mask(fallbackStreamUrl))
                + ", fallbackImage=" + (fallbackImageUrl == null ? "none" : StreamKeyMasker.mask(fallbackImageUrl))
                + ", preference=" + cameraPreference + ", voiceRoom=" + voiceRoomId
                + ("single".equals(layout) ? "" : ", layout=" + layout + ", slotPreferences=" + slotCameraPreferences) + "]";
    }
}
