package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class G711Tests {

    /** 256 s16le samples: bytes 0..255 decoded by FFmpeg 5.1's pcm_mulaw / pcm_alaw decoders. */
    private static short[] ffmpegTable(String name) throws IOException {
        try (InputStream in = G711Tests.class.getResourceAsStream("/g711/" + name)) {
            assertThat(in).isNotNull();
            ByteBuffer buffer = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            short[] out = new short[256];
            buffer.asShortBuffer().get(out);
            return out;
        }
    }

    @Test
    void muLaw_knownValues() {
        assertThat(G711.decodeMuLaw((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.decodeMuLaw((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.decodeMuLaw((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.decodeMuLaw((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(G711.decodeMuLaw((byte) 0xFE)).isEqualTo((short) 8);
        assertThat(G711.decodeMuLaw((byte) 0x7E)).isEqualTo((short) -8);
    }

    @Test
    void aLaw_knownValues() {
        assertThat(G711.decodeALaw((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.decodeALaw((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.decodeALaw((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.decodeALaw((byte) 0x2A)).isEqualTo((short) -32256);
    }

    @Test
    void everyByte_decodesAsFfmpegDoes() throws IOException {
        short[] muLaw = ffmpegTable("mulaw-0-255-by-ffmpeg.s16le");
        short[] aLaw = ffmpegTable("alaw-0-255-by-ffmpeg.s16le");

        for (int i = 0; i < 256; i++) {
            assertThat(G711.decodeMuLaw((byte) i)).as("mu-law 0x%02X", i).isEqualTo(muLaw[i]);
            assertThat(G711.decodeALaw((byte) i)).as("A-law 0x%02X", i).isEqualTo(aLaw[i]);
        }
    }
}
