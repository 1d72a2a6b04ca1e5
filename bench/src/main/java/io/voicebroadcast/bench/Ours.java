package io.voicebroadcast.bench;

import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
        ServiceProcess service = ServiceProcess.start(name, jar, NginxRtmpServer.freePort(), env, java.util.List.of());
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
        Map<String, Object> body = new HashMap<>();
        body.put("roomId", room.toString());
        body.put("rtmpOutputUrl", outputUrl);
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

    void stop(UUID room) {
        check(api.post("/voice/room/stream/stop", Map.of("roomId", room.toString())), "stop a stream");
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
