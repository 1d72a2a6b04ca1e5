package io.voicebroadcast.voice.audio;

/**
 * Turns the payloads of one RTP stream, in sequence order, into {@link AudioFormat} samples:
 * 48 kHz, interleaved stereo. Stateful (codec history, interpolation), so one instance per stream,
 * used from one thread at a time.
 */
public interface PayloadDecoder {

    /**
     * @return interleaved stereo samples at 48 kHz (length = 2 x samples per channel)
     * @throws IllegalArgumentException when the payload cannot be decoded; treat it as lost
     */
    short[] decode(byte[] data, int offset, int length);

    /**
     * Audio to play in place of a lost packet: the codec's loss concealment, or silence for codecs
     * without one.
     *
     * @param samples samples per channel at 48 kHz
     */
    short[] concealLoss(int samples);

    /** Forgets the stream's history, for a new stream (new SSRC, sequence restart). */
    void reset();
}
