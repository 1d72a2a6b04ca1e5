package io.voicebroadcast.voice.stream;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * A broadcast's time: the monotonic clock everything is measured with, the wall clock the status
 * shows, and the threads that run work later.
 */
public record StreamTime(ScheduledExecutorService executor, LongSupplier nanoTime, Clock clock) {

    long now() {
        return nanoTime.getAsLong();
    }

    Scheduler scheduler() {
        return Scheduler.of(executor);
    }
}
