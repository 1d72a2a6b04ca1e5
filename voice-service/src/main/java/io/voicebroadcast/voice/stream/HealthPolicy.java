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
 *       or it failed for good (the broadcast is stopping); or no destination is live while some
 *       are reconnecting or failed;</li>
 *   <li>degraded: a destination is not live while another is, a fallback is on air (in any slot
 *       of a layout, each named), encoding
 *       slower than {@value EncoderProcess#SLOW_SPEED}x for more than {@link #SLOW_FOR}, frames
 *       dropped, or the audio input reports a problem (e.g. RTPEngine unreachable);</li>
 *   <li>healthy otherwise.</li>
 * </ul>
 * A destination connecting for the first time (the broadcast or the destination just started) is
 * neither live nor a problem yet. A quiet room is normal (nobody speaks, or nobody has joined
 * yet): how long it has been silent is in the status and a metric, never in the verdict.
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
        List<String> destinationProblems = new ArrayList<>();
        boolean anyLive = false;
        for (HealthFacts.Destination d : f.destinations()) {
            anyLive |= d.state() instanceof DestinationState.Live;
            String problem = problemOf(d);
            if (problem != null) {
                destinationProblems.add(problem);
            }
        }
        if (!destinationProblems.isEmpty() && !anyLive) {
            return new Verdict(StreamHealth.UNHEALTHY, "no destination live: " + String.join("; ", destinationProblems));
        }
        List<String> reasons = new ArrayList<>(destinationProblems);
        // in a layout of several slots each slot's fallback is named; the single layout's is the picture's
        boolean layout = !f.otherSlots().isEmpty();
        addFallback(reasons, layout ? "slot 0 " : "", f.onAir(), f.primaryConfigured(), f.sourceNote());
        for (HealthFacts.Slot s : f.otherSlots()) {
            addFallback(reasons, "slot " + s.slot() + " ", s.onAir(), s.primaryConfigured(), s.sourceNote());
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

    /** Adds why a fallback is on air (in {@code where}: a slot, or nothing for the whole picture), if one is. */
    private static void addFallback(List<String> reasons, String where, SourceKind onAir, boolean primaryConfigured, String sourceNote) {
        if (onAir == SourceKind.PRIMARY_STREAM) {
            return;
        }
        String note = primaryConfigured ? sourceNote
                : "no background stream configured" + (sourceNote == null ? "" : "; " + sourceNote);
        reasons.add(where + "fallback on air (" + onAir.name().toLowerCase() + ")" + (note == null ? "" : ": " + note));
    }

    /** Why a destination is not publishing, or null when it is, or is starting for the first time. */
    private static String problemOf(HealthFacts.Destination d) {
        DestinationState s = d.state();
        if (s instanceof DestinationState.Connecting c && c.attempt() > 0) {
            return "destination " + d.id() + " reconnecting";
        }
        if (s instanceof DestinationState.Reconnecting r) {
            return "destination " + d.id() + " reconnecting after: " + r.message();
        }
        if (s instanceof DestinationState.Failed failed) {
            return "destination " + d.id() + " failed: " + failed.reason();
        }
        return null;
    }
}
