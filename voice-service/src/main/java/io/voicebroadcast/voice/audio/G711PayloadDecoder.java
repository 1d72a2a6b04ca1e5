package io.voicebroadcast.voice.audio;

/**
 * PCMU / PCMA (8 kHz mono) to 48 kHz stereo. Upsampling interpolates linearly between
 * consecutive samples, carrying the last sample over from the previous packet so packet edges
 * do not click. G.711 has no loss concealment: a lost packet is silence.
 */
public final class G711PayloadDecoder implements PayloadDecoder {

    private static final int RATIO = AudioFormat.SAMPLE_RATE / 8_000;

    private final boolean muLaw;
    private int previous;

    /** @param muLaw true for PCMU (mu-law), false for PCMA (A-law) */
    public G711PayloadDecoder(boolean muLaw) {
        this.muLaw = muLaw;
    }

    @Override
    public short[] decode(byte[] data, int offset, int length) {
        short[] out = new short[length * RATIO * AudioFormat.CHANNELS];
        int o = 0;
        for (int i = 0; i < length; i++) {
            int current = muLaw ? G711.decodeMuLaw(data[offset + i]) : G711.decodeALaw(data[offset + i]);
            for (int k = 1; k <= RATIO; k++) {
                short value = (short) (previous + (current - previous) * k / RATIO);
                out[o++] = value;
                out[o++] = value;
            }
            previous = current;
        }
        return out;
    }

    @Override
    public short[] concealLoss(int samples) {
        // Continue from silence, so the packet after the gap ramps up from zero instead of jumping.
        previous = 0;
        return new short[samples * AudioFormat.CHANNELS];
    }

    @Override
    public void reset() {
        previous = 0;
    }
}
