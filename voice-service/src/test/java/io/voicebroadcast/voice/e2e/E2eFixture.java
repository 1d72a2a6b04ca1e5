package io.voicebroadcast.voice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicebroadcast.testsupport.Cleanup;
import io.voicebroadcast.testsupport.JsonHttp;
import io.voicebroadcast.testsupport.ManagedProcess;
import io.voicebroadcast.testsupport.MediaAnalysis.Colour;
import io.voicebroadcast.testsupport.NginxRtmpServer;
import io.voicebroadcast.testsupport.ScratchDir;
import io.voicebroadcast.testsupport.TestCamera;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * What the voice service's end-to-end tests share. For the whole run: one nginx RTMP server, still
 * images made with FFmpeg in an allowed directory, the settings every test context starts from,
 * and the set of stream keys used so far (none of which may ever appear in the service's output or
 * responses). For each test, an instance ({@link #perTest()}): the API client, the rooms it made
 * and the cameras, tones and servers it started, all stopped by {@link #close()} after the test,
 * even when it fails.
 */
final class E2eFixture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    static final String TOKEN = "e2e-admin-token-" + UUID.randomUUID();
    static final int FPS = 30;
    static final String SIZE = "640x360";

    private static NginxRtmpServer nginx;
    private static Path assets;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private JsonHttp api;
    private final List<UUID> rooms = new ArrayList<>();
    private final Cleanup resources = new Cleanup();

    private E2eFixture(JsonHttp api) {
        this.api = api;
    }

    static synchronized NginxRtmpServer nginx() {
        if (nginx == null || !nginx.isAlive()) {
            nginx = NginxRtmpServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> nginx.close()));
        }
        return nginx;
    }

    /** A directory of test images, allowed as a local source directory; deleted when the JVM exits. */
    static synchronized Path assets() {
        if (assets == null) {
            assets = ScratchDir.create("voice-e2e-assets-").path();
            for (String colour : List.of("green", "yellow", "cyan")) {
                makeImage(colour, assets.resolve(colour + ".png"));
                makeImage(colour, nginx().httpRoot().resolve(colour + ".png"));
            }
        }
        return assets;
    }

    static void makeImage(String colour, Path file) {
        try (ManagedProcess p = ManagedProcess.start("make-image", List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=" + colour + ":size=1280x720", "-frames:v", "1", file.toString()))) {
            assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.tail()).isZero();
        }
    }

    /** A fresh, unique stream key; remembered so that every test can check it never leaked. */
    static String secretKey() {
        String key = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
        SECRETS.add(key);
        return key;
    }

    static Set<String> secrets() {
        return Set.copyOf(SECRETS);
    }

    /**
     * The settings every end-to-end context shares: streaming on, the test token, the test
     * assets as the allowed directory, a small output, and its own audio port range.
     */
    static void commonProperties(org.springframework.test.context.DynamicPropertyRegistry r, int audioPortMin, String bitrate) {
        r.add("voice.streaming-enabled", () -> "true");
        r.add("voice.admin-token", () -> TOKEN);
        r.add("voice.allowed-file-dirs", () -> assets().toString());
        r.add("voice.streaming-video-size", () -> SIZE);
        r.add("voice.streaming-fps", () -> FPS);
        r.add("voice.streaming-video-bitrate", () -> bitrate);
        r.add("voice.audio-rtp-port-min", () -> audioPortMin);
        r.add("voice.audio-rtp-port-max", () -> audioPortMin + 99);
    }

    /**
     * {@link #commonProperties}, without a default video (black is the last fallback) and with a
     * 3 s connect probe: the settings of a test that does not look at the default video rung.
     */
    static void withoutDefaultVideo(org.springframework.test.context.DynamicPropertyRegistry r, int audioPortMin, String bitrate) {
        commonProperties(r, audioPortMin, bitrate);
        r.add("voice.default-background-video", () -> "/nonexistent/default.mp4");
        r.add("voice.rtmp-probe-timeout-seconds", () -> "3");
    }

    // ---------------------------------------------------------------- one test's session

    /**
     * Each test's session with the test class's service (a {@code @SpringBootTest} on a random
     * port), as an extension: {@code @RegisterExtension final E2eFixture e2e = E2eFixture.perTest();}
     * (as {@link InProcessService} holds one) connects before each test and closes after it.
     */
    static E2eFixture perTest() {
        return new E2eFixture(null);
    }

    /** A session with the service at {@code baseUrl} (one the test started itself); {@link #close()} it after the test. */
    static E2eFixture on(String baseUrl) {
        return new E2eFixture(new JsonHttp(baseUrl, TOKEN));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        int port = SpringExtension.getApplicationContext(context).getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        api = new JsonHttp("http://127.0.0.1:" + port, TOKEN);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    JsonHttp api() {
        return api;
    }

    /** A new room of that tier, its broadcast stopped on {@link #close()}. */
    UUID room(String tier) {
        return room(tier, null);
    }

    /** As {@link #room(String)}, with the room's audio settings (null: the defaults). */
    UUID room(String tier, Map<String, Object> audio) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tier", tier);
        if (audio != null) {
            body.put("audio", audio);
        }
        JsonHttp.Response r = api.post("/voice/room/create", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        UUID room = UUID.fromString(r.text("roomId"));
        rooms.add(room);
        return room;
    }

    /** Remembers a room made otherwise, so that {@link #close()} stops its broadcast too. */
    UUID keep(UUID room) {
        rooms.add(room);
        return room;
    }

    /** {@code POST /voice/room/stream/start} with the room, the destination and these fields. */
    JsonHttp.Response start(UUID room, String rtmpOutputUrl, Map<String, ?> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("roomId", room.toString());
        body.put("rtmpOutputUrl", rtmpOutputUrl);
        return api.post("/voice/room/stream/start", body);
    }

    JsonHttp.Response status(UUID room) {
        return api.post("/voice/room/stream/status", Map.of("roomId", room.toString()));
    }

    /** Waits until the status reports this source type on air; returns how long that took. */
    Duration awaitOnAir(UUID room, String sourceType, Duration timeout) {
        long start = System.nanoTime();
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(status(room).text("videoSourceType")).isEqualTo(sourceType));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Stops the room's broadcast, whatever the answer (it may have stopped already). */
    void stop(UUID room) {
        api.post("/voice/room/stream/stop", Map.of("roomId", room.toString()));
    }

    /** A solid-colour camera publishing to the shared nginx as {@code name}, once it can be played; closed on {@link #close()}. */
    TestCamera camera(String name, Colour colour) {
        return camera(nginx(), name, TestCamera.solid(colour, SIZE, FPS));
    }

    TestCamera camera(NginxRtmpServer server, String name, TestCamera.Spec spec) {
        TestCamera cam = closeLater(TestCamera.start(server.liveUrl(name), spec));
        cam.awaitPublishing(server, name, Duration.ofSeconds(15));
        return cam;
    }

    /** Closed on {@link #close()}, the last one first. */
    <T extends AutoCloseable> T closeLater(T resource) {
        return resources.add(resource);
    }

    /** Value of one sample line of the Prometheus endpoint, or NaN when there is none. */
    double metric(String name, String labels) {
        JsonHttp.Response r = api.get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        String series = labels.isEmpty() ? Pattern.quote(name) : Pattern.quote(name + "{" + labels + "}");
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** No stream key of this run in {@code log} (the service's output) nor in any answer this session received. */
    void assertNoSecretLeaked(String log) {
        assertNoSecretIn("log", log);
        api.seenBodies().forEach(b -> assertNoSecretIn("response", b));
    }

    /**
     * Stops every room's broadcast (a service that is gone has none), then closes what the test
     * started, the last one first, each of them even when another fails.
     */
    @Override
    public void close() throws Exception {
        for (UUID room : rooms) {
            try {
                stop(room);
            } catch (UncheckedIOException serviceGone) {
                // a test that ended the service ended its broadcasts too
            }
        }
        resources.close();
    }

    // ---------------------------------------------------------------- the recordings and the keys

    /**
     * Lets the broadcast run for {@code span}: a stretch of the recording that the test reads
     * afterwards, or in which the broadcast must carry on undisturbed. A deliberate window of
     * wall-clock time, not a wait for a condition (those are Awaitility's).
     */
    static void broadcastFor(Duration span) throws InterruptedException {
        Thread.sleep(Math.max(0, span.toMillis()));
    }

    /** The single recording of the "out" application since {@code before} recordings existed. */
    static Path onlyNewRecording(List<Path> before) {
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx().recordings().size() > before.size());
        List<Path> now = nginx().recordings().stream().filter(p -> !before.contains(p)).toList();
        assertThat(now).as("publish sessions recorded").hasSize(1);
        return now.get(0);
    }

    static void assertNoSecretIn(String what, String text) {
        for (String secret : secrets()) {
            assertThat(text).as(what + " must never contain a stream key").doesNotContain(secret);
        }
    }
}
