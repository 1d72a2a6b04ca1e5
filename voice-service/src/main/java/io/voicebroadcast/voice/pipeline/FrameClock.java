package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.audio.AudioFormat;
import io.voicebroadcast.voice.audio.AudioLevel;
import io.voicebroadcast.voice.audio.AudioSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of a room's broadcast: one monotonic clock that, every 1/fps s, writes one video
 * frame (the newest frame of the source the cascade puts on air, or that source's last frame
 * again) and, every 20 ms, one chunk of room audio (silence when none arrived). Ticks are counted
 * from the start, so a late wake-up catches up instead of drifting: the encoder receives exactly
 * fps frames and 50 audio chunks per second of wall time, and audio and video cannot drift apart.
 * It only passes references: a source's frame is valid for the tick it is polled in (sources
 * reuse their buffers), so the output copies what it keeps, and its writers run on their own
 * threads. A preview asks for a copy of the next frame it writes ({@link #copyNextFrame}): the
 * copy is made on the clock's thread during that tick, while the frame is valid, once per request.
 */
public final class FrameClock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FrameClock.class);
    /**
     * Room audio at or below this level (RMS of a 20 ms chunk, dBFS) is silence: below any voice,
     * above the dither of a muted microphone.
     */
    public static final double SILENCE_DBFS = -60.0;

    /** Where the clock's frames and chunks go; implementations must not block. */
    public interface Output {
        /** {@code frame} is only valid during the call: copy what must outlive it. */
        void video(byte[] frame);

        void audio(short[] chunk);
    }

    /** Told on the clock's thread when what is on air changes; must not block. */
    public interface OnAirListener {
        void onAirChanged(VideoSource previous, VideoSource current);
    }

    private final String room;
    private final VideoFormat format;
    private final SourceCascade cascade;
    private final AudioSource audio;
    private final Output output;
    private final LongSupplier nanoTime;
    private final OnAirListener listener;
    private final AtomicLong videoTicks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
    private final AtomicLong audioChunksWithSound = new AtomicLong();
    private final short[] chunk = new short[AudioFormat.CHUNK_VALUES];
    private final byte[] black;
    /** A copy of the next frame someone waits for, or null (the clock only reads it each tick). */
    private final AtomicReference<FrameCopy> copyRequest = new AtomicReference<>();
    private volatile VideoSource onAir;
    private volatile long lastAudioNanos;
    private volatile long lastSoundNanos;
    private volatile boolean running;
    private Thread thread;

    public FrameClock(String room, VideoFormat format, SourceCascade cascade, AudioSource audio, Output output,
                      LongSupplier nanoTime, OnAirListener listener) {
        this.room = room;
        this.format = format;
        this.cascade = cascade;
        this.audio = audio;
        this.output = output;
        this.nanoTime = nanoTime;
        this.listener = listener;
        this.black = StillSource.blackFrame(format);
    }

    public synchronized FrameClock start() {
        running = true;
        thread = new Thread(this::run, "frame-clock-" + room);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        long start = nanoTime.getAsLong();
        long frameNanos = format.frameIntervalNanos();
        long videoTick = 0;
        long audioTick = 0;
        while (running) {
            long now = nanoTime.getAsLong();
            long elapsed = now - start;
            try {
                while (audioTick * AudioFormat.CHUNK_NANOS <= elapsed) {
                    if (audio.read(chunk)) {
                        lastAudioNanos = now;
                        audioChunksWithSound.incrementAndGet();
                        if (AudioLevel.rmsDbfs(chunk) > SILENCE_DBFS) {
                            lastSoundNanos = now;
                        }
                    }
                    output.audio(chunk);
                    audioTick++;
                }
                while (videoTick * frameNanos <= elapsed) {
                    if (elapsed - videoTick * frameNanos > frameNanos) {
                        lateTicks.incrementAndGet();
                    }
                    byte[] frame = nextFrame(now);
                    output.video(frame);
                    if (copyRequest.get() != null) {
                        FrameCopy copy = copyRequest.getAndSet(null);
                        if (copy != null) { // not withdrawn meanwhile
                            copy.fill(frame);
                        }
                    }
                    videoTick++;
                    videoTicks.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // A broken source must not stop the broadcast: log and keep ticking.
                log.error("room {} frame clock tick failed; continuing", room, e);
            }
            long nextDue = Math.min(audioTick * AudioFormat.CHUNK_NANOS, videoTick * frameNanos);
            long wait = nextDue - (nanoTime.getAsLong() - start);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private byte[] nextFrame(long now) {
        VideoSource source = cascade.select(now);
        VideoSource previous = onAir;
        if (source != previous) {
            onAir = source;
            listener.onAirChanged(previous, source);
        }
        byte[] frame = source.poll();
        if (frame == null) {
            frame = source.lastFrame();
        }
        // Only a source closed under the clock has neither; its buffers may be reused, so black.
        return frame != null ? frame : black;
    }

    /** A request for the frame of the next tick, filled on the clock's thread. */
    private static final class FrameCopy {
        final byte[] into;
        final CountDownLatch done = new CountDownLatch(1);

        FrameCopy(byte[] into) {
            this.into = into;
        }

        void fill(byte[] frame) {
            System.arraycopy(frame, 0, into, 0, Math.min(frame.length, into.length));
            done.countDown();
        }
    }

    /**
     * Copies the frame the clock writes at its next tick into {@code into} (one frame of the
     * room's format), waiting at most {@code timeoutNanos}. One caller at a time (the preview's
     * cache holds its lock); the clock pays one copy per request.
     *
     * @return false when no tick came in time (the clock is stopped or not started)
     */
    public boolean copyNextFrame(byte[] into, long timeoutNanos) throws InterruptedException {
        if (into.length != format.frameBytes()) {
            throw new IllegalArgumentException("a frame of " + format.size() + " is " + format.frameBytes() + " bytes");
        }
        FrameCopy request = new FrameCopy(into);
        if (!copyRequest.compareAndSet(null, request)) {
            throw new IllegalStateException("room " + room + ": a frame copy is already waiting");
        }
        if (request.done.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
            return true;
        }
        // Withdrawn unless the clock took it just now, in which case it is filled at once.
        return !copyRequest.compareAndSet(request, null) && request.done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The source on air now (null before the first tick). */
    public VideoSource onAir() {
        return onAir;
    }

    public long videoTicks() {
        return videoTicks.get();
    }

    /** Video ticks that ran more than one frame interval after they were due. */
    public long lateTicks() {
        return lateTicks.get();
    }

    /** When room audio last arrived (nanoTime), 0 if never. */
    public long lastAudioNanos() {
        return lastAudioNanos;
    }

    /** When the room's audio was last louder than {@link #SILENCE_DBFS} (nanoTime), 0 if never. */
    public long lastSoundNanos() {
        return lastSoundNanos;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
