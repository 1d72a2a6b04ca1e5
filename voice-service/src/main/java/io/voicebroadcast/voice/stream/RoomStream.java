package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.audio.RtpTotals;
import io.voicebroadcast.voice.pipeline.EncoderProcess;
import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.ImageLoader;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.OutputTarget;
import io.voicebroadcast.voice.pipeline.SourceCascade;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.SourceState;
import io.voicebroadcast.voice.pipeline.SourceUnavailableException;
import io.voicebroadcast.voice.pipeline.StillSource;
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.VideoSource;
import io.voicebroadcast.voice.room.Room;
import io.voicebroadcast.voice.stream.StreamEvents.ChangeReason;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's broadcast: the cascade of sources, the frame clock, the room audio input and the
 * encoder's {@link EncoderSupervisor}. The encoder is the only thing that publishes and is
 * restarted only when its destination changes or it dies; sources come and go behind the clock.
 * The health facts are gathered here, in one place ({@link #facts}); {@link HealthPolicy} alone
 * turns them into a verdict, checked periodically and at every change, and the room is told
 * when it changes.
 */
final class RoomStream implements EncoderSupervisor.Listener {

    private static final Logger log = LoggerFactory.getLogger(RoomStream.class);
    /**
     * What goes on air within this long of an update is told as a manual switch: a new camera's
     * first frame can take seconds to arrive (its decoder starts, then waits for a keyframe).
     */
    static final Duration MANUAL_SWITCH_WINDOW = Duration.ofSeconds(15);
    /**
     * A cleared image stays on air until the default video has its first frame, or this long at
     * most (the default video may be missing or broken), so that clearing it never flashes black.
     */
    static final Duration IMAGE_HANDOVER_TIMEOUT = Duration.ofSeconds(5);
    /** How often that handover looks for the default video's first frame: a couple of frame intervals. */
    static final Duration IMAGE_HANDOVER_POLL = Duration.ofMillis(50);

    private final Room room;
    private final BroadcastEnvironment env;
    private final String roomTag;
    private final AudioInput audio;
    private final SourceCascade cascade;
    private final FrameClock clock;
    private final BiConsumer<RoomStream, String> onFatal;
    private final HealthPolicy healthPolicy;
    private final EncoderSupervisor encoder;
    private volatile UnaryOperator<String> masker;
    private volatile String audioBitrate;
    private volatile Instant startedAt;
    private volatile long startedNanos;
    private volatile Instant onAirSince;
    private volatile long manualSwitchUntilNanos;
    private volatile String imageProblem;
    private volatile StreamHealth lastHealth;
    private volatile long droppedAtLastCheck;
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
        this.healthPolicy = new HealthPolicy(env.supervision().stallTimeout());
        this.encoder = new EncoderSupervisor(roomTag, env.supervision(),
                target -> new EncoderProcess(roomTag, env.processes().encoder().withAudioBitrate(audioBitrate), target,
                        line -> this.masker.apply(line), env.time().nanoTime()),
                line -> this.masker.apply(line), env.time().scheduler(), env.time().nanoTime(), env.reporting().metrics(), this);
        VideoFormat format = env.processes().encoder().format();
        this.cascade = new SourceCascade(StillSource.black(format), retired -> env.time().executor().execute(retired::close));
        this.clock = new FrameClock(roomTag, format, cascade, audio, encoder, env.time().nanoTime(), this::onAirChanged);
    }

    /** Puts the room on air with whatever is ready now; the camera cuts in on its first frame. */
    SourceKind start(OutputTarget output, String audioBitrate, MediaInput background, MediaInput fallbackStream, MediaInput image) {
        this.audioBitrate = audioBitrate;
        if (image != null) {
            setImage(image);
        } else {
            startDefaultVideo();
        }
        if (fallbackStream != null) {
            cascade.replace(backupSource(fallbackStream));
        }
        if (background != null) {
            cascade.replace(streamSource(SourceKind.PRIMARY_STREAM, background));
        }
        startedNanos = env.time().now();
        startedAt = env.time().clock().instant();
        SourceKind first = cascade.select(startedNanos).kind();
        clock.start();
        encoder.start(output);
        long periodMs = env.supervision().healthCheckInterval().toMillis();
        healthTask = env.time().executor().scheduleAtFixedRate(this::checkHealth, periodMs, periodMs, TimeUnit.MILLISECONDS);
        log.info("room {} streaming to {} (background {}, fallback stream {}, image {}, audio {})", roomTag,
                output.masked(), maskedOrNone(background), maskedOrNone(fallbackStream), maskedOrNone(image), audio.describe());
        return first;
    }

    /**
     * Starts decoding a new background before it is validated (see the coordinator's update);
     * nothing goes on air until {@link #update} takes it, and the caller closes it otherwise.
     */
    StreamSource prewarmBackground(UnaryOperator<String> newMasker, MediaInput input) {
        this.masker = newMasker;
        return streamSource(SourceKind.PRIMARY_STREAM, input);
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
        plan.background().apply(
                in -> cascade.replaceWhenReady(prewarmed != null ? prewarmed : streamSource(SourceKind.PRIMARY_STREAM, in)),
                () -> cascade.clear(SourceKind.PRIMARY_STREAM));
        logChange("background", plan.background());
        plan.fallbackStream().apply(in -> cascade.replace(backupSource(in)), () -> cascade.clear(SourceKind.FALLBACK_STREAM));
        logChange("fallback stream", plan.fallbackStream());
        plan.image().apply(this::setImage, () -> {
            imageProblem = null;
            startDefaultVideo();
            clearImageOnceDefaultDelivers(env.time().now() + IMAGE_HANDOVER_TIMEOUT.toNanos());
        });
        logChange("fallback image", plan.image());
        if (plan.output() instanceof Change.Set<OutputTarget> next && !next.value().location().equals(encoder.output().location())) {
            encoder.switchOutput(next.value());
        }
    }

    private void logChange(String what, Change<MediaInput> change) {
        if (!change.isKeep()) {
            String now = change.map(MediaInput::masked).applyTo(null);
            log.info("room {} {} -> {}", roomTag, what, now == null ? "none" : now);
        }
    }

    private void setImage(MediaInput image) {
        StillSource still = new StillSource(SourceKind.FALLBACK_IMAGE, image.masked());
        cascade.replaceWhenReady(still);
        env.time().executor().execute(() -> {
            try {
                ProcessSettings processes = env.processes();
                still.set(ImageLoader.load(processes.decoder().ffmpegPath(), image, processes.encoder().format(),
                        processes.imageLoadTimeout(), masker));
                imageProblem = null;
                log.info("room {} fallback image {} loaded", roomTag, image.masked());
            } catch (SourceUnavailableException e) {
                still.fail(e.getMessage());
                imageProblem = "fallback image skipped: " + e.getMessage();
                log.warn("room {} {}", roomTag, imageProblem);
                startDefaultVideo();
            }
        });
    }

    /**
     * The image stays on air until the default video has a frame (or a few seconds pass), so
     * clearing it never flashes black between the two.
     */
    private void clearImageOnceDefaultDelivers(long deadlineNanos) {
        VideoSource def = cascade.get(SourceKind.DEFAULT);
        if (stopped || def == null || def.lastFrame() != null || env.time().now() > deadlineNanos) {
            cascade.clear(SourceKind.FALLBACK_IMAGE);
            return;
        }
        env.time().executor().schedule(() -> clearImageOnceDefaultDelivers(deadlineNanos), IMAGE_HANDOVER_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void startDefaultVideo() {
        if (stopped || cascade.get(SourceKind.DEFAULT) != null) {
            return;
        }
        env.cascade().defaultVideo().ifPresentOrElse(
                in -> cascade.replace(streamSource(SourceKind.DEFAULT, in)),
                () -> log.info("room {} has no default background video (VOICE_DEFAULT_BACKGROUND_VIDEO missing); black is the last fallback", roomTag));
    }

    private StreamSource backupSource(MediaInput input) {
        StreamSource backup = newStreamSource(SourceKind.FALLBACK_STREAM, input);
        VideoSource onAir = clock.onAir();
        if (!StandbyPolicy.decodeBackup(env.cascade().warmStandby(), onAir == null ? SourceKind.BLACK : onAir.kind())) {
            backup.pause();
        }
        return backup.start();
    }

    private StreamSource streamSource(SourceKind kind, MediaInput input) {
        return newStreamSource(kind, input).start();
    }

    private StreamSource newStreamSource(SourceKind kind, MediaInput input) {
        return new StreamSource(roomTag, kind, input, env.processes().decoder(), line -> masker.apply(line), env.time().executor(),
                env.cascade().sourceBackoff().get(), env.time().nanoTime());
    }

    @Override
    public void encoderChanged() {
        reportHealth();
    }

    @Override
    public void encoderFailed(String maskedReason) {
        onFatal.accept(this, maskedReason);
    }

    private void onAirChanged(VideoSource previous, VideoSource current) {
        long now = env.time().now();
        onAirSince = env.time().clock().instant();
        if (previous == null) {
            log.info("room {} on air: {}", roomTag, describe(current));
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
        log.info("room {} on air: {} (was {}; {})", roomTag, describe(current), describe(previous), reason.name().toLowerCase());
        env.reporting().events().sourceChanged(room.id(), previous.kind(), current.kind(), reason);
        env.reporting().metrics().sourceSwitched(reason);
        if (cascade.get(SourceKind.FALLBACK_STREAM) instanceof StreamSource backup) {
            boolean decode = StandbyPolicy.decodeBackup(env.cascade().warmStandby(), current.kind());
            if (!decode && !backup.isPaused()) {
                env.time().executor().execute(backup::pause);
            } else if (decode && backup.isPaused()) {
                env.time().executor().execute(backup::resume);
            }
        }
        env.time().executor().execute(this::reportHealth);
    }

    /** The periodic check: a stalled encoder is killed (and so restarted), and the verdict reported. */
    private void checkHealth() {
        try {
            encoder.checkStall(env.time().now());
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
        VideoSource primary = cascade.get(SourceKind.PRIMARY_STREAM);
        long dropped = encoder.droppedFrames();
        long newDrops = Math.max(0, dropped - droppedAtLastCheck);
        if (consumeDrops) {
            droppedAtLastCheck = dropped;
        }
        String sourceNote = null;
        if (primary != null && onAir != primary) {
            SourceState state = primary.state(now);
            sourceNote = state instanceof SourceState.Recovering
                    ? "background stream back, holding " + env.processes().decoder().loss().recoveryHold().toMillis()
                            + " ms before it returns"
                    : "background stream not delivering" + (state.problem() == null ? "" : " (" + state.problem() + ")");
        }
        if (imageProblem != null) {
            sourceNote = sourceNote == null ? imageProblem : sourceNote + "; " + imageProblem;
        }
        return new HealthFacts(encoder.state(), encoder.outputStalledMs(now), encoder.slowForMs(now), newDrops,
                onAir == null ? SourceKind.BLACK : onAir.kind(), primary != null, sourceNote, audio.problem());
    }

    StreamStatus status() {
        VideoSource onAir = clock.onAir();
        Instant started = startedAt;
        long now = env.time().now();
        HealthPolicy.Verdict v = healthPolicy.evaluate(facts(false));
        return new StreamStatus(room.id(), true, encoder.output().masked(),
                onAir == null ? null : onAir.description(), onAir == null ? null : onAir.kind(),
                started, started == null ? null : Duration.between(started, env.time().clock().instant()).toSeconds(),
                v.health(), v.message(), audio.port(), env.processes().videoCodec(), encoder.restarts(),
                round(encoder.fps()), round(encoder.speed()), encoder.lastProblem(),
                audio.isReceiving(now, AudioInput.RECEIVING_WITHIN.toNanos()), onAirSince, audioSilentNanos(now) / 1_000_000_000);
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

    /** The encoder's process id, for operations and tests. */
    long encoderPid() {
        return encoder.pid();
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
        encoder.stop();
        cascade.all().forEach(VideoSource::close);
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
