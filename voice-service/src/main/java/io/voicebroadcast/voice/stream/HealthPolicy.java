package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.EncoderProcess;
import io.voicebroadcast.voice.pipeline.SourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The health verdict as a pure function of the facts.
 * <ul>
 *   <li>unhealthy: the encoder died or stalled (no output for the stall timeout) and is restarted,
 *       or it failed for good (the broadcast is stopping);</li>
 *   <li>degraded: a fallback is on air, encoding slower than {@value EncoderProcess#SLOW_SPEED}x for
 *       more than {@link #SLOW_FOR}, frames dropped, or the audio input reports a problem (e.g.
 *       RTPEngine unreachable);</li>
 *   <li>healthy otherwise.</li>
 * </ul>
 * A quiet room is normal (nobody speaks, or nobody has joined yet): how long it has been silent
 * is in the status and a metric, never in the verdict.
 */
public final class HealthPolicy {

    /** Encoding slower than real time for longer than this degrades the broadcast; a moment of it does not. */
    public static final Duration SLOW_FOR = Duration.ofSeconds(5);

    private final long stallTimeoutMs;

    /** @param stallTimeout the output not growing this long is a stalled encoder (VOICE_STREAMING_ENCODER_STALL_TIMEOUT_MS) */
    public HealthPolicy(Duration stallTimeout) {
        this.stallTimeoutMs = stallTimeout.toMillis();
    }

    public record Verdict(StreamHealth health, String message) {
    }

    public Verdict evaluate(HealthFacts f) {
        if (f.encoder() instanceof EncoderState.Restarting r) {
            return new Verdict(StreamHealth.UNHEALTHY, "encoder restarting after: " + r.cause());
        }
        if (f.encoder() instanceof EncoderState.Failed failed) {
            return new Verdict(StreamHealth.UNHEALTHY, "encoder failed: " + failed.reason());
        }
        if (f.encoder() instanceof EncoderState.Stopped) {
            return new Verdict(StreamHealth.STOPPED, null);
        }
        if (f.outputStalledMs() > stallTimeoutMs) {
            return new Verdict(StreamHealth.UNHEALTHY, "encoder stalled: no output for " + f.outputStalledMs() / 1000 + " s");
        }
        List<String> reasons = new ArrayList<>();
        if (f.onAir() != SourceKind.PRIMARY_STREAM) {
            String kind = f.onAir().name().toLowerCase();
            String note = f.primaryConfigured() ? f.sourceNote()
                    : "no background stream configured" + (f.sourceNote() == null ? "" : "; " + f.sourceNote());
            reasons.add("fallback on air (" + kind + ")" + (note == null ? "" : ": " + note));
        }
        if (f.slowForMs() > SLOW_FOR.toMillis()) {
            reasons.add("encoding slower than real time for " + f.slowForMs() / 1000 + " s");
        }
        if (f.droppedFrames() > 0) {
            reasons.add(f.droppedFrames() + " frames dropped");
        }
        if (f.audioProblem() != null) {
            reasons.add("room audio: " + f.audioProblem());
        }
        return reasons.isEmpty() ? new Verdict(StreamHealth.HEALTHY, null)
                : new Verdict(StreamHealth.DEGRADED, String.join("; ", reasons));
    }
}
