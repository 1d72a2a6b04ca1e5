package io.voicebroadcast.voice.rtpengine;

/** A participant's SDP offer that must not reach RTPEngine (an HTTP 400 at the API). */
public class InvalidSdpOfferException extends IllegalArgumentException {

    public enum Reason {
        /** Larger than {@link SdpOfferCheck}'s cap. */
        TOO_LARGE,
        /** Not SDP: line structure, v=, o=, s=, t= or m= lines broken. */
        MALFORMED,
        /** Valid SDP, but no {@code m=audio} section with a port. */
        NO_AUDIO
    }

    private final Reason reason;

    public InvalidSdpOfferException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
