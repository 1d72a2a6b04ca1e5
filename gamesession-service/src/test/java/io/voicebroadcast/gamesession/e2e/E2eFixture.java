package io.voicebroadcast.gamesession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.gamesession.events.CameraEventQueues;
import io.voicebroadcast.gamesession.events.model.CameraStreamEndedEvent;
import io.voicebroadcast.gamesession.events.model.CameraStreamStartedEvent;
import io.voicebroadcast.gamesession.publisher.CameraEventPublisher;
import io.voicebroadcast.testsupport.Cleanup;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.LocalRabbitMq;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.Processes;
import io.voicebroadcast.testsupport.RabbitMqOutageLock;
import io.voicebroadcast.testsupport.ServiceProcess;
import io.voicebroadcast.testsupport.TestCamera;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the GameSession service's end-to-end tests share: this service in-process (its settings
 * from {@link #properties}) against the machine's RabbitMQ, the voice service from its jar on a
 * port of its own, one nginx RTMP server (camera source and recorded destinations), FFmpeg
 * cameras, and camera events published as a game server would. Names, tokens and the stream key
 * are this fixture's own, so test classes never meet on the shared broker. One instance per test
 * class, as an extension in a static field ({@code @RegisterExtension static final E2eFixture e2e =
 * new E2eFixture();}, the Spring context reads its settings before any test runs): before the
 * tests it holds off other runs' broker outages ({@link RabbitMqOutageLock}: camera events go over
 * RabbitMQ all through the tests), checks the voice jar and starts nginx; after them it stops
 * everything it started, even when a test failed, lets outages happen again and checks that no
 * media process is left behind.
 */
final class E2eFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final String SIZE = "640x360";
    static final int FPS = 30;
    /** JVM start, Spring context, the encoder probe at start-up; generous for a loaded 2-core machine. */
    static final Duration VOICE_START_TIMEOUT = Duration.ofSeconds(60);
    /** The background retry's longest wait. */
    static final long RETRY_MAX_MS = 1000;

    final String key = streamKey();
    final String token = "gamesession-e2e-" + UUID.randomUUID();
    final String voiceToken = "voice-e2e-" + UUID.randomUUID();
    final CameraEventQueues queues = new CameraEventQueues("camera.events.e2e-" + UUID.randomUUID(),
            "gamesession.camera-events.e2e-" + UUID.randomUUID());
    final int voicePort = NginxRtmpServer.freePort();

    private RabbitMqOutageLock brokerUp;
    private NginxRtmpServer nginx;
    private ServiceProcess voice;
    /** Voice nodes of a fleet ({@link #startVoiceNode}), besides {@link #voice}. */
    private final List<ServiceProcess> nodes = new ArrayList<>();
    private final Cleanup resources = new Cleanup();

    /** A fresh stream key, such as a destination's (the fixture's own is {@link #key}). */
    static String streamKey() {
        return "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The voice service's jar, which the reactor builds before this module's tests. */
    static Path voiceJar() {
        Path jar = Path.of(System.getProperty("voice.jar", "../voice-service/target/voice-service-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The voice service jar " + jar.toAbsolutePath().normalize() + " is missing: the reactor builds"
                    + " voice-service before gamesession-service (./mvnw verify); alone: ./mvnw -pl voice-service -am package -DskipTests");
        }
        return jar;
    }

    /** This service's settings: the fixture's token, queues and voice service, quick retries. */
    void properties(DynamicPropertyRegistry r) {
        LocalRabbitMq.ensureRunning();
        settings().forEach((name, value) -> r.add(name, () -> value));
    }

    /** The same settings as environment variables, for this service run as a process ({@code GAMESESSION_VOICE_BASE_URL}, ...). */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        settings().forEach((name, value) -> env.put(name.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT), value));
        return env;
    }

    private Map<String, String> settings() {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("gamesession.admin-token", token);
        s.put("gamesession.voice-base-url", "http://127.0.0.1:" + voicePort);
        s.put("gamesession.voice-admin-token", voiceToken);
        s.put("gamesession.voice-connect-timeout-ms", "1000");
        s.put("gamesession.voice-retry-attempts", "2");
        s.put("gamesession.reconcile-retry-min-ms", "500");
        s.put("gamesession.reconcile-retry-max-ms", String.valueOf(RETRY_MAX_MS));
        s.put("gamesession.reconcile-tick-ms", "100");
        s.put("gamesession.camera-exchange", queues.exchange());
        s.put("gamesession.camera-queue", queues.queue());
        return s;
    }

    synchronized NginxRtmpServer nginx() {
        if (nginx == null) {
            nginx = NginxRtmpServer.start();
        }
        return nginx;
    }

    /**
     * Starts the voice service from its jar on {@link #voicePort} (a previous one is closed first),
     * with a small output, its own audio ports from {@code audioPortMin}, and {@code env} added; does
     * not wait for it ({@link ServiceProcess#awaitHealthy}).
     */
    synchronized ServiceProcess startVoice(int audioPortMin, Map<String, String> env) {
        if (voice != null) {
            voice.close();
        }
        voice = startVoiceJar(voicePort, audioPortMin, env);
        return voice;
    }

    /**
     * One more voice node of a fleet from the jar, on {@code port}, with its own audio ports from
     * {@code audioPortMin} and {@code env} added; does not wait for it. Closed on {@link #close()}.
     */
    synchronized ServiceProcess startVoiceNode(int port, int audioPortMin, Map<String, String> env) {
        ServiceProcess node = startVoiceJar(port, audioPortMin, env);
        nodes.add(node);
        return node;
    }

    /** Holds a RabbitMQ outage (stop_app) until closed; the fixture's hold on outages is let go meanwhile. */
    synchronized AutoCloseable brokerOutage() {
        if (brokerUp != null) {
            brokerUp.close();
            brokerUp = null;
        }
        LocalRabbitMq.Outage outage = LocalRabbitMq.outage();
        return () -> {
            outage.close();
            synchronized (this) {
                brokerUp = RabbitMqOutageLock.holdOffOutages();
            }
        };
    }

    private ServiceProcess startVoiceJar(int port, int audioPortMin, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.ofEntries(
                Map.entry("VOICE_STREAMING_ENABLED", "true"),
                Map.entry("VOICE_ADMIN_TOKEN", voiceToken),
                Map.entry("VOICE_DEFAULT_BACKGROUND_VIDEO", "/nonexistent/default.mp4"),
                Map.entry("VOICE_STREAMING_VIDEO_SIZE", SIZE),
                Map.entry("VOICE_STREAMING_FPS", String.valueOf(FPS)),
                Map.entry("VOICE_STREAMING_VIDEO_BITRATE", "600k"),
                Map.entry("VOICE_RTMP_PROBE_TIMEOUT_SECONDS", "3"),
                Map.entry("VOICE_AUDIO_RTP_PORT_MIN", String.valueOf(audioPortMin)),
                Map.entry("VOICE_AUDIO_RTP_PORT_MAX", String.valueOf(audioPortMin + 99))));
        all.putAll(env);
        return ServiceProcess.start("voice-service", voiceJar(), port, all, List.of());
    }

    /** A solid-colour camera publishing to nginx as {@code name} (not waited for); closed on {@link #close()}. */
    TestCamera camera(String name, Colour colour) {
        return closeLater(TestCamera.start(nginx().liveUrl(name), TestCamera.solid(colour, SIZE, FPS)));
    }

    /** Publishes camera events to this fixture's exchange, as a game server does; closed on {@link #close()}. */
    CameraEventPublisher publisher() {
        return closeLater(CameraEventPublisher.connect(LocalRabbitMq.URI, queues.exchange()));
    }

    /** The event of {@code cameraId} starting to publish to nginx, for a session's game. */
    CameraStreamStartedEvent started(String cameraId, UUID game, UUID session) {
        return new CameraStreamStartedEvent(UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), cameraId, game,
                nginx().liveUrl(cameraId)).sessionId(session).displayName(cameraId);
    }

    static CameraStreamEndedEvent ended(String cameraId, UUID game, CameraStreamEndedEvent.ReasonEnum reason) {
        return new CameraStreamEndedEvent(UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), cameraId, game).reason(reason);
    }

    /** This service's API on {@code port}, with the fixture's token. */
    JsonHttp api(int port) {
        return new JsonHttp("http://127.0.0.1:" + port, token);
    }

    static JsonHttp.Response status(JsonHttp api, UUID session) {
        return api.post("/gamesession/broadcast/status", Map.of("sessionId", session.toString()));
    }

    /** Waits until the session is on air with {@code cameraId} (null: none) and the voice stream shows {@code sourceType}. */
    static void awaitOnAir(JsonHttp api, UUID session, String cameraId, String sourceType, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonHttp.Response st = status(api, session);
            assertThat(st.text("phase")).as(st.body()).isEqualTo("on_air");
            String onAir = st.json().path("cameraOnAir").path("cameraId").isMissingNode() ? null
                    : st.json().path("cameraOnAir").path("cameraId").asString();
            assertThat(onAir).as(st.body()).isEqualTo(cameraId);
            assertThat(st.json().path("voiceStream").path("videoSourceType").asString()).as(st.body()).isEqualTo(sourceType);
        });
    }

    /** The voice stream's destinations as the session's status shows them, in order: {@code "id state"}, e.g. {@code "d1 live"}. */
    static List<String> destinations(JsonHttp.Response status) {
        List<String> shown = new ArrayList<>();
        status.json().path("voiceStream").path("destinations")
                .forEach(d -> shown.add(d.path("destinationId").asString() + " " + d.path("state").asString()));
        return shown;
    }

    /** Closed on {@link #close()}, the last one first. */
    <T extends AutoCloseable> T closeLater(T resource) {
        return resources.add(resource);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        brokerUp = RabbitMqOutageLock.holdOffOutages();
        LocalRabbitMq.ensureRunning();
        voiceJar();
        nginx();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            close();
        } finally {
            if (brokerUp != null) {
                brokerUp.close();
                brokerUp = null;
            }
        }
        assertThat(Processes.leftovers()).as("processes left behind").isEmpty();
    }

    /** Closes what the tests started, the last one first, then the voice service and nginx; each even when another fails. */
    @Override
    public synchronized void close() {
        resources.closeQuietly();
        if (voice != null) {
            voice.close();
        }
        nodes.parallelStream().forEach(ServiceProcess::close);
        if (nginx != null) {
            nginx.close();
        }
    }
}
