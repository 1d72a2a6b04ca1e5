package io.voicebroadcast.voice.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A scheduler on a clock the test moves: work runs, in the order it is due, only while the test
 * advances the clock; work to run "now" waits for the next {@link #advance} or {@link #runDue}.
 */
final class ManualScheduler implements Scheduler {

    private record Task(long dueNanos, long order, Runnable body) {
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Task> tasks = new ArrayList<>();
    private long order;

    LongSupplier nanoTime() {
        return now::get;
    }

    long now() {
        return now.get();
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(new Task(now.get(), order++, task));
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        tasks.add(new Task(now.get() + delay.toNanos(), order++, task));
    }

    /** Moves the clock by {@code by}, running each task when its time comes (tasks may add tasks). */
    void advance(Duration by) {
        long target = now.get() + by.toNanos();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.dueNanos() <= target)
                        .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::order)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now.set(Math.max(now.get(), next.dueNanos()));
            }
            next.body().run();
        }
        now.set(target);
    }

    void runDue() {
        advance(Duration.ZERO);
    }

    synchronized int pending() {
        return tasks.size();
    }
}
