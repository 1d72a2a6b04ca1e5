package io.voicebroadcast.voice.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.voicebroadcast.voice.retry.Backoff;
import io.voicebroadcast.security.StreamKeyMasker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded FIFO of client events between the broadcasts and an {@link EventPublisher}.
 * <ul>
 *   <li>{@link #offer} never blocks beyond a short lock: the frame clock and request threads call it.</li>
 *   <li>ONE dispatcher thread delivers the events in the order they were offered, so every room's
 *       events keep their order. A failed delivery keeps the event at the head and is retried
 *       after a pause that doubles from {@code retryInitial} to {@code retryMax} (minus up to 20 %
 *       jitter); nothing is lost while the buffer has room.</li>
 *   <li>When {@code capacity} events are already waiting, the oldest waiting one is dropped (the
 *       one being delivered is never dropped: it may already be at the broker). Every drop is
 *       counted ({@code voice.events.dropped}) and reported in a warning with counts.</li>
 * </ul>
 * Delivery is at least once: an event whose confirm timed out is sent again, so consumers
 * de-duplicate on {@code event_id}.
 */
public final class EventOutbox implements AutoCloseable {

    /** How the dispatcher waits between attempts; tests record instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(EventOutbox.class);
    /** Repeated warnings (still failing, still dropping) at most this often; the first one at once. */
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final EventPublisher publisher;
    private final OutboxSettings settings;
    private final Backoff backoff;
    private final Pause pause;
    private final LongSupplier nanoTime;
    private final MeterRegistry registry;
    private final Map<String, Counter> publishedByEvent = new ConcurrentHashMap<>();
    private final Counter droppedCounter;
    private final Counter failureCounter;
    private final Thread dispatcher;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<OutboundEvent> waiting = new ArrayDeque<>();
    private OutboundEvent inFlight;
    private boolean closing;
    private long droppedTotal;
    private long droppedUnreported;
    private long lastDropWarningNanos;
    private boolean dropWarnedOnce;

    // dispatcher thread only
    private int failedAttempts;
    private long firstFailureNanos;
    private long lastFailureWarningNanos;

    public EventOutbox(EventPublisher publisher, OutboxSettings settings, MeterRegistry registry) {
        this(publisher, settings, registry, d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()),
                () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime);
    }

    public EventOutbox(EventPublisher publisher, OutboxSettings settings, MeterRegistry registry, Pause pause,
                       DoubleSupplier jitter, LongSupplier nanoTime) {
        this.publisher = publisher;
        this.settings = settings;
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax(), jitter);
        this.pause = pause;
        this.nanoTime = nanoTime;
        this.registry = registry;
        this.droppedCounter = Counter.builder("voice.events.dropped")
                .description("Client events dropped because the buffer was full (oldest first) or the node was shutting down")
                .register(registry);
        this.failureCounter = Counter.builder("voice.events.publish.failures")
                .description("Failed delivery attempts (broker away, nack, no confirm in time); each is retried")
                .register(registry);
        Gauge.builder("voice.events.buffered", this, EventOutbox::buffered)
                .description("Client events waiting for delivery, the one being delivered included")
                .register(registry);
        // A platform thread, as everywhere in the broadcast engine; daemon so that a missed close cannot hold the JVM.
        this.dispatcher = new Thread(this::dispatch, "voice-events-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    public void start() {
        dispatcher.start();
    }

    /** Queues the event for delivery; never waits for the publisher. */
    public void offer(OutboundEvent event) {
        String warning = null;
        lock.lock();
        try {
            if (closing) {
                droppedTotal++;
                droppedCounter.increment();
                warning = "client event " + event.eventName() + " for room " + event.roomId()
                        + " arrived after shutdown began: not delivered (" + droppedTotal + " dropped in total)";
            } else {
                if (waiting.size() >= settings.capacity()) {
                    waiting.pollFirst();
                    droppedTotal++;
                    droppedUnreported++;
                    droppedCounter.increment();
                    warning = dropWarningIfDue();
                }
                waiting.addLast(event);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (warning != null) {
            log.warn(warning);
        }
    }

    /** Events waiting or being delivered. */
    public int buffered() {
        lock.lock();
        try {
            return waiting.size() + (inFlight == null ? 0 : 1);
        } finally {
            lock.unlock();
        }
    }

    public long dropped() {
        lock.lock();
        try {
            return droppedTotal;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything offered so far is delivered; true if it was within the timeout. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!waiting.isEmpty() || inFlight != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking events, gives the dispatcher {@code drainTimeout} to deliver what is buffered,
     * then stops it and reports what could not be delivered.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (dispatcher.isAlive()) {
                dispatcher.join(Math.max(1, settings.drainTimeout().toMillis()));
            }
            if (dispatcher.isAlive()) {
                dispatcher.interrupt();
                dispatcher.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left;
        long droppedBefore;
        lock.lock();
        try {
            left = waiting.size() + (inFlight == null ? 0 : 1);
            droppedBefore = droppedTotal;
            droppedTotal += left;
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            droppedCounter.increment(left);
            log.warn("{} client events not delivered at shutdown: {} did not take them within {} ms ({} dropped before)",
                    left, publisher.describe(), settings.drainTimeout().toMillis(), droppedBefore);
        }
        reportDrops(true);
    }

    private void dispatch() {
        try {
            publisher.prepare();
        } catch (EventPublishException | RuntimeException e) {
            log.warn("client events: {} not ready yet ({}); events are buffered and delivered once it is",
                    publisher.describe(), reason(e));
        }
        try {
            OutboundEvent next;
            while ((next = take()) != null) {
                deliver(next);
            }
        } catch (InterruptedException e) {
            // close() gave up waiting; it reports what is left
        }
    }

    private OutboundEvent take() throws InterruptedException {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (closing) {
                    return null;
                }
                changed.await();
            }
            inFlight = waiting.pollFirst();
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(OutboundEvent event) throws InterruptedException {
        while (true) {
            try {
                publisher.publish(event);
                delivered(event);
                return;
            } catch (EventPublishException | RuntimeException e) {
                // A publisher bug must not end the dispatcher: it is a failed attempt like any other.
                failed(e);
            }
            pause.sleep(backoff.next());
        }
    }

    /** Counts and reports first, then clears the slot, so that whoever awaits an empty outbox sees it all. */
    private void delivered(OutboundEvent event) {
        publishedByEvent.computeIfAbsent(event.eventName(), name -> Counter.builder("voice.events.published")
                .description("Client events delivered (for RabbitMQ: confirmed by the broker)")
                .tag("event", name)
                .register(registry)).increment();
        if (failedAttempts > 0) {
            log.info("client events: {} takes events again after {} failed attempts over {} ms; {} buffered",
                    publisher.describe(), failedAttempts,
                    TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - firstFailureNanos), buffered() - 1);
            failedAttempts = 0;
            backoff.reset();
        }
        lock.lock();
        try {
            inFlight = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        reportDrops(false);
    }

    private void failed(Exception e) {
        failureCounter.increment();
        long now = nanoTime.getAsLong();
        if (failedAttempts++ == 0) {
            firstFailureNanos = now;
            lastFailureWarningNanos = now;
            log.warn("client events: {} failed ({}); {} buffered, retrying with backoff up to {} ms",
                    publisher.describe(), reason(e), buffered(), settings.retryMax().toMillis());
        } else if (now - lastFailureWarningNanos >= WARNING_INTERVAL.toNanos()) {
            lastFailureWarningNanos = now;
            log.warn("client events: {} still failing after {} attempts over {} ms ({}); {} buffered, {} dropped",
                    publisher.describe(), failedAttempts, TimeUnit.NANOSECONDS.toMillis(now - firstFailureNanos),
                    reason(e), buffered(), dropped());
        } else {
            log.debug("client events: attempt {} failed: {}", failedAttempts, reason(e));
        }
    }

    /** Called under the lock by offer: the first drop warns at once, later ones at most every WARNING_INTERVAL. */
    private String dropWarningIfDue() {
        long now = nanoTime.getAsLong();
        if (dropWarnedOnce && now - lastDropWarningNanos < WARNING_INTERVAL.toNanos()) {
            return null;
        }
        dropWarnedOnce = true;
        lastDropWarningNanos = now;
        String warning = dropWarning();
        droppedUnreported = 0;
        return warning;
    }

    /** Drops not yet in a warning are reported once delivery resumes (and at shutdown), so none is silent. */
    private void reportDrops(boolean force) {
        String warning = null;
        lock.lock();
        try {
            if (droppedUnreported > 0 && (force || waiting.size() < settings.capacity())) {
                lastDropWarningNanos = nanoTime.getAsLong();
                warning = dropWarning();
                droppedUnreported = 0;
            }
        } finally {
            lock.unlock();
        }
        if (warning != null) {
            log.warn(warning);
        }
    }

    private String dropWarning() {
        return "client event buffer full (" + settings.capacity() + " waiting for " + publisher.describe() + "): dropped the "
                + droppedUnreported + " oldest since the last warning, " + droppedTotal + " in total";
    }

    private static String reason(Exception e) {
        Throwable root = e;
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            text.append(": ").append(root.getMessage());
        }
        // Connection errors may echo a broker address; amqp:// URIs can carry credentials.
        return StreamKeyMasker.maskText(text.toString());
    }
}
