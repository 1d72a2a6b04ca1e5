package io.voicebroadcast.gamesession.fleet;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Voice nodes as announcements describe them, for the fleet's tests. */
public final class Nodes {

    private Nodes() {
    }

    public static VoiceNode node(String id, int maxStreams, Set<UUID> rooms, double cpuHeadroom, NodeState state) {
        return new VoiceNode(id, "http://" + id + ":8080", "test", state, maxStreams, rooms.size(), cpuHeadroom, rooms, Instant.EPOCH);
    }

    public static VoiceNode active(String id, int maxStreams, Set<UUID> rooms) {
        return node(id, maxStreams, rooms, 0.5, NodeState.ACTIVE);
    }
}
