package io.voicebroadcast.voice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.voice.pipeline.SourceKind;
import java.time.Duration;
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
}
