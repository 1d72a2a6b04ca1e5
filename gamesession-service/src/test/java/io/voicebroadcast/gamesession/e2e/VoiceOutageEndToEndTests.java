package io.voicebroadcast.gamesession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.events.CameraEventQueues;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.gamesession.testing.LocalRabbitMq;
import io.voicebroadcast.gamesession.testing.TestQueueCleanup;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.testsupport.RabbitMqOutageLock;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outage case with real processes: the voice service (its jar) crashes (SIGKILL), a
 * camera of a configured session starts while it is down, and it stays down for 10 s; once it is
 * started again on the same port, this service starts the broadcast by itself (its background
 * retries), with no further event or request, to every configured destination.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestQueueCleanup.Configuration.class)
@DirtiesContext
class VoiceOutageEndToEndTests {

    static final String SIZE = "640x360";
    static final int FPS = 30;
    static final Duration OUTAGE = Duration.ofSeconds(10);
    /** The background retry's longest wait: the broadcast must start within this of the service being back. */
    static final long RETRY_MAX_MS = 1000;
    static final Duration ON_AIR_TIMEOUT = Duration.ofSeconds(20);
    static final String KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static final String KEY2 = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static final String TOKEN = "gamesession-e2e-" + UUID.randomUUID();
    static final String VOICE_TOKEN = "voice-e2e-" + UUID.randomUUID();
    static final CameraEventQueues QUEUES = new CameraEventQueues("camera.events.e2e-" + UUID.randomUUID(),
            "gamesession.camera-events.e2e-" + UUID.randomUUID());
    static final int VOICE_PORT = NginxRtmpServer.freePort();

    static NginxRtmpServer nginx;
    static Path jar;
    static ServiceProcess voice;
    static final List<AutoCloseable> cleanup = new ArrayList<>();
    /** Camera events go over RabbitMQ all through the test: another run's broker outage waits. */
    static RabbitMqOutageLock brokerUp;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        LocalRabbitMq.ensureRunning();
        r.add("gamesession.admin-token", () -> TOKEN);
        r.add("gamesession.voice-base-url", () -> "http://127.0.0.1:" + VOICE_PORT);
        r.add("gamesession.voice-admin-token", () -> VOICE_TOKEN);
        r.add("gamesession.voice-connect-timeout-ms", () -> "1000");
        r.add("gamesession.voice-retry-attempts", () -> "2");
        r.add("gamesession.reconcile-retry-min-ms", () -> "500");
        r.add("gamesession.reconcile-retry-max-ms", () -> String.valueOf(RETRY_MAX_MS));
        r.add("gamesession.reconcile-tick-ms", () -> "100");
        r.add("gamesession.camera-exchange", QUEUES::exchange);
        r.add("gamesession.camera-queue", QUEUES::queue);
    }

    @BeforeAll
    static void infrastructure() {
        brokerUp = RabbitMqOutageLock.holdOffOutages();
        LocalRabbitMq.ensureRunning();
        jar = Path.of(System.getProperty("voice.jar", "../voice-service/target/voice-service-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The voice service jar " + jar.toAbsolutePath().normalize() + " is missing: the reactor builds"
                    + " voice-service before gamesession-service (./mvnw verify); alone: ./mvnw -pl voice-service -am package -DskipTests");
        }
        nginx = NginxRtmpServer.start();
    }

    @AfterAll
    static void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception ignored) {
                // keep cleaning
            }
        }
        if (voice != null) {
            voice.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (brokerUp != null) {
            brokerUp.close();
        }
        assertThat(Processes.leftovers()).as("processes left behind").isEmpty();
    }

    private static ServiceProcess startVoice() {
        return ServiceProcess.start("voice-service", jar, VOICE_PORT, Map.ofEntries(
                Map.entry("VOICE_STREAMING_ENABLED", "true"),
                Map.entry("VOICE_ADMIN_TOKEN", VOICE_TOKEN),
                Map.entry("VOICE_DEFAULT_BACKGROUND_VIDEO", "/nonexistent/default.mp4"),
                Map.entry("VOICE_STREAMING_VIDEO_SIZE", SIZE),
                Map.entry("VOICE_STREAMING_FPS", String.valueOf(FPS)),
                Map.entry("VOICE_STREAMING_VIDEO_BITRATE", "600k"),
                Map.entry("VOICE_RTMP_PROBE_TIMEOUT_SECONDS", "3"),
                Map.entry("VOICE_AUDIO_RTP_PORT_MIN", "42100"),
                Map.entry("VOICE_AUDIO_RTP_PORT_MAX", "42199")), List.of());
    }

    private JsonHttp.Response status(JsonHttp api, UUID session) throws Exception {
        return api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()));
    }

    @Test
    void voiceServiceDownFor10sDuringACameraStart_theBroadcastStartsOnceItIsBack() throws Exception {
        JsonHttp api = new JsonHttp("http://127.0.0.1:" + port, TOKEN);
        UUID session = UUID.randomUUID();
        UUID game = UUID.randomUUID();
        TestCamera race = TestCamera.start(nginx.liveUrl("race-cam-main"), TestCamera.solid(Colour.RED, SIZE, FPS));
        cleanup.add(race);
        race.awaitPublishing(nginx, "race-cam-main", Duration.ofSeconds(15));
        CameraEventPublisher publisher = CameraEventPublisher.connect(LocalRabbitMq.URI, QUEUES.exchange());
        cleanup.add(publisher);

        // The voice service runs; the session's broadcast is configured and waits for a camera.
        voice = startVoice().awaitHealthy(Duration.ofSeconds(60));
        JsonHttp.Response configured = api.post("/gamesession/broadcast/configure", Map.of(
                "sessionId", session.toString(),
                "rtmpOutputUrl", nginx.outputUrl(KEY),
                "destinations", List.of(Map.of("url", nginx.outputUrl("out2", KEY2))),
                "cameraPreference", List.of("race-cam-main")));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.text("phase")).isEqualTo("waiting_for_camera");

        // The voice service crashes; the camera starts while it is down.
        voice.kill();
        assertThat(voice.isAlive()).isFalse();
        publisher.publish(new CameraStreamStartedEvent(UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), "race-cam-main", game,
                nginx.liveUrl("race-cam-main")).sessionId(session).displayName("Race Start Line"));

        // Down for 10 s: the broadcast waits in `starting`, the failure shown and retried, never on air.
        Instant down = Instant.now();
        await().atMost(OUTAGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = status(api, session);
            assertThat(st.text("phase")).as(st.body()).isEqualTo("starting");
            assertThat(st.json().path("lastError").path("retrying").asBoolean()).as(st.body()).isTrue();
        });
        while (Duration.between(down, Instant.now()).compareTo(OUTAGE) < 0) {
            JsonHttp.Response st = status(api, session);
            assertThat(st.text("phase")).as("while the voice service is down: " + st.body()).isEqualTo("starting");
            Thread.sleep(500);
        }

        // Back on the same port: the broadcast starts by itself, with the camera as its picture.
        voice = startVoice().awaitHealthy(Duration.ofSeconds(60));
        Instant back = Instant.now();
        await().atMost(ON_AIR_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = status(api, session);
            assertThat(st.text("phase")).as(st.body()).isEqualTo("on_air");
            assertThat(st.json().path("cameraOnAir").path("cameraId").asString()).as(st.body()).isEqualTo("race-cam-main");
            assertThat(st.json().path("voiceStream").path("videoSourceType").asString()).as(st.body()).isEqualTo("primary_stream");
            List<String> destinations = new ArrayList<>();
            st.json().path("voiceStream").path("destinations")
                    .forEach(d -> destinations.add(d.path("destinationId").asString() + " " + d.path("state").asString()));
            assertThat(destinations).as("the start after the outage has both destinations: " + st.body())
                    .containsExactly("d1 live", "d2 live");
        });
        System.out.printf("voice outage e2e: on air %d ms after the voice service was healthy again%n",
                Duration.between(back, Instant.now()).toMillis());
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.publishCount("out") >= 1 && nginx.publishCount("out2") >= 1);
        assertThat(voice.log()).as("voice-service log").doesNotContain(KEY).doesNotContain(KEY2);

        JsonHttp.Response stopped = api.post("/gamesession/broadcast/stop", Map.of("sessionId", session.toString()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }
}
