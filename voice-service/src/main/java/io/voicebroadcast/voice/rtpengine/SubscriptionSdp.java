package io.voicebroadcast.voice.rtpengine;

import io.voicebroadcast.voice.audio.RtpCodec;
import io.voicebroadcast.voice.audio.RtpPayloadFormat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads RTPEngine's subscribe offer and writes our recvonly answer.
 *
 * <p>What RTPEngine 10.5 sends: one {@code m=} section per from-tag, in the order of the reply's
 * {@code from-tags}, each {@code a=sendonly} with the publisher's codecs (only the requested one,
 * plus the originals, when transcoding), {@code c=} at media level when there are several sources
 * and only at session level when there is one. It carries {@code a=label} / {@code a=mid} only when
 * the publisher's offer had them, so the position is what ties a section to its participant.
 *
 * <p>Our answer has one {@code m=audio} per source, each on its own local port, with exactly one
 * codec that we decode (Opus, PCMU, PCMA) chosen from the offer. {@code a=rtcp:} names the RTP port
 * itself: without it RTPEngine sends RTCP to port + 1, which is the next source's port when ports are
 * handed out in sequence; our receivers drop RTCP anyway. A section without a codec we decode is
 * refused with port 0 and reported, so the caller can subscribe it again with transcoding.
 */
public final class SubscriptionSdp {

    private static final Set<String> PLAIN_RTP = Set.of("RTP/AVP", "RTP/AVPF");
    /** Static payload types that need no rtpmap (RFC 3551). */
    private static final Map<Integer, String> STATIC_TYPES = Map.of(0, "PCMU/8000", 8, "PCMA/8000");

    private final String answerAddress;
    private final long sessionId;
    private final AtomicLong sessionVersion = new AtomicLong();

    /** @param answerAddress the address our sockets are bound to, where RTPEngine must send */
    public SubscriptionSdp(String answerAddress) {
        this(answerAddress, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    SubscriptionSdp(String answerAddress, long sessionId) {
        this.answerAddress = Objects.requireNonNull(answerAddress, "answerAddress");
        if (answerAddress.isBlank() || answerAddress.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("answer address must be one IP address, got '" + answerAddress + "'");
        }
        this.sessionId = sessionId;
    }

    /**
     * Whether the offer has more {@code m=} sections than from-tags because RTPEngine (10.5) kept the
     * sections of publishers who left: sent again with the same to-tag and a shorter list, a
     * subscription keeps every section it ever had and offers the extra ones last, still {@code
     * sendonly}, tied to nobody (the "3 m= sections for 2 from-tags" after a pair left and one
     * joined). RTPEngine refuses any answer to such an offer ("Failed to process subscription
     * answer", whether the extra sections are refused with port 0 or accepted): only a new to-tag
     * gets an offer of exactly one section per publisher.
     */
    public boolean hasLeftoverSections(SubscribeOffer offer) {
        try {
            return Sdp.parse(offer.sdp()).sections().size() > offer.fromTags().size();
        } catch (Sdp.MalformedSdpException e) {
            return false; // parseOffer says why
        }
    }

    /**
     * The offer's sections, each tied to its from-tag.
     *
     * @throws NgProtocolException when the SDP is broken or its sections do not match the tags
     */
    public List<OfferedSource> parseOffer(SubscribeOffer offer) {
        Sdp sdp;
        try {
            sdp = Sdp.parse(offer.sdp());
        } catch (Sdp.MalformedSdpException e) {
            throw broken("is not SDP: " + e.getMessage());
        }
        if (sdp.sections().size() != offer.fromTags().size()) {
            throw broken("has " + sdp.sections().size() + " m= sections for " + offer.fromTags().size()
                    + " from-tags " + offer.fromTags() + "; a participant publishing several media cannot be told apart");
        }
        Optional<String> sessionConnection = sdp.sessionConnection();
        List<OfferedSource> sources = new ArrayList<>();
        for (Sdp.Section section : sdp.sections()) {
            String connection = section.connection().or(() -> sessionConnection)
                    .orElseThrow(() -> broken("section " + section.index() + " has no c= line"));
            Map<Integer, String> rtpmaps = new HashMap<>();
            Map<Integer, String> fmtps = new HashMap<>();
            collect(section.attributes("rtpmap"), rtpmaps);
            collect(section.attributes("fmtp"), fmtps);
            List<Integer> payloadTypes = new ArrayList<>();
            for (String format : section.formats()) {
                payloadTypes.add(payloadType(format, section.index()));
            }
            sources.add(new OfferedSource(offer.fromTags().get(section.index()), section.index(), section.media(),
                    connectionAddress(connection, section.index()), section.port(), section.protocol(), payloadTypes,
                    rtpmaps, fmtps, section.attribute("label"), section.attribute("mid")));
        }
        return sources;
    }

    /**
     * Our answer: sections in offer order; each accepted one on {@code localPorts.get(fromTag)}.
     *
     * @param preferred the codec to pick when the offer has several we decode (the transcoding
     *                  target: answering the original codec would stop RTPEngine transcoding);
     *                  otherwise the offer's first codec we decode
     * @throws IllegalArgumentException when an accepted source has no port or two share one
     */
    public SubscriptionAnswer answer(List<OfferedSource> sources, Map<String, Integer> localPorts, Optional<RtpCodec> preferred) {
        boolean ipv6 = answerAddress.indexOf(':') >= 0;
        String addressType = ipv6 ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ").append(sessionId).append(' ').append(sessionVersion.incrementAndGet())
                .append(" IN ").append(addressType).append(' ').append(answerAddress).append("\r\n")
                .append("s=voice-broadcast\r\n")
                .append("c=IN ").append(addressType).append(' ').append(answerAddress).append("\r\n")
                .append("t=0 0\r\n");
        List<AnsweredSource> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Set<Integer> usedPorts = new HashSet<>();
        for (OfferedSource source : sources) {
            Optional<RtpPayloadFormat> format = choose(source, preferred);
            if (format.isEmpty()) {
                rejected.add(source.fromTag());
                sdp.append("m=").append(source.media()).append(" 0 ").append(source.protocol()).append(' ')
                        .append(source.payloadTypes().isEmpty() ? "0" : source.payloadTypes().get(0)).append("\r\n");
                continue;
            }
            Integer port = localPorts.get(source.fromTag());
            if (port == null || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("no local port (1..65535) given for source " + source.fromTag()
                        + ", got " + port);
            }
            if (!usedPorts.add(port)) {
                throw new IllegalArgumentException("local port " + port + " given to two sources; each needs its own");
            }
            RtpPayloadFormat f = format.get();
            int pt = f.payloadType();
            sdp.append("m=audio ").append(port).append(' ').append(source.protocol()).append(' ').append(pt).append("\r\n")
                    .append("a=rtpmap:").append(pt).append(' ').append(rtpmap(source, pt)).append("\r\n");
            String fmtp = source.fmtps().get(pt);
            if (fmtp != null) {
                sdp.append("a=fmtp:").append(pt).append(' ').append(fmtp).append("\r\n");
            }
            sdp.append("a=rtcp:").append(port).append("\r\n")
                    .append("a=recvonly\r\n");
            accepted.add(new AnsweredSource(source.fromTag(), port, f, source.senderHost(), source.senderPort()));
        }
        return new SubscriptionAnswer(sdp.toString(), accepted, rejected);
    }

    private static Optional<RtpPayloadFormat> choose(OfferedSource source, Optional<RtpCodec> preferred) {
        if (!"audio".equals(source.media()) || source.senderPort() == 0 || !PLAIN_RTP.contains(source.protocol())) {
            return Optional.empty();
        }
        List<RtpPayloadFormat> decodable = new ArrayList<>();
        for (int pt : source.payloadTypes()) {
            decodableFormat(source, pt).ifPresent(decodable::add);
        }
        if (preferred.isPresent()) {
            for (RtpPayloadFormat f : decodable) {
                if (f.codec() == preferred.get()) {
                    return Optional.of(f);
                }
            }
        }
        return decodable.stream().findFirst();
    }

    private static Optional<RtpPayloadFormat> decodableFormat(OfferedSource source, int pt) {
        String[] parts = rtpmap(source, pt).split("/");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            int rate = Integer.parseInt(parts[1].strip());
            int channels = parts.length > 2 ? Integer.parseInt(parts[2].strip()) : 1;
            return Optional.of(RtpPayloadFormat.of(parts[0], pt, rate, channels));
        } catch (IllegalArgumentException e) {
            // Not a codec we decode (or not at that rate): look at the next one.
            return Optional.empty();
        }
    }

    private static String rtpmap(OfferedSource source, int pt) {
        String rtpmap = source.rtpmaps().get(pt);
        return rtpmap != null ? rtpmap : STATIC_TYPES.getOrDefault(pt, "");
    }

    /** {@code a=rtpmap:111 opus/48000/2} -> 111 -> {@code opus/48000/2}. */
    private static void collect(List<String> attributes, Map<Integer, String> byPayloadType) {
        for (String value : attributes) {
            int space = value.indexOf(' ');
            if (space > 0) {
                try {
                    byPayloadType.putIfAbsent(Integer.parseInt(value.substring(0, space)), value.substring(space + 1).strip());
                } catch (NumberFormatException e) {
                    // a=fmtp for a non-numeric format: not RTP audio, nothing to keep
                }
            }
        }
    }

    private static int payloadType(String format, int index) {
        try {
            int pt = Integer.parseInt(format);
            if (pt >= 0 && pt <= 127) {
                return pt;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw broken("section " + index + " has format " + Sdp.abbreviate(format) + ", not an RTP payload type");
    }

    /** {@code IN IP4 127.0.0.1} -> {@code 127.0.0.1} (a multicast TTL suffix dropped). */
    private static String connectionAddress(String connection, int index) {
        String[] fields = connection.strip().split(" +");
        if (fields.length != 3 || !fields[0].equals("IN")) {
            throw broken("section " + index + " has c=" + Sdp.abbreviate(connection) + ", expected IN IP4|IP6 <address>");
        }
        String address = fields[2];
        return address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
    }

    private static NgProtocolException broken(String what) {
        return new NgProtocolException("subscribe request", "RTPEngine's subscribe offer " + what, null);
    }
}
