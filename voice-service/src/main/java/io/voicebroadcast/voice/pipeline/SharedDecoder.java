package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.retry.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One decoder process for one input, shared by every room of the node that shows that input
 * ({@link DecoderPool}): a race camera under several commentary rooms is decoded once. It
 * normalises the input to the node's raw format, reads each frame once on a thread of its own,
 * checks the picture once ({@link PictureCheck}, for cameras and backup streams) and hands a copy
 * of the frame to every subscriber (each room's {@link StreamSource}, with its own queue and its
 * own loss rule). When the decoder ends it is started again after an exponential backoff while it
 * has subscribers, and every subscriber is told; when its last subscriber goes, it stops.
 */
final class SharedDecoder {

    private static final Logger log = LoggerFactory.getLogger(SharedDecoder.class);
    /** A Linux pipe's default capacity. */
    static final int PIPE_CHUNK = 64 * 1024;

    /** A room's end of it. Called on the decoder's reader thread or the scheduler's: never block. */
    interface Subscriber {
        /** A buffer of the frame's size to copy the next frame into (see {@link FrameQueue#buffer}). */
        byte[] buffer(int size);

        /** A frame arrived at {@code nowNanos}; {@code pictureWasLost}: the picture made the source lost just before. */
        void frame(byte[] frame, long nowNanos, boolean pictureWasLost);

        /** The decoder ended or could not start ({@code maskedProblem}); it is tried again after the backoff. */
        void failed(String maskedProblem);
    }

    private final String name;
    private final MediaInput input;
    private final StreamSource.DecoderSettings settings;
    private final VideoFormat format;
    private final UnaryOperator<String> masker;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final PictureCheck picture;
    private final Runnable onLastGone;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private volatile ChildProcess decoder;
    private volatile boolean stopped;
    /** Why it has no frames now (masked), from its failure to its next frame; guarded by this. */
    private String problem;
    private PictureCheck.Loss loggedPictureLoss; // the reader thread's

    /**
     * @param checkPicture whether its picture is checked (a camera or a backup stream)
     * @param onLastGone   told once when its last subscriber leaves and it has stopped
     */
    SharedDecoder(String name, MediaInput input, StreamSource.DecoderSettings settings, VideoFormat format, boolean checkPicture,
                  UnaryOperator<String> masker, ScheduledExecutorService scheduler, Backoff backoff, LongSupplier nanoTime,
                  Runnable onLastGone) {
        this.name = name;
        this.input = input;
        this.settings = settings;
        this.format = format;
        this.masker = masker;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.onLastGone = onLastGone;
        this.picture = checkPicture && settings.pictureCheck().enabled() ? new PictureCheck(format, settings.pictureCheck()) : null;
    }

    /**
     * Adds a subscriber; the first starts the decoder.
     *
     * @return false when this decoder has stopped already (its last subscriber left): make another
     */
    synchronized boolean subscribe(Subscriber s) {
        if (stopped) {
            return false;
        }
        subscribers.add(s);
        if (problem != null) {
            s.failed(problem); // a room that comes while it is down is told at once, as the others were
        }
        if (subscribers.size() == 1 && decoder == null) {
            launch();
        } else if (subscribers.size() > 1) {
            log.info("{} shared by {} rooms", name, subscribers.size());
        }
        return true;
    }

    /** Removes a subscriber; the last one stops the decoder. */
    void unsubscribe(Subscriber s) {
        ChildProcess child;
        synchronized (this) {
            if (!subscribers.remove(s) || !subscribers.isEmpty()) {
                return;
            }
            stopped = true;
            child = decoder;
            decoder = null;
        }
        if (child != null) {
            child.kill(); // a decoder has nothing to finalise, and SIGTERM does not end one blocked on a stalled camera
            log.info("{} stopped: no room shows it any more", name);
        }
        onLastGone.run();
    }

    private synchronized void launch() {
        if (stopped) {
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
        var argv = DecoderArgs.build(settings.ffmpegPath(), input, opening, format, settings.rwTimeout().toMillis());
        try {
            ChildProcess child = ChildProcess.start(name, argv, masker,
                    // Joining a live stream mid-GOP prints harmless decode errors; the tail goes into
                    // the "lost" warning when the decoder really ends.
                    line -> log.debug("{}: {}", name, line));
            decoder = child;
            starts.incrementAndGet();
            log.info("{} started (pid {}) for {}", name, child.pid(), input.masked());
            Thread reader = new Thread(() -> read(child), name + "-frames");
            reader.setDaemon(true);
            reader.start();
            child.onExit().thenRun(() -> onExit(child));
        } catch (IOException e) {
            retryLater("cannot start decoder: " + masker.apply(e.getMessage()));
        }
    }

    private void read(ChildProcess child) {
        int size = format.frameBytes();
        try (InputStream in = child.stdout()) {
            while (!stopped && decoder == child) {
                List<Subscriber> now = List.copyOf(subscribers);
                if (now.isEmpty()) {
                    return;
                }
                // Read into the first subscriber's own buffer; the others get a copy.
                byte[] frame = now.get(0).buffer(size);
                if (!readFully(in, frame)) {
                    return;
                }
                deliver(frame, now);
            }
        } catch (IOException e) {
            // the decoder ended; onExit decides what next
        }
    }

    /**
     * One frame to every subscriber: measured once, copied to the others before the first gets the
     * frame itself (once it has it, its clock may hand the buffer back for reuse).
     */
    private void deliver(byte[] frame, List<Subscriber> to) {
        long now = nanoTime.getAsLong();
        boolean pictureWasLost = false;
        if (picture != null) {
            pictureWasLost = picture.loss(now) != null;
            picture.measure(frame, now);
            notePictureChange(picture.loss(now));
        }
        synchronized (this) {
            if (problem != null) {
                problem = null;
                backoff.reset();
            }
        }
        frames.incrementAndGet();
        for (int i = 1; i < to.size(); i++) {
            byte[] copy = to.get(i).buffer(frame.length);
            System.arraycopy(frame, 0, copy, 0, frame.length);
            to.get(i).frame(copy, now, pictureWasLost);
        }
        to.get(0).frame(frame, now, pictureWasLost);
    }

    /** For tests: a frame as if the decoder had read it. */
    void deliver(byte[] frame) {
        List<Subscriber> now = List.copyOf(subscribers);
        if (!now.isEmpty()) {
            byte[] own = now.get(0).buffer(frame.length);
            System.arraycopy(frame, 0, own, 0, frame.length);
            deliver(own, now);
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
            log.warn("{} for {} lost: {} for {} ms (its decoder keeps running)", name, input.masked(), loss.description(),
                    threshold.toMillis());
        } else {
            log.info("{} for {}: picture is back (was: {})", name, input.masked(), was.description());
        }
    }

    private void onExit(ChildProcess child) {
        if (stopped || child != decoder) {
            return;
        }
        String last = child.lastLine();
        retryLater("decoder exited with code " + child.exitValueOr(-1) + (last.isEmpty() ? "" : ": " + last));
    }

    private synchronized void retryLater(String problem) {
        if (stopped) {
            return;
        }
        this.problem = problem;
        decoder = null;
        subscribers.forEach(s -> s.failed(problem));
        Duration delay = backoff.next();
        log.warn("{} for {} lost ({}); reconnecting in {} ms", name, input.masked(), problem, delay.toMillis());
        scheduler.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lost for its picture at {@code nowNanos} (since when and why), or null; null when its picture is not checked. */
    SourceState.Lost pictureLost(long nowNanos) {
        return picture == null ? null : picture.lost(nowNanos);
    }

    long starts() {
        return starts.get();
    }

    long frames() {
        return frames.get();
    }

    int subscribers() {
        return subscribers.size();
    }

    /** Its process id, or -1 between two. */
    long pid() {
        ChildProcess c = decoder;
        return c == null ? -1 : c.pid();
    }

    String name() {
        return name;
    }
}
