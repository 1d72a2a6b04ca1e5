package io.voicebroadcast.gamesession.state;

import io.voicebroadcast.gamesession.camera.CameraKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The jsonb columns' shapes: camera keys, lists of camera IDs, slots. Nothing secret goes through here. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String key(CameraKey key) {
        return key == null ? null : keyNode(key).toString();
    }

    static CameraKey key(String json) {
        return json == null ? null : key(MAPPER.readTree(json));
    }

    private static ObjectNode keyNode(CameraKey key) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("gameInstanceId", key.gameInstanceId().toString());
        n.put("cameraId", key.cameraId());
        return n;
    }

    private static CameraKey key(JsonNode n) {
        return n == null || n.isNull() ? null
                : new CameraKey(UUID.fromString(n.path("gameInstanceId").asString()), n.path("cameraId").asString());
    }

    static String keys(List<CameraKey> keys) {
        ArrayNode a = MAPPER.createArrayNode();
        keys.forEach(k -> a.add(k == null ? MAPPER.nullNode() : keyNode(k)));
        return a.toString();
    }

    static List<CameraKey> keys(String json) {
        List<CameraKey> out = new ArrayList<>();
        MAPPER.readTree(json).forEach(n -> out.add(key(n)));
        return out;
    }

    static String slots(Map<Integer, CameraKey> slots) {
        ObjectNode o = MAPPER.createObjectNode();
        slots.forEach((slot, k) -> o.set(String.valueOf(slot), keyNode(k)));
        return o.toString();
    }

    static Map<Integer, CameraKey> slots(String json) {
        Map<Integer, CameraKey> out = new LinkedHashMap<>();
        MAPPER.readTree(json).properties().forEach(e -> out.put(Integer.valueOf(e.getKey()), key(e.getValue())));
        return out;
    }

    static String strings(List<String> list) {
        return MAPPER.writeValueAsString(list);
    }

    static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        MAPPER.readTree(json).forEach(n -> out.add(n.asString()));
        return out;
    }

    static String lists(List<List<String>> lists) {
        return MAPPER.writeValueAsString(lists);
    }

    static List<List<String>> lists(String json) {
        List<List<String>> out = new ArrayList<>();
        MAPPER.readTree(json).forEach(n -> {
            List<String> inner = new ArrayList<>();
            n.forEach(x -> inner.add(x.asString()));
            out.add(inner);
        });
        return out;
    }
}
