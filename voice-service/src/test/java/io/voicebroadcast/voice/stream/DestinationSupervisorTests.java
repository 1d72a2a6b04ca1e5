package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.pipeline.DestinationError;
import io.voicebroadcast.voice.pipeline.EgressException;
import io.voicebroadcast.voice.pipeline.Opener;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.PublisherProcess;
import io.voicebroadcast.voice.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One destination's reconnect policy with fake publishers and a clock the test moves: live, a
 * drop and the backoff (2 s growing x1.5), rejected publishes that fail it, the stall and connect
 * timeouts, a replacement, a stop during a pending reconnect.
 */
class DestinationSupervisorTests {

    private static final OutputTarget OUT = new OutputTarget("rtmp://127.0.0.1/app/sk_key1", "rtmp://127.0.0.1/app/****",
            "rtmp,tcp", "flv", Opener.LOCAL_FILE);
    private static final OutputTarget OTHER_OUT = new OutputTarget("rtmp://127.0.0.1/app/sk_key2", "rtmp://127.0.0.1/app/****",
            "rtmp,tcp", "flv", Opener.LOCAL_FILE);
    /** How nginx-rtmp and the platforms answer a wrong key, as FFmpeg 5.1 reports it. */
    private static final String REJECTED = "[rtmp @ 0x1] Server error: \nrtmp://127.0.0.1/app/****: Input/output error";
    private static final String REFUSED = "[tcp @ 0x1] Connection to tcp://127.0.0.1:1935 failed: Connection refused";
    private static final String RESET = "av_interleaved_write_frame(): Connection reset by peer";
    private static final Duration STALL = Duration.ofSeconds(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<FakePublisher> launched = new ArrayList<>();
    private final List<String> transitions = new ArrayList<>();
    private final RecordingStreamMetrics metrics = new RecordingStreamMetrics();
    private final List<DestinationError> reconnectsCounted = metrics.destinationReconnects;
    private RuntimeException nextStartFailure;
    private DestinationSupervisor supervisor;

    /** Reconnects 2 s growing x1.5 to 60 s, without jitter. */
    private DestinationSupervisor supervisor(int maxRejected) {
        DestinationSettings settings = new DestinationSettings(5,
                new PublisherProcess.Settings("ffmpeg", Duration.ofSeconds(1), Duration.ofSeconds(4), 1 << 20),
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), 1.5, () -> 0.0), maxRejected, STALL);
        SupervisorContext context = new SupervisorContext("room", line -> line.replace("sk_key1", "****"), scheduler,
                scheduler.nanoTime(), metrics);
        supervisor = new DestinationSupervisor(context, "d1", OUT, settings, target -> {
            FakePublisher p = new FakePublisher(target, nextStartFailure);
            nextStartFailure = null;
            launched.add(p);
            return p;
        }, (d, previous, now) -> transitions.add(previous.name() + "->" + now.name()));
        return supervisor;
    }

    private DestinationSupervisor defaults() {
        return supervisor(3);
    }

    private FakePublisher current() {
        return launched.get(launched.size() - 1);
    }

    /** The current publisher ends with {@code stderr}; the clock moves to its reconnect. */
    private void dropAndReconnect(String stderr) {
        current().exits(stderr);
        DestinationState.Reconnecting r = (DestinationState.Reconnecting) supervisor.state();
        scheduler.advance(Duration.ofNanos(r.atNanos() - scheduler.now()));
    }

    @Test
    void publisher_connects_thenIsLive_andEachStepIsTold() {
        defaults().start();
        assertThat(supervisor.state()).isInstanceOf(DestinationState.Connecting.class);
        assertThat(current().target).isEqualTo(OUT);

        current().goesLive(scheduler.now(), 1000);

        assertThat(supervisor.state()).isEqualTo(new DestinationState.Live(scheduler.now()));
        assertThat(transitions).containsExactly("CONNECTING->CONNECTING", "CONNECTING->LIVE");
        assertThat(supervisor.snapshot().bytesSent()).isEqualTo(1000);
        assertThat(supervisor.snapshot().bitrateKbps()).isEqualTo(2628.0);
    }

    @Test
    void aDrop_reconnectsAfter2s_thenAfter3s_4500ms_growingByHalf() {
        defaults().start();
        current().goesLive(scheduler.now(), 5000);
        long dropped = scheduler.now();
        current().exits(RESET);

        assertThat(supervisor.state()).isEqualTo(new DestinationState.Reconnecting(1, DestinationError.DROPPED,
                "destination dropped the connection: " + RESET, dropped, dropped + Duration.ofSeconds(2).toNanos()));
        assertThat(reconnectsCounted).containsExactly(DestinationError.DROPPED);
        scheduler.advance(Duration.ofMillis(1999));
        assertThat(launched).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(2);
        assertThat(supervisor.state()).isEqualTo(new DestinationState.Connecting(1, scheduler.now()));

        current().exits(REFUSED);
        scheduler.advance(Duration.ofMillis(2999));
        assertThat(launched).hasSize(2);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(launched).hasSize(3);
        current().exits(REFUSED);
        scheduler.advance(Duration.ofMillis(4500));
        assertThat(launched).hasSize(4);

        DestinationSupervisor.Snapshot s = supervisor.snapshot();
        assertThat(s.reconnects()).isEqualTo(3);
        assertThat(s.bytesSent()).as("what the ended runs sent is kept").isEqualTo(5000);
        assertThat(s.lastErrorKind()).isEqualTo(DestinationError.REFUSED);
    }

    @Test
    void theBackoff_startsAfresh_afterARunThatWasLiveLongEnough() {
        defaults().start();
        dropAndReconnect(REFUSED);
        dropAndReconnect(REFUSED); // the next delay would be 4.5 s
        current().goesLive(scheduler.now(), 100);
        scheduler.advance(DestinationSettings.STABLE_AFTER);
        current().exits(RESET);

        assertThat(((DestinationState.Reconnecting) supervisor.state()).atNanos() - scheduler.now())
                .isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void rejectedPublishes_failTheDestination_afterTheConfiguredCountInARow() {
        defaults().start();
        dropAndReconnect(REJECTED);
        dropAndReconnect(REJECTED);
        current().exits(REJECTED);

        assertThat(supervisor.state()).isInstanceOf(DestinationState.Failed.class);
        DestinationState.Failed failed = (DestinationState.Failed) supervisor.state();
        assertThat(failed.cause()).isEqualTo(DestinationError.REJECTED_PUBLISH);
        assertThat(failed.reason()).startsWith("destination rejected the publish (wrong stream key or application?) 3 times in a row; giving up");
        assertThat(transitions).last().isEqualTo("CONNECTING->FAILED");
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(launched).as("a failed destination is not retried").hasSize(3);
    }

    @Test
    void aPublishThatSucceeded_startsTheRejectedCountOver() {
        defaults().start();
        dropAndReconnect(REJECTED);
        dropAndReconnect(REJECTED);
        current().goesLive(scheduler.now(), 10);
        dropAndReconnect(RESET);
        dropAndReconnect(REJECTED);
        current().exits(REJECTED);

        assertThat(supervisor.state()).isInstanceOf(DestinationState.Reconnecting.class);
    }

    @Test
    void aNewUrl_startsAPublisherForIt_stopsTheOldOne_andCountsRejectionsAfresh() {
        defaults().start();
        dropAndReconnect(REJECTED);
        dropAndReconnect(REJECTED);
        FakePublisher old = current();

        supervisor.replace(OTHER_OUT);
        assertThat(current().target).isEqualTo(OTHER_OUT);
        assertThat(current().started).isTrue();
        scheduler.runDue();
        assertThat(old.stopped).isTrue();
        old.exits(REFUSED);
        assertThat(supervisor.state()).as("the old publisher's end is not this destination's").isInstanceOf(DestinationState.Connecting.class);

        current().exits(REJECTED);
        assertThat(supervisor.state()).isInstanceOf(DestinationState.Reconnecting.class);
        assertThat(supervisor.snapshot().maskedUrl()).isEqualTo(OTHER_OUT.masked());
    }

    @Test
    void aLivePublisherThatIsFedButWritesNothing_isKilled_andReconnectsWithTimeout() {
        defaults().start();
        FakePublisher p = current().goesLive(scheduler.now(), 10);
        long lastGrowth = scheduler.now();
        scheduler.advance(STALL.plusMillis(1));
        p.lastFedNanos = scheduler.now(); // the program keeps handing it tags
        supervisor.check(scheduler.now());

        assertThat(p.killed).isTrue();
        DestinationState.Reconnecting r = (DestinationState.Reconnecting) supervisor.state();
        assertThat(r.cause()).isEqualTo(DestinationError.TIMEOUT);
        assertThat(lastGrowth).isLessThan(scheduler.now());
    }

    @Test
    void aLivePublisherWithNothingToWrite_isNotKilled() {
        defaults().start();
        FakePublisher p = current().goesLive(scheduler.now(), 10);
        scheduler.advance(STALL.multipliedBy(3)); // the encoder is restarting: nothing is fed
        supervisor.check(scheduler.now());

        assertThat(p.killed).isFalse();
        assertThat(supervisor.state()).isInstanceOf(DestinationState.Live.class);
    }

    @Test
    void aPublisherThatDoesNotPublishWithinTheStallTimeout_isKilled() {
        defaults().start();
        scheduler.advance(STALL);
        supervisor.check(scheduler.now());
        assertThat(current().killed).isFalse();
        scheduler.advance(Duration.ofMillis(1));
        supervisor.check(scheduler.now());

        assertThat(current().killed).isTrue();
        assertThat(((DestinationState.Reconnecting) supervisor.state()).cause()).isEqualTo(DestinationError.TIMEOUT);
    }

    @Test
    void aDestinationRefusedByTheEgressPolicyNow_startsNoProcess_andReconnectsAsUnreachable() {
        nextStartFailure = new EgressException.NotAllowed("host ingest resolves to 169.254.169.254, always refused");
        defaults().start();

        DestinationState.Reconnecting r = (DestinationState.Reconnecting) supervisor.state();
        assertThat(r.cause()).isEqualTo(DestinationError.UNREACHABLE);
        assertThat(r.message()).isEqualTo("destination unreachable: not allowed now: host ingest resolves to 169.254.169.254, always refused");
        assertThat(current().started).isFalse();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(current().started).isTrue();
    }

    @Test
    void stopDuringAPendingReconnect_startsNothing_andEndsIt() {
        defaults().start();
        current().exits(REFUSED);
        supervisor.stop();

        scheduler.advance(Duration.ofMinutes(1));
        assertThat(launched).hasSize(1);
        assertThat(supervisor.state()).isInstanceOf(DestinationState.Removed.class);
        assertThat(transitions).last().isEqualTo("RECONNECTING->REMOVED");
    }

    @Test
    void stop_endsThePublishSessionCleanly() {
        defaults().start();
        FakePublisher p = current().goesLive(scheduler.now(), 10);
        supervisor.stop();

        assertThat(p.stopped).isTrue();
        assertThat(p.killed).isFalse();
        p.exits("");
        assertThat(supervisor.state()).isInstanceOf(DestinationState.Removed.class);
    }
}
