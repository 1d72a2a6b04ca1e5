package io.voicebroadcast.gamesession.fleet;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A voice node as its last announcement described it, and when that was heard.
 *
 * @param url          where its API answers (its advertised URL)
 * @param cpuHeadroom  the share of its machine's CPU still free, 0..1
 * @param rooms        the rooms it streams
 * @param heardAt      when this service received the announcement (its own clock: nodes' clocks may differ)
 */
public record VoiceNode(String nodeId, String url, String version, NodeState state, int maxStreams, int activeStreams,
                        double cpuHeadroom, Set<UUID> rooms, Instant heardAt) {

    public VoiceNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        rooms = Set.copyOf(rooms);
    }

    public VoiceNode heardAt(Instant when) {
        return new VoiceNode(nodeId, url, version, state, maxStreams, activeStreams, cpuHeadroom, rooms, when);
    }
}
