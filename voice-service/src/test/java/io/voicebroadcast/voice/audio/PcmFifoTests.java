package io.voicebroadcast.voice.audio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcmFifoTests {

    private static short[] range(int from, int count) {
        short[] out = new short[count];
        for (int i = 0; i < count; i++) {
            out[i] = (short) (from + i);
        }
        return out;
    }

    @Test
    void samplesComeOutInOrder_acrossTheRingsEnd() {
        PcmFifo fifo = new PcmFifo(8);
        short[] out = new short[5];
        fifo.write(range(0, 6));
        fifo.read(out, 0, 5);
        fifo.write(range(6, 6));

        short[] rest = new short[7];
        fifo.read(rest, 0, 7);

        assertThat(out).containsExactly(range(0, 5));
        assertThat(rest).containsExactly(range(5, 7));
        assertThat(fifo.available()).isZero();
    }

    @Test
    void aPacketLongerThanTheRoomLeft_growsTheFifo_keepingOrder() {
        PcmFifo fifo = new PcmFifo(4);
        short[] skip = new short[2];
        fifo.write(range(0, 3));
        fifo.read(skip, 0, 2);

        fifo.write(range(3, 20));
        short[] out = new short[21];
        fifo.read(out, 0, 21);

        assertThat(out).containsExactly(range(2, 21));
    }

    @Test
    void readingMoreThanAvailable_isABug() {
        PcmFifo fifo = new PcmFifo(4);

        assertThatThrownBy(() -> fifo.read(new short[4], 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
