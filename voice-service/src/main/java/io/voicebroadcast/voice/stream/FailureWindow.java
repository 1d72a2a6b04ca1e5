package io.voicebroadcast.voice.stream;

import java.util.ArrayDeque;
import java.util.Deque;

/** Counts failures within a sliding window of time: "N failures in W seconds" ends the stream. */
public final class FailureWindow {

    private final int maxFailures;
    private final long windowNanos;
    private final Deque<Long> failures = new ArrayDeque<>();

    public FailureWindow(int maxFailures, long windowNanos) {
        this.maxFailures = maxFailures;
        this.windowNanos = windowNanos;
    }

    /** Records a failure at {@code nowNanos}; true when the limit is reached. */
    public synchronized boolean recordAndCheck(long nowNanos) {
        failures.addLast(nowNanos);
        while (!failures.isEmpty() && nowNanos - failures.peekFirst() > windowNanos) {
            failures.removeFirst();
        }
        return failures.size() >= maxFailures;
    }

    public synchronized int count() {
        return failures.size();
    }
}
