package io.voicebroadcast.voice.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A start request as the coordinator takes it; URLs unvalidated, secrets inside.
 *
 * @param rtmpOutputUrl the first destination, or null
 * @param destinations  the destinations after it (never null)
 */
public record StartCommand(UUID roomId, String rtmpOutputUrl, List<DestinationRequest> destinations, String backgroundVideoUrl,
                           String fallbackStreamUrl, String fallbackImageUrl, String audioCodec, String audioBitrate) {

    /** A destination as a request names it: the caller's id (or null) and its URL. */
    public record DestinationRequest(String id, String url) {

        @Override
        public String toString() {
            return "DestinationRequest[" + id + "]"; // never the URL
        }
    }

    public StartCommand {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** A start with one destination, as the design's API gives it. */
    public StartCommand(UUID roomId, String rtmpOutputUrl, String backgroundVideoUrl, String fallbackStreamUrl,
                        String fallbackImageUrl, String audioCodec, String audioBitrate) {
        this(roomId, rtmpOutputUrl, List.of(), backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl, audioCodec, audioBitrate);
    }

    /** Every destination in order, {@code rtmpOutputUrl} first, each with the request field it came from. */
    List<Field> outputs() {
        List<Field> all = new ArrayList<>();
        if (rtmpOutputUrl != null && !rtmpOutputUrl.isBlank()) {
            all.add(new Field("rtmpOutputUrl", new DestinationRequest(null, rtmpOutputUrl)));
        }
        for (int i = 0; i < destinations.size(); i++) {
            all.add(new Field("destinations[" + i + "].url", destinations.get(i)));
        }
        return all;
    }

    /** A destination and the request field its URL is in. */
    record Field(String name, DestinationRequest destination) {
    }

    /** Every URL of the stream (for the masker): destinations and sources. */
    List<String> urls() {
        List<String> all = new ArrayList<>();
        all.add(rtmpOutputUrl);
        destinations.forEach(d -> all.add(d.url()));
        all.add(backgroundVideoUrl);
        all.add(fallbackStreamUrl);
        all.add(fallbackImageUrl);
        return all;
    }

    /** This configuration with one more destination (added mid-broadcast). */
    StartCommand withDestination(DestinationRequest d) {
        List<DestinationRequest> more = new ArrayList<>(destinations);
        more.add(d);
        return new StartCommand(roomId, rtmpOutputUrl, more, backgroundVideoUrl, fallbackStreamUrl, fallbackImageUrl, audioCodec,
                audioBitrate);
    }

    @Override
    public String toString() {
        return "StartCommand[" + roomId + ", " + (outputs().size()) + " destinations]"; // never a URL
    }
}
