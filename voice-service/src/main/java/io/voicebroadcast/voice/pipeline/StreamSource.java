package io.voicebroadcast.voice.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's stream or video-file source: its end of the node's {@link SharedDecoder} for the input
 * (one decoder process per input, whatever the number of rooms that show it, from the
 * {@link DecoderPool}). The decoder's frames arrive in a short queue of this room's own; the frame
 * clock only polls, nothing here ever blocks it. The {@link FrameQueue} between the two reuses the
 * frame buffers and keeps the video delay from creeping up.
 * <p>
 * Its {@link SourceState} is kept by a {@link SourceLiveness} under the room's {@link LossRule}:
 * lost after the threshold without a frame, back after the recovery hold. A live source (a camera
 * or the backup stream) also has its picture checked by the decoder ({@link PictureCheck}, once
 * for every room): one that shows a black (or, if enabled, frozen) picture for the threshold is
 * Lost, exactly as if its frames had stopped, while its decoder keeps running, so it is back as
 * soon as its picture is (after the recovery hold).
 */
public final class StreamSource implements VideoSource, SharedDecoder.Subscriber {

    private static final Logger log = LoggerFactory.getLogger(StreamSource.class);
    private static final int QUEUE_FRAMES = 3;
    /** A Linux pipe's default capacity. */
    static final int PIPE_CHUNK = SharedDecoder.PIPE_CHUNK;

    /** What every decoder of a node shares: how it runs, and when what it delivers counts as lost. */
    public record DecoderSettings(String ffmpegPath, VideoFormat format, Duration rwTimeout, Duration stopTimeout,
                                  PictureCheck.Settings pictureCheck, LossRule loss) {
    }

    private final String room;
    private final SourceKind kind;
    private final MediaInput input;
    private final VideoFormat format;
    private final DecoderPool decoders;
    private final UnaryOperator<String> masker;
    private final LongSupplier nanoTime;
    private final FrameQueue queue;
    private final SourceLiveness liveness;
    private final AtomicLong frames = new AtomicLong();
    private volatile SharedDecoder decoder;

    public StreamSource(String room, SourceKind kind, MediaInput input, DecoderPool decoders, UnaryOperator<String> masker) {
        this(room, kind, input, decoders.settings().format(), decoders, masker);
    }

    /** @param format what its decoder scales to: a layout slot's size at the room's rate */
    public StreamSource(String room, SourceKind kind, MediaInput input, VideoFormat format, DecoderPool decoders,
                        UnaryOperator<String> masker) {
        this.room = room;
        this.kind = kind;
        this.input = input;
        this.format = format;
        this.decoders = decoders;
        this.masker = masker;
        this.nanoTime = decoders.nanoTime();
        this.queue = new FrameQueue(QUEUE_FRAMES, decoders.settings().format().fps());
        this.liveness = new SourceLiveness(decoders.settings().loss());
    }

    /**
     * Cameras and the backup stream show what a game shows, loading and crash screens included.
     * The default video is the operator's own asset and the last rung before black: checking it
     * could only replace a dark video with black.
     */
    public static boolean checksPicture(SourceKind kind) {
        return kind == SourceKind.PRIMARY_STREAM || kind == SourceKind.FALLBACK_STREAM;
    }

    /** Subscribes to the input's decoder (started if no room shows the input yet), unless it is paused. */
    public synchronized StreamSource start() {
        if (liveness.decodes() && decoder == null) {
            decoder = decoders.subscribe(input, format, checksPicture(kind), masker, this);
        }
        return this;
    }

    /**
     * Stops taking frames without closing (a backup stream when warm standby is off): the decoder
     * goes on while another room shows the input; {@link #resume()} takes its frames again.
     */
    public void pause() {
        SharedDecoder d;
        synchronized (this) {
            if (!liveness.pause()) {
                return;
            }
            d = decoder;
            decoder = null;
        }
        if (d != null) {
            d.unsubscribe(this);
        }
        queue.clear(); // frames from before the pause must not go on air when the backup resumes
        log.info("room {} {} paused (standby)", room, kindName());
    }

    public void resume() {
        synchronized (this) {
            if (!liveness.resume()) {
                return;
            }
        }
        start();
    }

    public boolean isPaused() {
        return liveness.isPaused();
    }

    @Override
    public byte[] buffer(int size) {
        return queue.buffer(size);
    }

    /** A decoded frame arrived (also from tests, through the decoder's test delivery). */
    @Override
    public void frame(byte[] frame, long nowNanos, boolean pictureWasLost) {
        if (liveness.isClosed()) {
            return;
        }
        queue.offer(frame);
        frames.incrementAndGet();
        liveness.frame(nowNanos, pictureWasLost);
    }

    @Override
    public void failed(String maskedProblem) {
        liveness.failed(maskedProblem);
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
        SharedDecoder d = decoder;
        return liveness.state(nowNanos, d == null ? null : d.pictureLost(nowNanos));
    }

    public long frames() {
        return frames.get();
    }

    /** How often its decoder process was started (0 while it has none). */
    public long decoderStarts() {
        SharedDecoder d = decoder;
        return d == null ? 0 : d.starts();
    }

    /** For tests: a frame delivered as if the decoder had read it (to every room that shows the input). */
    void offer(byte[] frame) {
        SharedDecoder d = decoder;
        if (d != null) {
            d.deliver(frame);
        }
    }

    @Override
    public void close() {
        SharedDecoder d;
        synchronized (this) {
            liveness.close();
            d = decoder;
            decoder = null;
        }
        if (d != null) {
            d.unsubscribe(this);
        }
        queue.clear();
    }
}
