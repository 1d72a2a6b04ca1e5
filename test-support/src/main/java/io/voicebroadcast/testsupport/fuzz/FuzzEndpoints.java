package io.voicebroadcast.testsupport.fuzz;

import io.voicebroadcast.testsupport.RtpEngineParticipant;
import io.voicebroadcast.testsupport.RtpTone;
import io.voicebroadcast.testsupport.fuzz.BadRequest.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/** Both services' endpoints as {@link BadRequests} aims at them, each with a well-formed body drawn from the seed. */
final class FuzzEndpoints {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One endpoint: where it is and a well-formed body for it. */
    record Endpoint(Service service, String path, Function<FuzzDraw, Map<String, Object>> template) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(Service.VOICE, "/voice/room/create", g -> createRoom(g)),
            new Endpoint(Service.VOICE, "/voice/room/get", g -> map("roomId", g.anyRoom())),
            new Endpoint(Service.VOICE, "/voice/room/delete", g -> map("roomId", g.uuid())),
            new Endpoint(Service.VOICE, "/voice/room/stream/start", g -> start(g, false)),
            new Endpoint(Service.VOICE, "/voice/room/stream/stop", g -> map("roomId", g.pick(g.targets.scaledRooms()))),
            new Endpoint(Service.VOICE, "/voice/room/stream/update", g -> update(g)),
            new Endpoint(Service.VOICE, "/voice/room/stream/status", g -> map("roomId", g.anyRoom())),
            new Endpoint(Service.VOICE, "/voice/room/stream/destination/add", g -> addDestination(g)),
            new Endpoint(Service.VOICE, "/voice/room/stream/destination/remove", g -> map("roomId", g.targets.liveRoom(),
                    "destinationId", g.pick(List.of("never-added-" + g.index, "d9", "x".repeat(65), "../d1", "d 1", "")))),
            new Endpoint(Service.VOICE, "/voice/room/stream/list", g -> map("health", g.pick(List.of("healthy", "degraded", "unhealthy", "stopped")))),
            new Endpoint(Service.VOICE, "/voice/room/participant/join", g -> join(g, validSdp(g.random.nextInt(20_000, 30_000)))),
            new Endpoint(Service.VOICE, "/voice/room/participant/leave", g -> map("roomId", g.pick(g.targets.rtpengineRooms()),
                    "participantId", "never-joined-" + g.index)),
            new Endpoint(Service.VOICE, "/voice/room/stream/participant", g -> map("roomId", g.targets.liveRoom(),
                    "participantId", "p-" + g.index, "excluded", true, "gainDb", -6.0)),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/configure", g -> configure(g)),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/stop", g -> map("sessionId", g.uuid())),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/status", g -> map("sessionId", g.pick(g.targets.sessions()))),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/list", g -> map("phase", "on_air")),
            new Endpoint(Service.GAMESESSION, "/gamesession/broadcast/select-camera", g -> map("sessionId", g.pick(g.targets.sessions()),
                    "cameraId", "cam-" + g.index, "gameInstanceId", g.uuid())),
            new Endpoint(Service.GAMESESSION, "/gamesession/cameras/list", g -> map("sessionId", g.pick(g.targets.sessions()),
                    "gameInstanceId", g.uuid(), "includeEnded", true)));

    private FuzzEndpoints() {
    }

    static Map<String, Object> createRoom(FuzzDraw d) {
        Map<String, Object> audio = map("codec", "opus", "payloadType", 111, "sampleRate", 48000, "channels", 2);
        return map("tier", "scaled", "displayName", "fuzz room " + d.index, "audio", audio, "audioMode", "direct");
    }

    /** A start whose output is refused at once (closed port) unless {@code answering}: then it is the RTMP server. */
    static Map<String, Object> start(FuzzDraw d, boolean answering) {
        String output = answering ? d.targets.validOutput() + d.marker() : "rtmp://127.0.0.1:" + d.targets.closedPort() + "/app/" + d.marker();
        return map("roomId", d.pick(d.targets.scaledRooms()), "rtmpOutputUrl", output);
    }

    /** Half of them for the room on air, where an update reaches the URL checks. */
    static Map<String, Object> update(FuzzDraw d) {
        return map("roomId", d.random.nextBoolean() ? d.targets.liveRoom() : d.pick(d.targets.scaledRooms()), "backgroundVideoUrl",
                "rtmp://127.0.0.1:" + d.targets.closedPort() + "/live/" + d.marker());
    }

    /** A destination for the room on air whose URL is refused at once (closed port); never one that is added. */
    static Map<String, Object> addDestination(FuzzDraw d) {
        return map("roomId", d.targets.liveRoom(), "destinationId", "fuzz-" + d.index,
                "url", "rtmp://127.0.0.1:" + d.targets.closedPort() + "/app/" + d.marker());
    }

    static Map<String, Object> join(FuzzDraw d, String sdp) {
        return map("roomId", d.pick(d.targets.rtpengineRooms()), "participantId", "fuzz-" + d.index, "sdpOffer", sdp);
    }

    static Map<String, Object> configure(FuzzDraw d) {
        return map("sessionId", d.uuid(), "rtmpOutputUrl", d.targets.validOutput() + d.marker(),
                "cameraPreference", List.of("cam-a", "cam-b"));
    }

    /** A sendonly Opus offer as a participant's client sends it. */
    static String validSdp(int port) {
        return RtpEngineParticipant.offer(port, RtpTone.Codec.OPUS);
    }

    static boolean hasUrlFields(Endpoint e) {
        return e.path().endsWith("/stream/start") || e.path().endsWith("/stream/update") || e.path().endsWith("/broadcast/configure")
                || e.path().endsWith("/destination/add");
    }

    /** A request that carries URLs of valid form may probe them (only the ones at allowed addresses are generated here). */
    static boolean urlRequestMayProbe(Endpoint e) {
        return hasUrlFields(e);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof UUID u ? u.toString() : v);
        }
        return m;
    }

    static byte[] json(Map<String, Object> body) {
        return JSON.writeValueAsBytes(body);
    }
}
