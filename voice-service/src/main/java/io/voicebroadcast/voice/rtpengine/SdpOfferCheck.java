package io.voicebroadcast.voice.rtpengine;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a participant's SDP offer before it goes to RTPEngine ({@code publish}): not larger than
 * the cap, structurally SDP (RFC 8866: {@code v=0} first, then {@code o=}, {@code s=}, {@code t=}),
 * and at least one {@code m=audio} section with a non-zero port and a {@code c=} line (at media or
 * session level). RTPEngine answers a broken offer with an error, but a bad request should be the
 * client's 400, not an RTPEngine round trip or a 500.
 */
public final class SdpOfferCheck {

    /** Generous for audio: a WebRTC offer with ICE candidates is 3-6 KB. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024;

    private final int maxBytes;

    public SdpOfferCheck(int maxBytes) {
        if (maxBytes < 128) {
            throw new IllegalArgumentException("SDP offer cap must be at least 128 bytes, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public SdpOfferCheck() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @throws InvalidSdpOfferException saying which rule the offer broke */
    public void check(String offer) {
        if (offer == null || offer.isBlank()) {
            throw new InvalidSdpOfferException(InvalidSdpOfferException.Reason.MALFORMED, "the SDP offer is empty");
        }
        // Cheap bound first: a UTF-8 byte is at least one char, at most three per char here.
        if (offer.length() > maxBytes || offer.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new InvalidSdpOfferException(InvalidSdpOfferException.Reason.TOO_LARGE,
                    "the SDP offer is larger than " + maxBytes + " bytes");
        }
        Sdp sdp;
        try {
            sdp = Sdp.parse(offer);
        } catch (Sdp.MalformedSdpException e) {
            throw new InvalidSdpOfferException(InvalidSdpOfferException.Reason.MALFORMED, "the SDP offer is not SDP: " + e.getMessage());
        }
        for (char required : new char[] {'o', 's', 't'}) {
            if (!sdp.hasSessionLine(required)) {
                throw new InvalidSdpOfferException(InvalidSdpOfferException.Reason.MALFORMED,
                        "the SDP offer has no " + required + "= line before its first m= line");
            }
        }
        Optional<String> sessionConnection = sdp.sessionConnection();
        boolean audio = false;
        for (Sdp.Section section : sdp.sections()) {
            if (section.connection().isEmpty() && sessionConnection.isEmpty()) {
                throw new InvalidSdpOfferException(InvalidSdpOfferException.Reason.MALFORMED,
                        "m=" + section.media() + " (section " + section.index() + ") has no c= line and the session has none");
            }
            if ("audio".equals(section.media()) && section.port() != 0) {
                audio = true;
            }
        }
        if (!audio) {
            throw new InvalidSdpOfferException(InvalidSdpOfferException.Reason.NO_AUDIO,
                    sdp.sections().isEmpty() ? "the SDP offer has no m= line" : "the SDP offer has no m=audio section with a port");
        }
    }
}
