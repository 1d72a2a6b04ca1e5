package io.voicebroadcast.voice.stream;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a broadcast's work off the caller's thread, now or after a delay: a supervisor's only way
 * to wait, so that a test can run the work when it moves its clock.
 */
interface Scheduler {

    void execute(Runnable task);

    void schedule(Runnable task, Duration delay);

    static Scheduler of(ScheduledExecutorService executor) {
        return new Scheduler() {
            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public void schedule(Runnable task, Duration delay) {
                executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }
}
