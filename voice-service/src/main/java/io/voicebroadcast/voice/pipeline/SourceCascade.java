package io.voicebroadcast.voice.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fallback cascade of one room: at most one source per {@link SourceKind}, and the rule that
 * picks what is on air. Rule: the highest-priority source that is delivering frames (a frame
 * within the input-loss threshold); black is always there and always delivers.
 * <p>
 * A planned switch ({@link #replaceWhenReady}) keeps the current source of that kind on air until
 * the new one has decoded its first frame, then cuts over on that tick and retires the old one.
 * Retired sources are handed to {@code retire} (which closes them off the clock's thread).
 * <p>
 * Recovery hysteresis: a source that was lost goes back on air only once it has delivered
 * frames steadily (no gap over the loss threshold) for {@code recoveryHoldNanos}, so a flapping
 * camera cannot make the output flap. A source that has never been lost (a camera at start, a
 * planned switch) goes on air on its first frame.
 */
public final class SourceCascade {

    /** What the cascade remembers about a source between ticks. */
    private static final class Tracking {
        boolean delivering;
        boolean recovering;
        long steadySinceNanos;
    }

    private final long lossThresholdNanos;
    private final long recoveryHoldNanos;
    private final Consumer<VideoSource> retire;
    private final Map<SourceKind, VideoSource> active = new EnumMap<>(SourceKind.class);
    private final Map<SourceKind, VideoSource> pending = new EnumMap<>(SourceKind.class);
    private final Map<VideoSource, Tracking> tracking = new IdentityHashMap<>();

    public SourceCascade(long lossThresholdNanos, VideoSource black, Consumer<VideoSource> retire) {
        this(lossThresholdNanos, 0, black, retire);
    }

    public SourceCascade(long lossThresholdNanos, long recoveryHoldNanos, VideoSource black, Consumer<VideoSource> retire) {
        if (black.kind() != SourceKind.BLACK) {
            throw new IllegalArgumentException("the cascade ends in black");
        }
        this.lossThresholdNanos = lossThresholdNanos;
        this.recoveryHoldNanos = recoveryHoldNanos;
        this.retire = retire;
        active.put(SourceKind.BLACK, black);
    }

    /** Picks the source on air at {@code nowNanos}, promoting planned switches that are ready. */
    public synchronized VideoSource select(long nowNanos) {
        if (!pending.isEmpty()) {
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().lastFrame() != null) {
                    retireQuietly(active.put(e.getKey(), e.getValue()));
                    it.remove();
                }
            }
        }
        for (SourceKind kind : SourceKind.values()) {
            VideoSource s = active.get(kind);
            if (s != null && eligible(s, nowNanos)) {
                return s;
            }
        }
        return active.get(SourceKind.BLACK);
    }

    private boolean eligible(VideoSource s, long now) {
        Tracking t = tracking.computeIfAbsent(s, k -> new Tracking());
        if (!s.isDelivering(now, lossThresholdNanos)) {
            if (t.delivering) {
                t.recovering = recoveryHoldNanos > 0;
            }
            t.delivering = false;
            return false;
        }
        if (!t.delivering) {
            t.delivering = true;
            t.steadySinceNanos = now;
        }
        if (t.recovering && now - t.steadySinceNanos < recoveryHoldNanos) {
            return false;
        }
        t.recovering = false;
        return true;
    }

    /**
     * Whether a source that was lost delivers again but has not yet for the hold time (while it is
     * still lost, it is not recovering: the health message must say it is down, not coming back).
     */
    public synchronized boolean isRecovering(VideoSource s) {
        Tracking t = tracking.get(s);
        return t != null && t.recovering && t.delivering;
    }

    /** Puts a source in its rung at once, retiring the one it replaces. */
    public synchronized void replace(VideoSource source) {
        retireQuietly(pending.remove(source.kind()));
        retireQuietly(active.put(source.kind(), source));
    }

    /**
     * A planned switch: the new source goes on air in its rung on its first decoded frame; until
     * then the current one (if any) stays. A rung with nothing in it takes the source at once.
     */
    public synchronized void replaceWhenReady(VideoSource source) {
        if (!active.containsKey(source.kind())) {
            replace(source);
            return;
        }
        retireQuietly(pending.put(source.kind(), source));
    }

    /** Empties a rung (never black). */
    public synchronized void clear(SourceKind kind) {
        if (kind == SourceKind.BLACK) {
            throw new IllegalArgumentException("black cannot be removed");
        }
        retireQuietly(pending.remove(kind));
        retireQuietly(active.remove(kind));
    }

    public synchronized VideoSource get(SourceKind kind) {
        return active.get(kind);
    }

    /** Every source, pending ones included, for status and shutdown. */
    public synchronized List<VideoSource> all() {
        List<VideoSource> all = new ArrayList<>(active.values());
        all.addAll(pending.values());
        return all;
    }

    public long lossThresholdNanos() {
        return lossThresholdNanos;
    }

    private void retireQuietly(VideoSource s) {
        if (s != null) {
            tracking.remove(s);
            retire.accept(s);
        }
    }
}
