package io.voicebroadcast.voice.stream;

import io.voicebroadcast.voice.pipeline.FrameClock;
import io.voicebroadcast.voice.pipeline.JpegPreview;
import io.voicebroadcast.voice.pipeline.VideoFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A broadcast's preview: the frame its clock writes, as JPEG, made at most once per
 * {@link #MIN_INTERVAL}; callers within it get the same picture. The frame buffer is allocated on
 * the first request only (a broadcast nobody watches pays nothing).
 */
final class RoomPreview {

    /** At most one picture a second per broadcast, however many watch it. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** How long a request waits for the clock's next tick: a few frame intervals, at least this. */
    private static final Duration MIN_FRAME_WAIT = Duration.ofMillis(200);

    private final FrameClock clock;
    private final VideoFormat format;
    private final LongSupplier nanoTime;
    private JpegPreview jpeg;
    private byte[] frame;
    private byte[] latest;
    private long madeAtNanos;

    RoomPreview(FrameClock clock, VideoFormat format, LongSupplier nanoTime) {
        this.clock = clock;
        this.format = format;
        this.nanoTime = nanoTime;
    }

    /** The picture of at most a second ago; empty when the clock gave no frame in time and there is none yet. */
    synchronized Optional<byte[]> jpeg() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (latest != null && now - madeAtNanos < MIN_INTERVAL.toNanos()) {
            return Optional.of(latest);
        }
        if (frame == null) {
            frame = new byte[format.frameBytes()];
            jpeg = new JpegPreview(format, JpegPreview.DEFAULT_WIDTH);
        }
        long wait = Math.max(MIN_FRAME_WAIT.toNanos(), 3 * format.frameIntervalNanos());
        if (clock.copyNextFrame(frame, wait)) {
            latest = jpeg.encode(frame);
            madeAtNanos = now;
        }
        return Optional.ofNullable(latest);
    }
}
