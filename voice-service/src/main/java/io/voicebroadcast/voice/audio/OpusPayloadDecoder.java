package io.voicebroadcast.voice.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

import java.util.Arrays;

/**
 * Opus (RFC 7587) through Concentus, a pure-Java port of libopus. The decoder always runs at 48 kHz
 * stereo: a mono stream is upmixed by the decoder itself, so 1 and 2 channel senders look the same.
 * Lost packets are concealed with Opus' own PLC.
 */
public final class OpusPayloadDecoder implements PayloadDecoder {

    /** The longest Opus packet: 120 ms at 48 kHz. */
    private static final int MAX_SAMPLES = 5_760;
    /** PLC works in multiples of 2.5 ms. */
    private static final int PLC_GRANULE = 120;

    private final short[] buffer = new short[MAX_SAMPLES * AudioFormat.CHANNELS];
    private OpusDecoder decoder;

    public OpusPayloadDecoder() {
        this.decoder = newDecoder();
    }

    @Override
    public short[] decode(byte[] data, int offset, int length) {
        try {
            int samples = decoder.decode(data, offset, length, buffer, 0, MAX_SAMPLES, false);
            return Arrays.copyOf(buffer, samples * AudioFormat.CHANNELS);
        } catch (OpusException | RuntimeException e) {
            throw new IllegalArgumentException("undecodable Opus payload of " + length + " bytes: " + e.getMessage(), e);
        }
    }

    @Override
    public short[] concealLoss(int samples) {
        int wanted = Math.max(PLC_GRANULE, samples - samples % PLC_GRANULE);
        short[] out = new short[wanted * AudioFormat.CHANNELS];
        int done = 0;
        try {
            while (done < wanted) {
                int step = Math.min(MAX_SAMPLES, wanted - done);
                int got = decoder.decode(null, 0, 0, buffer, 0, step, false);
                if (got <= 0) {
                    break;
                }
                System.arraycopy(buffer, 0, out, done * AudioFormat.CHANNELS, got * AudioFormat.CHANNELS);
                done += got;
            }
        } catch (OpusException | RuntimeException e) {
            // PLC failing is no reason to stop: the rest of the gap stays silent.
        }
        return out;
    }

    @Override
    public void reset() {
        decoder = newDecoder();
    }

    private static OpusDecoder newDecoder() {
        try {
            return new OpusDecoder(AudioFormat.SAMPLE_RATE, AudioFormat.CHANNELS);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus rejected 48 kHz stereo", e);
        }
    }
}
