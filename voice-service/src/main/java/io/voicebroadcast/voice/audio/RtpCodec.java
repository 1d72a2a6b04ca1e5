package io.voicebroadcast.voice.audio;

import java.util.Locale;

/** The RTP audio codecs the room's audio may arrive in. */
public enum RtpCodec {
    OPUS, PCMU, PCMA;

    /** @param encodingName as in an SDP rtpmap line, e.g. {@code opus}, {@code PCMU} */
    public static RtpCodec fromEncodingName(String encodingName) {
        return switch (encodingName.strip().toLowerCase(Locale.ROOT)) {
            case "opus" -> OPUS;
            case "pcmu" -> PCMU;
            case "pcma" -> PCMA;
            default -> throw new IllegalArgumentException("unsupported room audio codec " + encodingName
                    + "; expected opus, PCMU or PCMA");
        };
    }
}
