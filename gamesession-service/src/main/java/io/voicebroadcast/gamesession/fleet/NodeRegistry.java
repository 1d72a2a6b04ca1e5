package io.voicebroadcast.gamesession.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live fleet as its announcements tell it: each node's last announcement and when it was
 * heard. A node silent for {@code lossAfter} is lost, with two exceptions, because a silence
 * everywhere is the broker's and not the nodes': nothing is declared lost while this service's
 * own broker connection is down (nor until every node has had {@code lossAfter} to be heard
 * again after it came back), nor when every node is silent at once. A node that announces
 * {@link NodeState#LEAVING} leaves at once. Plain Java, thread-safe, time from the injected clock.
 */
public final class NodeRegistry {

    /** What an announcement changed. */
    public enum Heard {
        /** A node not known before. */
        JOINED,
        /** A node declared lost that speaks again (paused, or cut off): its rooms may need fencing. */
        RETURNED,
        KNOWN,
        /** Its last word: it shuts down, its broadcasts have stopped. */
        LEFT
    }

    private final Clock clock;
    private final Duration lossAfter;
    private final Map<String, VoiceNode> live = new HashMap<>();
    private final Set<String> lost = new HashSet<>();
    private boolean brokerConnected = true;
    /** Silences before this instant (broker outage, start-up) are not counted. */
    private Instant countSilenceFrom;
    /** Since start-up or the broker's return, nothing was heard yet: silences are not counted at all. */
    private boolean awaitingFirstWord = true;

    public NodeRegistry(Clock clock, Duration lossAfter) {
        this.clock = clock;
        this.lossAfter = lossAfter;
        this.countSilenceFrom = clock.instant();
    }

    public Duration lossAfter() {
        return lossAfter;
    }

    public synchronized Heard heard(VoiceNode announced) {
        VoiceNode node = announced.heardAt(clock.instant());
        if (awaitingFirstWord) {
            awaitingFirstWord = false;
            countSilenceFrom = node.heardAt();
        }
        boolean wasLost = lost.remove(node.nodeId());
        if (node.state() == NodeState.LEAVING) {
            live.remove(node.nodeId());
            return Heard.LEFT;
        }
        VoiceNode before = live.put(node.nodeId(), node);
        notifyAll(); // someone may be waiting to hear it (awaitHeard)
        return wasLost ? Heard.RETURNED : before == null ? Heard.JOINED : Heard.KNOWN;
    }

    /** This service's own broker connection went down: silences are not losses until it is back. */
    public synchronized void brokerDown() {
        brokerConnected = false;
    }

    /** It is back: every node gets {@code lossAfter} from the first announcement heard again. */
    public synchronized void brokerUp() {
        brokerConnected = true;
        awaitingFirstWord = true;
    }

    public synchronized boolean brokerConnected() {
        return brokerConnected;
    }

    /**
     * The nodes lost now (silent for {@code lossAfter}), removed from the live ones; empty while
     * the broker connection is down or was back too recently, and when every node is silent.
     */
    public synchronized List<VoiceNode> declareLosses() {
        Instant now = clock.instant();
        if (!brokerConnected || awaitingFirstWord || now.isBefore(countSilenceFrom.plus(lossAfter))) {
            return List.of();
        }
        Instant silentBefore = now.minus(lossAfter);
        List<VoiceNode> silent = live.values().stream().filter(n -> n.heardAt().isBefore(silentBefore))
                .sorted(Comparator.comparing(VoiceNode::nodeId)).toList();
        if (silent.isEmpty() || silent.size() == live.size()) {
            return List.of();
        }
        for (VoiceNode n : silent) {
            live.remove(n.nodeId());
            lost.add(n.nodeId());
        }
        return silent;
    }

    /**
     * Waits (real time, not this registry's clock) until each of these nodes is heard, or
     * {@code within} has passed: after a restart in a fleet, the nodes the stored broadcasts are
     * placed on are learned from their announcements before those broadcasts are adopted.
     *
     * @return the nodes still not heard, sorted
     */
    public synchronized java.util.SortedSet<String> awaitHeard(java.util.Collection<String> nodeIds, Duration within)
            throws InterruptedException {
        java.util.SortedSet<String> missing = new java.util.TreeSet<>(nodeIds);
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            missing.removeIf(live::containsKey);
            long left = deadline - System.nanoTime();
            if (missing.isEmpty() || left <= 0) {
                return missing;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Every node heard and not lost, by id. */
    public synchronized List<VoiceNode> live() {
        return live.values().stream().sorted(Comparator.comparing(VoiceNode::nodeId)).toList();
    }

    public synchronized Optional<VoiceNode> live(String nodeId) {
        return Optional.ofNullable(live.get(nodeId));
    }

    public synchronized boolean isLost(String nodeId) {
        return lost.contains(nodeId);
    }

    public synchronized List<String> lost() {
        return new ArrayList<>(lost);
    }
}
