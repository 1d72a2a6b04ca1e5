package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.ImageLoader;
import io.voicebroadcast.voice.pipeline.MediaInput;
import io.voicebroadcast.voice.pipeline.ScaledSource;
import io.voicebroadcast.voice.pipeline.SourceCascade;
import io.voicebroadcast.voice.pipeline.SourceKind;
import io.voicebroadcast.voice.pipeline.SourceState;
import io.voicebroadcast.voice.pipeline.SourceUnavailableException;
import io.voicebroadcast.voice.pipeline.StillSource;
import io.voicebroadcast.voice.pipeline.StreamSource;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import io.voicebroadcast.voice.pipeline.VideoSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast's sources: the cascade the frame clock reads and the sources in it, made, replaced,
 * paused and closed as a start, an update and what goes on air ask. The camera and the backup
 * stream are decoders ({@link StreamSource}); the image is loaded once into a {@link StillSource};
 * the default video is there whenever no image is; black is the cascade's own last rung.
 */
final class RoomSources {

    private static final Logger log = LoggerFactory.getLogger(RoomSources.class);
    /**
     * A cleared image stays on air until the default video has its first frame, or this long at
     * most (the default video may be missing or broken), so that clearing it never flashes black.
     */
    static final Duration IMAGE_HANDOVER_TIMEOUT = Duration.ofSeconds(5);
    /** How often that handover looks for the default video's first frame: a couple of frame intervals. */
    static final Duration IMAGE_HANDOVER_POLL = Duration.ofMillis(50);

    private final String roomTag;
    private final VideoFormat format;
    private final BroadcastEnvironment env;
    private final UnaryOperator<String> masker;
    private final SourceCascade cascade;
    private volatile String imageProblem;
    private volatile boolean closed;

    /** The sources of a broadcast's whole picture (the single layout). */
    RoomSources(String roomTag, BroadcastEnvironment env, UnaryOperator<String> masker) {
        this(roomTag, env.processes().encoder().format(), env, masker);
    }

    /**
     * @param roomTag what its log lines name: the room, and the slot of a layout
     * @param format  what its sources are decoded to: the room's format, or a layout slot's size
     * @param masker  masks what the sources' processes print (the room's, which changes with updates)
     */
    RoomSources(String roomTag, VideoFormat format, BroadcastEnvironment env, UnaryOperator<String> masker) {
        this.roomTag = roomTag;
        this.format = format;
        this.env = env;
        this.masker = masker;
        this.cascade = new SourceCascade(StillSource.black(format),
                retired -> env.time().executor().execute(retired::close));
    }

    SourceCascade cascade() {
        return cascade;
    }

    /** The sources of a start (nothing is on air yet: the backup decodes at once only under warm standby). */
    void start(MediaInput background, MediaInput fallbackStream, MediaInput image) {
        start(background, fallbackStream, image, false);
    }

    /**
     * As {@link #start(MediaInput, MediaInput, MediaInput)}; {@code bridged}: a layout switch's
     * slot, whose camera may show a running decoder's frames scaled until its own decoder has one.
     */
    void start(MediaInput background, MediaInput fallbackStream, MediaInput image, boolean bridged) {
        if (image != null) {
            setImage(image);
        } else {
            startDefaultVideo();
        }
        if (fallbackStream != null) {
            cascade.replace(backupSource(fallbackStream, SourceKind.BLACK));
        }
        if (background != null) {
            StreamSource camera = streamSource(SourceKind.PRIMARY_STREAM, background);
            VideoSource bridge = bridged ? bridgeTo(background) : null;
            if (bridge != null) {
                cascade.replace(bridge);
                cascade.replaceWhenReady(camera); // on its own first frame, the bridge retires
            } else {
                cascade.replace(camera);
            }
        }
    }

    /**
     * The camera's frames from a decoder the node already runs for it at another size, scaled to
     * this slot's, or null: a layout switch then need not wait for a keyframe of the new decoder.
     */
    private VideoSource bridgeTo(MediaInput camera) {
        if (!camera.live()) {
            return null;
        }
        var pool = env.processes().decoders();
        return pool.decodedSize(camera, StreamSource.checksPicture(SourceKind.PRIMARY_STREAM), format)
                .<VideoSource>map(running -> new ScaledSource(
                        new StreamSource(roomTag, SourceKind.PRIMARY_STREAM, camera, running, pool, masker).start(), running, format))
                .orElse(null);
    }


    /**
     * Starts decoding a new background before it is validated (see the coordinator's update);
     * nothing goes on air until {@link #apply} takes it, and the caller closes it otherwise.
     */
    StreamSource prewarmBackground(MediaInput input) {
        return streamSource(SourceKind.PRIMARY_STREAM, input);
    }

    /** The sources of a validated update; {@code prewarmed}: the new background's source, or null. */
    void apply(UpdatePlan plan, StreamSource prewarmed, SourceKind onAir) {
        plan.background().apply(
                in -> cascade.replaceWhenReady(prewarmed != null ? prewarmed : streamSource(SourceKind.PRIMARY_STREAM, in)),
                () -> cascade.clear(SourceKind.PRIMARY_STREAM));
        logChange("background", plan.background());
        plan.fallbackStream().apply(in -> cascade.replace(backupSource(in, onAir)), () -> cascade.clear(SourceKind.FALLBACK_STREAM));
        logChange("fallback stream", plan.fallbackStream());
        plan.image().apply(this::setImage, () -> {
            imageProblem = null;
            startDefaultVideo();
            clearImageOnceDefaultDelivers(env.time().now() + IMAGE_HANDOVER_TIMEOUT.toNanos());
        });
        logChange("fallback image", plan.image());
    }

    /** What went on air changed: a backup stream decodes only while warm standby (or being on air) needs it. */
    void onAir(SourceKind current) {
        if (cascade.get(SourceKind.FALLBACK_STREAM) instanceof StreamSource backup) {
            boolean decode = StandbyPolicy.decodeBackup(env.cascade().warmStandby(), current);
            if (!decode && !backup.isPaused()) {
                env.time().executor().execute(backup::pause);
            } else if (decode && backup.isPaused()) {
                env.time().executor().execute(backup::resume);
            }
        }
    }

    /** Why a higher source is not on air (masked), or null; for the health facts. */
    String note(long nowNanos, VideoSource onAir) {
        VideoSource primary = cascade.get(SourceKind.PRIMARY_STREAM);
        String note = null;
        if (primary != null && onAir != primary) {
            SourceState state = primary.state(nowNanos);
            note = state instanceof SourceState.Recovering
                    ? "background stream back, holding " + env.processes().decoder().loss().recoveryHold().toMillis()
                            + " ms before it returns"
                    : "background stream not delivering" + (state.problem() == null ? "" : " (" + state.problem() + ")");
        }
        String image = imageProblem;
        if (image != null) {
            note = note == null ? image : note + "; " + image;
        }
        return note;
    }

    /** Every rung that has a source, highest first, with its state at {@code nowNanos}. */
    List<SourceStatus> statuses(long nowNanos, VideoSource onAir) {
        List<SourceStatus> rungs = new ArrayList<>();
        for (SourceKind kind : SourceKind.BY_RANK) {
            VideoSource s = cascade.get(kind);
            if (s != null) {
                rungs.add(new SourceStatus(kind, s.description(), s.state(nowNanos), s == onAir));
            }
        }
        return rungs;
    }

    boolean primaryConfigured() {
        return cascade.get(SourceKind.PRIMARY_STREAM) != null;
    }

    /** Closes every source; none is made after (the default video's late start checks under the same lock). */
    synchronized void close() {
        closed = true;
        cascade.all().forEach(VideoSource::close);
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
                still.set(ImageLoader.load(processes.decoder().ffmpegPath(), image, format,
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
        if (closed || def == null || def.lastFrame() != null || env.time().now() > deadlineNanos) {
            cascade.clear(SourceKind.FALLBACK_IMAGE);
            return;
        }
        env.time().executor().schedule(() -> clearImageOnceDefaultDelivers(deadlineNanos), IMAGE_HANDOVER_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void startDefaultVideo() {
        if (closed || cascade.get(SourceKind.DEFAULT) != null) {
            return;
        }
        env.cascade().defaultVideo().ifPresentOrElse(
                in -> cascade.replace(streamSource(SourceKind.DEFAULT, in)),
                () -> log.info("room {} has no default background video (VOICE_DEFAULT_BACKGROUND_VIDEO missing); black is the last fallback", roomTag));
    }

    private StreamSource backupSource(MediaInput input, SourceKind onAir) {
        StreamSource backup = newStreamSource(SourceKind.FALLBACK_STREAM, input);
        if (!StandbyPolicy.decodeBackup(env.cascade().warmStandby(), onAir)) {
            backup.pause();
        }
        return backup.start();
    }

    private StreamSource streamSource(SourceKind kind, MediaInput input) {
        return newStreamSource(kind, input).start();
    }

    private StreamSource newStreamSource(SourceKind kind, MediaInput input) {
        return new StreamSource(roomTag, kind, input, format, env.processes().decoders(), masker);
    }
}
