package io.voicebroadcast.voice.rtpengine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code m=} section of RTPEngine's subscribe offer: one participant's stream as RTPEngine will
 * send it.
 *
 * @param fromTag      the participant, by the section's position in the reply's from-tags
 * @param index        the section's position in the SDP, from 0
 * @param senderHost   the {@code c=} address (media level, else session level): where RTPEngine
 *                     sends from, so packets from anywhere else are not this source's
 * @param senderPort   RTPEngine's port for this section, which it also sends from
 * @param payloadTypes in the offer's order of preference
 * @param rtpmaps      {@code a=rtpmap} values by payload type, e.g. {@code opus/48000/2}
 * @param fmtps        {@code a=fmtp} values by payload type
 * @param label        {@code a=label}, present only when the participant's own offer had one
 * @param mid          {@code a=mid}, likewise
 */
public record OfferedSource(String fromTag, int index, String media, String senderHost, int senderPort, String protocol,
                            List<Integer> payloadTypes, Map<Integer, String> rtpmaps, Map<Integer, String> fmtps,
                            Optional<String> label, Optional<String> mid) {

    public OfferedSource {
        Objects.requireNonNull(fromTag, "fromTag");
        payloadTypes = List.copyOf(payloadTypes);
        rtpmaps = Map.copyOf(rtpmaps);
        fmtps = Map.copyOf(fmtps);
    }
}
