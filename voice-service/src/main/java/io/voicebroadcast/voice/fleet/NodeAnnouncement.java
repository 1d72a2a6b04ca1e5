package io.voicebroadcast.voice.fleet;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a voice node tells the fleet about itself every heartbeat ({@code schemas/voice-node-announcements.yaml}):
 * who it is, where it answers, how much it can still take and which rooms it streams. Never a
 * stream's URL or key: rooms are named by their ids only.
 *
 * @param nodeId        VOICE_NODE_ID (default host:port)
 * @param advertisedUrl where the node's API answers (VOICE_NODE_ADVERTISED_URL)
 * @param cpuHeadroom   the share of the machine's CPU still free, 0..1
 * @param sequence      counts this node's announcements since it started
 */
public record NodeAnnouncement(String nodeId, String advertisedUrl, String version, NodeState state, int maxStreams,
                               int activeStreams, double cpuHeadroom, List<UUID> rooms, long sequence, Instant timestamp) {

    /** The announcement's {@code event_name}. */
    public static final String EVENT_NAME = "voice.node_announced";
    /** Routing keys are {@code voice.node.<state>}: bind {@code voice.node.#} for every announcement. */
    public static final String ROUTING_KEY_PREFIX = "voice.node.";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public NodeAnnouncement {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(state, "state");
        rooms = List.copyOf(rooms);
    }

    public int freeSlots() {
        return Math.max(0, maxStreams - activeStreams);
    }

    public String routingKey() {
        return ROUTING_KEY_PREFIX + state.wireName();
    }

    /** The JSON body, snake_case as the client events are. */
    public byte[] json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_name", EVENT_NAME);
        m.put("node_id", nodeId);
        m.put("advertised_url", advertisedUrl);
        m.put("version", version);
        m.put("state", state.wireName());
        m.put("max_streams", maxStreams);
        m.put("active_streams", activeStreams);
        m.put("cpu_headroom", Math.round(cpuHeadroom * 1000) / 1000.0);
        m.put("rooms", rooms.stream().map(UUID::toString).toList());
        m.put("sequence", sequence);
        m.put("timestamp", timestamp.toString());
        return JSON.writeValueAsBytes(m);
    }
}
