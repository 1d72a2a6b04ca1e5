package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder's restart policy with fake encoders and a clock the test moves: restarts after the
 * backoff, the limits that end a broadcast, the stall kill, and what a stop does to a pending
 * restart. The encoder never publishes, so no destination's answer takes part in it (that is
 * {@link DestinationSupervisorTests}).
 */
class EncoderSupervisorTests {

    private static final String CRASH = "[libx264 @ 0x1] something went wrong\nConversion failed!";
    private static final Duration STALL = Duration.ofSeconds(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<FakeEncoder> launched = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final RecordingStreamMetrics metrics = new RecordingStreamMetrics();
    private final List<EncoderExit> restartsCounted = metrics.encoderRestarts;
    private final List<EncoderState> told = new ArrayList<>();
    private IOException nextStartFailure;
    private EncoderSupervisor supervisor;

    /** Backoff 1 s doubling to 30 s, without jitter. */
    private EncoderSupervisor supervisor(boolean restartOnFailure, int maxFailures, Duration window) {
        SupervisionSettings settings = new SupervisionSettings(restartOnFailure,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0), maxFailures, window, STALL,
                Duration.ofSeconds(10));
        supervisor = new EncoderSupervisor(new SupervisorContext("room", line -> line.replace("sk_key1", "****"), scheduler,
                scheduler.nanoTime(), metrics), settings, () -> {
            FakeEncoder e = new FakeEncoder(nextStartFailure);
            nextStartFailure = null;
            launched.add(e);
            return e;
        }, new EncoderSupervisor.Listener() {
            @Override
            public void encoderChanged() {
                told.add(supervisor.state());
            }

            @Override
            public void encoderFailed(String maskedReason) {
                failures.add(maskedReason);
            }
        });
        return supervisor;
    }

    private EncoderSupervisor defaults() {
        return supervisor(true, 5, Duration.ofSeconds(300));
    }

    private FakeEncoder current() {
        return launched.get(launched.size() - 1);
    }

    /** The current encoder ends with {@code stderr}; the clock moves to its restart. */
    private void crashAndRestart(String stderr) {
        current().exits(stderr);
        EncoderState.Restarting restarting = (EncoderState.Restarting) supervisor.state();
        scheduler.advance(Duration.ofNanos(restarting.atNanos() - scheduler.now()));
    }

    @Test
    void crash_restartsTheEncoderAfterTheBackoff_andTellsTheRoomFirst() {
        defaults().start();
        current().flows(scheduler.now());
        assertThat(supervisor.state()).isInstanceOf(EncoderState.Running.class);

        long crashed = scheduler.now();
        current().exits(CRASH);

        String cause = "encoder exited: Conversion failed!";
        assertThat(supervisor.state()).isEqualTo(new EncoderState.Restarting(1, cause, crashed + Duration.ofSeconds(1).toNanos()));
        assertThat(told).containsExactly(supervisor.state());
        assertThat(restartsCounted).containsExactly(EncoderExit.EXITED);
        scheduler.advance(Duration.ofMillis(999));
        assertThat(launched).hasSize(1);

        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(2);
        assertThat(current().started).isTrue();
        assertThat(supervisor.state()).isEqualTo(EncoderState.STARTING);
        assertThat(supervisor.restarts()).isEqualTo(1);
        assertThat(supervisor.lastProblem()).as("kept for the status after the restart").isEqualTo(cause);
        assertThat(failures).isEmpty();
    }

    @Test
    void backoff_growsWithEachRestart() {
        defaults().start();
        crashAndRestart(CRASH);
        current().exits(CRASH);

        scheduler.advance(Duration.ofMillis(1999));
        assertThat(launched).hasSize(2);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(3);
    }

    @Test
    void crashAfterASteadyRun_restartsAtOnce_andTheBackoffStartsOver() {
        defaults().start();
        crashAndRestart(CRASH); // a crash loop backs off: 1 s, then 2 s
        crashAndRestart(CRASH);
        scheduler.advance(EncoderSupervisor.STEADY_RUN);
        current().flows(scheduler.now()); // its output still grows a steady run after its launch
        current().exits(CRASH);

        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
        scheduler.runDue();
        assertThat(launched).as("restarted at once: the sources are warm").hasSize(4);

        current().exits(CRASH); // and this one ran for no time: the backoff starts over at 1 s
        scheduler.advance(Duration.ofMillis(999));
        assertThat(launched).hasSize(4);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(5);
    }

    @Test
    void crashesWithinTheFailureWindow_endTheBroadcast_withoutAnotherRestart() {
        supervisor(true, 3, Duration.ofSeconds(60)).start();
        crashAndRestart(CRASH);
        crashAndRestart(CRASH);
        current().exits(CRASH);

        String reason = "the encoder failed 3 times within 60 s; last: encoder exited: Conversion failed!";
        assertThat(supervisor.state()).isEqualTo(new EncoderState.Failed(reason));
        assertThat(failures).as("told once the scheduler runs it, off the exit's thread").isEmpty();
        scheduler.runDue();
        assertThat(failures).containsExactly(reason);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(launched).hasSize(3);
        assertThat(restartsCounted).hasSize(2);
    }

    @Test
    void crashesFurtherApartThanTheWindow_keepBeingRestarted() {
        supervisor(true, 3, Duration.ofSeconds(10)).start();
        for (int i = 0; i < 4; i++) { // the backoff is 8 s by the fourth: each restart is due within the 11 s
            current().exits(CRASH);
            scheduler.advance(Duration.ofSeconds(11));
        }
        assertThat(failures).isEmpty();
        assertThat(launched).hasSize(5);
    }

    @Test
    void restartOnFailureOff_endsTheBroadcastAtTheFirstCrash() {
        supervisor(false, 5, Duration.ofSeconds(300)).start();
        current().exits(CRASH);
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(failures).containsExactly("encoder exited: Conversion failed! (VOICE_STREAMING_RESTART_ON_FAILURE=false)");
        assertThat(launched).hasSize(1);
        assertThat(restartsCounted).isEmpty();
    }

    @Test
    void stalledEncoder_isKilled_andRestartedAfterTheBackoff_countedAsStalled() {
        defaults().start();
        FakeEncoder first = current().flows(scheduler.now());

        scheduler.advance(STALL);
        supervisor.checkStall(scheduler.now());
        assertThat(first.killed).as("exactly the stall timeout").isFalse();
        scheduler.advance(Duration.ofMillis(1));
        supervisor.checkStall(scheduler.now());

        assertThat(first.killed).isTrue();
        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
        assertThat(((EncoderState.Restarting) supervisor.state()).cause()).isEqualTo("encoder stalled");
        assertThat(restartsCounted).containsExactly(EncoderExit.STALLED);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(launched).hasSize(2);
    }

    @Test
    void encoderThatIsNotFlowingYet_isNotKilledForItsSilence() {
        defaults().start();
        scheduler.advance(STALL.multipliedBy(2));
        supervisor.checkStall(scheduler.now());

        assertThat(current().killed).isFalse();
        assertThat(supervisor.state()).isEqualTo(EncoderState.STARTING);
    }

    @Test
    void encoderWhoseOutputGrows_isNotKilled() {
        defaults().start();
        FakeEncoder e = current().flows(scheduler.now());
        for (int i = 0; i < 5; i++) {
            scheduler.advance(Duration.ofSeconds(5));
            e.lastOutputGrowthNanos = scheduler.now();
            supervisor.checkStall(scheduler.now());
        }
        assertThat(e.killed).isFalse();
    }

    @Test
    void stopDuringAPendingRestart_startsNoEncoder() {
        defaults().start();
        current().exits(CRASH);
        supervisor.stop();

        scheduler.advance(Duration.ofMinutes(1));
        assertThat(launched).hasSize(1);
        assertThat(supervisor.state()).isEqualTo(EncoderState.STOPPED);
        assertThat(failures).isEmpty();
    }

    @Test
    void encoderThatCannotStart_isRestartedLikeOneThatCrashed_withoutTheSecretItsErrorNamed() {
        nextStartFailure = new IOException("cannot run /usr/bin/ffmpeg with sk_key1");
        defaults().start();

        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
        assertThat(((EncoderState.Restarting) supervisor.state()).cause())
                .isEqualTo("cannot start the encoder: cannot run /usr/bin/ffmpeg with ****");
        assertThat(restartsCounted).containsExactly(EncoderExit.NOT_STARTED);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(launched).hasSize(2);
        assertThat(current().started).isTrue();
    }
}
