package io.voicebroadcast.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A source's state from the frames and failures it had, on a clock the test holds. */
class SourceLivenessTests {

    private static final long MS = 1_000_000L;
    private static final long THRESHOLD = 1000 * MS;
    private static final long HOLD = 3000 * MS;

    private final SourceLiveness liveness = new SourceLiveness(new LossRule(Duration.ofNanos(THRESHOLD), Duration.ofNanos(HOLD)));

    private void framesEvery100Ms(long fromNanos, long toNanos) {
        for (long t = fromNanos; t <= toNanos; t += 100 * MS) {
            liveness.frame(t, false);
        }
    }

    @Test
    void newSource_isStarting_untilItsFirstFrame_whichPutsItOnAirWithoutAHold() {
        assertThat(liveness.state(0, null)).isEqualTo(SourceState.STARTING);
        liveness.failed("decoder exited with code 1");
        assertThat(liveness.state(0, null)).isEqualTo(new SourceState.Starting("decoder exited with code 1"));

        assertThat(liveness.frame(500 * MS, false)).as("ends a failure: the backoff starts over").isTrue();
        assertThat(liveness.state(500 * MS, null)).isEqualTo(SourceState.DELIVERING);
        assertThat(liveness.frame(600 * MS, false)).isFalse();
    }

    @Test
    void noFrameForTheThreshold_isLost_sinceTheThresholdPassed_withWhyTheDecoderEnded() {
        framesEvery100Ms(0, 1000 * MS);
        assertThat(liveness.state(2000 * MS, null)).as("exactly the threshold").isEqualTo(SourceState.DELIVERING);
        assertThat(liveness.state(2000 * MS + 1, null)).isEqualTo(new SourceState.Lost(2000 * MS, null));

        liveness.failed("decoder exited with code 1: Connection reset");
        assertThat(liveness.state(3000 * MS, null)).isEqualTo(new SourceState.Lost(2000 * MS, "decoder exited with code 1: Connection reset"));
    }

    @Test
    void decoderThatEnds_isNotLost_beforeTheThreshold() {
        framesEvery100Ms(0, 1000 * MS);
        liveness.failed("decoder exited with code 1");
        assertThat(liveness.state(1500 * MS, null)).isEqualTo(SourceState.DELIVERING);
        framesEvery100Ms(1600 * MS, 1800 * MS);
        assertThat(liveness.state(1800 * MS, null)).as("reconnected within the threshold: no loss, no hold").isEqualTo(SourceState.DELIVERING);
    }

    @Test
    void lostSourceThatDeliversAgain_isRecovering_untilSteadyForTheHold() {
        framesEvery100Ms(0, 1000 * MS);
        framesEvery100Ms(5000 * MS, 7900 * MS);
        assertThat(liveness.state(7900 * MS, null)).isEqualTo(new SourceState.Recovering(5000 * MS));
        assertThat(liveness.state(8000 * MS, null)).as("steady for the hold").isEqualTo(SourceState.DELIVERING);
        liveness.frame(8000 * MS, false);
        assertThat(liveness.state(8000 * MS, null)).isEqualTo(SourceState.DELIVERING);
    }

    @Test
    void lostPicture_isLost_andItsReturnStartsTheHold() {
        framesEvery100Ms(0, 1000 * MS);
        SourceState.Lost black = new SourceState.Lost(900 * MS, "black picture");
        assertThat(liveness.state(1000 * MS, black)).isEqualTo(black);

        liveness.frame(1100 * MS, true);
        assertThat(liveness.state(1100 * MS, null)).isEqualTo(new SourceState.Recovering(1100 * MS));
    }

    @Test
    void whyTheFramesStopped_comesBeforeThePicture() {
        framesEvery100Ms(0, 1000 * MS);
        liveness.failed("cannot start decoder: no such file");
        assertThat(liveness.state(3000 * MS, new SourceState.Lost(900 * MS, "black picture")))
                .isEqualTo(new SourceState.Lost(2000 * MS, "cannot start decoder: no such file"));
    }

    @Test
    void pausedSource_ignoresFramesAndFailures_andResumesAsNew() {
        framesEvery100Ms(0, 1000 * MS);
        assertThat(liveness.pause()).isTrue();
        assertThat(liveness.pause()).isFalse();
        liveness.frame(1100 * MS, false);
        liveness.failed("killed for the pause");
        assertThat(liveness.state(1100 * MS, null)).isEqualTo(SourceState.PAUSED);
        assertThat(liveness.decodes()).isFalse();

        assertThat(liveness.resume()).isTrue();
        assertThat(liveness.state(9000 * MS, null)).isEqualTo(SourceState.STARTING);
        liveness.frame(9500 * MS, false);
        assertThat(liveness.state(9500 * MS, null)).as("the first frame after a pause: on air at once").isEqualTo(SourceState.DELIVERING);
    }

    @Test
    void closedSource_staysClosed() {
        liveness.close();
        liveness.frame(0, false);
        assertThat(liveness.resume()).isFalse();
        assertThat(liveness.state(0, null)).isEqualTo(SourceState.CLOSED);
        assertThat(liveness.isClosed()).isTrue();
    }

    @Test
    void withoutAHold_aLostSourceIsBackOnItsFirstFrame() {
        SourceLiveness noHold = new SourceLiveness(new LossRule(Duration.ofNanos(THRESHOLD), Duration.ZERO));
        noHold.frame(0, false);
        noHold.frame(5000 * MS, false);
        assertThat(noHold.state(5000 * MS, null)).isEqualTo(SourceState.DELIVERING);
    }
}
