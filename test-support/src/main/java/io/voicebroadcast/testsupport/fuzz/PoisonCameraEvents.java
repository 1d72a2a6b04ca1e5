package io.voicebroadcast.testsupport.fuzz;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Camera discovery events ({@code schemas/camera-events.yaml}) that no consumer may apply: each
 * breaks one rule (malformed JSON, a missing or mistyped field, a URL that is no RTMP URL, a
 * body over the limit, an update or end for a camera never started). A correct consumer moves
 * every one to its dead-letter queue once, never requeues it, and goes on with the next event.
 * Their URLs carry {@link BadInputRun#MARKER_PREFIX} markers: no reason header or log may quote them.
 */
public final class PoisonCameraEvents {

    public static final String STARTED = "camera.stream.started";
    public static final String UPDATED = "camera.stream.updated";
    public static final String ENDED = "camera.stream.ended";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One message: its routing key, body and content type. */
    public record Poison(String routingKey, byte[] body, String contentType, String description) {
    }

    private PoisonCameraEvents() {
    }

    /** {@code count} poison messages for the seed, none of which is a valid event. */
    public static List<Poison> generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Poison> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(poison(random, seed, i));
        }
        return all;
    }

    private static Poison poison(SplittableRandom random, long seed, int i) {
        String marker = BadInputRun.MARKER_PREFIX + Long.toHexString(seed & 0xffffffL) + "_" + (900_000 + i) + "_0";
        Map<String, Object> good = started("poison-" + i, UUID.randomUUID(), "rtmp://127.0.0.1:1935/cameras/" + marker);
        int kind = random.nextInt(22);
        return switch (kind) {
            case 0 -> new Poison(STARTED, new byte[0], "application/json", "empty body");
            case 1 -> new Poison(STARTED, bytes(pickOf(random, "null", "[]", "42", "\"x\"", "true")), "application/json", "not an object");
            case 2 -> {
                byte[] b = json(good);
                yield new Poison(STARTED, java.util.Arrays.copyOf(b, 1 + random.nextInt(b.length - 2)), "application/json", "truncated");
            }
            case 3 -> {
                byte[] b = new byte[1 + random.nextInt(300)];
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) random.nextInt(256);
                }
                yield new Poison(pickOf(random, STARTED, UPDATED, ENDED), b, "application/octet-stream", "random bytes");
            }
            case 4 -> new Poison(STARTED, without(good, pickOf(random, "eventId", "timestamp", "cameraId", "gameInstanceId", "rtmpUrl")),
                    "application/json", "a required field missing");
            case 5 -> new Poison(STARTED, with(good, "eventId", pickOf(random, "not-a-uuid", "", "12")), "application/json", "eventId not a UUID");
            case 6 -> new Poison(STARTED, with(good, "timestamp", pickOf(random, "yesterday", "2026-13-45T99:00:00Z", "2026-01-01", "")),
                    "application/json", "timestamp not a date-time");
            case 7 -> new Poison(STARTED, with(good, "gameInstanceId", 12), "application/json", "gameInstanceId a number");
            case 8 -> new Poison(STARTED, with(good, "rtmpUrl", pickOf(random, "http://127.0.0.1/x.flv?k=" + marker, "rtmp://", "file:///etc/passwd",
                    "rtmp://127.0.0.1/app/" + marker + "\u0000", "concat:rtmp://a/b|" + marker, "rtmp://127.0.0.1/app/" + marker + "x".repeat(3000))),
                    "application/json", "rtmpUrl not an RTMP URL");
            case 9 -> new Poison(STARTED, with(good, "cameraId", pickOf(random, "", "   ", "x".repeat(201))), "application/json", "cameraId blank or long");
            case 10 -> new Poison(STARTED, with(good, "displayName", "d".repeat(600)), "application/json", "displayName too long");
            case 11 -> new Poison(STARTED, with(good, "capabilities", java.util.Collections.nCopies(100, "ptz")), "application/json",
                    "100 capabilities");
            case 12 -> new Poison(STARTED, with(good, "padding", "p".repeat(70 * 1024)), "application/json", "a body over 64 KB");
            case 13 -> new Poison(STARTED, bytes("[".repeat(100_000)), "application/json", "nested 100000 deep");
            case 14 -> new Poison(UPDATED, json(map("eventId", UUID.randomUUID(), "timestamp", Instant.now().toString(),
                    "cameraId", "never-started-" + i, "gameInstanceId", UUID.randomUUID(), "rtmpUrl", "rtmp://127.0.0.1/cameras/" + marker)),
                    "application/json", "an update for an unknown camera");
            case 15 -> new Poison(ENDED, json(map("eventId", UUID.randomUUID(), "timestamp", Instant.now().toString(),
                    "cameraId", "never-started-" + i, "gameInstanceId", UUID.randomUUID(), "reason", "error")),
                    "application/json", "an end for an unknown camera");
            case 16 -> new Poison(ENDED, json(map("eventId", UUID.randomUUID(), "timestamp", Instant.now().toString(),
                    "cameraId", "c", "gameInstanceId", UUID.randomUUID(), "reason", pickOf(random, "exploded", "ERROR", ""))),
                    "application/json", "an unknown end reason");
            case 17 -> new Poison(STARTED, with(good, "sessionId", pickOf(random, "x", "42", "{}")), "application/json", "sessionId not a UUID");
            case 18 -> new Poison(STARTED, withInvalidUtf8(json(good)), "application/json", "invalid UTF-8");
            case 19 -> new Poison(STARTED, with(good, "capabilities", "ptz"), "application/json", "capabilities a string");
            case 20 -> new Poison(pickOf(random, STARTED, UPDATED, ENDED), bytes("{\"eventId\": oops " + marker), "text/plain",
                    "malformed JSON with a key in it");
            default -> new Poison(STARTED, bytes(new String(json(good), StandardCharsets.UTF_8).replace("\"rtmpUrl\"", "\"rtmpUrl\":1,\"x\"")),
                    "application/json", "rtmpUrl a number");
        };
    }

    /** A valid start event (the consumer must apply it after all the poison). */
    public static byte[] validStart(String cameraId, UUID gameInstanceId, UUID sessionId, String rtmpUrl) {
        Map<String, Object> e = started(cameraId, gameInstanceId, rtmpUrl);
        if (sessionId != null) {
            e.put("sessionId", sessionId.toString());
        }
        return json(e);
    }

    /** Publishes with publisher confirms on the exchange; persistent, like a game engine. */
    public static void publish(Channel channel, String exchange, String routingKey, String contentType, byte[] body)
            throws IOException, InterruptedException, TimeoutException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(contentType).deliveryMode(2)
                .messageId(UUID.randomUUID().toString()).build();
        channel.basicPublish(exchange, routingKey, props, body);
        channel.waitForConfirmsOrDie(10_000);
    }

    private static Map<String, Object> started(String cameraId, UUID game, String rtmpUrl) {
        return map("eventId", UUID.randomUUID(), "timestamp", Instant.now().toString(), "cameraId", cameraId,
                "gameInstanceId", game, "rtmpUrl", rtmpUrl, "displayName", "poison");
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] instanceof UUID u ? u.toString() : kv[i + 1]);
        }
        return m;
    }

    private static byte[] with(Map<String, Object> good, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(good);
        m.put(field, value);
        return json(m);
    }

    private static byte[] without(Map<String, Object> good, String field) {
        Map<String, Object> m = new LinkedHashMap<>(good);
        m.remove(field);
        return json(m);
    }

    private static byte[] withInvalidUtf8(byte[] json) {
        byte[] b = java.util.Arrays.copyOf(json, json.length);
        // Inside the cameraId's value: a lone continuation byte and an overlong form.
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"cameraId\":\"") + 12;
        b[at] = (byte) 0x80;
        b[at + 1] = (byte) 0xC0;
        return b;
    }

    @SafeVarargs
    private static <T> T pickOf(SplittableRandom random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(Map<String, Object> m) {
        return JSON.writeValueAsBytes(m);
    }
}
