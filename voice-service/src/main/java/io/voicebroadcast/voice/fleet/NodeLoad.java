package io.voicebroadcast.voice.fleet;

import java.util.List;
import java.util.UUID;

/**
 * The node's load as announced: its streams (the room ids streaming) against its cap, and the
 * share of the machine's CPU still free, and whether it is draining (takes no new broadcast).
 */
public record NodeLoad(int maxStreams, List<UUID> rooms, double cpuHeadroom, boolean draining) {

    public NodeLoad {
        rooms = List.copyOf(rooms);
        cpuHeadroom = Math.max(0, Math.min(1, cpuHeadroom));
    }

    public int activeStreams() {
        return rooms.size();
    }

    public int freeSlots() {
        return Math.max(0, maxStreams - rooms.size());
    }
}
