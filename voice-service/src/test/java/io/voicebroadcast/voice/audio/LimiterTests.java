package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LimiterTests {

    private static final int FRAMES = AudioFormat.CHUNK_SAMPLES;

    private final Limiter limiter = new Limiter(Limiter.Settings.DEFAULTS);

    /** {@code chunks} x 20 ms of tones at {@code amplitudes} (1.0 = full scale) summed, interleaved stereo. */
    private static float[][] tones(int chunks, double[] frequencies, double[] amplitudes) {
        float[][] out = new float[chunks][AudioFormat.CHUNK_VALUES];
        for (int c = 0; c < chunks; c++) {
            for (int f = 0; f < FRAMES; f++) {
                double t = (c * FRAMES + f) / 48_000.0;
                double v = 0;
                for (int k = 0; k < frequencies.length; k++) {
                    v += amplitudes[k] * Math.sin(2 * Math.PI * frequencies[k] * t);
                }
                out[c][2 * f] = (float) v;
                out[c][2 * f + 1] = (float) v;
            }
        }
        return out;
    }

    private short[][] run(float[][] chunks) {
        short[][] out = new short[chunks.length][AudioFormat.CHUNK_VALUES];
        for (int c = 0; c < chunks.length; c++) {
            limiter.process(chunks[c], out[c], FRAMES);
        }
        return out;
    }

    private static int peak(short[][] chunks, int fromChunk) {
        int peak = 0;
        for (int c = fromChunk; c < chunks.length; c++) {
            for (short s : chunks[c]) {
                peak = Math.max(peak, Math.abs(s));
            }
        }
        return peak;
    }

    @Test
    void mixThatFits_passesBitForBit() {
        float[][] quiet = tones(20, new double[] {400, 1000}, new double[] {0.25, 0.25});

        short[][] out = run(quiet);

        for (int c = 0; c < quiet.length; c++) {
            for (int i = 0; i < AudioFormat.CHUNK_VALUES; i++) {
                assertThat(out[c][i]).isEqualTo((short) Math.round(quiet[c][i] * 32768.0));
            }
        }
        assertThat(limiter.lastGain()).isEqualTo(1.0);
    }

    @Test
    void twoFullScaleTones_stayUnderFullScale_withoutFlatTops() {
        short[][] out = run(tones(50, new double[] {400, 1000}, new double[] {1.0, 1.0}));

        assertThat(peak(out, 0)).as("never reaches the rail").isLessThan(32_767);
        // After the attack, peaks sit at the -1 dBFS ceiling (29204).
        assertThat(peak(out, 10)).isBetween(27_000, 29_500);
        // Hard clipping shows as runs of equal samples at the peak; a limited sine has none.
        for (int c = 10; c < out.length; c++) {
            for (int i = 4; i < out[c].length; i += 2) {
                boolean flat = out[c][i] == out[c][i - 2] && out[c][i - 2] == out[c][i - 4];
                assertThat(flat && Math.abs(out[c][i]) > 27_000).as("flat top at chunk %d sample %d", c, i / 2).isFalse();
            }
        }
    }

    @Test
    void suddenPeak_overshootIsBentSoftly_neverClipped() {
        float[][] chunks = tones(3, new double[] {1000}, new double[] {0.1});
        float[][] loud = tones(3, new double[] {1000}, new double[] {4.0});
        float[][] all = {chunks[0], chunks[1], loud[0], loud[1], loud[2]};

        short[][] out = run(all);

        assertThat(peak(out, 2)).isLessThan(32_767).isGreaterThan(29_000);
        // Once the envelope has caught up (about a millisecond), peaks are back at the ceiling.
        assertThat(peak(out, 3)).isBetween(27_000, 29_500);
    }

    @Test
    void afterTheLoudPart_gainRecovers_withinTheRelease() {
        run(tones(10, new double[] {1000}, new double[] {2.0}));
        assertThat(limiter.lastGain()).isLessThan(0.5);

        run(tones(25, new double[] {1000}, new double[] {0.1}));

        assertThat(limiter.lastGain()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void settings_areChecked() {
        assertThatThrownBy(() -> new Limiter.Settings(0.0, 6, Duration.ofMillis(2), Duration.ZERO, Duration.ofMillis(150)))
                .hasMessageContaining("ceiling");
        assertThatThrownBy(() -> new Limiter.Settings(-1.0, 6, Duration.ofMillis(20), Duration.ZERO, Duration.ofMillis(10)))
                .hasMessageContaining("release");
    }
}
