package io.voicebroadcast.gamesession.fleet;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a new broadcast goes: the active node with the most free slots, then the most CPU
 * headroom (then by id, so the choice is stable). A node's streams are the rooms it announced
 * together with the rooms placed on it since (an announcement is up to a heartbeat old), so two
 * placements in one heartbeat never count the same slot. A draining or leaving node takes nothing,
 * nor does a node whose CPU headroom is below {@code minCpuHeadroom} even with slots free (as
 * LiveKit Egress admits jobs by CPU cost). A pure function.
 */
public final class Placement {

    private Placement() {
    }

    /** A node that can take a broadcast, and how much. */
    public record Candidate(VoiceNode node, int freeSlots) {
    }

    /**
     * @param placedRooms the rooms this service placed on each node by id (absent: none)
     * @return the nodes that can take a broadcast now, best first; empty when there is no capacity anywhere
     */
    public static List<Candidate> rank(Collection<VoiceNode> nodes, Map<String, Set<UUID>> placedRooms, double minCpuHeadroom) {
        return nodes.stream()
                .filter(n -> n.state() == NodeState.ACTIVE && n.cpuHeadroom() >= minCpuHeadroom)
                .map(n -> new Candidate(n, freeSlots(n, placedRooms.getOrDefault(n.nodeId(), Set.of()))))
                .filter(c -> c.freeSlots() > 0)
                .sorted(Comparator.comparingInt(Candidate::freeSlots).reversed()
                        .thenComparing(c -> c.node().cpuHeadroom(), Comparator.reverseOrder())
                        .thenComparing(c -> c.node().nodeId()))
                .toList();
    }

    static int freeSlots(VoiceNode n, Set<UUID> placed) {
        Set<UUID> streams = new HashSet<>(n.rooms());
        streams.addAll(placed);
        int used = Math.max(streams.size(), n.activeStreams());
        return Math.max(0, n.maxStreams() - used);
    }
}
