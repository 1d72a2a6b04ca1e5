package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.pipeline.Opener;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder's restart policy with fake encoders and a clock the test moves: restarts after the
 * backoff, the limits that end a broadcast, the stall kill, and what a stop or a new destination
 * does to a pending restart.
 */
class EncoderSupervisorTests {

    private static final OutputTarget OUT = new OutputTarget("rtmp://127.0.0.1/app/sk_key1", "rtmp://127.0.0.1/app/****", "rtmp,tcp",
            Opener.LOCAL_FILE);
    private static final OutputTarget OTHER_OUT = new OutputTarget("rtmp://127.0.0.1/app/sk_key2", "rtmp://127.0.0.1/app/****",
            "rtmp,tcp", Opener.LOCAL_FILE);
    /** How nginx-rtmp and the platforms answer a wrong key, as FFmpeg 5.1 reports it. */
    private static final String REJECTED = "[rtmp @ 0x1] Server error: \nrtmp://127.0.0.1/app/****: Input/output error";
    private static final String REFUSED = "[tcp @ 0x1] Connection to tcp://127.0.0.1:1935 failed: Connection refused";
    private static final Duration STALL = Duration.ofSeconds(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<FakeEncoder> launched = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<DestinationError> restartsCounted = new ArrayList<>();
    private final List<EncoderState> told = new ArrayList<>();
    private IOException nextStartFailure;
    private EncoderSupervisor supervisor;

    /** Backoff 1 s doubling to 30 s, without jitter. */
    private EncoderSupervisor supervisor(boolean restartOnFailure, int maxFailures, Duration window, int maxRejected) {
        SupervisionSettings settings = new SupervisionSettings(restartOnFailure,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0), maxFailures, window, maxRejected, STALL,
                Duration.ofSeconds(10));
        StreamMetrics metrics = new StreamMetrics() {
            @Override
            public void sourceSwitched(StreamEvents.ChangeReason reason) {
            }

            @Override
            public void encoderRestarted(DestinationError cause) {
                restartsCounted.add(cause);
            }
        };
        supervisor = new EncoderSupervisor("room", settings, target -> {
            FakeEncoder e = new FakeEncoder(target, nextStartFailure);
            nextStartFailure = null;
            launched.add(e);
            return e;
        }, line -> line.replace("sk_key1", "****"), scheduler, scheduler.nanoTime(), metrics, new EncoderSupervisor.Listener() {
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
        return supervisor(true, 5, Duration.ofSeconds(300), 3);
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
        defaults().start(OUT);
        current().flows(scheduler.now());
        assertThat(supervisor.state()).isInstanceOf(EncoderState.Running.class);

        long crashed = scheduler.now();
        current().exits(REFUSED);

        String cause = "destination refused the connection: " + REFUSED;
        assertThat(supervisor.state()).isEqualTo(new EncoderState.Restarting(1, cause, crashed + Duration.ofSeconds(1).toNanos()));
        assertThat(told).containsExactly(supervisor.state());
        assertThat(restartsCounted).containsExactly(DestinationError.REFUSED);
        scheduler.advance(Duration.ofMillis(999));
        assertThat(launched).hasSize(1);

        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(2);
        assertThat(current().started).isTrue();
        assertThat(current().target).isEqualTo(OUT);
        assertThat(supervisor.state()).isEqualTo(EncoderState.STARTING);
        assertThat(supervisor.restarts()).isEqualTo(1);
        assertThat(supervisor.lastProblem()).as("kept for the status after the restart").isEqualTo(cause);
        assertThat(failures).isEmpty();
    }

    @Test
    void backoff_growsWithEachRestart() {
        defaults().start(OUT);
        crashAndRestart(REFUSED);
        current().exits(REFUSED);

        scheduler.advance(Duration.ofMillis(1999));
        assertThat(launched).hasSize(2);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(3);
    }

    @Test
    void crashesWithinTheFailureWindow_endTheBroadcast_withoutAnotherRestart() {
        supervisor(true, 3, Duration.ofSeconds(60), 3).start(OUT);
        crashAndRestart(REFUSED);
        crashAndRestart(REFUSED);
        current().exits(REFUSED);

        String reason = "the encoder failed 3 times within 60 s; last: destination refused the connection: " + REFUSED;
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
        supervisor(true, 3, Duration.ofSeconds(10), 3).start(OUT);
        for (int i = 0; i < 4; i++) { // the backoff is 8 s by the fourth: each restart is due within the 11 s
            current().exits(REFUSED);
            scheduler.advance(Duration.ofSeconds(11));
        }
        assertThat(failures).isEmpty();
        assertThat(launched).hasSize(5);
    }

    @Test
    void rejectedPublishes_endTheBroadcast_afterTheConfiguredCountInARow() {
        defaults().start(OUT);
        crashAndRestart(REJECTED);
        crashAndRestart(REJECTED);
        assertThat(supervisor.state()).isEqualTo(EncoderState.STARTING);

        current().exits(REJECTED);
        scheduler.runDue();

        assertThat(supervisor.state()).isInstanceOf(EncoderState.Failed.class);
        assertThat(failures).singleElement().asString()
                .startsWith("destination rejected the publish (wrong stream key or application?) 3 times in a row; giving up");
        assertThat(restartsCounted).containsExactly(DestinationError.REJECTED_PUBLISH, DestinationError.REJECTED_PUBLISH);
    }

    @Test
    void aPublishThatSucceeded_startsTheRejectedCountOver() {
        supervisor(true, 10, Duration.ofSeconds(300), 3).start(OUT);
        crashAndRestart(REJECTED);
        crashAndRestart(REJECTED);
        current().published = true;
        crashAndRestart(REJECTED); // it had published: the connection broke, the key was right

        crashAndRestart(REJECTED);
        current().exits(REJECTED);
        scheduler.runDue();

        assertThat(failures).isEmpty();
        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
    }

    @Test
    void aNewDestination_startsTheRejectedCountOver() {
        defaults().start(OUT);
        crashAndRestart(REJECTED);
        crashAndRestart(REJECTED);

        supervisor.switchOutput(OTHER_OUT);
        current().exits(REJECTED);
        scheduler.runDue();

        assertThat(failures).isEmpty();
        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
    }

    @Test
    void restartOnFailureOff_endsTheBroadcastAtTheFirstCrash() {
        supervisor(false, 5, Duration.ofSeconds(300), 3).start(OUT);
        current().exits(REFUSED);
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(failures).containsExactly("destination refused the connection: " + REFUSED + " (VOICE_STREAMING_RESTART_ON_FAILURE=false)");
        assertThat(launched).hasSize(1);
        assertThat(restartsCounted).isEmpty();
    }

    @Test
    void stalledEncoder_isKilled_andRestartedAfterTheBackoff() {
        defaults().start(OUT);
        FakeEncoder first = current().flows(scheduler.now());

        scheduler.advance(STALL);
        supervisor.checkStall(scheduler.now());
        assertThat(first.killed).as("exactly the stall timeout").isFalse();
        scheduler.advance(Duration.ofMillis(1));
        supervisor.checkStall(scheduler.now());

        assertThat(first.killed).isTrue();
        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(launched).hasSize(2);
    }

    @Test
    void encoderThatIsNotFlowingYet_isNotKilledForItsSilence() {
        defaults().start(OUT);
        scheduler.advance(STALL.multipliedBy(2));
        supervisor.checkStall(scheduler.now());

        assertThat(current().killed).isFalse();
        assertThat(supervisor.state()).isEqualTo(EncoderState.STARTING);
    }

    @Test
    void encoderWhoseOutputGrows_isNotKilled() {
        defaults().start(OUT);
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
        defaults().start(OUT);
        current().exits(REFUSED);
        supervisor.stop();

        scheduler.advance(Duration.ofMinutes(1));
        assertThat(launched).hasSize(1);
        assertThat(supervisor.state()).isEqualTo(EncoderState.STOPPED);
        assertThat(failures).isEmpty();
    }

    @Test
    void newDestination_startsANewEncoder_stopsTheOldOne_andIgnoresItsExit() {
        defaults().start(OUT);
        FakeEncoder old = current().flows(scheduler.now());

        supervisor.switchOutput(OTHER_OUT);
        assertThat(current().target).isEqualTo(OTHER_OUT);
        assertThat(current().started).isTrue();
        scheduler.runDue();
        assertThat(old.stopped).isTrue();

        old.exits(REFUSED);
        assertThat(supervisor.state()).isEqualTo(EncoderState.STARTING);
        assertThat(supervisor.output()).isEqualTo(OTHER_OUT);
    }

    @Test
    void newDestinationDuringAPendingRestart_replacesTheRestart() {
        defaults().start(OUT);
        current().exits(REFUSED);
        supervisor.switchOutput(OTHER_OUT);

        scheduler.advance(Duration.ofMinutes(1));
        assertThat(launched).extracting(e -> e.target).containsExactly(OUT, OTHER_OUT);
    }

    @Test
    void encoderThatCannotStart_isRestartedLikeOneThatCrashed() {
        nextStartFailure = new IOException("cannot connect to rtmp://127.0.0.1/app/sk_key1");
        defaults().start(OUT);

        assertThat(supervisor.state()).isInstanceOf(EncoderState.Restarting.class);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(launched).hasSize(2);
        assertThat(current().started).isTrue();
    }
}
