package io.voicebroadcast.voice.config;

import io.voicebroadcast.voice.events.EventOutbox;
import io.voicebroadcast.voice.fleet.NodeAnnouncer;
import io.voicebroadcast.voice.stream.StreamingCoordinator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The node's shutdown, in the order that loses nothing: a node in a fleet announces that it is
 * draining (no new broadcast comes to it), every broadcast stops (its
 * {@code stream_stopped} event is queued), the node announces that it leaves, then the event outbox drains, and only then may the
 * broker connection go. It has to be a lifecycle phase, not bean destruction: Spring AMQP's
 * connection factory is itself a lifecycle (the last phase) and resets its connection before
 * any bean is destroyed, which nacks the confirms still pending, and a nacked event is sent again.
 * This phase runs after the web server has stopped taking requests and before that reset.
 * The beans' own destroy methods stay as a safety net; both are idempotent.
 */
final class ShutdownSequence implements SmartLifecycle {

    /** After the web server's graceful shutdown and stop (DEFAULT_PHASE - 1024 and - 2048). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ObjectProvider<StreamingCoordinator> coordinator;
    private final EventOutbox outbox;
    private final ObjectProvider<NodeAnnouncer> announcer;
    private volatile boolean running;

    ShutdownSequence(ObjectProvider<StreamingCoordinator> coordinator, EventOutbox outbox, ObjectProvider<NodeAnnouncer> announcer) {
        this.coordinator = coordinator;
        this.outbox = outbox;
        this.announcer = announcer;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        announcer.ifAvailable(NodeAnnouncer::announceDraining);
        coordinator.ifAvailable(StreamingCoordinator::stopAll);
        announcer.ifAvailable(NodeAnnouncer::announceLeaving);
        outbox.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
