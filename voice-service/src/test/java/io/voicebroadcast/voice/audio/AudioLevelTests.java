package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AudioLevelTests {

    private static short[] sine(double amplitude) {
        short[] chunk = new short[AudioFormat.CHUNK_VALUES];
        for (int i = 0; i < AudioFormat.CHUNK_SAMPLES; i++) {
            short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * 1000 * i / 48_000.0));
            chunk[2 * i] = v;
            chunk[2 * i + 1] = v;
        }
        return chunk;
    }

    @Test
    void fullScaleSine_readsMinus3dBFS() {
        assertThat(AudioLevel.rmsDbfs(sine(1.0))).isCloseTo(-3.01, within(0.05));
    }

    @Test
    void ffmpegDefaultSine_readsMinus21dBFS() {
        assertThat(AudioLevel.rmsDbfs(sine(0.125))).isCloseTo(-21.07, within(0.05));
    }

    @Test
    void silence_readsTheFloor_notMinusInfinity() {
        assertThat(AudioLevel.rmsDbfs(new short[AudioFormat.CHUNK_VALUES])).isEqualTo(AudioLevel.SILENCE_DBFS);
        assertThat(AudioLevel.rmsDbfs(new short[0])).isEqualTo(AudioLevel.SILENCE_DBFS);
    }

    @Test
    void fullScaleSquare_reads0dBFS() {
        short[] square = new short[4];
        square[0] = Short.MIN_VALUE;
        square[1] = Short.MIN_VALUE;
        square[2] = Short.MIN_VALUE;
        square[3] = Short.MIN_VALUE;

        assertThat(AudioLevel.rmsDbfs(square)).isCloseTo(0.0, within(0.001));
    }
}
