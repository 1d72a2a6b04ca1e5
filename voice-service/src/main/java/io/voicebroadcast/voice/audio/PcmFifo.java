package io.voicebroadcast.voice.audio;

import java.util.Arrays;

/**
 * A first-in first-out queue of interleaved samples between decoded packets (any length) and the
 * frame clock's fixed 20 ms chunks. Grows when a packet is longer than the room left; not
 * thread-safe.
 */
final class PcmFifo {

    private short[] buffer;
    private int head;
    private int size;

    PcmFifo(int initialCapacity) {
        this.buffer = new short[initialCapacity];
    }

    int available() {
        return size;
    }

    void write(short[] samples) {
        if (size + samples.length > buffer.length) {
            grow(size + samples.length);
        }
        int tail = (head + size) % buffer.length;
        int first = Math.min(samples.length, buffer.length - tail);
        System.arraycopy(samples, 0, buffer, tail, first);
        System.arraycopy(samples, first, buffer, 0, samples.length - first);
        size += samples.length;
    }

    /** Moves {@code count} samples (at most {@link #available()}) into {@code target} at {@code offset}. */
    void read(short[] target, int offset, int count) {
        if (count > size) {
            throw new IllegalArgumentException("asked for " + count + " samples, " + size + " available");
        }
        int first = Math.min(count, buffer.length - head);
        System.arraycopy(buffer, head, target, offset, first);
        System.arraycopy(buffer, 0, target, offset + first, count - first);
        head = (head + count) % buffer.length;
        size -= count;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow(int needed) {
        short[] bigger = new short[Math.max(needed, buffer.length * 2)];
        int first = Math.min(size, buffer.length - head);
        System.arraycopy(buffer, head, bigger, 0, first);
        System.arraycopy(buffer, 0, bigger, first, size - first);
        Arrays.fill(buffer, (short) 0);
        buffer = bigger;
        head = 0;
    }
}
