package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.audio.AudioFormat;
import io.voicebroadcast.voice.audio.AudioLevel;
import io.voicebroadcast.voice.audio.AudioSource;
import io.voicebroadcast.voice.pipeline.layout.Canvas;
import io.voicebroadcast.voice.pipeline.layout.LayoutKind;
import io.voicebroadcast.voice.pipeline.layout.OverlayMask;
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

    /**
     * Told on the clock's thread when what is on air in a slot changes; must not block. After a
     * layout switch each slot's previous source is that of the same slot before, or null.
     */
    public interface SlotListener {
        void onAirChanged(int slot, VideoSource previous, VideoSource current);
    }

    private final String room;
    private final VideoFormat format;
    private final Stage stage;
    private final AudioSource audio;
    private final Output output;
    private final LongSupplier nanoTime;
    private final SlotListener listener;
    private final AtomicLong videoTicks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
    private final AtomicLong audioChunksWithSound = new AtomicLong();
    private final short[] chunk = new short[AudioFormat.CHUNK_VALUES];
    private final byte[] black;
    /** A copy of the next frame someone waits for, or null (the clock only reads it each tick). */
    private final AtomicReference<FrameCopy> copyRequest = new AtomicReference<>();
    /** What each slot of the composition drawn last shows; replaced whole, read by status. */
    private volatile VideoSource[] onAir = new VideoSource[0];
    private Stage.Composition drawn; // the clock thread's
    private final Canvas canvas;
    private final byte[] blended;
    private volatile long lastAudioNanos;
    private volatile long lastSoundNanos;
    private volatile boolean running;
    private Thread thread;

    /** A clock of one cascade over the whole picture (the single layout). */
    public FrameClock(String room, VideoFormat format, SourceCascade cascade, AudioSource audio, Output output,
                      LongSupplier nanoTime, OnAirListener listener) {
        this(room, format, Stage.single(format, cascade), audio, output, nanoTime, (slot, previous, current) -> {
            if (slot == 0) {
                listener.onAirChanged(previous, current);
            }
        });
    }

    public FrameClock(String room, VideoFormat format, Stage stage, AudioSource audio, Output output,
                      LongSupplier nanoTime, SlotListener listener) {
        this.room = room;
        this.format = format;
        this.stage = stage;
        this.canvas = new Canvas(format.width(), format.height());
        this.blended = new byte[format.frameBytes()];
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
        Stage.Composition c = stage.select(now);
        boolean redraw = false;
        if (c != drawn) {
            // a new layout: every slot is drawn afresh, and told what it showed before (or null)
            VideoSource[] before = onAir;
            VideoSource[] fresh = new VideoSource[c.slots().size()];
            for (int i = 0; i < fresh.length && i < before.length; i++) {
                fresh[i] = before[i];
            }
            onAir = fresh;
            drawn = c;
            canvas.clear();
            redraw = true;
        }
        OverlayMask mask = stage.overlay();
        if (c.layout().isSingle()) {
            // one slot over the whole picture: its frames go through as they are, as they always did
            byte[] frame = frameOf(0, c.slots().get(0).cascade().select(now), redraw || mask != null);
            if (frame == null) {
                frame = black;
            }
            if (mask == null) {
                return frame;
            }
            System.arraycopy(frame, 0, blended, 0, blended.length);
            mask.blend(blended);
            return blended;
        }
        boolean overlaps = c.layout().kind() == LayoutKind.PIP;
        boolean drewBelow = false;
        for (int i = 0; i < c.slots().size(); i++) {
            Stage.Slot slot = c.slots().get(i);
            // a slot over one redrawn just now is redrawn too, with its newest frame if no new one came
            byte[] frame = frameOf(i, slot.cascade().select(now), redraw || drewBelow && overlaps);
            if (frame != null && frame.length == slot.rect().width() * slot.rect().height() * 3 / 2) {
                canvas.draw(slot.rect(), frame);
                drewBelow = true;
            }
        }
        if (mask == null) {
            return canvas.frame();
        }
        System.arraycopy(canvas.frame(), 0, blended, 0, blended.length);
        mask.blend(blended);
        return blended;
    }

    /**
     * The frame slot {@code i} shows this tick: its source's new frame, or (when it changed, or
     * {@code again}) its newest; null when there is nothing new to draw.
     */
    private byte[] frameOf(int i, VideoSource source, boolean again) {
        VideoSource[] slots = onAir;
        VideoSource previous = slots[i];
        boolean changed = source != previous;
        if (changed) {
            slots[i] = source;
            listener.onAirChanged(i, previous, source);
        }
        byte[] frame = source.poll();
        if (frame == null && (changed || again || drawn.layout().isSingle())) {
            frame = source.lastFrame();
        }
        return frame;
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

    /** The source on air now in slot 0, the main picture (null before the first tick). */
    public VideoSource onAir() {
        return onAir(0);
    }

    /** The source on air now in {@code slot} (null before the first tick, or when the layout has no such slot). */
    public VideoSource onAir(int slot) {
        VideoSource[] slots = onAir;
        return slot < slots.length ? slots[slot] : null;
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
