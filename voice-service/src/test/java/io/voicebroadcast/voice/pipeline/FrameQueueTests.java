package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameQueueTests {

    private static final int SIZE = 4;
    private static final int WINDOW = 30;

    private final FrameQueue queue = new FrameQueue(3, WINDOW);
    private int next;

    /** The reader's side: fill a buffer from the queue's free list with the next frame number. */
    private byte[] read() {
        byte[] b = queue.buffer(SIZE);
        b[0] = (byte) next++;
        queue.offer(b);
        return b;
    }

    private static int number(byte[] frame) {
        return frame[0];
    }

    @Test
    void framesComeOutInOrder_andNullWhenNoneIsNew() {
        read();
        read();

        assertThat(number(queue.poll())).isZero();
        assertThat(number(queue.poll())).isEqualTo(1);
        assertThat(queue.poll()).isNull();
        assertThat(number(queue.newest())).as("what the clock repeats").isEqualTo(1);
    }

    @Test
    void fullQueue_dropsTheOldest() {
        for (int i = 0; i < 5; i++) {
            read();
        }

        assertThat(number(queue.poll())).isEqualTo(2);
    }

    @Test
    void steadyState_reusesAHandfulOfBuffers() {
        Set<byte[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int tick = 0; tick < 1000; tick++) {
            buffers.add(read());
            if (tick % 7 == 3) {
                buffers.add(read()); // a burst
            }
            byte[] frame = queue.poll();
            if (frame != null) {
                buffers.add(frame);
            }
        }

        assertThat(buffers).as("buffers ever used for 1000+ frames").hasSizeLessThanOrEqualTo(3 + 2);
    }

    @Test
    void theLentFrame_isNotRefilled_untilTheNextFramePolled() {
        read();
        byte[] lent = queue.poll();
        int before = number(lent);
        for (int i = 0; i < 3; i++) {
            read(); // queue full: the reader now needs the free list
        }
        read(); // drops the oldest queued one, which may be refilled; the lent one may not

        assertThat(number(lent)).as("the frame the clock is copying").isEqualTo(before);
        assertThat(queue.newest()).isNotSameAs(lent);
    }

    @Test
    void standingFrames_areDroppedAfterAWindow_soTheDelayDoesNotCreep() {
        // A burst of three, then one frame per poll: two frames stand in the queue for good.
        read();
        read();
        read();
        List<Integer> out = new ArrayList<>();
        for (int tick = 0; tick < 3 * WINDOW; tick++) {
            read();
            out.add(number(queue.poll()));
        }

        assertThat(queue.trimmed()).as("the two standing frames, once").isEqualTo(2);
        int last = out.get(out.size() - 1);
        assertThat(next - 1 - last).as("frames between the newest read and the one on air").isZero();
        assertThat(out).isSorted();
    }

    @Test
    void jitterThatDrainsTheQueue_isLeftAlone() {
        List<Integer> out = new ArrayList<>();
        for (int tick = 0; tick < 4 * WINDOW; tick++) {
            // two frames every other tick: the queue empties every second poll
            if (tick % 2 == 0) {
                read();
                read();
            }
            byte[] frame = queue.poll();
            if (frame != null) {
                out.add(number(frame));
            }
        }

        assertThat(queue.trimmed()).isZero();
        assertThat(out).hasSize(next).isSorted();
    }

    @Test
    void clear_forgetsQueuedFrames() {
        read();
        read();
        queue.clear();

        assertThat(queue.poll()).isNull();
        assertThat(queue.newest()).isNull();
        read();
        assertThat(number(queue.poll())).isEqualTo(2);
    }
}
