package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.SourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The health verdict as a pure function of the facts.
 * <ul>
 *   <li>unhealthy: the encoder died or stalled (no output for the stall timeout) and is restarted;</li>
 *   <li>degraded: a fallback is on air, encoding slower than 0.97x for more than 5 s, frames
 *       dropped, or the audio input reports a problem (e.g. RTPEngine unreachable);</li>
 *   <li>healthy otherwise.</li>
 * </ul>
 * A quiet room is normal (nobody speaks, or nobody has joined yet): how long it has been silent
 * is in the status and a metric, never in the verdict.
 */
public final class HealthPolicy {

    public static final double SLOW_SPEED = 0.97;
    public static final long SLOW_FOR_MS = 5_000;

    private final long stallTimeoutMs;

    public HealthPolicy(long stallTimeoutMs) {
        this.stallTimeoutMs = stallTimeoutMs;
    }

    public record Verdict(StreamHealth health, String message) {
    }

    public java.time.Duration stallTimeout() {
        return java.time.Duration.ofMillis(stallTimeoutMs);
    }

    public Verdict evaluate(HealthFacts f) {
        if (!f.encoderRunning() || f.encoderRestarting()) {
            return new Verdict(StreamHealth.UNHEALTHY, "encoder restarting" + (f.encoderProblem() == null ? "" : " after: " + f.encoderProblem()));
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
        if (f.slowForMs() > SLOW_FOR_MS) {
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
