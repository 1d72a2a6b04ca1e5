package io.voicebroadcast.gamesession.web;

import static io.voicebroadcast.gamesession.testing.Cameras.ended;
import static io.voicebroadcast.gamesession.testing.Cameras.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.camera.EndReason;
import io.voicebroadcast.gamesession.events.CameraEventHandler;
import io.voicebroadcast.gamesession.testing.AppWithFakeVoice;
import io.voicebroadcast.gamesession.testing.FakeVoiceClient;
import io.voicebroadcast.testsupport.JsonHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The HTTP API as clients see it: bearer token, problem details, masked URLs, status with the voice stream's. */
@ExtendWith(OutputCaptureExtension.class)
class BroadcastApiTests extends AppWithFakeVoice {

    static final String KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static final String OUT = "rtmp://live.twitch.tv/app/" + KEY;
    static final String STREAM_ID = "publish:" + UUID.randomUUID();
    static final String PASSPHRASE = "pass-" + UUID.randomUUID();
    static final String SRT = "srt://srt.example.com:9000?streamid=" + STREAM_ID + "&passphrase=" + PASSPHRASE;

    @LocalServerPort
    int port;
    @Autowired
    FakeVoiceClient voice;
    @Autowired
    CameraEventHandler events;

    JsonHttp api;
    final UUID session = UUID.randomUUID();
    final UUID game = UUID.randomUUID();
    final Instant t0 = Instant.now();

    @BeforeEach
    void client() {
        voice.reset();
        api = new JsonHttp("http://127.0.0.1:" + port, TOKEN);
    }

    @AfterEach
    void noKeyInAnyResponse(CapturedOutput output) {
        voice.reset();
        api.seenBodies().forEach(b -> assertThat(b).as("response").doesNotContain(KEY).doesNotContain(STREAM_ID).doesNotContain(PASSPHRASE));
        assertThat(output.getAll()).as("log").doesNotContain(KEY).doesNotContain(STREAM_ID).doesNotContain(PASSPHRASE);
    }

    private JsonHttp.Response configure(String... preference) {
        Map<String, Object> body = new HashMap<>();
        body.put("sessionId", session.toString());
        body.put("rtmpOutputUrl", OUT);
        body.put("fallbackImageUrl", "https://cdn.example.com/backdrop.jpg?sig=" + KEY);
        body.put("cameraPreference", List.of(preference));
        return api.post("/gamesession/broadcast/configure", body);
    }

    private JsonHttp.Response status() {
        return api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()));
    }

    @Test
    void everyEndpoint_requiresTheBearerToken() {
        JsonHttp.Response none = api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()), null);
        JsonHttp.Response wrong = api.post("/gamesession/cameras/list", Map.of(), "not-the-token");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text("type")).isEqualTo("https://voice-broadcast.dev/problems/unauthorized");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void configure_waitsForACamera_andShowsOnlyMaskedUrls() {
        JsonHttp.Response r = configure("race-cam-main");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.text("phase")).isEqualTo("waiting_for_camera");
        assertThat(r.text("rtmpOutputUrl")).isEqualTo("rtmp://live.twitch.tv/app/****");
        assertThat(r.text("fallbackImageUrl")).isEqualTo("https://cdn.example.com/backdrop.jpg?****");
        assertThat(r.json().path("cameraPreference").get(0).asString()).isEqualTo("race-cam-main");
        assertThat(r.json().has("voiceRoomId")).isFalse();
    }

    @Test
    void aKeyPastedWhereTheApplicationBelongs_isMaskedWhole_inTheStatusAndTheLog() {
        Map<String, Object> body = new HashMap<>();
        body.put("sessionId", session.toString());
        body.put("rtmpOutputUrl", "rtmp://ingest.example.com:1935/" + KEY);
        body.put("cameraPreference", List.of("race-cam-main"));

        JsonHttp.Response r = api.post("/gamesession/broadcast/configure", body);
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/" + KEY));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.text("rtmpOutputUrl")).isEqualTo("rtmp://ingest.example.com:1935/****");
        assertThat(status().json().path("cameraOnAir").path("rtmpUrl").asString()).isEqualTo("rtmp://game-1:1935/****");
        // the log and every response are checked for the key after each test
    }

    @Test
    void status_showsTheRoomTheCameraOnAirAndTheVoiceStream() {
        configure();
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/cameras/race-cam-main"));

        JsonHttp.Response r = status();

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.text("phase")).isEqualTo("on_air");
        assertThat(r.text("voiceRoomId")).isNotBlank();
        assertThat(r.json().path("cameraOnAir").path("cameraId").asString()).isEqualTo("race-cam-main");
        assertThat(r.json().path("cameraOnAir").path("rtmpUrl").asString()).isEqualTo("rtmp://game-1:1935/cameras/****");
        assertThat(r.json().path("voiceStream").path("isStreaming").asBoolean()).isTrue();
        assertThat(r.json().path("voiceStream").path("videoSourceType").asString()).isEqualTo("primary_stream");
        assertThat(r.text("selection")).isEqualTo("preference");
    }

    @Test
    void selectCamera_switches_orAnswersProblems() {
        configure("race-cam-main");
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/cameras/race-cam-main"));
        events.handle(started(t0, game, "crowd-cam", session, "rtmp://game-1:1935/cameras/crowd-cam"));
        events.handle(started(t0, game, "pit-cam", session, "rtmp://game-1:1935/cameras/pit-cam"));
        events.handle(ended(t0.plusSeconds(1), game, "pit-cam", EndReason.ERROR));

        JsonHttp.Response selected = api.post("/gamesession/broadcast/select-camera",
                Map.of("sessionId", session.toString(), "cameraId", "crowd-cam"));
        JsonHttp.Response unknown = api.post("/gamesession/broadcast/select-camera",
                Map.of("sessionId", session.toString(), "cameraId", "helicopter"));
        JsonHttp.Response endedCam = api.post("/gamesession/broadcast/select-camera",
                Map.of("sessionId", session.toString(), "cameraId", "pit-cam"));
        JsonHttp.Response noSession = api.post("/gamesession/broadcast/select-camera",
                Map.of("sessionId", UUID.randomUUID().toString(), "cameraId", "crowd-cam"));

        assertThat(selected.status()).as(selected.body()).isEqualTo(200);
        assertThat(selected.text("selection")).isEqualTo("manual");
        assertThat(selected.json().path("cameraOnAir").path("cameraId").asString()).isEqualTo("crowd-cam");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("type")).isEqualTo("https://voice-broadcast.dev/problems/camera-not-found");
        assertThat(endedCam.status()).isEqualTo(409);
        assertThat(noSession.status()).isEqualTo(404);
        assertThat(noSession.text("type")).isEqualTo("https://voice-broadcast.dev/problems/broadcast-not-found");
    }

    @Test
    void listCameras_filtersBySessionAndGameInstance() {
        UUID otherGame = UUID.randomUUID();
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/cameras/race-cam-main"));
        events.handle(started(t0, otherGame, "crowd-cam", session, "rtmp://game-2:1935/cameras/crowd-cam"));
        events.handle(ended(t0.plusSeconds(1), otherGame, "crowd-cam", EndReason.NORMAL_SHUTDOWN));

        JsonHttp.Response live = api.post("/gamesession/cameras/list", Map.of("sessionId", session.toString()));
        JsonHttp.Response all = api.post("/gamesession/cameras/list", Map.of("sessionId", session.toString(), "includeEnded", true));
        JsonHttp.Response ofGame = api.post("/gamesession/cameras/list",
                Map.of("gameInstanceId", otherGame.toString(), "includeEnded", true));

        assertThat(live.json().path("cameras")).hasSize(1);
        assertThat(live.json().path("cameras").get(0).path("state").asString()).isEqualTo("live");
        assertThat(all.json().path("cameras")).hasSize(2);
        assertThat(ofGame.json().path("cameras")).hasSize(1);
        assertThat(ofGame.json().path("cameras").get(0).path("endReason").asString()).isEqualTo("normal_shutdown");
    }

    @Test
    void badRequests_areProblemDetails_thatNeverEchoTheBody() {
        JsonHttp.Response missing = api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString()));
        JsonHttp.Response malformed = api.post("/gamesession/broadcast/configure",
                "{\"sessionId\":\"not-a-uuid\",\"rtmpOutputUrl\":\"" + OUT + "\"}");
        JsonHttp.Response notConfigured = api.post("/gamesession/broadcast/stop", Map.of("sessionId", UUID.randomUUID().toString()));
        JsonHttp.Response tooLong = api.post("/gamesession/broadcast/configure",
                Map.of("sessionId", session.toString(), "rtmpOutputUrl", OUT + "/" + "x".repeat(2100)));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("type")).isEqualTo("https://voice-broadcast.dev/problems/invalid-broadcast-request");
        assertThat(missing.text("field")).isEqualTo("rtmpOutputUrl");
        assertThat(missing.text("detail")).contains("needs a destination");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("type")).isEqualTo("https://voice-broadcast.dev/problems/malformed-request");
        assertThat(notConfigured.status()).isEqualTo(404);
        // the rejected value holds the key: neither the answer nor the log may show it (checked after each test)
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("field").asString()).isEqualTo("rtmpOutputUrl");
    }

    @Test
    void severalDestinations_areConfiguredNamedAndMasked_andTheStatusShowsEachOnesState() {
        Map<String, Object> body = new HashMap<>();
        body.put("sessionId", session.toString());
        body.put("rtmpOutputUrl", OUT);
        body.put("destinations", List.of(Map.of("url", SRT), Map.of("destinationId", "yt", "url", "rtmp://a.rtmp.youtube.com/live2/" + KEY + "-yt")));

        JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", body);
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/cameras/race-cam-main"));
        JsonHttp.Response st = status();

        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.text("rtmpOutputUrl")).isEqualTo("rtmp://live.twitch.tv/app/****");
        assertThat(configured.json().path("destinations").toString()).isEqualTo("[{\"destinationId\":\"d1\",\"url\":\"rtmp://live.twitch.tv/app/****\"},"
                + "{\"destinationId\":\"d2\",\"url\":\"srt://srt.example.com:9000?****\"},"
                + "{\"destinationId\":\"yt\",\"url\":\"rtmp://a.rtmp.youtube.com/live2/****\"}]");
        assertThat(st.text("phase")).as(st.body()).isEqualTo("on_air");
        var voiceDestinations = st.json().path("voiceStream").path("destinations");
        assertThat(voiceDestinations).hasSize(3);
        assertThat(voiceDestinations.get(1).path("destinationId").asString()).isEqualTo("d2");
        assertThat(voiceDestinations.get(1).path("url").asString()).isEqualTo("srt://srt.example.com:9000?****");
        assertThat(voiceDestinations.get(1).path("state").asString()).isEqualTo("live");
        assertThat(voiceDestinations.get(1).path("since").asString()).isNotBlank();
        // the log and every response are checked for the keys, the SRT streamid and passphrase after each test
    }

    @Test
    void destinationsOnly_withoutRtmpOutputUrl_isABroadcastToo() {
        JsonHttp.Response r = api.post("/gamesession/broadcast/configure",
                Map.of("sessionId", session.toString(), "destinations", List.of(Map.of("destinationId", "srt", "url", SRT))));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.text("rtmpOutputUrl")).isEqualTo("srt://srt.example.com:9000?****");
        assertThat(r.json().path("destinations").get(0).path("destinationId").asString()).isEqualTo("srt");
    }

    @Test
    void badDestinations_areProblemDetails_thatNameTheFieldAndNeverTheUrl() {
        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooMany.add(Map.of("url", OUT + i));
        }
        JsonHttp.Response twice = api.post("/gamesession/broadcast/configure",
                Map.of("sessionId", session.toString(), "rtmpOutputUrl", OUT, "destinations", List.of(Map.of("url", OUT))));
        JsonHttp.Response idTwice = api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString(),
                "destinations", List.of(Map.of("destinationId", "a", "url", OUT), Map.of("destinationId", "a", "url", SRT))));
        JsonHttp.Response badId = api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString(),
                "destinations", List.of(Map.of("destinationId", "not a/slug", "url", SRT))));
        JsonHttp.Response many = api.post("/gamesession/broadcast/configure",
                Map.of("sessionId", session.toString(), "destinations", tooMany));
        JsonHttp.Response noUrl = api.post("/gamesession/broadcast/configure", Map.of("sessionId", session.toString(),
                "destinations", List.of(Map.of("destinationId", "a"))));

        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.text("type")).isEqualTo("https://voice-broadcast.dev/problems/invalid-broadcast-request");
        assertThat(twice.text("field")).isEqualTo("destinations");
        assertThat(twice.text("detail")).contains("2nd destination's URL is given before");
        assertThat(idTwice.status()).isEqualTo(400);
        assertThat(idTwice.text("detail")).contains("'a' is given twice");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().path("errors").get(0).path("field").asString()).isEqualTo("destinations[0].destinationId");
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().path("errors").get(0).path("field").asString()).isEqualTo("destinations");
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.json().path("errors").get(0).path("field").asString()).isEqualTo("destinations[0].url");
        assertThat(status().status()).as("nothing configured").isEqualTo(404);
    }


    @Test
    void voiceServiceDown_showsTheErrorInTheStatus_startsOnceItIsBack_andAStopAnswers502() {
        configure();
        voice.setDown(true);
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/cameras/race-cam-main"));

        JsonHttp.Response down = status();
        assertThat(down.text("phase")).isEqualTo("starting");
        assertThat(down.json().path("lastError").path("retrying").asBoolean()).isTrue();
        assertThat(down.json().path("lastError").path("message").asString()).contains("no answer");

        voice.setDown(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> "on_air".equals(status().text("phase")));
        assertThat(status().json().has("lastError")).isFalse();

        voice.setDown(true);
        JsonHttp.Response stop = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stop.status()).isEqualTo(502);
        assertThat(stop.text("type")).isEqualTo("https://voice-broadcast.dev/problems/voice-unavailable");
        assertThat(status().text("phase")).isEqualTo("stopping");

        voice.setDown(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> status().status() == 404);
    }

    @Test
    void stop_answersTheFinalStatus_andForgetsTheBroadcast() {
        configure();
        events.handle(started(t0, game, "race-cam-main", session, "rtmp://game-1:1935/cameras/race-cam-main"));

        JsonHttp.Response stopped = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        JsonHttp.Response listed = api.post("/gamesession/broadcast/list", Map.of());

        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.text("phase")).isEqualTo("stopped");
        assertThat(status().status()).isEqualTo(404);
        assertThat(listed.body()).doesNotContain(session.toString());
    }

    @Test
    void theContracts_areServedAsWritten() {
        assertThat(api.get("/schemas/gamesession-api.yaml").body()).contains("/gamesession/broadcast/configure");
        assertThat(api.get("/schemas/camera-events.yaml").body()).contains("CameraStreamStartedEvent");
    }
}
