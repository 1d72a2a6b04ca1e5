package io.voicebroadcast.voice.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the node every heartbeat on a thread of its own, so a broker that is away or slow
 * never touches a broadcast: a failed announcement is logged once per outage and never retried
 * (the next heartbeat says it all again, and nothing is buffered). At shutdown the node says
 * {@link NodeState#DRAINING} first (before its broadcasts stop), then {@link NodeState#LEAVING}.
 */
public final class NodeAnnouncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeAnnouncer.class);

    private final String nodeId;
    private final String advertisedUrl;
    private final String version;
    private final Supplier<NodeLoad> load;
    private final Runnable drain;
    private final AnnouncementSink sink;
    private final Clock clock;
    private final Duration heartbeat;
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-announcer");
        t.setDaemon(true);
        return t;
    });
    /** Announcer thread only (and the shutdown's last words, after it has stopped). */
    private boolean failing;
    private volatile boolean leaving;

    public NodeAnnouncer(String nodeId, String advertisedUrl, String version, Supplier<NodeLoad> load, Runnable drain,
                         AnnouncementSink sink, Clock clock, Duration heartbeat) {
        this.nodeId = nodeId;
        this.advertisedUrl = advertisedUrl;
        this.version = version;
        this.load = load;
        this.drain = drain;
        this.sink = sink;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    public void start() {
        log.info("node {} announces itself ({}) every {} ms to {}", nodeId, advertisedUrl, heartbeat.toMillis(), sink.describe());
        thread.scheduleWithFixedDelay(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The heartbeat's announcement as it would go now. */
    public NodeAnnouncement current() {
        return current(null);
    }

    private NodeAnnouncement current(NodeState forced) {
        NodeLoad now = load.get();
        NodeState state = forced != null ? forced : now.draining() ? NodeState.DRAINING : NodeState.ACTIVE;
        return new NodeAnnouncement(nodeId, advertisedUrl, version, state, now.maxStreams(), now.activeStreams(),
                now.cpuHeadroom(), now.rooms(), sequence.incrementAndGet(), clock.instant());
    }

    /** Takes no new broadcast from now on, and says so at once (shutdown's first step, or asked for). */
    public void announceDraining() {
        drain.run();
        runOnThread(() -> send(current(NodeState.DRAINING)));
    }

    /** Shutdown, last step (its broadcasts have stopped): the heartbeat ends with one last word. */
    public void announceLeaving() {
        leaving = true;
        runOnThread(() -> send(current(NodeState.LEAVING)));
        close();
    }

    private void beat() {
        if (!leaving) {
            send(current());
        }
    }

    private void send(NodeAnnouncement a) {
        try {
            sink.send(a);
            if (failing) {
                failing = false;
                log.info("node {}: announcements reach {} again", nodeId, sink.describe());
            }
        } catch (Exception e) {
            if (!failing) {
                failing = true;
                log.warn("node {}: cannot announce to {} ({}); broadcasts go on, announcements resume when it is back",
                        nodeId, sink.describe(), e.getMessage());
            }
        }
    }

    /** Runs on the announcer's thread and waits a bounded time (a blocked broker must not hold the shutdown). */
    private void runOnThread(Runnable task) {
        try {
            thread.submit(task).get(heartbeat.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("node {}: announcement not sent in time: {}", nodeId, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
