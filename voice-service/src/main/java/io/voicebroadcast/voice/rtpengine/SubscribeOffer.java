package io.voicebroadcast.voice.rtpengine;

import java.util.List;
import java.util.Objects;

/**
 * RTPEngine's reply to {@code subscribe request}: an SDP offer with one sendonly {@code m=} section
 * per source, in the order of {@link #fromTags()} (10.5 labels the sections only when the
 * publisher's own offer had {@code a=label}/{@code a=mid}, so the order is what ties a section to
 * its participant).
 */
public record SubscribeOffer(String sdp, List<String> fromTags, String toTag) {

    public SubscribeOffer {
        Objects.requireNonNull(sdp, "sdp");
        fromTags = List.copyOf(fromTags);
        Objects.requireNonNull(toTag, "toTag");
    }
}
