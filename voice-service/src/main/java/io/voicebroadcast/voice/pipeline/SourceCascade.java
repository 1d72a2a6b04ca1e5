package io.voicebroadcast.voice.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fallback cascade of one room: at most one source per {@link SourceKind}, and the rule that
 * picks what is on air: the highest-ranked source whose {@link SourceState} is Delivering; black is
 * always there and always delivers. Each source decides for itself when it is lost and when it is
 * back ({@link LossRule}); the cascade only reads their states.
 * <p>
 * A source back from a loss is Recovering until it has delivered steadily for the recovery hold.
 * It does not go back above what is on air before that, so a flapping camera cannot make the
 * output flap; but when what is on air is lost, a Recovering source below it takes over at once
 * rather than anything lower (falling back never waits for a hold).
 * <p>
 * A planned switch ({@link #replaceWhenReady}) keeps the current source of that kind on air until
 * the new one has decoded its first frame, then cuts over on that tick and retires the old one.
 * Retired sources are handed to {@code retire} (which closes them off the clock's thread).
 */
public final class SourceCascade {

    private final Consumer<VideoSource> retire;
    private final Map<SourceKind, VideoSource> active = new EnumMap<>(SourceKind.class);
    private final Map<SourceKind, VideoSource> pending = new EnumMap<>(SourceKind.class);
    /** The kind the last {@link #select} put on air. */
    private SourceKind onAir = SourceKind.BLACK;

    public SourceCascade(VideoSource black, Consumer<VideoSource> retire) {
        if (black.kind() != SourceKind.BLACK) {
            throw new IllegalArgumentException("the cascade ends in black");
        }
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
        for (SourceKind kind : SourceKind.BY_RANK) {
            VideoSource s = active.get(kind);
            if (s != null && eligible(kind, s.state(nowNanos))) {
                onAir = kind;
                return s;
            }
        }
        onAir = SourceKind.BLACK;
        return active.get(SourceKind.BLACK);
    }

    private boolean eligible(SourceKind kind, SourceState state) {
        return state instanceof SourceState.Delivering || state instanceof SourceState.Recovering && !kind.outranks(onAir);
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

    /**
     * Whether the highest rung that has a source (black aside) has a frame: a new slot of a layout
     * switch is ready when its camera (or, without one, whatever it shows first) has decoded one,
     * or the source it shows until then (a {@link ScaledSource}) has.
     */
    public synchronized boolean firstChoiceHasFrame() {
        for (SourceKind kind : SourceKind.BY_RANK) {
            VideoSource now = active.get(kind);
            VideoSource next = pending.get(kind);
            if ((now != null || next != null) && kind != SourceKind.BLACK) {
                return now != null && now.lastFrame() != null || next != null && next.lastFrame() != null;
            }
        }
        return true;
    }

    /** Every source, pending ones included, for status and shutdown. */
    public synchronized List<VideoSource> all() {
        List<VideoSource> all = new ArrayList<>(active.values());
        all.addAll(pending.values());
        return all;
    }

    private void retireQuietly(VideoSource s) {
        if (s != null) {
            retire.accept(s);
        }
    }
}
