package io.voicebroadcast.gamesession.fleet;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a voice node's announcement ({@code schemas/voice-node-announcements.yaml}). A message that
 * is not one is refused with an {@link IllegalArgumentException} whose text never quotes the body.
 */
public final class NodeAnnouncementReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EVENT_NAME = "voice.node_announced";

    private NodeAnnouncementReader() {
    }

    public static VoiceNode read(byte[] body, Instant heardAt) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (json == null || !json.isObject() || !EVENT_NAME.equals(text(json, "event_name"))) {
            throw new IllegalArgumentException("not a " + EVENT_NAME + " message");
        }
        String nodeId = required(json, "node_id");
        String url = required(json, "advertised_url");
        if (!url.matches("https?://\\S+")) {
            throw new IllegalArgumentException("advertised_url of node " + nodeId + " is not an http(s) URL");
        }
        NodeState state;
        try {
            state = NodeState.valueOf(required(json, "state").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state of node " + nodeId);
        }
        Set<UUID> rooms = new HashSet<>();
        JsonNode list = json.path("rooms");
        for (JsonNode r : list) {
            try {
                rooms.add(UUID.fromString(r.asString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a room id of node " + nodeId + " is not a UUID");
            }
        }
        int max = json.path("max_streams").asInt(0);
        int active = json.path("active_streams").asInt(rooms.size());
        double cpu = json.path("cpu_headroom").asDouble(1.0);
        return new VoiceNode(nodeId, url.replaceAll("/+$", ""), text(json, "version"), state, max, active,
                Math.max(0, Math.min(1, cpu)), rooms, heardAt);
    }

    private static String required(JsonNode json, String field) {
        String value = text(json, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("announcement without " + field);
        }
        return value;
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }
}
