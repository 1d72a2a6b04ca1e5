package io.voicebroadcast.gamesession.broadcast;

import io.voicebroadcast.gamesession.fleet.NodeRegistry;
import io.voicebroadcast.gamesession.fleet.VoiceNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the fleet's announcements and the orchestrator: each announcement goes into the
 * {@link NodeRegistry} and is checked for rooms to fence and for broadcasts whose stream stopped
 * on the node by itself (started again); every tick declares the nodes lost
 * that are, and their broadcasts are placed again. The announcements' thread never waits for a
 * voice call: re-placements run on the watch's own thread, fences on another.
 */
public final class NodeWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);

    private final NodeRegistry registry;
    private final BroadcastOrchestrator orchestrator;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node-watch"));
    private final ExecutorService fencing = Executors.newSingleThreadExecutor(r -> daemon(r, "node-fencing"));
    private final Set<BroadcastOrchestrator.Fence> fencesUnderWay = ConcurrentHashMap.newKeySet();

    public NodeWatch(NodeRegistry registry, BroadcastOrchestrator orchestrator) {
        this.registry = registry;
        this.orchestrator = orchestrator;
    }

    /** Checks for lost nodes every {@code tickMs}. */
    public NodeWatch start(long tickMs) {
        watch.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One announcement, on the broker's thread. */
    public void heard(VoiceNode node) {
        NodeRegistry.Heard heard = registry.heard(node);
        switch (heard) {
            case JOINED -> log.info("voice node {} joined the fleet ({}, {} of {} streams, CPU headroom {}, {})", node.nodeId(), node.url(),
                    node.activeStreams(), node.maxStreams(), node.cpuHeadroom(), node.state().name().toLowerCase());
            case RETURNED -> log.warn("voice node {} speaks again after it was declared lost; its rooms placed elsewhere are stopped there",
                    node.nodeId());
            case LEFT -> {
                log.info("voice node {} leaves the fleet", node.nodeId());
                watch.execute(() -> orchestrator.onNodesLost(List.of(node.nodeId()), Replacement.NODE_LEFT));
            }
            case KNOWN -> {
                // the usual heartbeat
            }
        }
        if (heard != NodeRegistry.Heard.LEFT && orchestrator.lacksRunningRooms(node, registry.lossAfter())) {
            watch.execute(() -> orchestrator.onAnnounced(node, registry.lossAfter()));
        }
        if (heard != NodeRegistry.Heard.LEFT) {
            for (BroadcastOrchestrator.Fence f : orchestrator.fencesFor(node)) {
                if (fencesUnderWay.add(f)) {
                    fencing.execute(() -> {
                        try {
                            orchestrator.fence(f);
                        } finally {
                            fencesUnderWay.remove(f);
                        }
                    });
                }
            }
        }
    }

    /** Declares the nodes lost that are, and places their broadcasts again. */
    void tick() {
        try {
            List<VoiceNode> lost = registry.declareLosses();
            if (!lost.isEmpty()) {
                List<String> ids = lost.stream().map(VoiceNode::nodeId).toList();
                log.warn("voice nodes {} silent for {} ms: lost; their broadcasts are placed again", ids, registry.lossAfter().toMillis());
                orchestrator.onNodesLost(ids, Replacement.NODE_LOST);
            }
        } catch (RuntimeException e) {
            log.error("node watch failed", e);
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
        fencing.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
