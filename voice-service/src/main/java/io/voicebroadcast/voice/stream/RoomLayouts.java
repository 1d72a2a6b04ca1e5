package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.Stage;
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.VideoSource;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's layouts: the one on air (what the {@link Stage} draws and, slot by slot, the
 * {@link RoomSources} behind it) and a switch waiting for its slots' first frames. Part of
 * {@link RoomStream}, which serialises the calls that change them.
 */
final class RoomLayouts {

    /** A layout on air or planned: what the clock draws and, slot by slot, the sources behind it. */
    record Arrangement(Layout layout, Stage.Composition composition, List<RoomSources> sources, List<SlotInputs> inputs) {
        RoomSources main() {
            return sources.get(0);
        }

        /** This arrangement with slot 0's inputs after an update (idempotent). */
        Arrangement withMainUpdated(UpdatePlan plan) {
            List<SlotInputs> next = new ArrayList<>(inputs);
            next.set(0, next.get(0).updated(plan));
            return new Arrangement(layout, composition, sources, List.copyOf(next));
        }
    }

    /** Logged as the room's stream, as before these were apart. */
    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);
    /**
     * A layout switch cuts over when every new slot has its first frame, or after this long at most
     * (a slot whose camera does not come shows its fallback meanwhile).
     */
    static final Duration LAYOUT_SWITCH_TIMEOUT = Duration.ofSeconds(5);

    private final String roomTag;
    private final BroadcastEnvironment env;
    private final UnaryOperator<String> masking;
    private final Stage stage;
    /** The layout on air: its composition, and each slot's sources and inputs. */
    private final AtomicReference<Arrangement> arrangement = new AtomicReference<>();
    /** A layout switch waiting for its slots' first frames, or null. */
    private final AtomicReference<Arrangement> planned = new AtomicReference<>();
    private volatile long lastLayoutSwitchMs = -1;
    private volatile int layoutSwitches;

    RoomLayouts(String roomTag, BroadcastEnvironment env, UnaryOperator<String> masking) {
        this.roomTag = roomTag;
        this.env = env;
        this.masking = masking;
        this.arrangement.set(arrange(Layout.SINGLE, List.of(SlotInputs.NONE)));
        this.stage = new Stage(arrangement.get().composition());
    }

    /** What the frame clock draws. */
    Stage stage() {
        return stage;
    }

    /** Starts the first layout's sources; a layout of several slots goes on air at the clock's first tick. */
    void start(Layout layout, List<SlotInputs> slots) {
        if (layout.isSingle()) {
            Arrangement single = arrangement.get();
            arrangement.set(new Arrangement(layout, single.composition(), single.sources(), List.of(slotOf(slots, 0))));
            startSlot(single.main(), slotOf(slots, 0));
        } else {
            Arrangement first = arrange(layout, slots);
            startSlots(first, false);
            Arrangement single = arrangement.getAndSet(first);
            stage.switchTo(first.composition(), env.time().now(), replaced -> retire(single)); // at the first tick
        }
    }

    static SlotInputs slotOf(List<SlotInputs> slots, int i) {
        return i < slots.size() && slots.get(i) != null ? slots.get(i) : SlotInputs.NONE;
    }

    /** A layout's slots, each with sources of its own at its rectangle's size (none started yet). */
    private Arrangement arrange(Layout layout, List<SlotInputs> slots) {
        VideoFormat format = env.processes().encoder().format();
        List<Rect> rects = layout.slots(format.width(), format.height());
        List<RoomSources> sources = new ArrayList<>();
        List<Stage.Slot> drawn = new ArrayList<>();
        List<SlotInputs> inputs = new ArrayList<>();
        for (int i = 0; i < rects.size(); i++) {
            Rect r = rects.get(i);
            RoomSources slot = layout.isSingle() ? new RoomSources(roomTag, env, masking)
                    : new RoomSources(roomTag + " slot " + i, new VideoFormat(r.width(), r.height(), format.fps()), env, masking);
            sources.add(slot);
            drawn.add(new Stage.Slot(r, slot.cascade()));
            inputs.add(slotOf(slots, i));
        }
        return new Arrangement(layout, new Stage.Composition(layout, drawn), List.copyOf(sources), List.copyOf(inputs));
    }

    private static void startSlot(RoomSources sources, SlotInputs in) {
        sources.start(in.background(), in.fallbackStream(), in.image());
    }

    /** {@code bridged}: a layout switch, whose cameras may show their running decoders' frames scaled meanwhile. */
    private static void startSlots(Arrangement a, boolean bridged) {
        for (int i = 0; i < a.sources().size(); i++) {
            SlotInputs in = a.inputs().get(i);
            a.sources().get(i).start(in.background(), in.fallbackStream(), in.image(), bridged);
        }
    }

    /** Closes a layout's sources off the clock's thread. */
    private void retire(Arrangement a) {
        env.time().executor().execute(() -> a.sources().forEach(RoomSources::close));
    }

    /**
     * Switches to {@code layout} with {@code slots} (a null slot keeps what the same slot shows now):
     * the new slots' decoders start at their new sizes at once ({@code started} runs then), and the
     * clock cuts over on the tick where each has its first frame. A switch still waiting is replaced.
     */
    void switchTo(Layout layout, List<SlotInputs> slots, Runnable started) {
        Arrangement now = arrangement.get();
        List<SlotInputs> inputs = new ArrayList<>();
        for (int i = 0; i < layout.slotCount(); i++) {
            SlotInputs given = i < slots.size() ? slots.get(i) : null;
            inputs.add(given != null ? given : slotOf(now.inputs(), i));
        }
        Arrangement next = arrange(layout, inputs);
        startSlots(next, true);
        started.run();
        planned.set(next);
        long asked = env.time().now();
        log.info("room {} layout {} -> {}: waiting for its slots' first frames", roomTag, now.layout().kind().apiName(),
                layout.kind().apiName());
        stage.switchTo(next.composition(), asked + LAYOUT_SWITCH_TIMEOUT.toNanos(), replaced -> {
            if (replaced == next.composition()) {
                retire(next); // replaced by a later switch before it went on air
                return;
            }
            // the planned arrangement as updates left it (an update reaches both: see applyToMain)
            Arrangement latest = planned.get();
            Arrangement goesOnAir = latest != null && latest.composition() == next.composition() ? latest : next;
            planned.compareAndSet(latest, null);
            Arrangement was = arrangement.getAndSet(goesOnAir);
            layoutSwitches++;
            lastLayoutSwitchMs = (env.time().now() - asked) / 1_000_000;
            log.info("room {} layout {} on air after {} ms", roomTag, layout.kind().apiName(), lastLayoutSwitchMs);
            retire(was);
        });
    }

    /** Applies an update's sources to slot 0 of the layout on air and of a switch waiting. */
    void applyToMain(UpdatePlan plan, StreamSource prewarmed, SourceKind kind) {
        // A layout switch waiting for its first frames gets the update too (its slot 0 its own
        // decoder of a new camera), first, so that its cut-over meanwhile cannot lose it.
        Arrangement waiting = planned.get();
        if (waiting != null) {
            waiting.main().apply(plan, null, kind);
            planned.updateAndGet(p -> p != null && p.composition() == waiting.composition() ? p.withMainUpdated(plan) : p);
        }
        Arrangement now = arrangement.get();
        if (waiting == null || now.composition() != waiting.composition()) {
            now.main().apply(plan, prewarmed, kind);
        } else if (prewarmed != null) {
            prewarmed.close(); // the switch went on air meanwhile and took the update
        }
        for (Arrangement a : waiting == null ? List.of(now) : List.of(now, waiting)) {
            arrangement.updateAndGet(c -> c.composition() == a.composition() ? c.withMainUpdated(plan) : c);
        }
    }

    /** Slot 0's sources of the layout on air. */
    RoomSources main() {
        return arrangement.get().main();
    }

    /** The layout on air. */
    Layout layout() {
        return arrangement.get().layout();
    }

    /** What each slot of the layout on air is given (slot 0 first). */
    List<SlotInputs> slotInputs() {
        return arrangement.get().inputs();
    }

    /** How long the last layout switch took from the call to its cut-over, in ms (-1: none yet). */
    long lastLayoutSwitchMs() {
        return lastLayoutSwitchMs;
    }

    /** The sources of a slot of the layout the clock draws (it tells the slot's changes after its cut-over). */
    Optional<RoomSources> slotSources(int slot) {
        List<RoomSources> slots = arrangement.get().sources();
        return slot < slots.size() ? Optional.of(slots.get(slot)) : Optional.empty();
    }

    /** Each slot of the layout on air as the status shows it (slot 0 first). */
    List<SlotStatus> slotStatuses(FrameClock clock, long now) {
        Arrangement a = arrangement.get();
        List<SlotStatus> slots = new ArrayList<>();
        for (int i = 0; i < a.sources().size(); i++) {
            VideoSource onAir = drawn(a, i, clock);
            RoomSources sources = a.sources().get(i);
            slots.add(new SlotStatus(i, a.composition().slots().get(i).rect(), onAir == null ? null : onAir.description(),
                    onAir == null ? null : onAir.kind(), onAir == null ? null : sources.note(now, onAir), sources.statuses(now, onAir)));
        }
        return slots;
    }

    /**
     * The health facts of the slots after slot 0 of the layout on air (none in the single layout);
     * a slot the clock has not drawn yet is left out (it is on air at the next tick).
     */
    List<HealthFacts.Slot> otherSlotFacts(FrameClock clock, long now) {
        Arrangement a = arrangement.get();
        List<HealthFacts.Slot> facts = new ArrayList<>();
        for (int i = 1; i < a.sources().size(); i++) {
            VideoSource onAir = drawn(a, i, clock);
            RoomSources sources = a.sources().get(i);
            if (onAir != null) {
                facts.add(new HealthFacts.Slot(i, onAir.kind(), sources.primaryConfigured(), sources.note(now, onAir)));
            }
        }
        return facts;
    }

    /** What the clock draws in slot {@code i} of {@code a}, or null when it has not drawn that layout yet. */
    private static VideoSource drawn(Arrangement a, int i, FrameClock clock) {
        VideoSource onAir = clock.onAir(i);
        return onAir != null && a.sources().get(i).cascade().all().contains(onAir) ? onAir : null;
    }

    /** Closes the sources of the layout on air and of a switch waiting. */
    void close() {
        arrangement.get().sources().forEach(RoomSources::close);
        Arrangement waiting = planned.get();
        if (waiting != null) {
            waiting.sources().forEach(RoomSources::close);
        }
    }
}
