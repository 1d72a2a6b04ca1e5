package io.voicebroadcast.voice.pipeline.flv;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One publisher's share of the {@link Program}: a bounded queue between the encoder's reader
 * (which must never wait) and the thread that writes into the publisher. The publisher gets an
 * FLV stream of its own: the file header, then, from the first keyframe handed on after it
 * started, the program's headers ({@code onMetaData}, the sequence headers) and every tag.
 * <p>
 * A destination that takes data slower than the program makes it (a slow or stalled network)
 * falls behind; once it is more than {@code maxBehind} of media or {@code maxBytes} behind, what
 * is queued is dropped and it goes on from the next keyframe: counted, and never felt by the
 * encoder or the other destinations.
 */
public final class DestinationFeed implements Program.Feed {

    private final Program program;
    private final long maxBehindMs;
    private final long maxBytes;
    private final LongSupplier nanoTime;
    private final ArrayDeque<FlvTag> queue = new ArrayDeque<>();
    // guarded by this
    private long queuedBytes;
    private boolean awaitingKeyframe = true;
    /** The headers for the keyframe this stream starts with; null once written (or before that keyframe). */
    private List<FlvTag> startHeaders;
    private boolean headersWritten;
    private boolean closed;
    private long skips;
    private long lastOfferNanos;
    // the writer's thread only
    private boolean fileHeaderWritten;

    public DestinationFeed(Program program, Duration maxBehind, long maxBytes, LongSupplier nanoTime) {
        this.program = program;
        this.maxBehindMs = maxBehind.toMillis();
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void offer(FlvTag tag) {
        if (closed) {
            return;
        }
        lastOfferNanos = nanoTime.getAsLong();
        if (!awaitingKeyframe && !queue.isEmpty() && (queuedBytes + tag.length() > maxBytes
                || tag.timestamp() - (long) queue.peekFirst().timestamp() > maxBehindMs)) {
            skipToNextKeyframe();
        }
        if (awaitingKeyframe) {
            if (!tag.isKeyframe()) {
                return; // a sequence header among them: the headers go out with the keyframe
            }
            awaitingKeyframe = false;
            if (!headersWritten) {
                // the program's lock is held (it calls offer), so these are the headers of this keyframe's run
                startHeaders = program.headers().at(tag.timestamp());
            }
        }
        queue.addLast(tag);
        queuedBytes += tag.length();
        notifyAll();
    }

    private void skipToNextKeyframe() {
        queue.clear();
        queuedBytes = 0;
        skips++;
        awaitingKeyframe = true;
    }

    /**
     * Writes what is next into the publisher, waiting up to {@code timeout} for it: the FLV file
     * header first of all, the headers before the first keyframe. Called by one thread only.
     *
     * @return false when nothing came within the timeout, or the feed is closed and all it held written
     */
    public boolean writeNext(OutputStream out, Duration timeout) throws IOException, InterruptedException {
        if (!fileHeaderWritten) {
            out.write(FlvReader.FILE_HEADER);
            out.flush();
            fileHeaderWritten = true;
        }
        FlvTag tag;
        List<FlvTag> headers = null;
        synchronized (this) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (queue.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (queue.isEmpty()) {
                return false;
            }
            tag = queue.pollFirst();
            queuedBytes -= tag.length();
            if (!headersWritten) {
                headers = startHeaders;
                startHeaders = null;
                headersWritten = true;
            }
        }
        if (headers != null) {
            for (FlvTag h : headers) {
                h.writeTo(out);
            }
        }
        tag.writeTo(out);
        out.flush();
        return true;
    }

    /** Nothing more is queued; what is queued is still written ({@link #writeNext} says false once it is). */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** How often it fell too far behind and skipped to the next keyframe. */
    public synchronized long skips() {
        return skips;
    }

    /** When the program last handed it a tag (nanoTime), 0 before the first. */
    public synchronized long lastOfferNanos() {
        return lastOfferNanos;
    }

    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Whether it has started: its first keyframe came. */
    public synchronized boolean started() {
        return headersWritten || startHeaders != null;
    }
}
