package io.voicebroadcast.gamesession.voice;

import static io.voicebroadcast.gamesession.testing.Destinations.SRT;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_PASSPHRASE;
import static io.voicebroadcast.gamesession.testing.Destinations.SRT_STREAM_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated client against a small HTTP server that answers like the voice service: what
 * goes over the wire, and how each kind of failure is classified and masked.
 */
class GeneratedVoiceClientTests {

    static final String KEY = "sk_live_abcdef123456";
    static final JsonMapper JSON = JsonMapper.builder().build();

    HttpServer server;
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    GeneratedVoiceClient client;
    final UUID room = UUID.randomUUID();

    record Answer(int status, String contentType, String body, long delayMs) {
    }

    record Request(String path, String authorization, JsonNode body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization"),
                    in.length == 0 ? null : JSON.readTree(in)));
            Answer a = answers.getOrDefault(path, new Answer(404, "application/problem+json", "{}", 0));
            try {
                Thread.sleep(a.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
        client = new GeneratedVoiceClient("http://127.0.0.1:" + server.getAddress().getPort(), "voice-token-123",
                Duration.ofMillis(500), Duration.ofMillis(700));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String statusJson(boolean streaming) {
        return """
                {"roomId":"%s","isStreaming":%s,"health":"%s","videoSourceType":"primary_stream",
                 "currentVideoSource":"rtmp://game-1:1935/cameras/****","startedAt":"2025-06-01T12:00:00Z","encoderRestarts":0,
                 "somethingNew":"ignored",
                 "destinations":[
                   {"destinationId":"d1","url":"rtmp://live.example.com/app/****","state":"live","since":"2025-06-01T12:00:01Z",
                    "bytesSent":123456,"bitrateKbps":812.5,"reconnects":0,"skippedToKeyframe":0},
                   {"destinationId":"srt","url":"srt://srt.example.com:9000?****","state":"reconnecting","since":"2025-06-01T12:00:05Z",
                    "bytesSent":1000,"reconnects":2,"lastError":"destination refused the connection","lastErrorKind":"refused",
                    "alsoNew":true}]}
                """.formatted(room, streaming, streaming ? "healthy" : "stopped");
    }

    @Test
    void start_postsTheRequestWithTheBearerToken_andReadsTheStatus() {
        answers.put("/voice/room/stream/start", new Answer(200, "application/json", statusJson(true), 0));

        VoiceStreamState state = client.startStream(room, new VoiceStreamSpec("rtmp://live.example.com/app/" + KEY,
                "rtmp://game-1:1935/cameras/race", null, "https://cdn.example.com/bg.jpg"));

        assertThat(state.streaming()).isTrue();
        assertThat(state.health()).isEqualTo("healthy");
        assertThat(state.videoSourceType()).isEqualTo("primary_stream");
        Request r = requests.get(0);
        assertThat(r.authorization()).isEqualTo("Bearer voice-token-123");
        assertThat(r.body().get("roomId").asString()).isEqualTo(room.toString());
        assertThat(r.body().path("destinations").get(0).get("url").asString()).isEqualTo("rtmp://live.example.com/app/" + KEY);
        assertThat(r.body().get("backgroundVideoUrl").asString()).isEqualTo("rtmp://game-1:1935/cameras/race");
        assertThat(r.body().path("fallbackStreamUrl").isMissingNode() || r.body().get("fallbackStreamUrl").isNull()).isTrue();
    }

    /** Every destination with its id, the first one first; none in rtmpOutputUrl, where the voice service would name it. */
    @Test
    void start_sendsEveryDestinationWithItsId() {
        answers.put("/voice/room/stream/start", new Answer(200, "application/json", statusJson(true), 0));

        client.startStream(room, new VoiceStreamSpec(List.of(new StreamDestination("main", "rtmp://live.example.com/app/" + KEY),
                new StreamDestination("srt", SRT)), null, null, null));

        JsonNode body = requests.get(0).body();
        assertThat(body.path("rtmpOutputUrl").isMissingNode() || body.get("rtmpOutputUrl").isNull()).isTrue();
        assertThat(body.get("destinations")).hasSize(2);
        assertThat(body.get("destinations").get(0).get("destinationId").asString()).isEqualTo("main");
        assertThat(body.get("destinations").get(1).get("destinationId").asString()).isEqualTo("srt");
        assertThat(body.get("destinations").get(1).get("url").asString()).isEqualTo(SRT);
    }

    @Test
    void status_readsEachDestinationsState() {
        answers.put("/voice/room/stream/status", new Answer(200, "application/json", statusJson(true), 0));

        VoiceStreamState state = client.streamStatus(room);

        assertThat(state.destinations()).containsExactly(
                new VoiceDestinationState("d1", "rtmp://live.example.com/app/****", "live", Instant.parse("2025-06-01T12:00:01Z"), 123456L,
                        812.5, 0, 0L, null, null),
                new VoiceDestinationState("srt", "srt://srt.example.com:9000?****", "reconnecting", Instant.parse("2025-06-01T12:00:05Z"),
                        1000L, null, 2, null, "destination refused the connection", "refused"));
    }

    @Test
    void addAndRemove_postTheDestination_andAFailedAddNeverShowsItsSecrets() {
        answers.put("/voice/room/stream/destination/remove", new Answer(200, "application/json", statusJson(true), 0));
        answers.put("/voice/room/stream/destination/add", new Answer(400, "application/problem+json", """
                {"type":"https://voice-broadcast.dev/problems/url-not-allowed","title":"URL not allowed","status":400,
                 "detail":"url: %s leads to a private address; passphrase %s"}
                """.formatted(SRT, SRT_PASSPHRASE), 0));

        client.removeDestination(room, "d2");
        assertThatThrownBy(() -> client.addDestination(room, new StreamDestination("srt", SRT)))
                .isInstanceOfSatisfying(VoiceCallException.class, e -> {
                    assertThat(e.operation()).isEqualTo(VoiceOperation.ADD_DESTINATION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("srt://srt.example.com:9000?****").doesNotContain(SRT_PASSPHRASE).doesNotContain(SRT_STREAM_ID);
                });

        assertThat(requests.get(0).path()).isEqualTo("/voice/room/stream/destination/remove");
        assertThat(requests.get(0).body().get("destinationId").asString()).isEqualTo("d2");
        assertThat(requests.get(1).path()).isEqualTo("/voice/room/stream/destination/add");
        assertThat(requests.get(1).body().get("roomId").asString()).isEqualTo(room.toString());
        assertThat(requests.get(1).body().get("destinationId").asString()).isEqualTo("srt");
        assertThat(requests.get(1).body().get("url").asString()).isEqualTo(SRT);
    }

    @Test
    void update_sendsEmptyStringsToClear_andNothingForUnchanged() {
        answers.put("/voice/room/stream/update", new Answer(200, "application/json", statusJson(true), 0));

        client.updateStream(room, new StreamChange(null, "", null, "https://cdn.example.com/new.jpg"));

        JsonNode body = requests.get(0).body();
        assertThat(body.get("backgroundVideoUrl").asString()).isEmpty();
        assertThat(body.get("fallbackImageUrl").asString()).isEqualTo("https://cdn.example.com/new.jpg");
        assertThat(body.path("rtmpOutputUrl").isMissingNode() || body.get("rtmpOutputUrl").isNull()).isTrue();
    }

    @Test
    void createRoom_asksForAScaledRoom() {
        answers.put("/voice/room/create", new Answer(200, "application/json", """
                {"roomId":"%s","tier":"scaled","audio":{"codec":"opus"},"createdAt":"2025-06-01T12:00:00Z","isStreaming":false}
                """.formatted(room), 0));

        assertThat(client.createScaledRoom("game session x")).isEqualTo(room);
        assertThat(requests.get(0).body().get("tier").asString()).isEqualTo("scaled");
    }

    @Test
    void a4xxProblem_isRejected_withStatusProblemTypeAndDetail_andTheKeyRedacted() {
        // even if the voice service echoed the key (it masks; this client makes sure)
        answers.put("/voice/room/stream/start", new Answer(409, "application/problem+json", """
                {"type":"https://voice-broadcast.dev/problems/already-streaming","title":"Room is already streaming",
                 "status":409,"detail":"Room streams to rtmp://live.example.com/app/%s already; key %s"}
                """.formatted(KEY, KEY), 0));

        assertThatThrownBy(() -> client.startStream(room, new VoiceStreamSpec("rtmp://live.example.com/app/" + KEY, null, null, null)))
                .isInstanceOfSatisfying(VoiceCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(VoiceFailure.REJECTED);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.problemType()).isEqualTo("already-streaming");
                    assertThat(e.operation()).isEqualTo(VoiceOperation.START);
                    assertThat(e.getMessage()).contains("HTTP 409 Room is already streaming").doesNotContain(KEY);
                });
    }

    @Test
    void a5xx_isAServerError() {
        answers.put("/voice/room/stream/stop", new Answer(503, "application/problem+json",
                "{\"title\":\"Streaming is disabled\",\"status\":503}", 0));

        assertThatThrownBy(() -> client.stopStream(room)).isInstanceOfSatisfying(VoiceCallException.class, e -> {
            assertThat(e.failure()).isEqualTo(VoiceFailure.SERVER_ERROR);
            assertThat(e.retryable()).isTrue();
            assertThat(e.status()).isEqualTo(503);
        });
    }

    @Test
    void noListener_andNoAnswerInTime_areUnreachable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        GeneratedVoiceClient nobody = new GeneratedVoiceClient("http://127.0.0.1:" + closed, "t", Duration.ofMillis(500), Duration.ofMillis(500));
        assertThatThrownBy(() -> nobody.streamStatus(room)).isInstanceOfSatisfying(VoiceCallException.class, e -> {
            assertThat(e.failure()).isEqualTo(VoiceFailure.UNREACHABLE);
            assertThat(e.status()).isNull();
            assertThat(e.getMessage()).contains("no answer from http://127.0.0.1:" + closed);
        });

        answers.put("/voice/room/stream/status", new Answer(200, "application/json", statusJson(true), 2000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.streamStatus(room)).isInstanceOfSatisfying(VoiceCallException.class,
                e -> assertThat(e.failure()).isEqualTo(VoiceFailure.UNREACHABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
    }
}
