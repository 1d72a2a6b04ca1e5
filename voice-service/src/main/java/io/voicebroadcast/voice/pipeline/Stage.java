package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.OverlayMask;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What the frame clock draws: the layout's slots, each a rectangle of the picture filled by a
 * cascade of its own, and the room's overlays. A layout switch is planned like a camera switch:
 * the new slots' sources start first ({@link #switchTo}), and the clock cuts over to them on the
 * tick where every new slot has a frame of its first choice (or after the switch's timeout, for a
 * camera that never comes), then hands the old composition back to be closed.
 */
public final class Stage {

    /** A rectangle of the picture and the cascade that fills it (its sources are at the rectangle's size). */
    public record Slot(Rect rect, SourceCascade cascade) {
    }

    /** A layout's slots as the clock draws them, slot 0 first (later ones are drawn over earlier ones). */
    public record Composition(Layout layout, List<Slot> slots) {
        public Composition {
            slots = List.copyOf(slots);
            if (slots.size() != layout.slotCount()) {
                throw new IllegalArgumentException(layout.kind() + " has " + layout.slotCount() + " slots, not " + slots.size());
            }
        }
    }

    private record Pending(Composition composition, long deadlineNanos, Consumer<Composition> onCutOver) {
    }

    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private volatile Composition current;
    private volatile OverlayMask overlay;

    public Stage(Composition first) {
        this.current = first;
    }

    /** A single slot over the whole picture: a broadcast as it always was. */
    public static Stage single(VideoFormat format, SourceCascade cascade) {
        return new Stage(new Composition(Layout.SINGLE, List.of(new Slot(new Rect(0, 0, format.width(), format.height()), cascade))));
    }

    /**
     * Plans a switch to {@code next}: on air once each of its slots has a frame of its first choice,
     * or at {@code deadlineNanos} at the latest. {@code onCutOver} gets the composition it replaced
     * (on the clock's thread: it must not block). A switch still pending is replaced, and handed to
     * {@code onCutOver} of its own at once, as never on air.
     */
    public void switchTo(Composition next, long deadlineNanos, Consumer<Composition> onCutOver) {
        Pending was = pending.getAndSet(new Pending(next, deadlineNanos, onCutOver));
        if (was != null) {
            was.onCutOver().accept(was.composition());
        }
    }

    /** The composition to draw at {@code nowNanos}, cutting over to a planned one that is ready. */
    Composition select(long nowNanos) {
        Pending p = pending.get();
        if (p != null && (nowNanos - p.deadlineNanos() >= 0 || ready(p.composition())) && pending.compareAndSet(p, null)) {
            Composition old = current;
            current = p.composition();
            p.onCutOver().accept(old);
        }
        return current;
    }

    private static boolean ready(Composition c) {
        for (Slot s : c.slots()) {
            if (!s.cascade().firstChoiceHasFrame()) {
                return false;
            }
        }
        return true;
    }

    /** The composition on air now. */
    public Composition current() {
        return current;
    }

    /** The planned composition not yet on air, or null. */
    public Composition pending() {
        Pending p = pending.get();
        return p == null ? null : p.composition();
    }

    /** The overlays blended into every frame from the next tick on; null: none. */
    public void overlay(OverlayMask mask) {
        this.overlay = mask;
    }

    public OverlayMask overlay() {
        return overlay;
    }
}
