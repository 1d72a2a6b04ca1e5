package io.voicebroadcast.voice.pipeline;

import io.voicebroadcast.voice.pipeline.flv.DestinationFeed;
import io.voicebroadcast.voice.pipeline.flv.Program;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg that copies the room's program to one destination ({@code -c copy}: nothing is
 * decoded or encoded). It reads FLV on stdin from its {@link DestinationFeed}, written by a thread
 * of its own, so a destination that takes data slowly only ever slows this thread. It has
 * published once its output has any bytes (FFmpeg opens the output, the RTMP connect and publish,
 * before it writes its header), and it is live once it has written a video frame.
 * <p>
 * It stops by the end of its input, so that FFmpeg ends the publish session as a publisher should;
 * the writer thread closes stdin itself (closing it from another thread would wait behind a write
 * that a stalled destination blocks), and a publisher that does not end in time is terminated.
 */
public final class PublisherProcess implements Publisher {

    /**
     * What every publisher of the node shares.
     *
     * @param maxBehind      how far behind the program (in media time) a destination may fall before it skips to the next keyframe
     * @param maxQueueBytes  the same in bytes
     */
    public record Settings(String ffmpegPath, Duration stopTimeout, Duration maxBehind, long maxQueueBytes) {
    }

    private enum Phase { STARTING, LIVE, STOPPING, EXITED }

    private static final Logger log = LoggerFactory.getLogger(PublisherProcess.class);
    private static final int ERROR_LINES = 20;
    /** The window {@link #bitrateKbps()} is measured over. */
    static final Duration BITRATE_WINDOW = Duration.ofSeconds(5);
    private static final Duration WRITE_POLL = Duration.ofMillis(200);

    private final String room;
    private final String destination;
    private final Settings settings;
    private final OutputTarget output;
    private final Program program;
    private final UnaryOperator<String> masker;
    private final LongSupplier nanoTime;
    private final ProgressParser progressParser = new ProgressParser(this::onProgress);
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final ArrayDeque<String> errorLines = new ArrayDeque<>();
    /** (nanoTime, total bytes) of the last progress reports, newest last, spanning the bitrate window. */
    private final ArrayDeque<long[]> sizes = new ArrayDeque<>();
    private volatile long totalSize;
    private volatile long lastOutputGrowthNanos;
    private volatile DestinationFeed feed;
    private volatile ChildProcess child;
    private Listener listener;

    public PublisherProcess(String room, String destination, Settings settings, OutputTarget output, Program program,
                            UnaryOperator<String> masker, LongSupplier nanoTime) {
        this.room = room;
        this.destination = destination;
        this.settings = settings;
        this.output = output;
        this.program = program;
        this.masker = masker;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void start(Listener l) throws IOException {
        this.listener = l;
        Opening opening = output.open(); // the egress policy's look right before the start
        var argv = PublisherArgs.build(settings.ffmpegPath(), output, opening);
        log.info("room {} destination {} publisher starting: {}", room, destination, masker.apply(String.join(" ", argv)));
        lastOutputGrowthNanos = nanoTime.getAsLong();
        DestinationFeed f = new DestinationFeed(program, settings.maxBehind(), settings.maxQueueBytes(), nanoTime);
        ChildProcess c = ChildProcess.start("publisher-" + room + "-" + destination, argv, masker, this::onStderr);
        feed = f;
        child = c;
        program.attach(f);
        c.onExit().thenRun(() -> {
            program.detach(f);
            f.close();
            if (phase.getAndUpdate(p -> p == Phase.STOPPING ? p : Phase.EXITED) != Phase.STOPPING) {
                log.warn("room {} destination {} publisher exited with code {}: {}", room, destination, c.exitValueOr(-1), lastError());
                l.exited();
            }
        });
        Thread writer = new Thread(() -> write(f, c.stdin()), "publisher-writer-" + room + "-" + destination);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * The writer thread: the feed into FFmpeg's stdin until the feed is closed and all it held is
     * written (a stop lets the last tags out), then the end of input.
     */
    private void write(DestinationFeed f, OutputStream stdin) {
        try {
            while (f.writeNext(stdin, WRITE_POLL) || !f.isClosed()) {
                // next
            }
        } catch (IOException e) {
            // FFmpeg closed its input: it is ending, and its exit says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                stdin.close(); // end of input: FFmpeg flushes and ends the publish session
            } catch (IOException ignored) {
                // it is gone already
            }
        }
    }

    private void onStderr(String line) {
        if (!progressParser.accept(line)) {
            log.warn("room {} destination {} publisher: {}", room, destination, line);
            synchronized (errorLines) {
                if (errorLines.size() == ERROR_LINES) {
                    errorLines.removeFirst();
                }
                errorLines.addLast(line);
            }
        }
    }

    private void onProgress(EncoderProgress p) {
        long now = nanoTime.getAsLong();
        if (p.totalSize() > totalSize) {
            totalSize = p.totalSize();
            lastOutputGrowthNanos = now;
        }
        synchronized (sizes) {
            sizes.addLast(new long[] {now, totalSize});
            while (sizes.size() > 2 && now - sizes.peekFirst()[0] > BITRATE_WINDOW.toNanos()) {
                sizes.removeFirst();
            }
        }
        if (p.frame() > 0 && phase.compareAndSet(Phase.STARTING, Phase.LIVE)) {
            log.info("room {} destination {} live: {}", room, destination, output.masked());
            listener.live();
        }
    }

    @Override
    public boolean hasPublished() {
        return totalSize > 0;
    }

    @Override
    public long bytesSent() {
        return totalSize;
    }

    @Override
    public double bitrateKbps() {
        synchronized (sizes) {
            if (sizes.size() < 2) {
                return 0;
            }
            long[] first = sizes.peekFirst();
            long[] last = sizes.peekLast();
            double seconds = (last[0] - first[0]) / 1e9;
            return seconds <= 0 ? 0 : (last[1] - first[1]) * 8 / 1000.0 / seconds;
        }
    }

    @Override
    public long lastOutputGrowthNanos() {
        return lastOutputGrowthNanos;
    }

    @Override
    public long lastFedNanos() {
        DestinationFeed f = feed;
        return f == null ? 0 : f.lastOfferNanos();
    }

    @Override
    public long skips() {
        DestinationFeed f = feed;
        return f == null ? 0 : f.skips();
    }

    @Override
    public String errorTail() {
        synchronized (errorLines) {
            return String.join("\n", errorLines);
        }
    }

    @Override
    public String lastError() {
        synchronized (errorLines) {
            return errorLines.isEmpty() ? "" : errorLines.peekLast();
        }
    }

    @Override
    public long pid() {
        ChildProcess c = child;
        return c == null ? -1 : c.pid();
    }

    @Override
    public void kill() {
        ChildProcess c = child;
        if (c != null) {
            c.kill();
        }
    }

    @Override
    public void stop() {
        Phase was = phase.getAndSet(Phase.STOPPING);
        DestinationFeed f = feed;
        ChildProcess c = child;
        if (f != null) {
            f.close(); // the writer sees it at once and ends the input
        }
        if (c == null) {
            return;
        }
        if (was != Phase.EXITED && !c.awaitExit(settings.stopTimeout())) {
            c.terminate(settings.stopTimeout());
        }
        log.info("room {} destination {} publisher stopped (exit {})", room, destination, c.exitValueOr(-1));
    }
}
