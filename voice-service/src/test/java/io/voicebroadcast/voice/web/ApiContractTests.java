package io.voicebroadcast.voice.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicebroadcast.testsupport.JsonHttp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The HTTP contract without media: authentication, problem details, streaming disabled.
 * (Streaming is off in this context, which is also what a node without FFmpeg runs.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "voice.admin-token=contract-token-123", "voice.streaming-enabled=false"})
class ApiContractTests {

    @LocalServerPort
    int port;

    private JsonHttp api;

    @BeforeEach
    void client() {
        api = new JsonHttp("http://127.0.0.1:" + port, "contract-token-123");
    }

    @Test
    void noToken_is401WithBearerChallenge_asProblemDetails() {
        JsonHttp.Response r = api.post("/voice/room/create", Map.of("tier", "scaled"), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("title")).isEqualTo("Unauthorized");
        assertThat(r.json().path("status").asInt()).isEqualTo(401);
    }

    @Test
    void wrongToken_is403() {
        JsonHttp.Response r = api.post("/voice/room/stream/list", Map.of(), "not-the-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("type")).endsWith("/forbidden");
    }

    @Test
    void rooms_work_andStreamingAnswers503WhenDisabled() {
        JsonHttp.Response created = api.post("/voice/room/create", Map.of("tier", "scaled", "displayName", "Race 7"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.text("tier")).isEqualTo("scaled");
        assertThat(created.json().path("audio").path("codec").asString()).isEqualTo("opus");
        assertThat(created.json().path("audio").path("payloadType").asInt()).isEqualTo(111);
        String roomId = created.text("roomId");

        JsonHttp.Response start = api.post("/voice/room/stream/start",
                Map.of("roomId", roomId, "rtmpOutputUrl", "rtmp://127.0.0.1:1/app/key"));
        assertThat(start.status()).isEqualTo(503);
        assertThat(start.text("detail")).contains("VOICE_STREAMING_ENABLED=false");

        assertThat(api.post("/voice/room/get", Map.of("roomId", roomId)).json().path("isStreaming").asBoolean()).isFalse();
        assertThat(api.post("/voice/room/delete", Map.of("roomId", roomId)).status()).isEqualTo(204);
        assertThat(api.post("/voice/room/get", Map.of("roomId", roomId)).status()).isEqualTo(404);
    }

    @Test
    void g711Room_getsItsOwnDefaults() {
        JsonHttp.Response created = api.post("/voice/room/create", Map.of("tier", "scaled", "audio", Map.of("codec", "pcma")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().path("audio").path("payloadType").asInt()).isEqualTo(8);
        assertThat(created.json().path("audio").path("sampleRate").asInt()).isEqualTo(8000);
        assertThat(created.json().path("audio").path("channels").asInt()).isEqualTo(1);
    }

    @Test
    void invalidRoomAudio_is400() {
        JsonHttp.Response r = api.post("/voice/room/create", Map.of("tier", "scaled", "audio", Map.of("codec", "opus", "sampleRate", 44100)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("detail")).contains("Opus sample rate");
    }

    @Test
    void malformedBodies_are400ProblemDetails_withoutEchoingTheBody() {
        JsonHttp.Response badJson = api.post("/voice/room/create", "{not json rtmp://h/app/sk_secret");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body()).doesNotContain("sk_secret").doesNotContain("Exception").doesNotContain("at io.");

        JsonHttp.Response badUuid = api.post("/voice/room/get", Map.of("roomId", "rtmp://h/app/sk_secret"));
        assertThat(badUuid.status()).isEqualTo(400);
        assertThat(badUuid.body()).doesNotContain("sk_secret");

        JsonHttp.Response badEnum = api.post("/voice/room/create", Map.of("tier", "mega"));
        assertThat(badEnum.status()).isEqualTo(400);

        JsonHttp.Response missing = api.post("/voice/room/create", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("tier");
    }

    @Test
    void unknownRoom_is404() {
        JsonHttp.Response r = api.post("/voice/room/get", Map.of("roomId", UUID.randomUUID().toString()));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text("title")).isEqualTo("Room not found");
    }

    @Test
    void specAndSwaggerUi_areServedWithoutToken() {
        assertThat(api.get("/schemas/voice-api.yaml").body()).contains("/voice/room/stream/start");
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void getOnAPostEndpoint_is405ProblemDetails() {
        JsonHttp.Response r = api.get("/voice/room/create");
        // The token filter answers first: every /voice/ call needs the credential.
        assertThat(r.status()).isEqualTo(401);
    }
}
