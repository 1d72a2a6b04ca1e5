package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.pipeline.SourceKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthPolicyTests {

    private static final EncoderState RUNNING = new EncoderState.Running(0);

    private final HealthPolicy policy = new HealthPolicy(Duration.ofSeconds(10));

    private static HealthFacts healthy() {
        return new HealthFacts(RUNNING, 0, 0, 0, SourceKind.PRIMARY_STREAM, true, null);
    }

    private static HealthFacts with(java.util.function.UnaryOperator<HealthFacts> f) {
        return f.apply(healthy());
    }

    @Test
    void cameraOnAir_encoderKeepingUp_isHealthy_whetherOrNotAnyoneSpeaks() {
        assertThat(policy.evaluate(healthy())).isEqualTo(new HealthPolicy.Verdict(StreamHealth.HEALTHY, null));
    }

    @Test
    void deadEncoder_isUnhealthy_withTheClassifiedCause() {
        HealthPolicy.Verdict v = policy.evaluate(new HealthFacts(new EncoderState.Restarting(1, "destination refused the connection", 0),
                0, 0, 0, SourceKind.PRIMARY_STREAM, true, null));
        assertThat(v).isEqualTo(new HealthPolicy.Verdict(StreamHealth.UNHEALTHY, "encoder restarting after: destination refused the connection"));
    }

    @Test
    void encoderThatFailedForGood_isUnhealthy_withTheReason() {
        HealthPolicy.Verdict v = policy.evaluate(new HealthFacts(new EncoderState.Failed("the encoder failed 5 times within 300 s"),
                0, 0, 0, SourceKind.PRIMARY_STREAM, true, null));
        assertThat(v).isEqualTo(new HealthPolicy.Verdict(StreamHealth.UNHEALTHY, "encoder failed: the encoder failed 5 times within 300 s"));
    }

    @Test
    void encoderStartingOrRunning_isNoProblemByItself() {
        assertThat(policy.evaluate(new HealthFacts(EncoderState.STARTING, 0, 0, 0, SourceKind.PRIMARY_STREAM, true, null)).health())
                .isEqualTo(StreamHealth.HEALTHY);
        assertThat(policy.evaluate(healthy()).health()).isEqualTo(StreamHealth.HEALTHY);
    }

    @Test
    void outputNotGrowingPastTheStallTimeout_isUnhealthy() {
        assertThat(policy.evaluate(new HealthFacts(RUNNING, 10_001, 0, 0, SourceKind.PRIMARY_STREAM, true, null)).health())
                .isEqualTo(StreamHealth.UNHEALTHY);
        assertThat(policy.evaluate(new HealthFacts(RUNNING, 9_000, 0, 0, SourceKind.PRIMARY_STREAM, true, null)).health())
                .isEqualTo(StreamHealth.HEALTHY);
    }

    @Test
    void fallbackOnAir_isDegraded_andSaysWhy() {
        HealthPolicy.Verdict v = policy.evaluate(new HealthFacts(RUNNING, 0, 0, 0, SourceKind.FALLBACK_IMAGE, true,
                "background stream not delivering (decoder exited with code 1)"));
        assertThat(v.health()).isEqualTo(StreamHealth.DEGRADED);
        assertThat(v.message()).isEqualTo("fallback on air (fallback_image): background stream not delivering (decoder exited with code 1)");
    }

    @Test
    void aLayoutSlotOnItsFallback_degrades_andTheMessageNamesTheSlot() {
        HealthFacts slot1Lost = new HealthFacts(RUNNING, 0, 0, 0, SourceKind.PRIMARY_STREAM, true, null, null, List.of(),
                List.of(new HealthFacts.Slot(1, SourceKind.FALLBACK_IMAGE, true, "background stream not delivering (no frame for 1000 ms)")));
        assertThat(policy.evaluate(slot1Lost)).isEqualTo(new HealthPolicy.Verdict(StreamHealth.DEGRADED,
                "slot 1 fallback on air (fallback_image): background stream not delivering (no frame for 1000 ms)"));

        HealthFacts everyCamera = new HealthFacts(RUNNING, 0, 0, 0, SourceKind.PRIMARY_STREAM, true, null, null, List.of(),
                List.of(new HealthFacts.Slot(1, SourceKind.PRIMARY_STREAM, true, null), new HealthFacts.Slot(2, SourceKind.PRIMARY_STREAM, true, null)));
        assertThat(policy.evaluate(everyCamera)).isEqualTo(new HealthPolicy.Verdict(StreamHealth.HEALTHY, null));

        HealthFacts two = new HealthFacts(RUNNING, 0, 0, 0, SourceKind.BLACK, true, "background stream not delivering", null, List.of(),
                List.of(new HealthFacts.Slot(1, SourceKind.PRIMARY_STREAM, true, null), new HealthFacts.Slot(3, SourceKind.DEFAULT, false, null)));
        assertThat(policy.evaluate(two).message()).isEqualTo("slot 0 fallback on air (black): background stream not delivering; "
                + "slot 3 fallback on air (default): no background stream configured");
    }

    @Test
    void slowEncoding_degradesOnlyAfterFiveSeconds() {
        assertThat(policy.evaluate(new HealthFacts(RUNNING, 0, 5_000, 0, SourceKind.PRIMARY_STREAM, true, null)).health())
                .isEqualTo(StreamHealth.HEALTHY);
        assertThat(policy.evaluate(new HealthFacts(RUNNING, 0, 5_001, 0, SourceKind.PRIMARY_STREAM, true, null)).message())
                .contains("slower than real time");
    }

    @Test
    void droppedFrames_degrade() {
        assertThat(policy.evaluate(new HealthFacts(RUNNING, 0, 0, 3, SourceKind.PRIMARY_STREAM, true, null)).message())
                .isEqualTo("3 frames dropped");
    }

    @Test
    void audioInputProblem_degrades_andSaysWhy() {
        HealthPolicy.Verdict v = policy.evaluate(new HealthFacts(RUNNING, 0, 0, 0, SourceKind.PRIMARY_STREAM, true, null,
                "RTPEngine unreachable"));
        assertThat(v).isEqualTo(new HealthPolicy.Verdict(StreamHealth.DEGRADED, "room audio: RTPEngine unreachable"));
    }

    private static HealthFacts withDestinations(HealthFacts.Destination... destinations) {
        return new HealthFacts(RUNNING, 0, 0, 0, SourceKind.PRIMARY_STREAM, true, null, null, java.util.List.of(destinations));
    }

    private static HealthFacts.Destination live(String id) {
        return new HealthFacts.Destination(id, new DestinationState.Live(0));
    }

    private static HealthFacts.Destination reconnecting(String id) {
        return new HealthFacts.Destination(id, new DestinationState.Reconnecting(1,
                io.voicebroadcast.voice.pipeline.DestinationError.REFUSED, "destination refused the connection", 0, 0));
    }

    @Test
    void everyDestinationLive_isHealthy() {
        assertThat(policy.evaluate(withDestinations(live("d1"), live("d2")))).isEqualTo(new HealthPolicy.Verdict(StreamHealth.HEALTHY, null));
    }

    @Test
    void aDestinationNotLive_whileAnotherIs_isDegraded_andNamesIt() {
        HealthPolicy.Verdict v = policy.evaluate(withDestinations(live("d1"), reconnecting("d2"),
                new HealthFacts.Destination("d3", new DestinationState.Failed(io.voicebroadcast.voice.pipeline.DestinationError.REJECTED_PUBLISH,
                        "rejected 3 times", 0))));
        assertThat(v).isEqualTo(new HealthPolicy.Verdict(StreamHealth.DEGRADED,
                "destination d2 reconnecting after: destination refused the connection; destination d3 failed: rejected 3 times"));
    }

    @Test
    void noDestinationLive_isUnhealthy() {
        HealthPolicy.Verdict v = policy.evaluate(withDestinations(reconnecting("d1"),
                new HealthFacts.Destination("d2", new DestinationState.Connecting(2, 0))));
        assertThat(v).isEqualTo(new HealthPolicy.Verdict(StreamHealth.UNHEALTHY,
                "no destination live: destination d1 reconnecting after: destination refused the connection; destination d2 reconnecting"));
    }

    @Test
    void destinationsConnectingForTheFirstTime_areNoProblemYet() {
        assertThat(policy.evaluate(withDestinations(new HealthFacts.Destination("d1", new DestinationState.Connecting(0, 0)))).health())
                .isEqualTo(StreamHealth.HEALTHY);
        assertThat(policy.evaluate(withDestinations(live("d1"), new HealthFacts.Destination("d2", new DestinationState.Connecting(0, 0))))
                .health()).isEqualTo(StreamHealth.HEALTHY);
    }
}
