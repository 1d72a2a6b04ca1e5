package io.voicebroadcast.voice.pipeline;

import java.util.ArrayDeque;

/**
 * The short queue between a decoder's reader thread and the frame clock, with the buffers the
 * reader fills.
 * <p>
 * Buffers are reused: the frame {@link #poll()} returns stays valid until the next poll that
 * returns a frame (the clock copies it to the encoder within its tick) and then goes back to the
 * free list, as do frames dropped unseen. A room reads 30 frames of 1.4 MB a second; without
 * reuse that is 40 MB/s of garbage and a heap that grows with it.
 * <p>
 * The queue absorbs the camera's jitter, but a burst leaves frames standing in it for good (the
 * camera and the clock run at the same rate), and each standing frame is one frame more of video
 * delay against the room's audio. So when the queue never went below {@code n} frames over a
 * whole window of polls (a second), its {@code n} oldest are dropped: the delay stays at what the
 * jitter needs instead of creeping up with every burst.
 * <p>
 * One thread offers, one thread polls; every method is thread-safe.
 */
final class FrameQueue {

    private final int capacity;
    private final int windowPolls;
    private final ArrayDeque<byte[]> queue;
    private final ArrayDeque<byte[]> free;
    private byte[] newest;
    private byte[] lent;
    private int polls;
    private int minDepth = Integer.MAX_VALUE;
    private long trimmed;

    /** {@code windowPolls}: how many polls a standing frame must survive to be dropped (fps: a second). */
    FrameQueue(int capacity, int windowPolls) {
        this.capacity = capacity;
        this.windowPolls = windowPolls;
        this.queue = new ArrayDeque<>(capacity);
        this.free = new ArrayDeque<>(capacity + 2);
    }

    /** A buffer to read the next frame into: a free one, or a new one while there are too few. */
    byte[] buffer(int size) {
        byte[] b;
        synchronized (this) {
            b = free.pollFirst();
        }
        return b != null && b.length == size ? b : new byte[size];
    }

    /** Queues a filled buffer; when the queue is full, the oldest frame is dropped. */
    synchronized void offer(byte[] frame) {
        if (queue.size() == capacity) {
            free.addLast(queue.removeFirst());
        }
        queue.addLast(frame);
        newest = frame;
    }

    /** The oldest queued frame, valid until the next call that returns a frame; null if none is queued. */
    synchronized byte[] poll() {
        if (polls >= windowPolls) {
            for (int n = minDepth; n > 0 && queue.size() > 1; n--) {
                free.addLast(queue.removeFirst());
                trimmed++;
            }
            polls = 0;
            minDepth = Integer.MAX_VALUE;
        }
        byte[] frame = queue.pollFirst();
        polls++;
        minDepth = Math.min(minDepth, queue.size());
        if (frame != null) {
            if (lent != null && lent != newest) {
                free.addLast(lent);
            }
            lent = frame;
        }
        return frame;
    }

    /** The newest frame offered (still valid: it is queued or the one lent), null if none or cleared. */
    synchronized byte[] newest() {
        return newest;
    }

    /** Forgets the queued frames (they must not go on air later) and the newest. */
    synchronized void clear() {
        free.addAll(queue);
        queue.clear();
        newest = null;
    }

    /** Frames dropped because they stood in the queue for a whole window. */
    synchronized long trimmed() {
        return trimmed;
    }
}
