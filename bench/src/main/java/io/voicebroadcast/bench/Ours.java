package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Our voice service, run from its jar as users run it, driven through its API. */
final class Ours implements AutoCloseable {

    static final String TOKEN = "bench-admin-token-" + UUID.randomUUID();

    private final ServiceProcess service;
    private final JsonHttp api;

    private Ours(ServiceProcess service) {
        this.service = service;
        this.api = new JsonHttp(service.baseUrl(), TOKEN);
    }

    /**
     * @param settings VOICE_* settings on top of the bench's (output size, loss threshold, ...)
     */
    static Ours start(String name, Path jar, Path allowedDir, int audioPortMin, int audioPortMax, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("VOICE_ADMIN_TOKEN", TOKEN);
        env.put("VOICE_STREAMING_ENABLED", "true");
        env.put("VOICE_ALLOWED_FILE_DIRS", allowedDir.toString());
        // No default video: black is the last rung, as in the baseline.
        env.put("VOICE_DEFAULT_BACKGROUND_VIDEO", allowedDir.resolve("no-default-video.mp4").toString());
        env.put("VOICE_AUDIO_RTP_PORT_MIN", String.valueOf(audioPortMin));
        env.put("VOICE_AUDIO_RTP_PORT_MAX", String.valueOf(audioPortMax));
        env.put("VOICE_MAX_CONCURRENT_STREAMS", "16");
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.putAll(settings);
        ServiceProcess service = ServiceProcess.start(name, jar, NginxRtmpServer.freePort(), env, List.of());
        service.awaitHealthy(Duration.ofSeconds(90));
        return new Ours(service);
    }

    long pid() {
        return service.pid();
    }

    UUID createRoom() {
        return createRoom(Map.of("tier", "scaled"));
    }

    /** A room of the request's kind, e.g. {@code audioMode} {@code rtpengine}. */
    UUID createRoom(Map<String, Object> request) {
        JsonHttp.Response r = api.post("/voice/room/create", request);
        check(r, "create a room");
        return UUID.fromString(r.text("roomId"));
    }

    JsonHttp api() {
        return api;
    }

    /** The service's whole log so far (after close: all of it). */
    String log() {
        return service.log();
    }

    /** Starts a broadcast; returns the room's audio RTP port. */
    int start(UUID room, String outputUrl, String background, String image) {
        return start(room, outputUrl, List.of(), background, image);
    }

    /** Starts a broadcast to {@code outputUrl} (destination d1) and each of {@code more} (d2, d3, ...); returns the audio RTP port. */
    int start(UUID room, String outputUrl, List<String> more, String background, String image) {
        Map<String, Object> body = new HashMap<>();
        body.put("roomId", room.toString());
        body.put("rtmpOutputUrl", outputUrl);
        if (!more.isEmpty()) {
            body.put("destinations", more.stream().map(url -> Map.of("url", url)).toList());
        }
        if (background != null) {
            body.put("backgroundVideoUrl", background);
        }
        if (image != null) {
            body.put("fallbackImageUrl", image);
        }
        JsonHttp.Response r = api.post("/voice/room/stream/start", body);
        check(r, "start a stream");
        return r.json().path("audioRtpPort").asInt();
    }

    void update(UUID room, String field, String value) {
        check(api.post("/voice/room/stream/update", Map.of("roomId", room.toString(), field, value)), "update a stream");
    }

    void addDestination(UUID room, String destinationId, String url) {
        check(api.post("/voice/room/stream/destination/add", Map.of("roomId", room.toString(), "destinationId", destinationId, "url", url)),
                "add a destination");
    }

    void removeDestination(UUID room, String destinationId) {
        check(api.post("/voice/room/stream/destination/remove", Map.of("roomId", room.toString(), "destinationId", destinationId)),
                "remove a destination");
    }

    /** The state of a destination ({@code connecting}, {@code live}, ...), or "" when the broadcast has none of that id. */
    String destinationState(UUID room, String destinationId) {
        for (JsonNode d : status(room).path("destinations")) {
            if (destinationId.equals(d.path("destinationId").asString())) {
                return d.path("state").asString();
            }
        }
        return "";
    }

    /** Waits until the destination is live; false when it is not within the timeout. */
    boolean awaitLive(UUID room, String destinationId, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if ("live".equals(destinationState(room, destinationId))) {
                return true;
            }
            Bench.sleep(100);
        }
        return false;
    }

    void stop(UUID room) {
        check(api.post("/voice/room/stream/stop", Map.of("roomId", room.toString())), "stop a stream");
    }

    /** Stops the room's broadcast (a failure only logged: the room goes anyway) and deletes the room. */
    void stopAndDelete(UUID room) {
        try {
            stop(room);
        } catch (RuntimeException e) {
            Rig.log("stopping " + room + ": " + e.getMessage());
        }
        deleteRoom(room);
    }

    void deleteRoom(UUID room) {
        api.post("/voice/room/delete", Map.of("roomId", room.toString()));
    }

    JsonNode status(UUID room) {
        JsonHttp.Response r = api.post("/voice/room/stream/status", Map.of("roomId", room.toString()));
        check(r, "read a status");
        return r.json();
    }

    private void check(JsonHttp.Response r, String what) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("could not " + what + ": HTTP " + r.status() + " " + r.body() + "\n" + service.logTail(30));
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
