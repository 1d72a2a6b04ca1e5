package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.RtpTotals;
import io.voicebroadcast.voice.pipeline.EncoderProcess;
import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.PublisherProcess;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.Stage;
import io.voicebroadcast.voice.pipeline.layout.Layout;
import io.voicebroadcast.voice.pipeline.layout.Rect;
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.VideoSource;
import io.voicebroadcast.voice.pipeline.flv.Program;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.stream.StreamEvents.ChangeReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's broadcast: its sources ({@link RoomSources}), the frame clock, the room audio input,
 * the encoder's {@link EncoderSupervisor} and one {@link DestinationSupervisor} per destination
 * ({@link RoomDestinations}). The encoder encodes once into the room's {@link Program}, which each
 * destination's publisher copies; it is restarted only when it dies, and the publishers stay
 * connected meanwhile. Sources come and go behind the clock; destinations come and go behind the
 * program. The health facts are gathered here, in one place ({@link #facts}); {@link HealthPolicy}
 * alone turns them into a verdict, checked periodically and at every change, and the room is
 * told when it changes.
 */
final class RoomStream implements EncoderSupervisor.Listener, RoomDestinations.Listener {

    /** A destination as a start gives it: the caller's id (or null) and the validated target. */
    record Destination(String id, OutputTarget target) {
    }

    /** A layout on air or planned: what the clock draws and, slot by slot, the sources behind it. */
    private record Arrangement(Layout layout, Stage.Composition composition, List<RoomSources> sources, List<SlotInputs> inputs) {
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

    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);
    /**
     * A layout switch cuts over when every new slot has its first frame, or after this long at most
     * (a slot whose camera does not come shows its fallback meanwhile).
     */
    static final Duration LAYOUT_SWITCH_TIMEOUT = Duration.ofSeconds(5);
    /**
     * What goes on air within this long of an update is told as a manual switch: a new camera's
     * first frame can take seconds to arrive (its decoder starts, then waits for a keyframe).
     */
    static final Duration MANUAL_SWITCH_WINDOW = Duration.ofSeconds(15);

    private final Room room;
    private final BroadcastEnvironment env;
    private final String roomTag;
    private final AudioInput audio;
    private final Stage stage;
    private final FrameClock clock;
    private final BiConsumer<RoomStream, String> onFatal;
    private final UnaryOperator<String> masking;
    private final HealthPolicy healthPolicy;
    private final Program program;
    private final EncoderSupervisor encoder;
    private final RoomDestinations destinations;
    private final RoomPreview preview;
    private volatile UnaryOperator<String> masker;
    private volatile String audioBitrate;
    private volatile Instant startedAt;
    private volatile long startedNanos;
    private volatile Instant onAirSince;
    private volatile long manualSwitchUntilNanos;
    private volatile StreamHealth lastHealth;
    /** The layout on air: its composition, and each slot's sources and inputs. */
    private final AtomicReference<Arrangement> arrangement = new AtomicReference<>();
    /** A layout switch waiting for its slots' first frames, or null. */
    private final AtomicReference<Arrangement> planned = new AtomicReference<>();
    private volatile RoomOverlay overlay = RoomOverlay.NONE;
    private volatile long droppedAtLastCheck;
    private volatile boolean stopped;
    private volatile long lastLayoutSwitchMs = -1;
    private volatile int layoutSwitches;
    private ScheduledFuture<?> healthTask;

    RoomStream(Room room, BroadcastEnvironment env, AudioInput audio, UnaryOperator<String> masker,
               BiConsumer<RoomStream, String> onFatal) {
        this.room = room;
        this.env = env;
        this.roomTag = room.id().toString();
        this.audio = audio;
        this.masker = masker;
        this.onFatal = onFatal;
        this.healthPolicy = new HealthPolicy(env.supervision().stallTimeout());
        VideoFormat format = env.processes().encoder().format();
        UnaryOperator<String> masking = line -> this.masker.apply(line);
        this.program = new Program("room " + roomTag, 1000 / format.fps(), env.time().nanoTime());
        this.encoder = new EncoderSupervisor(roomTag, env.supervision(),
                () -> new EncoderProcess(roomTag, env.processes().encoder().withAudioBitrate(audioBitrate), program.newRun(),
                        masking, env.time().nanoTime()),
                masking, env.time().scheduler(), env.time().nanoTime(), env.reporting().metrics(), this);
        PublisherProcess.Settings publishers = env.destinations().publisher();
        this.destinations = new RoomDestinations(roomTag, env.destinations(),
                (id, target) -> new PublisherProcess(roomTag, id, publishers, target, program, masking, env.time().nanoTime()),
                masking, env.time().scheduler(), env.time().nanoTime(), env.reporting().metrics(), this);
        this.masking = masking;
        this.arrangement.set(arrange(Layout.SINGLE, List.of(SlotInputs.NONE)));
        this.stage = new Stage(arrangement.get().composition());
        this.clock = new FrameClock(roomTag, format, stage, audio, encoder, env.time().nanoTime(), this::onAirChanged);
        this.preview = new RoomPreview(clock, format, env.time().nanoTime());
    }

    /**
     * Puts the room on air with whatever is ready now (and tells so); the camera cuts in on its
     * first frame. Each destination's publisher connects while the encoder starts.
     */
    void start(List<Destination> outputs, String audioBitrate, MediaInput background, MediaInput fallbackStream,
                     MediaInput image) {
        start(outputs, audioBitrate, Layout.SINGLE, List.of(new SlotInputs(background, fallbackStream, image)));
    }

    /** As {@link #start(List, String, MediaInput, MediaInput, MediaInput)}, in a layout: {@code slots} slot 0 first. */
    void start(List<Destination> outputs, String audioBitrate, Layout layout, List<SlotInputs> slots) {
        this.audioBitrate = audioBitrate;
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
        startedNanos = env.time().now();
        startedAt = env.time().clock().instant();
        SourceKind first = arrangement.get().main().cascade().select(startedNanos).kind();
        // told before anything of its destinations is
        env.reporting().events().started(room.id(), first);
        destinations.reserve(outputs.stream().map(Destination::id).toList());
        for (Destination d : outputs) {
            destinations.add(d.id(), d.target());
        }
        clock.start();
        encoder.start();
        long periodMs = env.supervision().healthCheckInterval().toMillis();
        healthTask = env.time().executor().scheduleAtFixedRate(this::checkHealth, periodMs, periodMs, TimeUnit.MILLISECONDS);
        SlotInputs main = slotOf(slots, 0);
        log.info("room {} streaming to {} (layout {}, background {}, fallback stream {}, image {}, audio {})", roomTag,
                outputs.stream().map(d -> d.target().masked()).toList(), layout.kind().apiName(), maskedOrNone(main.background()),
                maskedOrNone(main.fallbackStream()), maskedOrNone(main.image()), audio.describe());
    }

    private static SlotInputs slotOf(List<SlotInputs> slots, int i) {
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
     * Switches to {@code layout} with {@code slots} (slot 0 first; a null slot keeps what the same
     * slot shows now): the new slots' decoders start at their new sizes at once, and the clock cuts
     * over on the tick where each has its first frame; the encoder and its publish sessions are
     * untouched. A switch still waiting is replaced.
     */
    void switchLayout(UnaryOperator<String> newMasker, Layout layout, List<SlotInputs> slots) {
        synchronized (this) {
            if (stopped) {
                throw new StreamNotActiveException("Room " + room.id() + " stopped streaming");
            }
            this.masker = newMasker;
            Arrangement now = arrangement.get();
            List<SlotInputs> inputs = new ArrayList<>();
            for (int i = 0; i < layout.slotCount(); i++) {
                SlotInputs given = i < slots.size() ? slots.get(i) : null;
                inputs.add(given != null ? given : slotOf(now.inputs(), i));
            }
            Arrangement next = arrange(layout, inputs);
            startSlots(next, true);
            manualSwitchUntilNanos = env.time().now() + MANUAL_SWITCH_WINDOW.toNanos();
            planned.set(next);
            long asked = env.time().now();
            log.info("room {} layout {} -> {}: waiting for its slots' first frames", roomTag, now.layout().kind().apiName(),
                    layout.kind().apiName());
            stage.switchTo(next.composition(), asked + LAYOUT_SWITCH_TIMEOUT.toNanos(), replaced -> {
                if (replaced == next.composition()) {
                    retire(next); // replaced by a later switch before it went on air
                    return;
                }
                // the planned arrangement as updates left it (an update reaches both: see apply)
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

    /** Sets the room's overlays: on air from the next frame on. */
    void overlay(RoomOverlay next) {
        VideoFormat format = env.processes().encoder().format();
        stage.overlay(next.mask(format.width(), format.height()));
        overlay = next;
        log.info("room {} overlay: {}", roomTag, next.describe());
    }

    RoomOverlay overlay() {
        return overlay;
    }

    /**
     * Whether a destination could be added now (the cheap checks, before its URL is probed).
     *
     * @throws DestinationConflictException its id or URL is taken, or the broadcast has its maximum
     */
    void checkRoomFor(String id, OutputTarget target) {
        destinations.checkRoomFor(id, target);
    }

    /** @throws DestinationConflictException another destination already publishes to {@code target} */
    void checkFirstCanBe(OutputTarget target) {
        destinations.checkFirstCanBe(target);
    }

    /** Adds a destination; the encoder and the other destinations are untouched. @return its id */
    String addDestination(UnaryOperator<String> newMasker, String id, OutputTarget target) {
        synchronized (this) {
            if (stopped) {
                throw new StreamNotActiveException("Room " + room.id() + " stopped streaming");
            }
            this.masker = newMasker;
        }
        return destinations.add(id, target);
    }

    /** Ends a destination's publish session; the encoder and the other destinations are untouched. */
    void removeDestination(String id) {
        destinations.remove(id);
        reportHealth();
    }

    /**
     * Starts decoding a new background before it is validated (see the coordinator's update);
     * nothing goes on air until {@link #update} takes it, and the caller closes it otherwise.
     */
    StreamSource prewarmBackground(UnaryOperator<String> newMasker, MediaInput input) {
        this.masker = newMasker;
        return arrangement.get().main().prewarmBackground(input);
    }

    /**
     * Applies a validated update. {@code prewarmed}: the new background's source from
     * {@link #prewarmBackground}, or null. A stream stopped meanwhile takes nothing (and leaves no
     * decoder running).
     */
    void update(UnaryOperator<String> newMasker, UpdatePlan plan, StreamSource prewarmed) {
        synchronized (this) {
            if (stopped) {
                if (prewarmed != null) {
                    prewarmed.close();
                }
                throw new StreamNotActiveException("Room " + room.id() + " stopped streaming during the update");
            }
            apply(newMasker, plan, prewarmed);
        }
    }

    private void apply(UnaryOperator<String> newMasker, UpdatePlan plan, StreamSource prewarmed) {
        this.masker = newMasker;
        manualSwitchUntilNanos = env.time().now() + MANUAL_SWITCH_WINDOW.toNanos();
        VideoSource onAir = clock.onAir();
        SourceKind kind = onAir == null ? SourceKind.BLACK : onAir.kind();
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
        if (plan.output() instanceof Change.Set<OutputTarget> next && !destinations.isFirstAt(next.value().location())) {
            destinations.replaceFirst(next.value());
        }
    }

    @Override
    public void encoderChanged() {
        reportHealth();
    }

    @Override
    public void encoderFailed(String maskedReason) {
        onFatal.accept(this, maskedReason);
    }

    @Override
    public void destinationChanged(String id, DestinationState previous, DestinationState now,
                                   DestinationSupervisor.Snapshot figures) {
        if (stopped) {
            return; // the whole broadcast ends: voice.stream_stopped tells it
        }
        DestinationState.Name was = previous instanceof DestinationState.Connecting c && c.attempt() == 0
                && now instanceof DestinationState.Connecting ? null : previous.name();
        String message = now instanceof DestinationState.Reconnecting r ? r.message()
                : now instanceof DestinationState.Failed f ? f.reason() : null;
        var error = now instanceof DestinationState.Reconnecting r ? r.cause()
                : now instanceof DestinationState.Failed f ? f.cause() : null;
        if (was != now.name()) {
            env.reporting().events().destination(room.id(), id, now.name(), was, figures.reconnects(), error, message);
        }
        env.time().executor().execute(this::reportHealth);
    }

    @Override
    public void allFailed(String maskedReason) {
        log.error("room {} stream stops with reason error: {}", roomTag, maskedReason);
        env.time().executor().execute(() -> onFatal.accept(this, maskedReason));
    }

    private void onAirChanged(int slot, VideoSource previous, VideoSource current) {
        long now = env.time().now();
        if (slot == 0) {
            onAirSince = env.time().clock().instant();
        }
        String where = slot == 0 && arrangement.get().layout().isSingle() ? "" : " slot " + slot;
        if (previous == null) {
            log.info("room {} on air{}: {}", roomTag, where, describe(current));
            slotSources(slot).ifPresent(s -> s.onAir(current.kind()));
            return;
        }
        ChangeReason reason;
        if (now < manualSwitchUntilNanos) {
            reason = ChangeReason.MANUAL_SWITCH;
            manualSwitchUntilNanos = 0;
        } else if (current.kind().outranks(previous.kind())) {
            reason = ChangeReason.SOURCE_RECOVERED;
        } else {
            reason = ChangeReason.SOURCE_DISCONNECTED;
        }
        log.info("room {} on air{}: {} (was {}; {})", roomTag, where, describe(current), describe(previous),
                reason.name().toLowerCase());
        env.reporting().events().sourceChanged(room.id(), slot, previous.kind(), current.kind(), reason);
        env.reporting().metrics().sourceSwitched(reason);
        slotSources(slot).ifPresent(s -> s.onAir(current.kind()));
        env.time().executor().execute(this::reportHealth);
    }

    /** The sources of a slot of the layout the clock draws (it tells the slot's changes after its cut-over). */
    private Optional<RoomSources> slotSources(int slot) {
        List<RoomSources> slots = arrangement.get().sources();
        return slot < slots.size() ? Optional.of(slots.get(slot)) : Optional.empty();
    }

    /** The periodic check: a stalled encoder or publisher is killed (and so restarted), and the verdict reported. */
    private void checkHealth() {
        try {
            long now = env.time().now();
            encoder.checkStall(now);
            destinations.check(now);
            reportHealth();
        } catch (RuntimeException ex) {
            log.error("room {} health check failed", roomTag, ex);
        }
    }

    private synchronized void reportHealth() {
        if (stopped) {
            return;
        }
        HealthPolicy.Verdict v = healthPolicy.evaluate(facts(true));
        if (v.health() != lastHealth) {
            log.info("room {} health {} -> {}{}", roomTag, lastHealth == null ? "new" : lastHealth.name().toLowerCase(),
                    v.health().name().toLowerCase(), v.message() == null ? "" : ": " + v.message());
            lastHealth = v.health();
            env.reporting().events().health(room.id(), v.health(), v.message());
        }
    }

    /** Every fact the verdict is decided from, read at one instant. */
    private HealthFacts facts(boolean consumeDrops) {
        long now = env.time().now();
        VideoSource onAir = clock.onAir();
        long dropped = encoder.droppedFrames();
        long newDrops = Math.max(0, dropped - droppedAtLastCheck);
        if (consumeDrops) {
            droppedAtLastCheck = dropped;
        }
        List<HealthFacts.Destination> outputs = destinations.snapshots().stream()
                .map(d -> new HealthFacts.Destination(d.id(), d.state())).toList();
        return new HealthFacts(encoder.state(), encoder.outputStalledMs(now), encoder.slowForMs(now), newDrops,
                onAir == null ? SourceKind.BLACK : onAir.kind(), arrangement.get().main().primaryConfigured(),
                arrangement.get().main().note(now, onAir),
                audio.problem(), outputs);
    }

    StreamStatus status() {
        VideoSource onAir = clock.onAir();
        Instant started = startedAt;
        long now = env.time().now();
        HealthPolicy.Verdict v = healthPolicy.evaluate(facts(false));
        Instant wallNow = env.time().clock().instant();
        List<DestinationStatus> outputs = destinations.snapshots().stream().map(d -> new DestinationStatus(d.id(), d.maskedUrl(),
                d.state().name(), wallNow.minusNanos(Math.max(0, now - d.state().sinceNanos())), d.bytesSent(),
                Math.round(d.bitrateKbps() * 10) / 10.0, d.reconnects(), d.skips(), d.lastErrorKind(), d.lastError())).toList();
        return new StreamStatus(room.id(), true, destinations.firstMasked(),
                onAir == null ? null : onAir.description(), onAir == null ? null : onAir.kind(),
                started, started == null ? null : Duration.between(started, env.time().clock().instant()).toSeconds(),
                v.health(), v.message(), audio.port(), env.processes().videoCodec(), encoder.restarts(),
                round(encoder.fps()), round(encoder.speed()), encoder.lastProblem(),
                audio.isReceiving(now, AudioInput.RECEIVING_WITHIN.toNanos()), onAirSince, audioSilentNanos(now) / 1_000_000_000,
                outputs, arrangement.get().main().statuses(now, onAir), arrangement.get().layout(), slotStatuses(now), overlay.status(),
                lastLayoutSwitchMs < 0 ? null : lastLayoutSwitchMs);
    }

    private List<SlotStatus> slotStatuses(long now) {
        Arrangement a = arrangement.get();
        List<SlotStatus> slots = new ArrayList<>();
        for (int i = 0; i < a.sources().size(); i++) {
            VideoSource onAir = clock.onAir(i);
            if (onAir != null && !a.sources().get(i).cascade().all().contains(onAir)) {
                onAir = null; // the clock has not drawn this layout yet
            }
            slots.add(new SlotStatus(i, a.composition().slots().get(i).rect(), onAir == null ? null : onAir.description(),
                    onAir == null ? null : onAir.kind(), a.sources().get(i).statuses(now, onAir)));
        }
        return slots;
    }

    /** How long the room's audio has been silent at {@code now}: since its last sound, or since the start. */
    long audioSilentNanos(long now) {
        long lastSound = clock.lastSoundNanos();
        return Math.max(0, now - (lastSound == 0 ? startedNanos : lastSound));
    }

    long audioSilentNanos() {
        return audioSilentNanos(env.time().now());
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }

    /** The picture on air as JPEG, at most a second old; empty when there is none yet. */
    Optional<byte[]> preview() throws InterruptedException {
        return preview.jpeg();
    }

    /** The encoder's process id, for operations and tests. */
    long encoderPid() {
        return encoder.pid();
    }

    /** Each destination's publisher process id (-1 between two), by id, for operations and tests. */
    Map<String, Long> publisherPids() {
        return destinations.publisherPids();
    }

    RtpTotals audioTotals() {
        return audio.totals();
    }

    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        if (healthTask != null) {
            healthTask.cancel(false);
        }
        clock.close();
        encoder.stop(); // its last tags reach the publishers, which then end their sessions
        destinations.stopAll();
        arrangement.get().sources().forEach(RoomSources::close);
        Arrangement waiting = planned.get();
        if (waiting != null) {
            waiting.sources().forEach(RoomSources::close);
        }
        audio.close();
        log.info("room {} stream stopped", roomTag);
    }

    Room room() {
        return room;
    }

    private static String kindName(SourceKind kind) {
        return kind.name().toLowerCase();
    }

    private static String describe(VideoSource s) {
        return s.kind() == SourceKind.BLACK ? "black" : kindName(s.kind()) + " " + s.description();
    }

    private static String maskedOrNone(MediaInput in) {
        return in == null ? "none" : in.masked();
    }
}
