package io.voicebroadcast.voice.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EventPublisher} for tests: records what it delivers (and on which thread), fails the
 * next N attempts on request, and can be held shut so that events pile up in the outbox.
 */
final class FakePublisher implements EventPublisher {

    private final List<OutboundEvent> delivered = new ArrayList<>();
    private final List<OutboundEvent> attempts = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean failForever;
    private volatile boolean throwUnchecked;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch firstAttempt = new CountDownLatch(1);

    FakePublisher failNext(int attempts) {
        failNext.set(attempts);
        return this;
    }

    FakePublisher failForever(boolean fail) {
        failForever = fail;
        return this;
    }

    FakePublisher throwUnchecked(boolean value) {
        throwUnchecked = value;
        return this;
    }

    /** Holds every publish until {@link #open()}. */
    FakePublisher hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        gate.countDown();
    }

    void awaitFirstAttempt() throws InterruptedException {
        firstAttempt.await();
    }

    @Override
    public void publish(OutboundEvent event) throws EventPublishException {
        synchronized (this) {
            attempts.add(event);
        }
        firstAttempt.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException("interrupted", e);
        }
        if (failForever || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (throwUnchecked) {
                throw new IllegalStateException("publisher bug");
            }
            throw new EventPublishException("broker away (amqp://guest:secret@broker.example:5672/vhost)");
        }
        synchronized (this) {
            delivered.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    @Override
    public String describe() {
        return "fake publisher";
    }

    synchronized List<OutboundEvent> delivered() {
        return List.copyOf(delivered);
    }

    synchronized List<OutboundEvent> attempts() {
        return List.copyOf(attempts);
    }

    synchronized List<String> threads() {
        return List.copyOf(threads);
    }
}
