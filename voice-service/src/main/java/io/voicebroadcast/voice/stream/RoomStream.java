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
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.VideoSource;
import io.voicebroadcast.voice.pipeline.flv.Program;
import io.voicebroadcast.voice.room.Room;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * program. The health facts are gathered in one place ({@link RoomHealth}); {@link HealthPolicy}
 * alone turns them into a verdict, checked periodically and at every change, and the room is
 * told when it changes.
 */
final class RoomStream implements EncoderSupervisor.Listener, RoomDestinations.Listener {

    /** A destination as a start gives it: the caller's id (or null) and the validated target. */
    record Destination(String id, OutputTarget target) {
    }

    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);
    private final Room room;
    private final BroadcastEnvironment env;
    private final String roomTag;
    private final AudioInput audio;
    private final Stage stage;
    private final FrameClock clock;
    private final BiConsumer<RoomStream, String> onFatal;
    private final UnaryOperator<String> masking;
    private final Program program;
    private final EncoderSupervisor encoder;
    private final RoomDestinations destinations;
    private final RoomPreview preview;
    private final RoomHealth health;
    private final RoomOnAir onAirChanges;
    private volatile UnaryOperator<String> masker;
    private volatile String audioBitrate;
    private volatile Instant startedAt;
    private volatile long startedNanos;
    /** The layout on air and a switch waiting. */
    private final RoomLayouts layouts;
    private volatile RoomOverlay overlay = RoomOverlay.NONE;
    private volatile boolean stopped;
    private ScheduledFuture<?> healthTask;

    RoomStream(Room room, BroadcastEnvironment env, AudioInput audio, UnaryOperator<String> masker,
               BiConsumer<RoomStream, String> onFatal) {
        this.room = room;
        this.env = env;
        this.roomTag = room.id().toString();
        this.audio = audio;
        this.masker = masker;
        this.onFatal = onFatal;
        VideoFormat format = env.processes().encoder().format();
        UnaryOperator<String> masking = line -> this.masker.apply(line);
        this.program = new Program("room " + roomTag, 1000 / format.fps(), env.time().nanoTime());
        SupervisorContext children = new SupervisorContext(roomTag, masking, env.time().scheduler(), env.time().nanoTime(),
                env.reporting().metrics());
        this.encoder = new EncoderSupervisor(children, env.supervision(),
                () -> new EncoderProcess(roomTag, env.processes().encoder().withAudioBitrate(audioBitrate), program.newRun(),
                        masking, env.time().nanoTime()),
                this);
        PublisherProcess.Settings publishers = env.destinations().publisher();
        this.destinations = new RoomDestinations(children, env.destinations(),
                (id, target) -> new PublisherProcess(roomTag, id, publishers, target, program, masking, env.time().nanoTime()),
                this);
        this.masking = masking;
        this.layouts = new RoomLayouts(roomTag, env, masking);
        this.stage = layouts.stage();
        this.onAirChanges = new RoomOnAir(room.id(), env, layouts, this::reportHealth);
        this.clock = new FrameClock(roomTag, format, stage, audio, encoder, env.time().nanoTime(), onAirChanges::changed);
        this.preview = new RoomPreview(clock, format, env.time().nanoTime());
        this.health = new RoomHealth(room.id(), env, clock, encoder, destinations, layouts, audio);
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
        layouts.start(layout, slots);
        startedNanos = env.time().now();
        startedAt = env.time().clock().instant();
        SourceKind first = layouts.main().cascade().select(startedNanos).kind();
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
        SlotInputs main = RoomLayouts.slotOf(slots, 0);
        log.info("room {} streaming to {} (layout {}, background {}, fallback stream {}, image {}, audio {})", roomTag,
                outputs.stream().map(d -> d.target().masked()).toList(), layout.kind().apiName(), maskedOrNone(main.background()),
                maskedOrNone(main.fallbackStream()), maskedOrNone(main.image()), audio.describe());
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
            layouts.switchTo(layout, slots, onAirChanges::manualSwitch);
        }
    }

    /** The layout on air. */
    Layout layout() {
        return layouts.layout();
    }

    /** What each slot of the layout on air is given (slot 0 first). */
    List<SlotInputs> slotInputs() {
        return layouts.slotInputs();
    }

    /** How long the last layout switch took from the call to its cut-over, in ms (-1: none yet). */
    long lastLayoutSwitchMs() {
        return layouts.lastLayoutSwitchMs();
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
        return layouts.main().prewarmBackground(input);
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
        onAirChanges.manualSwitch();
        VideoSource onAir = clock.onAir();
        SourceKind kind = onAir == null ? SourceKind.BLACK : onAir.kind();
        layouts.applyToMain(plan, prewarmed, kind);
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
        health.report();
    }

    StreamStatus status() {
        VideoSource onAir = clock.onAir();
        Instant started = startedAt;
        long now = env.time().now();
        HealthPolicy.Verdict v = health.verdict();
        Instant wallNow = env.time().clock().instant();
        List<DestinationStatus> outputs = destinations.snapshots().stream().map(d -> new DestinationStatus(d.id(), d.maskedUrl(),
                d.state().name(), wallNow.minusNanos(Math.max(0, now - d.state().sinceNanos())), d.bytesSent(),
                Math.round(d.bitrateKbps() * 10) / 10.0, d.reconnects(), d.skips(), d.lastErrorKind(), d.lastError())).toList();
        return new StreamStatus(room.id(), true, destinations.firstMasked(),
                onAir == null ? null : onAir.description(), onAir == null ? null : onAir.kind(),
                started, started == null ? null : Duration.between(started, env.time().clock().instant()).toSeconds(),
                v.health(), v.message(), audio.port(), env.processes().videoCodec(), encoder.restarts(),
                round(encoder.fps()), round(encoder.speed()), encoder.lastProblem(),
                audio.isReceiving(now, AudioInput.RECEIVING_WITHIN.toNanos()), onAirChanges.since(), audioSilentNanos(now) / 1_000_000_000,
                outputs, layouts.main().statuses(now, onAir), layouts.layout(), layouts.slotStatuses(clock, now), overlay.status(),
                layouts.lastLayoutSwitchMs() < 0 ? null : layouts.lastLayoutSwitchMs());
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
        layouts.close();
        audio.close();
        log.info("room {} stream stopped", roomTag);
    }

    Room room() {
        return room;
    }

    private static String maskedOrNone(MediaInput in) {
        return in == null ? "none" : in.masked();
    }
}
