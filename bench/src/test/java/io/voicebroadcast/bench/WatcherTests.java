package io.voicebroadcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voicebroadcast.bench.Watcher.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatcherTests {

    private static final long MS = 1_000_000;

    private static List<Frame> arrivals(long... millis) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < millis.length; i++) {
            frames.add(new Frame(millis[i] * MS, i / 30.0, Colour.RED, 0));
        }
        return frames;
    }

    @Test
    void thePictureMovesAgain_whenTheLongestPauseAfterTheKillEnds() {
        // frames every 33 ms, the kill at 100 ms, two frames still in flight, then 1.5 s of nothing
        List<Frame> frames = arrivals(0, 33, 66, 99, 120, 133, 1633, 1666, 1699, 1733);

        assertThat(Watcher.endOfLongestPause(frames, 100 * MS, 5000 * MS)).isCloseTo(1.533, within(1e-9));
    }

    @Test
    void aPauseUnderwayAtTheKill_countsFromTheLastFrameBeforeIt_andNoFrameAfterIt_isNaN() {
        List<Frame> frames = arrivals(0, 33, 900, 933);

        assertThat(Watcher.endOfLongestPause(frames, 100 * MS, 5000 * MS)).isCloseTo(0.8, within(1e-9));
        assertThat(Watcher.endOfLongestPause(frames, 1000 * MS, 5000 * MS)).isNaN();
    }

    @Test
    void aRunOfAColour_isOnAirAtItsFirstFrame() {
        List<Frame> frames = new ArrayList<>(arrivals(0, 33));
        frames.add(new Frame(66 * MS, 2 / 30.0, Colour.BLUE, 0));
        frames.add(new Frame(99 * MS, 3 / 30.0, Colour.BLUE, 0));
        frames.add(new Frame(133 * MS, 4 / 30.0, Colour.BLUE, 0));

        assertThat(Watcher.findRun(frames, Colour.BLUE, 0, 3)).isCloseTo(0.066, within(1e-9));
        assertThat(Watcher.findRun(frames, Colour.BLUE, 0, 4)).isNaN();
    }
}
