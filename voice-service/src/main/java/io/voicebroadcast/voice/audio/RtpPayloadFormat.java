package io.voicebroadcast.voice.audio;

/**
 * What one RTP stream carries, as negotiated in SDP ({@code a=rtpmap:<payloadType> <codec>/<clockRate>/<channels>}).
 *
 * @param clockRate RTP timestamp units per second: 48000 for Opus (RFC 7587, whatever the audio
 *                  bandwidth), 8000 for G.711
 */
public record RtpPayloadFormat(RtpCodec codec, int payloadType, int clockRate, int channels) {

    public RtpPayloadFormat {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type must be 0..127, got " + payloadType);
        }
        switch (codec) {
            case OPUS -> require(clockRate == 48_000 && (channels == 1 || channels == 2),
                    "opus needs clock rate 48000 and 1 or 2 channels", clockRate, channels);
            case PCMU, PCMA -> require(clockRate == 8_000 && channels == 1,
                    codec + " needs clock rate 8000 and 1 channel", clockRate, channels);
        }
    }

    /** The factory from SDP values: {@code of("opus", 111, 48000, 2)}. */
    public static RtpPayloadFormat of(String codec, int payloadType, int sampleRate, int channels) {
        return new RtpPayloadFormat(RtpCodec.fromEncodingName(codec), payloadType, sampleRate, channels);
    }

    /** A fresh decoder for one stream in this format. */
    public PayloadDecoder newDecoder() {
        return switch (codec) {
            case OPUS -> new OpusPayloadDecoder();
            case PCMU -> new G711PayloadDecoder(true);
            case PCMA -> new G711PayloadDecoder(false);
        };
    }

    /** RTP timestamp units to samples per channel at 48 kHz. */
    public long toOutputSamples(long timestampUnits) {
        return timestampUnits * AudioFormat.SAMPLE_RATE / clockRate;
    }

    private static void require(boolean ok, String rule, int clockRate, int channels) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", got " + clockRate + "/" + channels);
        }
    }
}
