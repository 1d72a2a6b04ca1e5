package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.retry.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream or video-file source: one decoder process at a time normalising the input to raw
 * frames on its stdout, read on a thread of its own into a short queue. When the decoder ends
 * (camera gone, read timeout, bad data), it is started again after an exponential backoff
 * until the source is closed. The frame clock only polls; nothing here ever blocks it. The
 * {@link FrameQueue} between the two reuses the frame buffers and keeps the video delay from
 * creeping up.
 * <p>
 * Its {@link SourceState} is kept by a {@link SourceLiveness} under the room's {@link LossRule}:
 * lost after the threshold without a frame, back after the recovery hold.
 * <p>
 * A live source (a camera or the backup stream) also has its picture checked on the reader
 * thread ({@link PictureCheck}): one that shows a black (or, if enabled, frozen) picture for the
 * threshold is Lost, exactly as if its frames had stopped, while its decoder keeps running, so it
 * is back as soon as its picture is (after the recovery hold).
 */
public final class StreamSource implements VideoSource {

    private static final Logger log = LoggerFactory.getLogger(StreamSource.class);
    private static final int QUEUE_FRAMES = 3;
    /** A Linux pipe's default capacity. */
    static final int PIPE_CHUNK = 64 * 1024;

    /** What every decoder of a room shares: how it runs, and when what it delivers counts as lost. */
    public record DecoderSettings(String ffmpegPath, VideoFormat format, Duration rwTimeout, Duration stopTimeout,
                                  PictureCheck.Settings pictureCheck, LossRule loss) {
    }

    private final String room;
    private final SourceKind kind;
    private final MediaInput input;
    private final DecoderSettings settings;
    private final UnaryOperator<String> masker;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final LongSupplier nanoTime;

    private final FrameQueue queue;
    private final PictureCheck picture;
    private final SourceLiveness liveness;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong decoderStarts = new AtomicLong();
    private volatile ChildProcess decoder;
    /** What the log last said of the picture, so that it says each change once (the state reads the check itself). */
    private volatile PictureCheck.Loss loggedPictureLoss;

    public StreamSource(String room, SourceKind kind, MediaInput input, DecoderSettings settings,
                        UnaryOperator<String> masker, ScheduledExecutorService scheduler, Backoff backoff,
                        LongSupplier nanoTime) {
        this.room = room;
        this.kind = kind;
        this.input = input;
        this.settings = settings;
        this.masker = masker;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.queue = new FrameQueue(QUEUE_FRAMES, settings.format().fps());
        this.liveness = new SourceLiveness(settings.loss());
        this.picture = checksPicture(kind) && settings.pictureCheck().enabled()
                ? new PictureCheck(settings.format(), settings.pictureCheck()) : null;
    }

    /**
     * Cameras and the backup stream show what a game shows, loading and crash screens included.
     * The default video is the operator's own asset and the last rung before black: checking it
     * could only replace a dark video with black.
     */
    static boolean checksPicture(SourceKind kind) {
        return kind == SourceKind.PRIMARY_STREAM || kind == SourceKind.FALLBACK_STREAM;
    }

    public StreamSource start() {
        launch();
        return this;
    }

    /**
     * Stops decoding without closing (a backup stream when warm standby is off); {@link #resume()}
     * starts it again.
     */
    public void pause() {
        ChildProcess child;
        synchronized (this) {
            if (!liveness.pause()) {
                return;
            }
            child = decoder;
            decoder = null;
        }
        if (child != null) {
            child.kill(); // a decoder has nothing to finalise, and SIGTERM does not end one blocked on a stalled camera
        }
        queue.clear(); // frames from before the pause must not go on air when the backup resumes
        if (picture != null) {
            picture.reset();
            loggedPictureLoss = null;
        }
        log.info("room {} {} paused (standby)", room, kindName());
    }

    public void resume() {
        synchronized (this) {
            if (!liveness.resume()) {
                return;
            }
        }
        backoff.reset();
        launch();
    }

    public boolean isPaused() {
        return liveness.isPaused();
    }

    private synchronized void launch() {
        if (!liveness.decodes()) {
            return;
        }
        Opening opening;
        try {
            opening = input.open();
        } catch (EgressException e) {
            // the name now leads somewhere the policy refuses (or nowhere): no process, try again later
            retryLater(e.getMessage());
            return;
        }
        var argv = DecoderArgs.build(settings.ffmpegPath(), input, opening, settings.format(), settings.rwTimeout().toMillis());
        try {
            ChildProcess child = ChildProcess.start("decoder-" + kind.name().toLowerCase() + "-" + room, argv, masker,
                    // Joining a live stream mid-GOP prints harmless decode errors; the tail goes into
                    // the "lost" warning when the decoder really ends.
                    line -> log.debug("room {} {} decoder: {}", room, kindName(), line));
            decoder = child;
            decoderStarts.incrementAndGet();
            log.info("room {} {} decoder started (pid {}) for {}", room, kindName(), child.pid(), input.masked());
            Thread reader = new Thread(() -> read(child), child.name() + "-frames");
            reader.setDaemon(true);
            reader.start();
            child.onExit().thenRun(() -> onDecoderExit(child));
        } catch (IOException e) {
            retryLater("cannot start decoder: " + masker.apply(e.getMessage()));
        }
    }

    private void read(ChildProcess child) {
        int size = settings.format().frameBytes();
        try (InputStream in = child.stdout()) {
            while (!liveness.isClosed()) {
                byte[] frame = queue.buffer(size);
                if (!readFully(in, frame)) {
                    return;
                }
                offer(frame);
            }
        } catch (IOException e) {
            // the decoder ended; onDecoderExit decides what next
        }
    }

    /**
     * Reads in pipe-sized pieces: the JDK copies a read through a native buffer of the size asked
     * for, and one of 1.4 MB per call (a pipe gives 64 KiB at a time) costs a large allocation
     * per call for nothing.
     */
    private static boolean readFully(InputStream in, byte[] frame) throws IOException {
        int off = 0;
        while (off < frame.length) {
            int n = in.read(frame, off, Math.min(PIPE_CHUNK, frame.length - off));
            if (n < 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    /** A decoded frame arrived (package-private: tests feed frames without a decoder). */
    void offer(byte[] frame) {
        long now = nanoTime.getAsLong();
        boolean pictureWasLost = false;
        if (picture != null) {
            pictureWasLost = picture.loss(now) != null;
            // Measured before the clock can see the frame; the reader fills the next buffer only after.
            picture.measure(frame, now);
            notePictureChange(picture.loss(now));
        }
        queue.offer(frame);
        frames.incrementAndGet();
        if (liveness.frame(now, pictureWasLost)) {
            backoff.reset();
        }
    }

    /** Logs once when the picture makes the source lost and once when it is back. */
    private void notePictureChange(PictureCheck.Loss loss) {
        PictureCheck.Loss was = loggedPictureLoss;
        if (loss == was) {
            return;
        }
        loggedPictureLoss = loss;
        if (loss != null) {
            Duration threshold = loss == PictureCheck.Loss.BLACK ? settings.pictureCheck().blackThreshold()
                    : settings.pictureCheck().frozenThreshold();
            log.warn("room {} {} lost: {} for {} ms (its decoder keeps running)", room, kindName(), loss.description(),
                    threshold.toMillis());
        } else {
            log.info("room {} {} picture is back (was: {})", room, kindName(), was.description());
        }
    }

    private void onDecoderExit(ChildProcess child) {
        if (!liveness.decodes() || child != decoder) {
            return;
        }
        String last = child.lastLine();
        retryLater("decoder exited with code " + child.exitValueOr(-1) + (last.isEmpty() ? "" : ": " + last));
    }

    private void retryLater(String problem) {
        liveness.failed(problem);
        if (!liveness.decodes()) {
            return;
        }
        Duration delay = backoff.next();
        log.warn("room {} {} lost ({}); reconnecting in {} ms", room, kindName(), problem, delay.toMillis());
        scheduler.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String kindName() {
        return kind.name().toLowerCase();
    }

    @Override
    public SourceKind kind() {
        return kind;
    }

    @Override
    public String description() {
        return input.masked();
    }

    public MediaInput input() {
        return input;
    }

    /** Valid until the next poll that returns a frame (see {@link FrameQueue}). */
    @Override
    public byte[] poll() {
        return queue.poll();
    }

    @Override
    public byte[] lastFrame() {
        return queue.newest();
    }

    /** Lost without a frame for the threshold, or for a picture black (frozen) for its own threshold. */
    @Override
    public SourceState state(long nowNanos) {
        return liveness.state(nowNanos, picture == null ? null : picture.lost(nowNanos));
    }

    public long frames() {
        return frames.get();
    }

    public long decoderStarts() {
        return decoderStarts.get();
    }

    @Override
    public void close() {
        ChildProcess child;
        synchronized (this) {
            liveness.close();
            child = decoder;
        }
        if (child != null) {
            child.kill(); // a decoder has nothing to finalise, and SIGTERM does not end one blocked on a stalled camera
            log.info("room {} {} decoder stopped", room, kindName());
        }
        queue.clear();
    }
}
